"""Instrument titles and relations in the forms of the genre (rules of
:mod:`bwgraph.recognise.instruments`; examples written for these tests)."""

from __future__ import annotations

from bwgraph.recognise import lines_of
from bwgraph.recognise.instruments import document_type, recognise_instruments


def _read(text: str) -> list[tuple[int, str, str, str]]:
    lines = lines_of(text)
    return [
        (h.line, h.value, h.attr("relation"), h.attr("title"))
        for h in recognise_instruments(lines, document_type(lines))
    ]


def test_formal_title_of_a_regulation_that_holds_the_instrument() -> None:
    text = (
        "Gemeenschappelijke regeling van de colleges van de gemeenten Aa, Bee en Cee inhoudende "
        "CENTRUMREGELING BESCHERMD WONEN EN MAATSCHAPPELIJKE OPVANG GEMEENTEN AA, BEE EN CEE\n"
        "Tekst.\n"
    )
    assert (1, "centrumregeling", "establishes",
            "CENTRUMREGELING BESCHERMD WONEN EN MAATSCHAPPELIJKE OPVANG GEMEENTEN AA, BEE EN CEE"
            ) in _read(text)  # fmt: skip
    besluit = (
        "Besluit van het college van de gemeente Aa tot vaststelling van de Beleidsregel "
        "toegang beschermd wonen Regio Aa 2022\nTekst.\n"
    )
    t = document_type(lines_of(besluit))
    assert t is not None and t.notation == "other"
    assert (1, "other", "establishes", "Beleidsregel toegang beschermd wonen Regio Aa 2022") in (
        _read(besluit)
    )


def test_general_type_word_opening_the_title_line() -> None:
    text = "Gemeenschappelijke regeling Centrumregeling beschermd wonen en opvang Aa 2024\nTekst.\n"
    assert (1, "centrumregeling", "establishes",
            "Gemeenschappelijke regeling Centrumregeling beschermd wonen en opvang Aa 2024"
            ) in _read(text)  # fmt: skip


def test_title_page_with_the_type_word_on_its_own_line() -> None:
    text = "Regiovisie\n\nDoordecentralisatie Beschermd wonen 2022 -2026\n\nInleiding.\n"
    assert _read(text)[0] == (
        1,
        "regiovisie",
        "establishes",
        "Regiovisie Doordecentralisatie Beschermd wonen 2022 -2026",
    )


def test_viewer_quotes_file_names_and_furniture_are_no_titles() -> None:
    viewer = (
        "Beleidsplan Opvang Regio Aa 2022-2025 de verbindingHerstel Herstel\n"
        'Share "Beleidsplan Opvang Regio Aa 2022-2025 de verbindingHerstel Herstel"\n'
    )
    got = _read(viewer)
    assert got[0][3] == "Beleidsplan Opvang Regio Aa 2022-2025"
    assert got[1][3] == ""  # the viewer's copy of the page title
    pdf = "Centrumregeling-beschermd-wonen-en-opvang-5.pdf PDF, 1.07 mb\nTekst.\n"
    assert all(title == "" for *_, title in _read(pdf))
    # a cut never leaves the bare type word
    assert (
        _read("Regiovisie. Doordecentralisatie Beschermd wonen Een samenwerking van:\n")[0][3]
        == "Regiovisie. Doordecentralisatie Beschermd wonen"
    )


def test_sentence_case_names_that_end_in_their_year() -> None:
    line = (
        "In 2016 werkten zij samen op basis van de centrumregeling regio Meierij Wmo 2020; "
        "de centrumregeling wensen te vernieuwen voor tenminste 4 jaar (2026-2030).\n"
    )
    titles = [title for *_, title in _read("".join(f"Kop {i}\n" for i in range(15)) + line)]
    assert titles == ["centrumregeling regio Meierij Wmo 2020", ""]


def test_another_instrument_of_the_own_type_is_mentioned() -> None:
    text = (
        "Convenant uitstroom opvang en zorg regio Aa 2019\n"
        + "".join(f"Partij {i}\n" for i in range(12))
        + "Partijen sluiten het Convenant Samenwerking Maatschappelijke Zorg Aa af.\n"
        + "In dit convenant Uitstroom worden afspraken gemaakt.\n"
    )
    got = _read(text)
    assert got[0] == (
        1,
        "convenant",
        "establishes",
        "Convenant uitstroom opvang en zorg regio Aa 2019",
    )
    assert got[1][2:] == ("mentions", "Convenant Samenwerking Maatschappelijke Zorg Aa")
    assert got[2][2:] == ("establishes", "")  # the document itself, named in passing


def test_relation_from_the_list_item_not_the_whole_line() -> None:
    text = (
        "B en W Adviesnota Onderwerp mandatering ADVIES 1. De Beleidsregel toegang beschermd "
        "wonen 2017 met terugwerkende kracht vast te stellen (bijlage 3). 2. De Beleidsregel "
        "toegang maatschappelijke opvang 2016 in te trekken met ingang van 1 januari 2017.\n"
        "Portefeuillehouder X, steller Y.\n"
    )
    got = {(rel, title) for _, _, rel, title in _read(text)}
    assert ("proposes", "Beleidsregel toegang beschermd wonen 2017") in got
    assert ("replaces", "Beleidsregel toegang maatschappelijke opvang 2016") in got


def test_a_title_line_run_on_ends_with_its_year() -> None:
    text = (
        "Regionale Dienstverleningsovereenkomst Westelijke Mijnstreek 2025 Inkoop, "
        "contractmanagement, contractbeheer en leveranciersmanagement van Wmo-maatwerkvoorzieningen"
        " en leerlingenvervoer, uitgevoerd door de gemeente Sittard-Geleen voor de gemeenten\n"
    )
    assert _read(text)[0][3] == "Regionale Dienstverleningsovereenkomst Westelijke Mijnstreek 2025"
    proposal = (
        "Voorstel aan de raad\nDe gemeenteraden besluiten: 1. het beleidsplan bescherming & "
        "opvang 2017 – 2020 vast te stellen; 2. de gemeenschappelijke regeling aan te passen.\n"
    )
    got = {(t, rel, title) for _, t, rel, title in _read(proposal)}
    assert ("beleidsplan", "proposes", "beleidsplan bescherming & opvang 2017 – 2020") in got
    assert ("gemeenschappelijke_regeling", "amends", "") in got


def test_a_published_decision_establishes_what_it_adopts() -> None:
    text = (
        "CVDR Officiële uitgave van Brummen.\n"
        "Het college van burgemeester en wethouders van Brummen heeft besloten om: 1. De "
        "Beleidsregels maatschappelijke ondersteuning gemeente Brummen 2017 vast te stellen. 2. De "
        "beleidsregels Beschermd Wonen mede toe te passen.\n"
        "Zie ook de beleidsregels van de regio.\n"
    )
    got = {(rel, title) for _, _, rel, title in _read(text)}
    assert (
        "establishes",
        "Beleidsregels maatschappelijke ondersteuning gemeente Brummen 2017",
    ) in got
    assert all(rel == "mentions" for _, _, rel, _ in _read(text)[1:])
