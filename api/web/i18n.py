"""The two interface languages: Dutch (default) and English.

Words of the interface are here; names of things (topics, statuses, classes, sections) come from
the ontology's and code lists' ``@nl``/``@en`` labels (:mod:`api.web.labels`). The language is
chosen by ``?lang=nl|en`` (remembered in a cookie), else the cookie, else Dutch.
"""

from __future__ import annotations

from fastapi import Request

LANGS = ("nl", "en")
DEFAULT = "nl"
COOKIE = "bwgraph_lang"

_STRINGS: dict[str, tuple[str, str]] = {
    # key: (nl, en)
    "site": ("bwgraph", "bwgraph"),
    "tagline": ("Kennisgraaf beschermd wonen en maatschappelijke opvang: elk feit met zijn bron "
                "(document, regel, citaat).",
                "Knowledge graph of Dutch sheltered housing (BW) and shelter (MO) policy: every "
                "fact with its source (document, line, quote)."),
    "skip": ("Naar de inhoud", "Skip to content"),
    "nav": ("Hoofdmenu", "Main menu"),
    "home": ("Start", "Home"),
    "questions": ("Vragen", "Questions"),
    "matrix": ("Statusmatrix", "Status matrix"),
    "map": ("Kaart", "Map"),
    "regions": ("Regio's", "Regions"),
    "organisations": ("Organisaties", "Organisations"),
    "agreements": ("Afspraken", "Agreements"),
    "documents": ("Documenten", "Documents"),
    "municipalities": ("Gemeenten", "Municipalities"),
    "editor": ("SPARQL-editor", "SPARQL editor"),
    "api_docs": ("API-documentatie", "API documentation"),
    "ontology": ("Ontologie", "Ontology"),
    "search": ("Zoeken", "Search"),
    "search_label": ("Zoek in teksten, toelichtingen, titels en namen",
                     "Search texts, explanations, titles and names"),
    "search_button": ("Zoek", "Search"),
    "search_results": ("Zoekresultaten", "Search results"),
    "no_results": ("Geen resultaten.", "No results."),
    "results_for": ("resultaten voor", "results for"),
    "language": ("Taal", "Language"),
    "switch_lang": ("English", "Nederlands"),
    "what_graph_holds": ("Wat de graaf bevat", "What the graph holds"),
    "kind_of_fact": ("Soort feit", "Kind of fact"),
    "count": ("Aantal", "Count"),
    "sources": ("Bronnen", "Sources"),
    "date": ("Datum", "Date"),
    "kind": ("Soort", "Kind"),
    "source_text": ("brontekst", "source text"),
    "build": ("Build", "Build"),
    "build_date": ("Builddatum", "Build date"),
    "checksum": ("Controlegetal (SHA-256)", "Checksum (SHA-256)"),
    "triples": ("Triples", "Triples"),
    "entry_points": ("Ingangen", "Entry points"),
    "entry_questions": ("Benoemde vragen met formulieren; antwoorden als tabel en download",
                        "Named questions with forms; answers as a table and download"),
    "entry_matrix": ("Alle regio's × 17 onderwerpen, gekleurd naar status",
                     "All regions × 17 topics, coloured by status"),
    "entry_map": ("Kaart van Nederland per onderwerp", "Map of the Netherlands per topic"),
    "entry_editor": ("Zelf SPARQL schrijven (met voorbeelden)",
                     "Write SPARQL yourself (with examples)"),
    "entry_data": ("Downloads: dataset (TriG, N-Quads), VoID/DCAT-beschrijving",
                   "Downloads: dataset (TriG, N-Quads), VoID/DCAT description"),
    "parameters": ("Parameters", "Parameters"),
    "run": ("Beantwoord", "Answer"),
    "answer": ("Antwoord", "Answer"),
    "rows": ("rijen", "rows"),
    "download": ("Download", "Download"),
    "sparql_behind": ("De SPARQL achter deze vraag", "The SPARQL behind this question"),
    "open_in_editor": ("Open in de editor", "Open in the editor"),
    "optional": ("optioneel", "optional"),
    "required": ("verplicht", "required"),
    "default": ("standaard", "default"),
    "any": ("(alle)", "(any)"),
    "type_to_search": ("Typ om te zoeken", "Type to search"),
    "error": ("Fout", "Error"),
    "legend": ("Legenda", "Legend"),
    "filter_regions": ("Filter regio's", "Filter regions"),
    "sort_by": ("Sorteer op", "Sort by"),
    "sort_name": ("naam", "name"),
    "sort_report": ("volgorde in het rapport", "order in the report"),
    "sort_yes": ("aantal 'ja'", "number of 'yes'"),
    "skip_matrix": ("Sla de tabel over", "Skip the table"),
    "only_status": ("Alleen cellen met status", "Only cells with status"),
    "region": ("Regio", "Region"),
    "topic": ("Onderwerp", "Topic"),
    "status": ("Status", "Status"),
    "explanation": ("Toelichting", "Explanation"),
    "evidence": ("Bron", "Evidence"),
    "line": ("regel", "line"),
    "centrumgemeente": ("Centrumgemeente", "Central municipality (centrumgemeente)"),
    "members": ("Gemeenten (leden)", "Member municipalities"),
    "members_not_stated": ("De bron noemt de overige leden van deze regio niet.",
                           "The source does not name this region's other members."),
    "statuses": ("Stand van zaken (17 onderwerpen)", "Status (17 topics)"),
    "narratives": ("Uit het regiobeeld", "From the region report"),
    "instruments": ("Afspraken, plannen en visies", "Agreements, plans and visions"),
    "mentions": ("Genoemde organisaties en producten", "Organisations and products mentioned"),
    "capacities": ("Capaciteit en vraag", "Capacity and demand"),
    "actions": ("Actiepunten", "Action points"),
    "deadline": ("Deadline", "Deadline"),
    "responsible": ("Verantwoordelijk", "Responsible"),
    "parties": ("Partijen", "Parties"),
    "part_of": ("Onderdeel van", "Part of"),
    "subregions": ("Subregio's", "Subregions"),
    "described_in": ("Beschreven in", "Described in"),
    "facts": ("Gegevens", "Facts"),
    "referenced_by": ("Verwijzingen", "Referenced by"),
    "also_as": ("Ook als", "Also as"),
    "page": ("Pagina", "Page"),
    "previous": ("Vorige", "Previous"),
    "next": ("Volgende", "Next"),
    "of": ("van", "of"),
    "name": ("Naam", "Name"),
    "type": ("Soort", "Type"),
    "map_topic": ("Onderwerp op de kaart", "Topic on the map"),
    "map_year": ("Gemeentegrenzen", "Municipal boundaries"),
    "show": ("Toon", "Show"),
    "no_region": ("geen bekende regio in de graaf", "no known region in the graph"),
    "map_note": ("Gekleurd zijn de gemeenten die de bron als lid van een regio noemt (vaak alleen "
                 "de centrumgemeente); grijs gearceerd: van deze gemeente noemt de graaf geen "
                 "regio.",
                 "Coloured are the municipalities the source names as members of a region (often "
                 "only the centrumgemeente); grey hatched: the graph names no region for this "
                 "municipality."),
    "as_geojson": ("Als GeoJSON", "As GeoJSON"),
    "regions_on_map": ("Regio's op de kaart", "Regions on the map"),
    "not_assessed": ("niet beoordeeld", "not assessed"),
    "members_count": ("leden", "members"),
    "editor_intro": ("Schrijf een SPARQL-query of kies een benoemde vraag als tabblad. "
                     "Alleen lezen; tijd- en rijlimieten gelden.",
                     "Write a SPARQL query or pick a named question's tab. Read-only; time and row "
                     "limits apply."),
    "query": ("Query", "Query"),
    "result": ("Resultaat", "Result"),
    "no_js": ("De editor heeft JavaScript nodig; zonder JavaScript kunt u dit formulier gebruiken.",
              "The editor needs JavaScript; without it you can use this form."),
    "quote": ("Citaat", "Quote"),
    "status_note": ("Opmerking bij de status", "Status note"),
    "raw_status": ("In de bron", "In the source"),
    "matrix_intro": ("Elke cel is de beoordeling van één onderwerp voor één regio in de Regionale "
                     "stand van het land (29 oktober 2020); klik voor toelichting en citaat.",
                     "Each cell is the assessment of one topic for one region in the national "
                     "status report (29 October 2020); click for explanation and quote."),
    "fact_in_source": ("Wat de bron zegt", "What the source says"),
    "not_found": ("Niet gevonden", "Not found"),
    "index_intro": ("Alle {what} in de graaf.", "All {what} in the graph."),
    "regions_of": ("Regio's", "Regions"),
    "province": ("Provincie", "Province"),
    "cbs_code": ("CBS-code", "CBS code"),
    "established": ("Ingesteld", "Established"),
    "dissolved": ("Opgeheven", "Dissolved"),
    "used_by": ("Gebruikt door", "Used by"),
    "in_scheme": ("Codelijst", "Code list"),
    "definition": ("Definitie", "Definition"),
    "facts_from": ("Feiten uit dit document", "Facts from this document"),
    "question_list_intro": ("Vragen die analisten vaak stellen, als formulier. Elk antwoord noemt "
                            "zijn bron.",
                            "Questions analysts often ask, as forms. Every answer names its "
                            "source."),
}


def t(key: str, lang: str) -> str:
    """The interface text ``key`` in ``lang`` (the key itself when missing, so gaps show)."""
    pair = _STRINGS.get(key)
    if pair is None:
        return key
    return pair[1] if lang == "en" else pair[0]


def request_lang(request: Request) -> str:
    """``?lang=`` first, then the cookie, then Dutch."""
    asked = request.query_params.get("lang")
    if asked in LANGS:
        return asked
    cookie = request.cookies.get(COOKIE)
    if cookie in LANGS:
        return cookie
    return DEFAULT


def known_keys() -> list[str]:
    """Every interface key (for the test that templates use only known ones)."""
    return sorted(_STRINGS)
