"""Municipality recogniser: names, aliases, context rules and the register on the document date."""

from __future__ import annotations

from datetime import date

from bwgraph.recognise import lines_of
from bwgraph.recognise.municipalities import recognise_municipalities


def codes(text: str, on: date | None = date(2022, 6, 1)) -> list[str]:
    return [h.value for h in recognise_municipalities(lines_of(text), on)]


def test_typographic_apostrophe_and_diacritics() -> None:
    hits = recognise_municipalities(
        lines_of("de gemeenten ’s-Hertogenbosch en Súdwest-Fryslân"), date(2022, 1, 1)
    )
    assert [(h.text, h.value) for h in hits] == [
        ("’s-Hertogenbosch", "GM0796"),
        ("Súdwest-Fryslân", "GM1900"),
    ]


def test_everyday_names_and_folded_spelling() -> None:
    assert codes("In Den Bosch en Den Haag; ook Sudwest Fryslan.") == ["GM0796", "GM0518", "GM1900"]


def test_bergen_needs_a_qualifier_or_its_neighbours() -> None:
    assert codes("gemeente Bergen (NH) en gemeente Bergen (L)") == ["GM0373", "GM0893"]
    assert codes("de gemeenten Alkmaar, Bergen, Heiloo en Uitgeest") == [
        "GM0361", "GM0373", "GM0399", "GM0450",
    ]  # fmt: skip
    assert codes("de gemeenten Venray, Bergen en Gennep") == ["GM0984", "GM0893", "GM0907"]
    assert codes("De gemeente Bergen doet mee.") == []  # nothing decides which Bergen


def test_longest_name_wins() -> None:
    assert codes("gemeente Bergen op Zoom") == ["GM0748"]
    assert codes("de gemeente Hof van Twente") == ["GM1735"]


def test_ordinary_words_need_a_municipal_context() -> None:
    assert codes("Best practices uit de regio; een beek en een Sluis.") == []
    assert codes("de gemeenten Eindhoven, Best en Veldhoven") == ["GM0772", "GM0753", "GM0861"]
    assert codes("burgemeester van Laren") == ["GM0417"]
    assert codes("- Sluis") == ["GM1714"]


def test_province_and_region_are_not_the_municipality() -> None:
    assert codes("de provincie Utrecht en de regio Groningen") == []
    assert codes("de gemeente Utrecht") == ["GM0344"]


def test_old_name_resolves_to_the_successor_on_the_document_date() -> None:
    (hit,) = recognise_municipalities(lines_of("de gemeenten Haren en Ten Boer"), date(2022, 1, 1))[
        :1
    ]
    assert hit.value == "GM0014" and hit.attr("named") == "GM0017"
    # before the merger the old municipality itself
    assert codes("de gemeenten Haren en Ten Boer", date(2018, 6, 1)) == ["GM0017", "GM0009"]


def test_a_name_not_yet_valid_on_the_date_is_not_read() -> None:
    assert codes("de gemeente Dijk en Waard", date(2020, 1, 1)) == []
    assert codes("de gemeente Dijk en Waard", date(2023, 6, 1)) == ["GM1980"]


def test_hit_carries_line_and_exact_text() -> None:
    (hit,) = recognise_municipalities(lines_of("\nDe gemeente Zutphen."), date(2022, 1, 1))
    assert (hit.line, hit.start, hit.end, hit.text) == (2, 12, 19, "Zutphen")


def test_old_names_only_in_a_municipal_context() -> None:
    """Regression: "Echt doorrekenen" (status report, line 700) read as the old municipality Echt,
    and "Valkenburg" in passing would resolve to Katwijk."""
    assert codes("Echt doorrekenen van de scenario's is nodig.") == []
    assert codes("een bezoek aan Valkenburg") == []
    assert codes("de voormalige gemeente Valkenburg", date(2010, 1, 1)) == ["GM0537"]


def test_the_cue_must_stand_right_before_an_ambiguous_name() -> None:
    assert codes("De gemeente heeft met Best practices gewerkt.") == []
    assert codes("om te zorgen dat Beek en Sluis schoon blijven") == []
    assert codes("gevestigd te Best") == ["GM0753"]
    assert codes("de raad van Laren") == ["GM0417"]


def test_part_of_a_longer_name_is_not_the_municipality() -> None:
    assert codes("In regionaal verband (U16 en Utrecht-West) maken we afspraken.") == []
    assert codes("de regio Noord-Groningen") == []
    assert codes("de gemeente Midden-Groningen") == ["GM1952"]


def test_a_surname_with_its_particle_is_a_person() -> None:
    assert codes("Contactpersoon Sabien von dem Borne E-mail s.vondemborne@regiogv.nl") == []
    assert codes("de gemeenten Borne en Hengelo") == ["GM0147", "GM0164"]
    assert codes("het Rijk van Nijmegen") == ["GM0268"]
