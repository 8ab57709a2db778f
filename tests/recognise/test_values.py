"""Money, dates, periods, scope, regions, roles, organisations and the shared engine."""

from __future__ import annotations

from datetime import date

from bwgraph.recognise import lines_of, recognise_all
from bwgraph.recognise.base import fold
from bwgraph.recognise.dates import recognise_dates
from bwgraph.recognise.engine import Entry, Gazetteer
from bwgraph.recognise.money import recognise_money
from bwgraph.recognise.organisations import recognise_organisations
from bwgraph.recognise.periods import recognise_periods
from bwgraph.recognise.regions import recognise_regions
from bwgraph.recognise.scope import recognise_scope


def test_fold_keeps_offsets() -> None:
    text = "’s-Hertogenbosch – Fryslân"
    assert len(fold(text)) == len(text)
    assert fold(text) == "'s-Hertogenbosch - Fryslan"


def test_engine_longest_first_and_hyphen_space() -> None:
    gaz = Gazetteer(
        [Entry("Bergen", "a"), Entry("Bergen op Zoom", "b"), Entry("Midden-IJssel", "c")]
    )
    found = [
        (m.text, m.entries[0].id) for m in gaz.finditer("Bergen op Zoom, Midden IJssel, Bergen")
    ]
    assert found == [("Bergen op Zoom", "b"), ("Midden IJssel", "c"), ("Bergen", "a")]
    assert list(gaz.finditer("Bergenaar")) == []


def test_money_forms_and_meanings() -> None:
    text = (
        "Het budget bedraagt € 1.250.000,- per jaar.\n"
        "De reserve is twee miljoen euro; het plafond is € 2 mln.\n"
        "Een bijdrage van €2,5 miljoen en EUR 500.000 subsidie. Er zijn 3 woningen."
    )
    got = [(h.line, h.text, h.value, h.attr("meaning")) for h in recognise_money(lines_of(text))]
    assert got == [
        (1, "€ 1.250.000,-", "1250000", "budget"),
        (2, "twee miljoen euro", "2000000", "reserve"),
        (2, "€ 2 mln.", "2000000", "plafond"),
        (3, "€2,5 miljoen", "2500000", "bijdrage"),
        (3, "EUR 500.000", "500000", "subsidie"),
    ]


def test_dates_with_meaning_and_without() -> None:
    text = (
        "Datum: 14 december 2021\n"
        "Vastgesteld in de openbare vergadering van 5 juli 2022.\n"
        "Deze regeling treedt in werking met ingang van 1 januari 2023 en geldt van "
        "1 januari 2023 tot en met 31 december 2026.\n"
        "Het akkoord treedt in werking na ondertekening en eindigt op 31 december 2027.\n"
        "Op 3 maart 2020 was het mooi weer.\n"
        "Vastgesteld op\n1 mei 2020"
    )
    got = [(h.line, h.value, h.attr("meaning")) for h in recognise_dates(lines_of(text))]
    assert got == [
        (1, "2021-12-14", "document_datum"),
        (2, "2022-07-05", "vastgesteld"),
        (3, "2023-01-01", "in_werking"),
        (3, "2023-01-01", "geldend_van"),
        (3, "2026-12-31", "geldend_tot"),
        (4, "2027-12-31", "geldend_tot"),
        (7, "2020-05-01", "vastgesteld"),
    ]


def test_periods() -> None:
    text = (
        "Regiovisie Beschermd Wonen 2022-2026 voor tenminste 4 jaar.\n"
        "In de periode 2022 t/m 2025; telefoon 030-2861234; 2020/21.\n"
        "Het convenant wordt aangegaan voor de duur van vijf jaar.\n"
        "De regeling 2020 e.v. loopt tot en met 2025; voor de periode van 2022 tot 2032.\n"
        "gedurende maximaal zes maanden, in 2020 en 2021, in 2020 en 2023"
    )
    got = [
        (h.line, h.attr("start"), h.attr("end"), h.attr("duration"), h.attr("of"))
        for h in recognise_periods(lines_of(text))
    ]
    assert got == [
        (1, "2022", "2026", "P4Y", "regiovisie"),  # the duration the range spells out: one period
        (2, "2022", "2025", "", ""),
        (2, "2020", "2021", "", ""),
        (3, "", "", "P5Y", "convenant"),
        (4, "2020", "", "", ""),
        (4, "", "2025", "", ""),
        (4, "2022", "2032", "", ""),
        (5, "", "", "P6M", ""),
        (5, "2020", "2021", "", ""),  # two consecutive years: a span; "2020 en 2023" is none
    ]
    assert recognise_periods(lines_of("voor tenminste 4 jaar"))[0].attr("minimum") == "yes"


def test_scope_concepts() -> None:
    text = "Bescherming en opvang, OGGZ en de Wvggz; verslavingszorg, nachtopvang en bw-taken."
    # "Bescherming en opvang" names the opvang, not beschermd wonen (corpus labelling rule);
    # nachtopvang is not MO; "bw" in lower case inside a word is no abbreviation
    assert sorted({h.value for h in recognise_scope(lines_of(text))}) == [
        "maatschappelijke_opvang", "oggz", "verslavingszorg", "wvggz",
    ]  # fmt: skip
    both = {h.value for h in recognise_scope(lines_of("Beschermd wonen en opvang"))}
    assert both == {"beschermd_wonen", "maatschappelijke_opvang"}


def test_regions_need_regio_when_the_name_is_also_a_place() -> None:
    text = (
        "Utrecht en heel Zeeland; de provincie Zeeland; regio Utrecht, Midden-IJssel, "
        "GOOI EN VECHTSTREEK, Parkstad en regio Stedendriehoek."
    )
    got = [(h.text, h.value) for h in recognise_regions(lines_of(text))]
    assert got == [
        ("Zeeland", "zeeland"),  # the region covers the province: a bare name counts
        ("Utrecht", "utrecht"),  # only after "regio": also a municipality
        ("Midden-IJssel", "midden-ijssel"),
        ("GOOI EN VECHTSTREEK", "gooi-en-vechtstreek"),  # "&" = "en", any case
        ("Parkstad", "parkstad-en-beekdaelen"),  # an everyday name (region_aliases.csv)
        ("Stedendriehoek", ""),  # named as a region, not a listed one
    ]


def test_organisations_by_list_and_legal_form() -> None:
    text = "Met Stichting Leger des Heils en woningcorporatie Woonkracht10, GGD Hollands Noorden."
    got = [(h.text, h.value) for h in recognise_organisations(lines_of(text))]
    assert ("Woonkracht10", "woonkracht10") in got  # the curated list first
    assert ("Leger des Heils", "leger-des-heils") in got
    assert ("GGD Hollands Noorden", "") in got


def test_centrumgemeente_roles_and_region_overlap() -> None:
    text = (
        "De gemeente Deventer (hierna: de centrumgemeente) en de gemeenten Lochem en Zutphen.\n"
        "Maastricht treedt op als centrumgemeente; centrumgemeente Tilburg.\n"
        "De regio Utrecht en Amsterdam-Amstelland."
    )
    found = recognise_all(lines_of(text), date(2022, 1, 1))
    assert [(h.line, h.value) for h in found.roles] == [(1, "GM0150"), (2, "GM0935"), (2, "GM0855")]
    assert all(h.line != 3 for h in found.municipalities)
    assert {h.value for h in found.regions} == {"utrecht", "amsterdam-amstelland"}


def test_roles_in_the_forms_of_the_genre() -> None:
    text = (
        "opgedragen aan de Centrumgemeente (Groningen).\n"
        "centrumgemeenten, waaronder de gemeente Maastricht.\n"
        "De colleges van Brunssum en Kerkrade verlenen het college van Heerlen mandaat.\n"
        "mandaat aan het afdelingshoofd van de gemeente Venlo.\n"
        "(de centrumgemeente) ’s-Hertogenbosch en de regiogemeenten"
    )
    found = recognise_all(lines_of(text), date(2022, 1, 1))
    # (the colleges on line 3 are also read as parties: test_parties_from_the_preamble…)
    roles = [(h.line, h.value, h.attr("role")) for h in found.roles if h.attr("role") != "party"]
    assert roles == [
        (1, "GM0014", "centrumgemeente"),
        (2, "GM0935", "centrumgemeente"),
        (3, "GM0917", "mandate"),
        (5, "GM0796", "centrumgemeente"),
    ]


def test_document_type_from_self_reference_needs_a_clear_majority() -> None:
    from bwgraph.recognise.instruments import document_type

    # no type word in the title block (the first lines); the text calls itself a convenant
    own = "".join(f"Artikel {i}\n" for i in range(1, 16)) + "Dit convenant regelt veel.\n" * 3
    t = document_type(lines_of(own))
    assert t is not None and (t.notation, t.how) == ("convenant", "self-reference")
    report = own + "Dit beleidskader geldt.\nDeze samenwerkingsovereenkomst ook.\n"
    assert document_type(lines_of(report)) is None


def test_periods_start_with_duration_and_term_end() -> None:
    text = (
        "afgesproken vanaf 2021 en in tien jaar te willen toewerken naar doordecentralisatie.\n"
        "Daarom is de looptijd van het convenant tot 1 januari 2020.\n"
        "Vanaf 2022 groeien we toe. In tien jaar gebeurt veel."
    )
    got = [
        (h.line, h.attr("start"), h.attr("end"), h.attr("duration"))
        for h in recognise_periods(lines_of(text))
    ]
    # line 3: the duration is in another sentence than the start year: not combined, not read
    assert got == [(1, "2021", "", "P10Y"), (2, "", "2020-01-01", "")]


def test_dates_from_conversions_and_later_verbs() -> None:
    text = (
        "omdat per 1-1- 2022 een nieuw verdeelmodel wordt ingevoerd.\n"
        "in 2021 de regiovisie beschermd wonen voor de periode 2022-2032 is vastgesteld.\n"
        "de gemeenten in 2017 en 2018 een beleidskader hebben vastgesteld;\n"
        "Op 3 maart 2020 heeft de raad het plan vastgesteld.\n"
        "In 2019 was het druk."
    )
    got = [(h.line, h.value, h.attr("meaning")) for h in recognise_dates(lines_of(text))]
    assert got == [
        (1, "2022-01-01", "met_ingang_van"),
        (2, "2021", "vastgesteld"),
        (4, "2020-03-03", "vastgesteld"),
    ]


def test_dates_of_a_cvdr_change_table() -> None:
    """lokaleregelgeving.overheid.nl: headers one per line, then the first row's filled cells."""
    text = (
        "Overzicht van in de tekst verwerkte wijzigingen\n"
        "Datum inwerkingtreding\nTerugwerkende kracht tot en met\nDatum uitwerkingtreding\n"
        "Betreft\nDatum ondertekening\nBron bekendmaking\nKenmerk voorstel\n"
        "24-09-2022nieuwe regeling\n\n13-09-2022\n\ngmb-2022-425778\n"
        "Tekst van de regeling\n"
    )
    got = [(h.line, h.text, h.value, h.attr("meaning")) for h in recognise_dates(lines_of(text))]
    assert got == [
        (9, "24-09-2022", "2022-09-24", "in_werking"),
        (11, "13-09-2022", "2022-09-13", "ondertekend"),
    ]


def test_documents_about_an_instrument_are_not_the_instrument() -> None:
    from bwgraph.recognise.instruments import document_type, recognise_instruments

    decision = lines_of(
        "Beleidskader regionale maatwerkvoorziening beschermd wonen regio Breda 2021-2025\n"
        "Het college besluit:\n"
        "Het beleidskader aan de Raad aan te bieden ter vaststelling.\n"
    )
    assert document_type(decision) is None
    (inst,) = [h for h in recognise_instruments(decision, None) if h.line == 1]
    assert (inst.value, inst.attr("relation")) == ("beleidsplan", "proposes")

    page = lines_of(
        "Convenant beschermd wonen Drenthe\nJaar van uitgave:2018\nType(s):Convenant\nTekst.\n"
    )
    assert document_type(page) is None
    assert document_type(lines_of("Convenant beschermd wonen Drenthe\nTekst.\n")) is not None


def test_amends_only_what_the_document_is_about() -> None:
    from bwgraph.recognise.instruments import document_type, recognise_instruments

    own = lines_of("Besluit tot wijziging van de Centrumregeling Beschermd Wonen Regio X\nTekst.\n")
    rel = {h.attr("relation") for h in recognise_instruments(own, document_type(own))}
    assert rel == {"amends"}
    report = lines_of(
        "".join(f"Hoofdstuk {i}\n" for i in range(12)) + "Na wijziging van het convenant.\n"
    )
    rel = {h.attr("relation") for h in recognise_instruments(report, document_type(report))}
    assert rel == {"mentions"}


def test_news_of_a_signing_is_not_the_convenant() -> None:
    """A news item titled 'Ondertekening convenant …' is about the convenant, not the convenant;
    a quoted title right after the type word is its title."""
    from bwgraph.recognise.instruments import document_type, recognise_instruments

    news = lines_of(
        "Ondertekening convenant “Huisvesting (ex)cliënten Beschermd Wonen en Opvang”\n\n"
        "3 juli 2018\n\nOp 29 juni is het convenant door alle partijen ondertekend.\n"
    )
    assert document_type(news) is None
    first = recognise_instruments(news, None)[0]
    assert (first.attr("title"), first.attr("relation")) == (
        "Huisvesting (ex)cliënten Beschermd Wonen en Opvang",
        "mentions",
    )


def test_formal_titles_and_headlines() -> None:
    from bwgraph.recognise.instruments import document_type

    def notation(text: str) -> str | None:
        t = document_type(lines_of(text))
        return t.notation if t else None

    assert notation("Gemeenschappelijke regeling Centrumregeling beschermd wonen 2024\n") == (
        "centrumregeling"
    )
    assert (
        notation(
            "Besluit van het college van de gemeente Maasgouw houdende regels omtrent convenant "
            "Beschermd Wonen en Opvang 2020-2021\n"
        )
        == "convenant"
    )
    # a headline that names a convenant is news about it
    assert notation("Alle centrumgemeenten tekenen Convenant beschermd wonen\nTekst.\n") is None


def test_a_planned_adoption_is_not_an_adoption() -> None:
    text = "Deze afspraken zullen worden vastgesteld in de gemeenteraad in maart 2023.\n"
    assert recognise_dates(lines_of(text)) == []
    assert [h.attr("meaning") for h in recognise_dates(lines_of("Vastgesteld in maart 2023."))] == [
        "vastgesteld"
    ]


def test_two_years_a_span_unless_events_or_intentions() -> None:
    def spans(text: str) -> list[tuple[str, str]]:
        return [(h.attr("start"), h.attr("end")) for h in recognise_periods(lines_of(text))]

    assert spans("de gemeente fungeert in 2020 en 2021 nog steeds als centrumgemeente.") == [
        ("2020", "2021")
    ]
    assert spans("De gemeenten hebben in 2017 en 2018 een beleidskader vastgesteld.") == []
    assert spans("We zullen in 2018 en 2019 hard aan de slag moeten.") == []
    assert spans("De 10 gemeenten willen in ieder geval tot 2025 samen blijven werken.") == [
        ("", "2025")
    ]
    # the validity header of a consolidated text gives two dates, not a period of the instrument
    header = lines_of("Geldend van 30-10-2024 t/m 30-12-2026\n")
    assert spans("Geldend van 30-10-2024 t/m 30-12-2026") == []
    assert [h.attr("meaning") for h in recognise_dates(header)] == ["geldend_van", "geldend_tot"]


def test_bare_years_need_what_started_or_a_catalogue_field() -> None:
    def dated(text: str) -> list[tuple[str, str]]:
        return [(h.value, h.attr("meaning")) for h in recognise_dates(lines_of(text))]

    assert dated("Sinds 2015 is de gemeente Haarlem als centrumgemeente verantwoordelijk.") == [
        ("2015", "met_ingang_van")
    ]
    assert dated("Sinds de decentralisatie van Wmo-taken in 2015 zijn de taken belegd.") == [
        ("2015", "met_ingang_van")
    ]
    assert dated("In Almere wordt sinds 2019 gewerkt aan een betere balans.") == []
    assert dated("Het plan is erop gericht om per 2030 geen daklozen meer te hebben.") == []
    assert dated("Per 2024 gaan de middelen over.") == [("2024", "met_ingang_van")]
    assert dated("Jaar van uitgave:2018") == [("2018", "other")]


def test_a_place_in_an_organisation_name_is_no_municipality() -> None:
    text = (
        "De Vereniging Gehandicaptenzorg Utrecht, vertegenwoordigd door de voorzitter,\n"
        "Xxxx, als concessiehouder voor Zorgkantoor Utrecht,\n"
        "De gemeente Utrecht, vertegenwoordigd door de wethouder,\n"
    )
    found = recognise_all(lines_of(text))
    assert [(h.line, h.value) for h in found.municipalities] == [(3, "GM0344")]
    assert {h.text for h in found.organisations} >= {
        "Vereniging Gehandicaptenzorg Utrecht",
        "Zorgkantoor Utrecht",
    }


def test_compound_scope_words_and_dated_events() -> None:
    got = {h.value for h in recognise_scope(lines_of("gebruik van verslavingszorgvoorzieningen"))}
    assert got == {"verslavingszorg"}
    text = "Op 1 december 2022 is door ministeries en de VNG het actieplan gelanceerd."
    assert [(h.value, h.attr("meaning")) for h in recognise_dates(lines_of(text))] == [
        ("2022-12-01", "other")
    ]
    signed = "Op 29 juni 2018 is het convenant door alle partijen ondertekend."
    assert [h.attr("meaning") for h in recognise_dates(lines_of(signed))] == ["ondertekend"]


def test_dates_of_budget_pages() -> None:
    def dated(text: str) -> list[tuple[str, str]]:
        return [(h.value, h.attr("meaning")) for h in recognise_dates(lines_of(text))]

    assert dated("Publicatiedatum: 04-12-2019") == [("2019-12-04", "document_datum")]
    assert dated("dat er uiterlijk 1 oktober 2018 een aanpak moet zijn") == [
        ("2018-10-01", "other")
    ]
    assert dated("Het beleidsplan is eind 2021 in alle regiogemeenten vastgesteld.") == [
        ("2021", "vastgesteld")
    ]
    # a year that only places an event is no date with a meaning
    assert dated("In 2017 heeft Companen onderzoek gedaan.") == []
    # "vanaf" a year starts an arrangement its sentence names …
    assert dated("Vanaf 2022 is de gemeente mede verantwoordelijk.") == [("2022", "met_ingang_van")]
    assert dated("welke gemeenten er vanaf 2020 samenwerken op het gebied van MO") == [
        ("2020", "met_ingang_van")
    ]
    # … not when it opens a span, is background, or the sentence names no such arrangement
    assert dated("hebben afgesproken vanaf 2021 en in tien jaar te willen toewerken naar een "
                 "doordecentralisatie") == []  # fmt: skip
    assert dated("de functie van de centrumgemeente, zoals die vanaf 2015 is ingericht") == []
    assert dated("de gemeenten afzonderlijk van het Rijk vanaf 2008 middelen ontvangen") == []
    spans = recognise_periods(
        lines_of("het regioplan ‘De Fryske Oanpak Beschermd Wonen vanaf 2022’")
    )
    assert [(h.attr("start"), h.attr("end")) for h in spans] == [("2022", "")]


def test_roles_of_a_member_of_the_centrumgemeenten_and_of_a_mandate_holder() -> None:
    text = (
        "De gemeente Leeuwarden is een van de 43 centrumgemeenten voor maatschappelijke opvang.\n"
        "waarin aan de gemeente Tilburg het mandaat wordt verleend om de taken uit te voeren.\n"
        "Het college van de gemeente Apeldoorn conform de bijlage mandaat en machtiging te "
        "verlenen voor de uitvoering van Maatschappelijke Opvang.\n"
        "De gemeente Zwolle is een van de gemeenten in de regio.\n"
        "Het college van de gemeente Epe heeft de nota vastgesteld.\n"
    )
    found = recognise_all(lines_of(text), date(2022, 1, 1))
    assert [(h.line, h.value, h.attr("role")) for h in found.roles] == [
        (1, "GM0080", "centrumgemeente"),
        (2, "GM0855", "mandate"),
        (3, "GM0200", "mandate"),
    ]


def test_dates_a_page_gives_itself_and_a_meeting_date() -> None:
    def dated(text: str) -> list[tuple[str, str]]:
        return [(h.value, h.attr("meaning")) for h in recognise_dates(lines_of(text))]

    # a date alone on a line under the title is the page's date …
    assert dated("Overzicht regionale samenwerking\n\n20-04-2017\n\nDe VNG heeft …") == [
        ("2017-04-20", "document_datum")
    ]
    # … not further down a long text, and not when words share its line
    assert dated("\n".join(f"regel {n}" for n in range(10)) + "\n20-04-2017") == []
    assert dated("Titel\n\nHet nieuws van 20-04-2017 in de krant") == []
    # the official edition header of a CVDR publication
    assert dated("CVDR Officiële uitgave van Brummen. Nr. CVDR434005_1 17 oktober 2017") == [
        ("2017-10-17", "document_datum")
    ]
    # "Datum :" with a time after it: the meeting's date
    assert dated("Datum : 26 februari 2018 Tijd : 20.00 uur") == [("2018-02-26", "vergadering")]
    assert dated("Datum : 26 februari 2018") == [("2018-02-26", "document_datum")]


def test_the_college_that_carries_out_the_others_task() -> None:
    text = (
        "Het college van Zwolle voert de taken uit namens de deelnemende gemeenten.\n"
        "De taken worden voor de regiogemeenten uitgevoerd door het college van de gemeente "
        "Deventer.\n"
        "Het college van burgemeester en wethouders van Ede is belast met de uitvoering van deze "
        "regeling.\n"
        "Het college van Breda voert de beleidsregels uit.\n"
        "Het college van Tilburg voert overleg met de overige gemeenten.\n"
    )
    found = recognise_all(lines_of(text), date(2022, 1, 1))
    assert [(h.line, h.value, h.attr("role")) for h in found.roles] == [
        (1, "GM0193", "mandate"),
        (2, "GM0150", "mandate"),
    ]


def test_parties_from_the_preamble_and_the_party_block() -> None:
    text = (
        "De colleges van burgemeester en wethouders van de gemeenten Dalfsen, Kampen (tot 2021) en "
        "Zwolle, ieder voor zover het zijn bevoegdheid betreft;\n"
        "Lichte gemeenschappelijke regeling Kompas tussen de gemeenten Asten, Deurne en Someren.\n"
        "Gemeente Beesel, te deze rechtsgeldig vertegenwoordigd door de burgemeester,\n"
        "Tot de regio behoren de gemeenten Epe, Heerde en Hattem.\n"
        "De gemeente Ede heeft een nota vastgesteld.\n"
    )
    found = recognise_all(lines_of(text), date(2022, 1, 1))
    parties = [(h.line, h.value) for h in found.roles if h.attr("role") == "party"]
    assert parties == [
        (1, "GM0148"),
        (1, "GM0166"),
        (1, "GM0193"),
        (2, "GM0743"),
        (2, "GM0762"),
        (2, "GM0847"),
        (3, "GM0889"),
    ]


def test_parties_listed_signed_represented_or_deciding() -> None:
    text = (
        "In dit convenant worden de afspraken tussen centrumgemeente Leiden, de regiogemeenten, te "
        "weten Katwijk, Lisse en Teylingen vastgelegd.\n"
        "De intentieverklaring is ondertekend door gemeenten Tilburg en Gilze-Rijen.\n"
        "De Gemeente Beek, hierbij rechtsgeldig vertegenwoordigd door mevrouw X,\n"
        "Het college van burgemeester en wethouders van de gemeente Barneveld;\n"
        "Het college van burgemeester en wethouders van de gemeente Ede heeft besloten.\n"
        "De gemeenten Delft en Westland werken samen.\n"
    )
    found = recognise_all(lines_of(text), date(2022, 1, 1))
    parties = [(h.line, h.value) for h in found.roles if h.attr("role") == "party"]
    assert parties == [
        (1, "GM0546"),
        (1, "GM0537"),
        (1, "GM0553"),
        (1, "GM1525"),
        (2, "GM0855"),
        (2, "GM0784"),
        (3, "GM0888"),
        (4, "GM0203"),
    ]


def test_the_dates_and_terms_an_instrument_states() -> None:
    def read(text: str) -> tuple[list[tuple[str, str]], list[tuple[str, str, str]]]:
        found = recognise_all(lines_of(text), date(2022, 1, 1))
        return (
            [(h.value, h.attr("meaning")) for h in found.dates],
            [(h.attr("start"), h.attr("end"), h.attr("duration")) for h in found.periods],
        )

    assert read("Deze regeling wordt aangegaan voor de duur van vijf jaar.") == (
        [], [("", "", "P5Y")]
    )  # fmt: skip
    assert read("Het convenant heeft een looptijd van 2 jaar.") == ([], [("", "", "P2Y")])
    assert read(
        "Deze regeling treedt in werking met ingang van 1 januari 2022 en geldt tot en met "
        "31 december 2026."
    ) == (
        [("2022-01-01", "in_werking"), ("2026-12-31", "geldend_tot")],
        [("", "2026-12-31", "")],
    )
    assert read("Aldus vastgesteld in de vergadering van 14 december 2021.")[0] == [
        ("2021-12-14", "vastgesteld")
    ]
    assert read("Ondertekend te Zwolle op 12 maart 2023.")[0] == [("2023-03-12", "ondertekend")]
    # no field for an open term or a tacit renewal: nothing is reported
    assert read("Deze regeling wordt aangegaan voor onbepaalde tijd.") == ([], [])
