"""Generate a news-like corpus in English and Spanish for the scale benchmark (seeded, so runs compare).

Articles mix event sentences (meetings, agreements, accusations, sanctions, deployments, aid, protests,
denials, plans) between real countries with invented officials, and background sentences with no event
(markets, weather, quotes, procedure), roughly as in wire copy. All text is written for this benchmark.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

# (English name, English adjective, capital, Spanish name, Spanish adjective, Spanish capital)
COUNTRIES = [
    ("Cuba", "Cuban", "Havana", "Cuba", "cubano", "La Habana"),
    ("Belarus", "Belarusian", "Minsk", "Bielorrusia", "bielorruso", "Minsk"),
    ("Russia", "Russian", "Moscow", "Rusia", "ruso", "Moscú"),
    ("Venezuela", "Venezuelan", "Caracas", "Venezuela", "venezolano", "Caracas"),
    ("Mexico", "Mexican", "Mexico City", "México", "mexicano", "Ciudad de México"),
    ("Colombia", "Colombian", "Bogota", "Colombia", "colombiano", "Bogotá"),
    ("Brazil", "Brazilian", "Brasilia", "Brasil", "brasileño", "Brasilia"),
    ("Argentina", "Argentine", "Buenos Aires", "Argentina", "argentino", "Buenos Aires"),
    ("Chile", "Chilean", "Santiago", "Chile", "chileno", "Santiago"),
    ("Peru", "Peruvian", "Lima", "Perú", "peruano", "Lima"),
    ("Spain", "Spanish", "Madrid", "España", "español", "Madrid"),
    ("France", "French", "Paris", "Francia", "francés", "París"),
    ("Germany", "German", "Berlin", "Alemania", "alemán", "Berlín"),
    ("China", "Chinese", "Beijing", "China", "chino", "Pekín"),
    ("Iran", "Iranian", "Tehran", "Irán", "iraní", "Teherán"),
    ("Turkey", "Turkish", "Ankara", "Turquía", "turco", "Ankara"),
    ("Nicaragua", "Nicaraguan", "Managua", "Nicaragua", "nicaragüense", "Managua"),
    ("Bolivia", "Bolivian", "La Paz", "Bolivia", "boliviano", "La Paz"),
    ("Ecuador", "Ecuadorian", "Quito", "Ecuador", "ecuatoriano", "Quito"),
    ("Ukraine", "Ukrainian", "Kyiv", "Ucrania", "ucraniano", "Kiev"),
]
FIRST = [
    "Elena",
    "Marco",
    "Irina",
    "Tomas",
    "Lucia",
    "Pavel",
    "Rosa",
    "Andres",
    "Nadia",
    "Hugo",
    "Vera",
    "Simon",
]
LAST = [
    "Varela",
    "Kostenko",
    "Ibarra",
    "Lindqvist",
    "Moreau",
    "Arancibia",
    "Petrov",
    "Salcedo",
    "Okafor",
    "Brandt",
]
WEEKDAYS_EN = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
WEEKDAYS_ES = ["el lunes", "el martes", "el miércoles", "el jueves", "el viernes", "el sábado", "el domingo"]
TOPICS_EN = [
    "energy supplies",
    "military training",
    "port logistics",
    "customs checks",
    "fishing rights",
    "grain",
]
TOPICS_ES = [
    "suministro de energía",
    "formación militar",
    "logística portuaria",
    "controles aduaneros",
    "pesca",
]

EVENTS_EN = [
    "{a_adj} Foreign Minister {person} met his {b_adj} counterpart in {b_cap} on {day}.",
    "{a} and {b} signed an agreement on {topic} in {a_cap} on {day}.",
    "The {a_adj} government condemned the {b_adj} decision to close the border.",
    "{a} accused {b} of interfering in its internal affairs.",
    "{a_adj} troops were deployed near the border with {b} on {day}.",
    "{a} imposed new sanctions on {b_adj} banks.",
    "Hundreds of people protested outside the {b_adj} embassy in {a_cap} on {day}.",
    "The {a_adj} president will visit {b} next month, officials said.",
    "{a} denied that it had sent weapons to {b}.",
    "{a} will provide humanitarian aid to {b}, the ministry said.",
    "{a_adj} Defence Minister {person} received a {b_adj} military delegation in {a_cap}.",
    "{a} expelled two {b_adj} diplomats on {day}.",
    "{a} called on {b} to release the detained journalists.",
    "The {a_adj} navy held joint exercises with {b} in the region.",
]
EVENTS_ES = [
    "El canciller {a_adj} {person} se reunió {day} con su homólogo {b_adj} en {b_cap}.",
    "{a} y {b} firmaron {day} un acuerdo sobre {topic} en {a_cap}.",
    "El Gobierno {a_adj} condenó la decisión del Gobierno {b_adj} de cerrar la frontera.",
    "{a} acusó a {b} de injerencia en sus asuntos internos.",
    "{a} impuso nuevas sanciones a bancos de {b}.",
    "Cientos de personas protestaron {day} frente a la embajada de {b} en {a_cap}.",
    "El presidente {a_adj} visitará {b} el próximo mes, según fuentes oficiales.",
    "{a} negó haber enviado armas a {b}.",
    "{a} enviará ayuda humanitaria a {b}, informó el ministerio.",
    "El ministro {a_adj} de Defensa, {person}, recibió {day} a una delegación militar de {b} en {a_cap}.",
    "{a} expulsó {day} a dos diplomáticos de {b}.",
    "{a} pidió a {b} la liberación de los periodistas detenidos.",
    "La marina de {a} realizó maniobras conjuntas con {b} en la región.",
]
FILLER_EN = [
    "Analysts expect the talks to continue into the autumn.",
    "Trade between the two countries grew by {n} percent last year.",
    "The ministry did not give further details.",
    "Markets in the capital were calm on {day}.",
    "The statement was published on the ministry's website.",
    "Heavy rain delayed several flights at the main airport.",
    "The agenda also included culture and education.",
    "Officials described the atmosphere as constructive.",
    "About {n} journalists covered the event.",
    "The figures could not be independently verified.",
    "Opposition lawmakers asked for more information.",
    "The next round is scheduled for early next year.",
]
FILLER_ES = [
    "Los analistas esperan que las conversaciones continúen en otoño.",
    "El comercio entre ambos países creció un {n} por ciento el año pasado.",
    "El ministerio no ofreció más detalles.",
    "Los mercados de la capital se mantuvieron estables {day}.",
    "El comunicado se publicó en la página web del ministerio.",
    "Las fuertes lluvias retrasaron varios vuelos en el aeropuerto principal.",
    "La agenda incluyó también cultura y educación.",
    "Los funcionarios calificaron el ambiente de constructivo.",
    "Unos {n} periodistas cubrieron el encuentro.",
    "Las cifras no pudieron verificarse de forma independiente.",
    "Diputados de la oposición pidieron más información.",
    "La próxima ronda está prevista para principios del año que viene.",
]
OUTLETS = [
    "Northern Wire",
    "Diario del Sur",
    "Capital Ledger",
    "Agencia Meridiana",
    "Harbor Times",
    "La Crónica",
]


def _fill(rng: random.Random, template: str, lang: str) -> str:
    a, b = rng.sample(COUNTRIES, 2)
    es = lang == "es"
    return template.format(
        a=a[3] if es else a[0],
        b=b[3] if es else b[0],
        a_adj=a[4] if es else a[1],
        b_adj=b[4] if es else b[1],
        a_cap=a[5] if es else a[2],
        b_cap=b[5] if es else b[2],
        person=f"{rng.choice(FIRST)} {rng.choice(LAST)}",
        day=rng.choice(WEEKDAYS_ES if es else WEEKDAYS_EN),
        topic=rng.choice(TOPICS_ES if es else TOPICS_EN),
        n=rng.randint(2, 90),
    )


def articles(n: int, *, seed: int = 7, spanish_share: float = 0.4) -> Iterator[dict[str, str]]:
    """Yield ``n`` article records (id, url, outlet, title, published, language, text) of 8-14 sentences."""
    rng = random.Random(seed)
    start = date(2026, 1, 1)
    for i in range(n):
        lang = "es" if rng.random() < spanish_share else "en"
        events, filler = (EVENTS_ES, FILLER_ES) if lang == "es" else (EVENTS_EN, FILLER_EN)
        size = rng.randint(8, 14)
        n_events = rng.randint(2, 4)
        kinds = ["e"] * n_events + ["f"] * (size - n_events - 1)
        rng.shuffle(kinds)
        sentences = [_fill(rng, rng.choice(events), lang)]
        sentences += [_fill(rng, rng.choice(events if k == "e" else filler), lang) for k in kinds]
        paragraphs = [" ".join(sentences[j : j + 3]) for j in range(0, len(sentences), 3)]
        yield {
            "id": f"bench-{i:06d}",
            "url": f"https://news.example/{lang}/{i}",
            "outlet": rng.choice(OUTLETS),
            "title": sentences[0][:80],
            "published": (start + timedelta(days=rng.randint(0, 300))).isoformat(),
            "language": lang,
            "text": "\n\n".join(paragraphs),
        }


def write_jsonl(path: Path, records: list[dict[str, str]]) -> None:
    """Write the records as JSONL (the format `pactwatch ingest` reads)."""
    with path.open("w", encoding="utf-8") as out:
        for record in records:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
