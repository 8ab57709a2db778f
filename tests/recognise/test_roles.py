"""Parties of a formal instrument in the standard forms of the genre (``data/party_cues.toml``).

The texts are short synthetic instruments written in the forms of Dutch convenanten,
samenwerkingsovereenkomsten and gemeenschappelijke regelingen; each form has a negative beside it
(a municipality that is merely mentioned, a member of a region, a contact person's municipality).
CBS codes from data/reference/gemeenten_per_peildatum_2019_2026.csv.
"""

from __future__ import annotations

from datetime import date

from bwgraph.recognise import lines_of, recognise_all


def parties(text: str) -> list[tuple[int, str]]:
    found = recognise_all(lines_of(text), date(2022, 1, 1))
    # in (line, CBS code) order
    return sorted((h.line, h.value) for h in found.roles if h.attr("role") == "party")


ASSEN, TYNAARLO, ZWOLLE, DEVENTER, ZUTPHEN = "GM0106", "GM1730", "GM0193", "GM0150", "GM0301"
APELDOORN, EDE, ERMELO, ZANDVOORT, HAARLEM = "GM0200", "GM0228", "GM0233", "GM0473", "GM0392"
ZOETERMEER, LANSINGERLAND, ALMELO, HENGELO = "GM0637", "GM1621", "GM0141", "GM0164"


def test_the_ondergetekenden_block_with_items_over_two_lines() -> None:
    text = (
        "CONVENANT OPVANG 2024\n"
        "DE ONDERGETEKENDEN:\n"
        "1. Burgemeester en wethouders van de gemeente Assen,\n"
        "ten deze rechtsgeldig vertegenwoordigd door de burgemeester;\n"
        "2. De gemeente Tynaarlo, hierna te noemen: Tynaarlo;\n"
        "3. Stichting Het Dak, gevestigd te Zwolle;\n"
        "Overwegende dat:\n"
        "- de gemeente Deventer een Housing First-team heeft;\n"
        "1. De gemeente Zutphen, gevestigd te Zutphen;\n"
    )
    # Zwolle is where a foundation is seated; Deventer and Zutphen come after the block closed
    assert parties(text) == [(3, ASSEN), (5, TYNAARLO)]


def test_partijen_heading_and_the_legal_person_form() -> None:
    text = (
        "Partijen:\n"
        "1. de publiekrechtelijke rechtspersoon: Gemeente Apeldoorn, gevestigd te Apeldoorn,\n"
        "in dezen rechtsgeldig vertegenwoordigd door de wethouder;\n"
        "2. de publiekrechtelijke rechtspersoon: Gemeente Ede, gevestigd te Ede;\n"
        "- De gemeente Ermelo heeft een Housing First-team.\n"
        "komen het volgende overeen:\n"
    )
    # an item is a party only where it reads as an item: a sentence about Ermelo is none
    assert parties(text) == [(2, APELDOORN), (4, EDE)]


def test_represented_items_without_a_heading() -> None:
    text = (
        "De gemeente Zwolle, ingevolge artikel 171 van de Gemeentewet, vertegenwoordigd door de "
        "burgemeester, hierna te noemen: de gemeente;\n"
        "Gemeente Deventer, namens deze: de wethouder;\n"
        "Burgemeester en wethouders van de gemeente Zutphen,\n"
        "te dezen vertegenwoordigd door de burgemeester;\n"
        "De gemeente Ede, vertegenwoordigd door haar wethouder, opende het pand. De wethouder "
        "sprak.\n"
        "Burgemeester en wethouders van de gemeente Ermelo,\n"
        "hebben besloten de nota vast te stellen.\n"
    )
    # a sentence of prose about Ede is no item of a party list; Ermelo's college deciding alone
    # is no party to anything
    assert parties(text) == [(1, ZWOLLE), (2, DEVENTER), (3, ZUTPHEN)]


def test_preambles_naming_several_organs() -> None:
    text = (
        "De burgemeesters, raden en colleges van de gemeenten Lansingerland en Zoetermeer, ieder "
        "voor zover het zijn bevoegdheden betreft;\n"
        "De raden, de colleges van burgemeester en wethouders en de burgemeesters van de gemeenten "
        "Almelo en Hengelo, ieder voor zoveel het hun bevoegdheden betreft;\n"
        "De colleges van burgemeester en wethouders van de gemeente Zandvoort en de gemeente "
        "Haarlem, ieder voor zover het de bevoegdheden van het betreffende orgaan betreft,\n"
        "De raden van de gemeenten in de regio, waaronder Ede en Ermelo, hebben ingestemd.\n"
    )
    assert parties(text) == [
        (1, ZOETERMEER), (1, LANSINGERLAND), (2, ALMELO), (2, HENGELO), (3, HAARLEM),
        (3, ZANDVOORT),
    ]  # fmt: skip


def test_participants_sentence_and_hierna_partijen() -> None:
    text = (
        "Deelnemers aan deze regeling zijn de colleges van de gemeenten Almelo, Hengelo en "
        "Zwolle.\n"
        "Aan deze regeling nemen deel de gemeenten Deventer en Zutphen.\n"
        "De gemeenten Apeldoorn, Ede en Ermelo (hierna gezamenlijk: partijen) spreken af dat …\n"
        "De gemeenten Assen en Tynaarlo (hierna: de regiogemeenten) zijn lid van de regio.\n"
        "Deelnemers aan het overleg waren de gemeenten Haarlem en Zandvoort.\n"
    )
    assert parties(text) == [
        (1, ALMELO), (1, HENGELO), (1, ZWOLLE), (2, DEVENTER), (2, ZUTPHEN), (3, APELDOORN),
        (3, EDE), (3, ERMELO),
    ]  # fmt: skip


def test_signature_block() -> None:
    text = (
        "Artikel 9 Slotbepaling\n"
        "Deze overeenkomst treedt in werking op 1 januari 2022.\n"
        "Aldus overeengekomen en in drievoud ondertekend te Zwolle op 12 december 2021.\n"
        "Gemeente Deventer\n"
        "de burgemeester,\n"
        "Namens het college van burgemeester en wethouders van Zutphen,\n"
        "de wethouder,\n"
        "De burgemeester van Apeldoorn,\n"
    )
    # Zwolle is only where it was signed
    assert parties(text) == [(4, DEVENTER), (6, ZUTPHEN), (8, APELDOORN)]


def test_signature_lines_outside_a_signature_block_need_a_signer() -> None:
    text = (
        "Namens de gemeente Ede,\n"
        "de wethouder Zorg,\n"
        "Contactpersonen\n"
        "Gemeente Ermelo\n"
        "wethouder Jansen\n"
        "Namens de gemeente Almelo,\n"
        "Overleg over de regio volgt in het voorjaar.\n"
    )
    assert parties(text) == [(1, EDE)]


def test_items_run_together_on_one_line_and_a_numbered_heading() -> None:
    text = (
        "De ondergetekenden: 1. De gemeente Almelo, te dezen vertegenwoordigd door de wethouder; "
        "2. De gemeente Hengelo, te dezen vertegenwoordigd door de burgemeester;\n"
        "2 Partijen:\n"
        "- Gemeente Deventer;\n"
        "- Gemeente Zutphen, gevestigd te Zutphen.\n"
        "3 Aanleiding\n"
        "- Gemeente Ede;\n"
    )
    # the numbered section "3 Aanleiding" ends the party list: Ede's line is under it
    assert parties(text) == [(1, ALMELO), (1, HENGELO), (3, DEVENTER), (4, ZUTPHEN)]


def test_who_attended_is_no_party_but_the_participants_of_the_regulation_are() -> None:
    attended = "Deelnemers:\n- gemeente Zwolle\n- gemeente Deventer\n"
    assert parties(attended) == []
    participants = "Deelnemers aan deze regeling:\n- gemeente Zwolle\n- gemeente Deventer\n"
    assert parties(participants) == [(2, ZWOLLE), (3, DEVENTER)]


def test_a_definition_of_the_participants_and_an_instrument_of_the_colleges() -> None:
    text = (
        "In deze regeling wordt verstaan onder:\n"
        "a. deelnemende gemeenten: de gemeenten Almelo, Hengelo en Zwolle;\n"
        "b. regio: de gemeenten Deventer en Zutphen;\n"
        "c. gemeenten: de gemeenten Ede en Ermelo;\n"
        "Gemeenschappelijke regeling van de colleges van burgemeester en wethouders van de "
        "gemeenten Apeldoorn en Assen inhoudende Centrumregeling beschermd wonen\n"
    )
    assert parties(text) == [
        (2, ALMELO), (2, HENGELO), (2, ZWOLLE), (5, ASSEN), (5, APELDOORN),
    ]  # fmt: skip


def test_voor_akkoord_and_the_college_in_a_signature_block() -> None:
    text = (
        "Voor akkoord:\n"
        "Burgemeester en wethouders van Zwolle,\n"
        "de secretaris, de burgemeester,\n"
        "Burgemeester en wethouders van Deventer hebben de nota vastgesteld.\n"
    )
    assert parties(text) == [(2, ZWOLLE)]


def test_an_instrument_between_named_parties() -> None:
    text = (
        "Samenwerkingsovereenkomst tussen de gemeente Zwolle en de gemeente Deventer\n"
        "Deze overeenkomst wordt gesloten tussen:\n"
        "- de gemeente Almelo, gevestigd te Almelo;\n"
        "- Stichting De Herberg, gevestigd te Hengelo;\n"
        "Overwegende dat de gemeente Ede ook een convenant heeft;\n"
        "Het verschil tussen de gemeente Ermelo en de regio is groot.\n"
    )
    assert parties(text) == [(1, DEVENTER), (1, ZWOLLE), (3, ALMELO)]


def test_a_signature_heading_must_stand_alone() -> None:
    signed = "Ondertekening\nDe burgemeester van Zwolle, w.g. P. de Vries\nGemeente Deventer\n"
    assert parties(signed) == [(2, ZWOLLE), (3, DEVENTER)]
    prose = "Ondertekening van het convenant vindt plaats in maart.\nGemeente Deventer\n"
    assert parties(prose) == []
