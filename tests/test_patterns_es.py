"""Tests for the Spanish event patterns (data/patterns/es.jsonl): protest vocabulary, inflection, clitics,
the personal "a", and the everyday words that only look like event triggers."""

from __future__ import annotations

import datetime

import pytest

from pactwatch.models import Event
from pactwatch.pipeline import code

DAY = datetime.date(2026, 5, 14)


def _code(text: str) -> list[Event]:
    return code(text, date=DAY, lang="es")


def _types(text: str) -> set[str]:
    return {e.event for e in _code(text)}


# (sentence, type, mode): the sentence codes an event of that type, with that mode when one is given.
CODED = [
    # what is received with a provider: aid, even with a time adverbial before the object
    ("La Armada uruguaya recibió ayer un cargamento de municiones de fabricación brasileña.", "AID", None),
    # repelling an attack or a patrol is force used against it
    ("Los soldados colombianos repelieron el ataque de la guerrilla.", "ASSAULT", None),
    # cutting the internet is censorship, also with a time adverbial before the object
    ("La empresa estatal cortó el lunes el servicio de internet móvil en la ciudad.", "COERCE", "censor"),
    # denying entry or a request is a rejection
    ("Bolivia negó la entrada a dos diplomáticos chilenos.", "REJECT", None),
    # demonstrations: reflexive, and the intransitive "manifestar" of wire copy
    ("Miles de personas se manifestaron el domingo en Quito contra la reforma.", "PROTEST", "demo"),
    ("Unos 3.000 maestros manifestaron ayer frente al Congreso en Lima.", "PROTEST", "demo"),
    ("Los jubilados se echaron a la calle en Montevideo por las pensiones.", "PROTEST", "demo"),
    # strikes, hunger strikes, blockades, riots
    ("Los estibadores del puerto de Santos iniciaron una huelga indefinida.", "PROTEST", "strike"),
    ("Dos presos se declararon en huelga de hambre en una cárcel de Lima.", "PROTEST", "hunger"),
    ("Los médicos mantienen paralizadas sus actividades desde el lunes.", "PROTEST", "strike"),
    ("Camioneros bloquearon la carretera Panamericana durante seis horas.", "PROTEST", "obstruct"),
    ("Cientos de vecinos cortaron el tránsito en la avenida principal de Rosario.", "PROTEST", "obstruct"),
    ("Decenas de jóvenes arrojaron botellas contra la comisaría.", "PROTEST", "riot"),
    # a protest named by its noun: headline, verb-first "estallaron", or the object of "provocó"
    ("Protestas en Asunción contra el alza del pasaje", "PROTEST", None),
    ("Estallaron disturbios en el centro de Valparaíso tras el partido.", "PROTEST", "riot"),
    ("La subida del combustible provocó airadas protestas en varias ciudades.", "PROTEST", None),
    # a protest or an attack named by its noun with no doer resolved: the object of a verb that stages or
    # announces it, an adjunct of time, a day counted within it, the subject of a verb after an aside
    (
        'En una rueda de prensa, Pérez convocó a una "caravana de protesta" hacia la capital.',
        "PROTEST",
        "demo",
    ),
    ("Veinte estudiantes fueron detenidos durante una protesta frente al Congreso.", "PROTEST", "demo"),
    ("En el tercer día de huelga, el gobierno ofreció un aumento a los maestros.", "PROTEST", "strike"),
    ("La huelga, que ya lleva tres semanas, recrudeció el martes en las minas.", "PROTEST", "strike"),
    ("Un atentado con coche-bomba, atribuido a un grupo desconocido, causó seis muertos.", "ASSAULT", None),
    # a request: "al" + infinitive is a clause, the stem-changing gerund, an appeal launched
    ("La Iglesia tomó partido al pedir a los fieles que voten en blanco.", "REQUEST", None),
    ("El sindicato envió una carta al ministro pidiendo la reapertura de la planta.", "REQUEST", None),
    ("El partido opositor lanzó un llamado al gobierno a convocar elecciones.", "REQUEST", None),
    ("La policía respondió con granadas lacrimógenas a los manifestantes.", "ASSAULT", "crowd-control"),
    ("El canciller de Cuba defendió al gobierno de Venezuela ante la OEA.", "SUPPORT", None),
    ("El presidente de Chile canceló su visita a Lima.", "SANCTION", "withdraw"),  # as in English
    ("Las autoridades impidieron la visita del relator de la ONU.", "REJECT", "meet"),
    ("Los presidentes de Chile y Perú se reunieron durante la cumbre de Quito.", "CONSULT", None),
    # suspending trade, putting off talks or walking out of a summit is a sanction
    ("Venezuela suspendió el lunes todas sus exportaciones de crudo a Cuba.", "SANCTION", "discontinue"),
    ("Los delegados de Bolivia decidieron aplazar las negociaciones con Chile.", "SANCTION", "withdraw"),
    ("El sindicato suspendió la huelga tras el acuerdo.", "CONCEDE", None),
    # a purpose after a request stays an event: it is not what is asked for
    (
        "Los presos pidieron ser trasladados a otra cárcel para protestar por sus condiciones.",
        "PROTEST",
        "demo",
    ),
    # a headline opening on a participle is a passive
    ("RECHAZADA LA MOCIÓN DE CENSURA CONTRA EL GOBIERNO", "REJECT", None),
    ("Los rebeldes manifestaron su respaldo a la huelga de los mineros.", "SUPPORT", None),
    # a crowd that stays gathered, and "manifestar" followed by the day
    ("Cientos de manifestantes seguían concentrados frente al Congreso el martes.", "PROTEST", "demo"),
    ("Unos 2.000 maestros manifestaron el domingo en el centro de Lima.", "PROTEST", "demo"),
    ("Los ataques se dirigieron contra dos cuarteles del ejército.", "ASSAULT", None),
    # ending one's own protest, also with a time adverbial before the object; a stated readiness to talk
    ("Un grupo de presos puso fin el lunes a su huelga de hambre.", "CONCEDE", None),
    ('El dirigente dijo: "estamos dispuestos al diálogo con el gobierno".', "AGREE", None),
    # arrests: "detener" with the personal "a", a clitic, the passive, or a sentence that names people
    ("La policía detuvo a quince estudiantes frente al rectorado.", "COERCE", "arrest"),
    ("Los agentes los detuvieron en la puerta de la sede del partido.", "COERCE", "arrest"),
    ("Tres dirigentes sindicales fueron detenidos en Bogotá.", "COERCE", "arrest"),
    ("Los militares detuvieron durante la madrugada al menos a doce personas.", "COERCE", "arrest"),
    # hosting: the personal "a", or "recibir" with an office named in the sentence
    ("El presidente de Chile recibió al canciller de Perú en La Moneda.", "CONSULT", "visit"),
    ("El canciller de Chile recibió ayer en Santiago al ministro de Exteriores de Perú.", "CONSULT", "visit"),
    ("El presidente de Perú se reunió con su homólogo de Bolivia en La Paz.", "CONSULT", None),
    # giving up a strike, resigning
    ("El alcalde puso fin a una huelga de hambre de veinte días.", "CONCEDE", None),
    ("El ministro del Interior de Perú presentó su renuncia el martes.", "RETREAT", "resign"),
    ("El ministro de Salud de Bolivia renunció a su cargo tras las críticas.", "RETREAT", "resign"),
    # aid handed over, not bare "entregar"
    ("El viceministro de Defensa de Irán entregó los drones al ejército de Venezuela.", "AID", None),
]


@pytest.mark.parametrize(("text", "etype", "mode"), CODED)
def test_spanish_sentence_codes_the_event(text: str, etype: str, mode: str | None) -> None:
    events = [e for e in _code(text) if e.event == etype]
    assert events, f"no {etype} in {[(e.event, e.event_text) for e in _code(text)]}"
    if mode is not None:
        assert mode in {e.mode for e in events}


# (sentence, type): the sentence carries no event of that type; the trigger word means something else.
NOT_CODED = [
    # "manifestar" with an object or "que" is to express, "se manifesto a favor" to voice an opinion
    ("El embajador de Francia manifestó su preocupación por la situación en la frontera.", "PROTEST"),
    ("El ministro manifestó que el gobierno de Perú no cederá.", "PROTEST"),
    ("El gobierno de Chile se manifestó a favor de la propuesta de Argentina.", "PROTEST"),
    ("Le manifestaron su apoyo en una carta al presidente.", "PROTEST"),
    # "sin embargo", "en forma de", "en silencio", "fuerzas de combate", "rendir cuentas"
    ("Sin embargo, el gobierno de Cuba mantiene su postura.", "SANCTION"),
    ("La norma, en forma de decreto, entró en vigor el lunes.", "AID"),
    ("Los manifestantes avanzaron en silencio hasta la plaza.", "COERCE"),
    ("El gobierno de Colombia anunció un plan para combatir el narcotráfico.", "ASSAULT"),
    ("El alcalde deberá rendir cuentas ante el concejo.", "RETREAT"),
    # the reflexive "reunirse" is a meeting; "reunir a" gathers a crowd
    ("Los sindicatos reunieron a 5.000 personas en la plaza de Mayo.", "CONSULT"),
    ("Cientos de hinchas se reunieron frente al estadio para protestar contra la directiva.", "CONSULT"),
    # "recibir" a thing, and arrivals that are marches, not visits
    ("El gobierno de Honduras recibió una nota de la embajada de El Salvador.", "CONSULT"),
    ("Los campesinos llegaron a Bogotá en una marcha de protesta.", "CONSULT"),
    # "detener" a process, "retener" funds
    ("La reforma busca detener el deterioro de la economía de Ecuador.", "COERCE"),
    ("Argentina sigue reteniendo los fondos de la represa.", "COERCE"),
    # what is demanded is not what happened: "la renuncia de", "el retiro de los cargos"
    ("Los sindicatos reclamaron la renuncia del ministro de Economía.", "RETREAT"),
    ("La organización pidió el retiro de los cargos contra el fotógrafo.", "RETREAT"),
    # a treaty's name and a bare topic of talks are not an agreement or a meeting
    ("Los indígenas rechazan el Tratado de Libre Comercio con Estados Unidos.", "AGREE"),
    ("El senador habló de la mesa de negociaciones en una radio de Bogotá.", "CONSULT"),
    # "durante la protesta" points back to a protest told before; the arrest is the news
    ("Durante la protesta, la policía detuvo a diez personas.", "PROTEST"),
    # Mexican "tomar (la) protesta" swears an official in; "llegar a" + infinitive is how far one went
    ("El Congreso de Jalisco tomó la protesta a los nuevos concejales.", "PROTEST"),
    ("Los vecinos llegaron a cortar la luz de la calle.", "CONSULT"),
    # "concentrados" without a crowd is "focused"; an opening participle phrase is no headline passive
    ("Los jugadores siguen concentrados en el torneo.", "PROTEST"),
    ("Acusado de fraude, el alcalde renunció a su cargo.", "ACCUSE"),
    ("La oposición hizo un llamado a la calma.", "REQUEST"),
    # an infinitive a request asks for is not an event of its own, even with the addressee between
    ("La Iglesia pidió al presidente, en una carta, vetar la ley de amnistía.", "REJECT"),
    ("Los familiares reclaman investigar la represión en el estadio.", "ACCUSE"),
    # figures of speech, nature, animals and fireworks are no assault
    ("La crisis económica provocó una explosión social en el país.", "ASSAULT"),
    ("El senador calificó los bloqueos de atentados contra la seguridad nacional.", "ASSAULT"),
    ("Cada verano los bosques se incendian en el sur del país.", "ASSAULT"),
    ("Los pescadores salieron a matar ballenas en el Antártico.", "ASSAULT"),
    ("La hinchada celebró con música y disparos de morteros artesanales.", "ASSAULT"),
    # what one opposes or accuses someone of having done is not an event of its own
    ("El diputado se opuso al bombardeo de la región.", "ASSAULT"),
    ("El gobierno acusó al coronel de haber asesinado a un campesino.", "ASSAULT"),
    # asking for anonymity, handing over a paper, offering a press conference, telling a news agency,
    # defending one's own record: the object tells these verbs are not the event
    ("Un funcionario, que solicitó el anonimato, confirmó la cifra.", "REQUEST"),
    ("Los dirigentes entregaron un documento a los funcionarios de la ONU.", "AID"),
    ("El vocero ofreció una conferencia de prensa en la sede del partido.", "AGREE"),
    ("La policía detuvo a tres hombres, denunció a la AFP un testigo.", "ACCUSE"),
    ("El ministro defendió su propia gestión ante las críticas.", "SUPPORT"),
    # a summit named as the time or the scene of something else is no meeting; a cancelled visit is none
    ("En vísperas de la cumbre de la OEA, el presidente de Perú anunció nuevas reformas.", "CONSULT"),
    ("Un fotógrafo fue detenido cuando cubría la cumbre de Quito.", "CONSULT"),
    ("El presidente de Chile canceló su visita a Lima.", "CONSULT"),
    # a noun right after a verb, with no preposition of time between, is the verb's object
    ("Los mineros rechazaron una huelga en el puerto.", "PROTEST"),
    # a conjugated form after a preposition is a noun: a motive or a state, not an event
    ("Los camioneros bloquearon la carretera en rechazo al alza del peaje.", "REJECT"),
    ("La policía liberó a seis detenidos, aunque la mayoría sigue bajo arresto.", "COERCE"),
    # what an accusation charges someone with is not an event of its own
    ('El ministro acusó a los dirigentes del sindicato de "sabotear" el diálogo.', "ASSAULT"),
    # an event named as a topic or a cause is told elsewhere
    ("El grupo armado no se ha pronunciado sobre el ataque.", "ASSAULT"),
    ("La policía detuvo a 40 personas tras una ola de violencia en la ciudad.", "ASSAULT"),
    # denying a claim is a statement (CAMEO 016), not a rejection of a request
    ("El Gobierno negó cualquier implicación en el ataque.", "REJECT"),
    ("El portavoz desmintió que las tropas hubieran cruzado la frontera.", "REJECT"),
]


@pytest.mark.parametrize(("text", "etype"), NOT_CODED)
def test_spanish_words_that_only_look_like_triggers(text: str, etype: str) -> None:
    assert etype not in _types(text)


def test_protesters_purpose_is_not_a_second_protest_event_type() -> None:
    """A march "para exigir" codes the march; the demand may be coded too, but never as a new type."""
    events = _code("Miles de estudiantes marcharon en Santiago para exigir educación gratuita.")
    assert "PROTEST" in {e.event for e in events}
    assert {e.event for e in events} <= {"PROTEST", "REQUEST"}


def test_protest_as_the_motive_of_a_sanction_is_not_a_second_event() -> None:
    """A walkout "para protestar" is the sanction; a march "para protestar" stays one protest."""
    walkout = _code("La delegación de Libia se retiró de la cumbre para protestar contra la resolución.")
    assert [(e.event, e.mode) for e in walkout] == [("SANCTION", "withdraw")]
    march = _code("Miles de mineros marcharon en La Paz para protestar contra la reforma.")
    assert [e.event for e in march] == ["PROTEST"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Cientos de vecinos marcharon en Cusco para respaldar al alcalde.", ["PROTEST"]),
        ("Los estudiantes protestaron frente al Congreso para rechazar la reforma.", ["PROTEST"]),
        # with no protest before it, the stance is the news
        ("El gobierno de Perú se reunió con los gremios para rechazar la reforma.", ["CONSULT", "REJECT"]),
    ],
)
def test_stance_as_the_purpose_of_a_protest_is_not_a_second_event(text: str, expected: list[str]) -> None:
    assert [e.event for e in _code(text)] == expected


def test_hunger_strike_wins_over_the_plain_strike() -> None:
    events = _code("Un grupo de maestros se declaró en huelga de hambre en Guayaquil.")
    assert [(e.event, e.mode) for e in events if e.event == "PROTEST"] == [("PROTEST", "hunger")]


def test_unnamed_protesters_are_coded_as_unknown_actor() -> None:
    (event,) = [e for e in _code("Estallaron protestas en el centro de Caracas.") if e.event == "PROTEST"]
    assert [a.code for a in event.actor] == ["---"]


@pytest.mark.parametrize(
    ("text", "sector"),
    [
        ("El jefe sindical anunció huelga para el lunes.", "LAB"),
        ("Los pilotos de la aerolínea realizan su tercer día de huelga.", "LAB"),
        ("Un centenar de jubilados se concentró frente al Congreso.", "CVL"),
        ("Un centenar de personas marchó por el centro de la capital.", "CVL"),
    ],
)
def test_protesters_named_by_occupation_or_number_are_actors(text: str, sector: str) -> None:
    (event,) = [e for e in _code(text) if e.event == "PROTEST"]
    assert [a.sector for a in event.actor] == [sector]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Una turba de pobladores golpeó a dos policías en El Alto.", ("PROTEST", "riot")),
        ("Los manifestantes golpearon a un periodista frente al Congreso.", ("PROTEST", "riot")),
        ("La policía golpeó a los manifestantes en la plaza.", ("ASSAULT", "beat")),
    ],
)
def test_violence_by_a_crowd_is_a_riot(text: str, expected: tuple[str, str]) -> None:
    assert [(e.event, e.mode) for e in _code(text)] == [expected]


def test_no_wounded_is_no_negated_attack() -> None:
    """ "no hubo heridos" names people (there were none), not an attack that did not happen."""
    events = _code("Los guardias repelieron a la patrulla y no hubo heridos.")
    assert [(e.event, e.modality) for e in events] == [("ASSAULT", "factual")]


def test_march_with_a_demand_codes_the_demand_too() -> None:
    events = _code("Miles de maestros peruanos marcharon en Lima en reclamo del pago de sus salarios.")
    assert {"PROTEST", "REQUEST"} <= {e.event for e in events}


def test_march_to_demand_codes_the_demand_too() -> None:
    events = _code(
        "Miles de maestros marcharon ayer por el centro de Quito para exigir al Gobierno un aumento."
    )
    assert {"PROTEST", "REQUEST"} <= {e.event for e in events}


def test_backer_after_de_is_the_actors_side() -> None:
    events = _code("El canciller chino expresó el respaldo de Pekín al Gobierno venezolano.")
    assert [(e.event, [r.code for r in e.recipient]) for e in events] == [("SUPPORT", ["VEN"])]


@pytest.mark.parametrize(
    ("text", "coded"),
    [
        ("La península, administrada por Chile, es reclamada por Bolivia desde hace un siglo.", False),
        ("Argentina reclama la soberanía de las islas desde 1833.", False),
        ("Los mineros reclamaron al Gobierno un aumento salarial.", True),
    ],
)
def test_claiming_land_is_no_request(text: str, coded: bool) -> None:
    events = code(text, date=datetime.date(2026, 5, 14), lang="es")
    assert ("REQUEST" in {e.event for e in events}) is coded
