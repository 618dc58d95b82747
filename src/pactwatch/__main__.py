"""Run the command line: ``python -m pactwatch``."""

from .cli import main

main()
