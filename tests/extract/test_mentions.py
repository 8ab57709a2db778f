"""The mention recogniser on sentences of the genre (written for these tests, not from the corpus).

Each case is the kind of sentence region reports, plans and agreements of the BW/MO field write;
the recogniser must read it without having seen the sentence (patterns, not lists of names).
"""

from __future__ import annotations

import pytest

from bwgraph.extract.mentions import find_mentions, status_of


def found(line: str) -> set[tuple[str, str, str]]:
    return {(f.kind, f.key, f.text) for f in find_mentions(line)}


def instruments(line: str) -> dict[str, tuple[str, str | None]]:
    return {f.text: (f.key, f.status) for f in find_mentions(line) if f.kind == "instrument"}


def test_planned_and_worked_on_instruments_are_not_existing() -> None:
    assert instruments("Daarnaast wordt gewerkt aan een convenant met de corporaties.") == {
        "convenant": ("convenant", "being_worked_on")
    }
    assert instruments("Het voornemen is om in 2022 een regiovisie op te stellen.") == {
        "regiovisie": ("regiovisie", "planned")
    }
    assert instruments("Er was een regioplan tot en met 2019; dat is vervangen.") == {
        "regioplan": ("plan", "ended")
    }
    assert instruments("In 2021 is het convenant door alle partijen ondertekend.") == {
        "convenant": ("convenant", "exists")
    }
    assert status_of("De regio kent een centrumregeling.") == "exists"
    assert status_of("Over de centrumregeling wordt nagedacht") is None  # no cue: no status


def test_titles_as_written() -> None:
    got = instruments(
        "In 2021 is het Convenant 'Wonen en Zorg Twente' ondertekend en de Regiovisie "
        "Beschermd Wonen Hollands Midden 2022-2026 vastgesteld."
    )
    assert got == {
        "Convenant 'Wonen en Zorg Twente'": ("convenant", "exists"),
        "Regiovisie Beschermd Wonen Hollands Midden 2022-2026": ("regiovisie", "exists"),
    }
    # a title with a lowercase part of a fixed phrase, introduced by a capitalised adjective
    assert "Drentse visie Beschermd wonen" in instruments(
        "Sinds 2019 is de Drentse visie Beschermd wonen van kracht."
    )
    # a quote that starts in lowercase is no title
    assert instruments("Het doel is het convenant 'een impuls' te geven.") == {
        "convenant": ("convenant", None)
    }


def test_idioms_are_not_instruments() -> None:
    got = instruments("In het kader van de regiovisie staat dit op de agenda.")
    assert got == {"regiovisie": ("regiovisie", None)}


def test_compounds_and_one_mention_per_thing_and_line() -> None:
    got = instruments(
        "De versnellingsagenda is vastgesteld; de versnellingsagenda wordt jaarlijks bijgesteld."
    )
    assert list(got) == ["versnellingsagenda"]


def test_laws_in_compounds_and_unknown_bills() -> None:
    got = found(
        "Door de Wlz-uitname en de Wmo 2015-toegang, en het wetsvoorstel Woonplaatsbeginsel."
    )
    assert ("law", "wlz", "Wlz") in got
    assert ("law", "wmo_2015", "Wmo 2015") in got
    assert ("law", "", "wetsvoorstel Woonplaatsbeginsel") in got  # seen, not in the code list


def test_programmes_national_and_regional() -> None:
    got = {
        f.text: f.national
        for f in find_mentions(
            "De regio neemt deel aan het Actieprogramma Weer Thuis en aan de pilots: Thuis Voorop, "
            "Samen Sterk in de Buurt."
        )
        if f.kind == "programme"
    }
    assert got == {"Weer Thuis": True, "Thuis Voorop": False, "Samen Sterk in de Buurt": False}
    # prose is no programme
    assert not [
        f for f in find_mentions("Cliënten gaan weer thuis wonen.") if f.kind == "programme"
    ]


@pytest.mark.parametrize(
    ("line", "name", "org_type"),
    [
        ("Dit gebeurt in de werkgroep huisvesting.", "werkgroep huisvesting", "governance_body"),
        ("De Taskforce EPA komt maandelijks bijeen.", "Taskforce EPA", "governance_body"),
        ("Het rapport is geschreven door Bureau Noord.", "Bureau Noord", None),
        ("Regionale Zorg Noord (RZN) voert dit uit.", "Regionale Zorg Noord", None),
    ],
)
def test_organisations_by_genre_patterns(line: str, name: str, org_type: str | None) -> None:
    orgs = {f.text: f.org_type for f in find_mentions(line) if f.kind == "organisation"}
    assert orgs.get(name, "missing") == org_type


def test_a_name_with_initials_that_is_a_product_or_region_is_no_organisation() -> None:
    got = found("Dit is een vorm van Beschermd Thuis (BT) in de regio Westelijke Mijnstreek (WM).")
    assert not {k for k, _, _ in got} & {"organisation"}
    assert ("product", "beschermd_thuis", "Beschermd Thuis") in got


def test_products_inside_an_instrument_title_are_not_products() -> None:
    got = found("Het Kaderdocument Beschermd Thuis 2022-2030 wordt opgesteld.")
    assert not [k for k, _, _ in got if k == "product"]
