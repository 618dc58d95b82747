"""The exceptions pactwatch raises; the CLI and the API catch :class:`PactwatchError` alone.

```
PactwatchError
├── DataError            a dictionary, gazetteer, pattern or codebook record is invalid (names file:line)
├── InputError           an input file, line or text cannot be read as an article (names file:line)
├── StoreError           the database cannot be opened, migrated or written
│   └── NotFoundError    a requested record (event, article) is not in the store
└── ConfigError          a setting or option value is invalid
```
"""

from __future__ import annotations


class PactwatchError(Exception):
    """Base class of every error pactwatch raises on purpose."""


class DataError(PactwatchError):
    """A packaged or user data record is invalid."""

    def __init__(self, where: str, message: str) -> None:
        super().__init__(f"{where}: {message}")
        self.where = where


class InputError(PactwatchError):
    """An input cannot be read as an article."""

    def __init__(self, where: str, message: str) -> None:
        super().__init__(f"{where}: {message}")
        self.where = where


class StoreError(PactwatchError):
    """The database cannot be opened, migrated or written."""


class NotFoundError(StoreError):
    """A requested record is not in the store."""


class ConfigError(PactwatchError):
    """A setting or option value is invalid."""
