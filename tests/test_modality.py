import pytest

from pactwatch.modality import detect_modality, find_attribution


def _modality(sentence: str, trigger: str, lang: str) -> str:
    start = sentence.index(trigger)
    return detect_modality(sentence, start, start + len(trigger), lang)[0]


@pytest.mark.parametrize(
    ("sentence", "trigger", "lang", "expected"),
    [
        ("Cuba met Belarus in Minsk.", "met", "en", "factual"),
        ("Cuba did not meet Belarus.", "meet", "en", "negated"),
        ("Cuba never visited Minsk.", "visited", "en", "negated"),
        ("Could Minsk be about to train Cuban officers?", "train", "en", "question"),
        ("If Cuba signs the deal, Russia would send troops.", "send troops", "en", "hypothetical"),
        ("Cuban officers will receive training in Minsk.", "receive training", "en", "future"),
        ("Belarus plans to deliver arms to Cuba.", "deliver", "en", "future"),
        ("In 2019 the two countries had signed a treaty.", "signed", "en", "historical"),
        ("In May, Belarus delivered arms to Cuba.", "delivered", "en", "factual"),
        ("Cuba no firmó el acuerdo con Rusia.", "firmó", "es", "negated"),
        ("¿Está Rusia a punto de enviar tropas a Cuba?", "enviar tropas", "es", "question"),
        (
            "Los oficiales cubanos recibirán entrenamiento en Minsk.",
            "recibirán entrenamiento",
            "es",
            "future",
        ),
        ("Si Cuba firma, Rusia podría enviar tropas.", "enviar tropas", "es", "hypothetical"),
        ("Rusia firmó un acuerdo con Cuba.", "firmó", "es", "factual"),
        ("Rusia y Cuba habían firmado un acuerdo.", "firmado", "es", "historical"),
        ("Lithuania demanded that Belarus withdraw its troops.", "withdraw", "en", "hypothetical"),
        ("Kyiv urged Moscow to release the prisoners.", "release", "en", "hypothetical"),
        ("Lituania exigió que Bielorrusia retire sus tropas.", "retire", "es", "hypothetical"),
        ("They didn't meet the envoy.", "meet", "en", "negated"),
        ("Russia'll send troops.", "send troops", "en", "future"),
        ("Cuba, not Russia, met Belarus.", "met", "en", "negated"),
        # what is called for has not happened
        ("Opposition groups renewed calls for the prime minister to resign.", "resign", "en", "hypothetical"),
        ("Unions called for the government to lift the curfew.", "lift the curfew", "en", "hypothetical"),
        ("A campaign to force the governor to step down began.", "step down", "en", "hypothetical"),
        ("The governor stepped down after weeks of calls.", "stepped down", "en", "factual"),
        # what someone is ready or prepared to do has not happened yet
        ("Belarus is ready to train Cuban officers.", "train", "en", "future"),
        ("The army is prepared to withdraw from the town.", "withdraw", "en", "future"),
        # the accent tells the future "visitará" from the past subjunctive "visitara" (folding merges them)
        ("Después de que el ministro visitara Quito, se firmó el acuerdo.", "visitara", "es", "factual"),
        ("El ministro visitará Quito la próxima semana.", "visitará", "es", "future"),
        ("EL MINISTRO VISITARA QUITO.", "VISITARA", "es", "future"),  # capitals drop accents
        # what is feared, weighed, intended, prepared or threatened has not happened
        ("El ministro suspendió su viaje por temor a un atentado.", "atentado", "es", "hypothetical"),
        (
            "El técnico estudia la posibilidad de protestar ante la federación.",
            "protestar",
            "es",
            "hypothetical",
        ),
        ("El sindicato mantiene su intención de convocar una huelga.", "huelga", "es", "hypothetical"),
        (
            "Los mineros denunciaron que el gobierno se prepara para reprimir la marcha.",
            "reprimir",
            "es",
            "hypothetical",
        ),
        (
            "Los vecinos amenazaron con cortar la ruta para rechazar el alza.",
            "rechazar",
            "es",
            "hypothetical",
        ),
        # abstaining from an act is not doing it; "no obstante" (however) negates nothing
        ("Los diputados se abstuvieron de criticar al presidente.", "criticar", "es", "negated"),
        ("No obstante, la policía reforzó su presencia en la plaza.", "reforzó", "es", "factual"),
    ],
)
def test_modality(sentence: str, trigger: str, lang: str, expected: str) -> None:
    assert _modality(sentence, trigger, lang) == expected


@pytest.mark.parametrize(
    ("sentence", "lang", "expected"),
    [
        (
            "Cuba and Belarus signed a deal, according to the official TASS agency.",
            "en",
            "the official TASS agency",
        ),
        ("The state agency Belta reported that the ministers met.", "en", "The state agency Belta"),
        ("The minister said on Twitter that talks went well.", "en", "Twitter"),
        ("Según la agencia Prensa Latina, los ministros se reunieron.", "es", "la agencia Prensa Latina"),
        (
            "Cuba y Belarús firmaron un acuerdo, informó la agencia estatal Belta.",
            "es",
            "la agencia estatal Belta",
        ),
        ("Cuba and Belarus signed a deal.", "en", None),
    ],
)
def test_attribution(sentence: str, lang: str, expected: str | None) -> None:
    found = find_attribution(sentence, lang)
    assert (found.text if found else None) == expected
