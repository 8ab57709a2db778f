"""Stage 2: stable IRIs and entity resolution.

IRI policy (see README, "IRI policy"):

* one configurable base, default ``https://w3id.org/bwmo/``;
* instance IRIs are ``{base}id/{type}/{slug}`` with lower-case ASCII slugs derived from names or
  natural keys in the sources, never from counters or hashes of run-time state, so that a rebuild
  of the same sources mints the same IRIs;
* municipalities are identified by their TOOI IRI
  (``https://identifier.overheid.nl/tooi/id/gemeente/gm0363``), the CBS code is a literal;
* ontology terms live under ``https://w3id.org/bwmo/def#`` and code-list concepts under
  ``https://w3id.org/bwmo/def/{scheme}/{notation}``, both independent of the base;
* one named graph per source: ``{base}graph/{document-id}``, plus ``graph/reference``,
  ``graph/ontology`` and ``graph/dataset`` (VoID/DCAT).

Resolution is precision first: a name that does not match a known entity with confidence is
*not* merged by guess; callers mint an unresolved-mention node instead.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from pathlib import Path

from rdflib import URIRef

from bwgraph.namespaces import BWMO_CODE, TOOI_GEMEENTE

_NON_SLUG = re.compile(r"[^a-z0-9]+")


def slugify(text: str) -> str:
    """A readable, lower-case ASCII slug: ``"Vallei-regio (Ede)"`` → ``"vallei-regio-ede"``.

    Accents are folded (``Fryslân`` → ``fryslan``), ``&`` reads as ``en`` and a leading ``'s-``
    keeps its ``s`` (``'s-Hertogenbosch`` → ``s-hertogenbosch``).
    """
    text = text.replace("&", " en ").replace("’", "'")
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = _NON_SLUG.sub("-", folded.lower()).strip("-")
    if not slug:
        raise ValueError(f"cannot make a slug from {text!r}")
    return slug


def normalise_name(name: str) -> str:
    """A comparison key for names: case, accents, punctuation and spacing folded."""
    return slugify(name).replace("-", "")


def code_concept(scheme: str, notation: str) -> URIRef:
    """The IRI of a code-list concept, e.g. ``code_concept("status", "yes")``."""
    return BWMO_CODE[f"{scheme}/{notation}"]


@dataclass(frozen=True)
class IriMinter:
    """Mints instance IRIs under one base. Every minted IRI must dereference in the API."""

    base: str

    def id(self, kind: str, *parts: str) -> URIRef:
        """``{base}id/{kind}/{part}/{part}…``; parts are slugified unless already slugs."""
        if not parts:
            raise ValueError("an IRI needs at least one key part")
        slugs = [p if _is_slug(p) else slugify(p) for p in parts]
        return URIRef(f"{self.base}id/{kind}/{'/'.join(slugs)}")

    def graph(self, name: str) -> URIRef:
        """The named graph of a source document or of ``reference``/``ontology``/``dataset``."""
        return URIRef(f"{self.base}graph/{name}")

    def document(self, doc_id: str) -> URIRef:
        return self.id("document", doc_id)

    def source_line(self, doc_id: str, line: int) -> URIRef:
        """One line of a source document: the unit of evidence."""
        return URIRef(f"{self.base}id/document/{doc_id}/line/{line}")

    def region(self, name: str) -> URIRef:
        return self.id("region", name)

    def organisation(self, name: str) -> URIRef:
        return self.id("organisation", name)


def _is_slug(part: str) -> bool:
    return bool(part) and _NON_SLUG.sub("", part.replace("-", "")) == part.replace("-", "")


def municipality_iri(cbs_code: str) -> URIRef:
    """TOOI IRI from a CBS code in any of its forms (``GM0363``, ``gm0363``, ``0363``, ``363``)."""
    digits = re.sub(r"\D", "", cbs_code)
    if not digits or len(digits) > 4:
        raise ValueError(f"not a CBS municipality code: {cbs_code!r}")
    return TOOI_GEMEENTE[f"gm{int(digits):04d}"]


# --- municipalities -------------------------------------------------------------------------


@dataclass(frozen=True)
class Municipality:
    """A municipality as the TOOI register knows it."""

    cbs_code: str  # GM0363
    name: str  # official name without type, e.g. 's-Gravenhage
    preferred_name: str  # Den Haag
    tooi_iri: str
    province_iri: str
    province_name: str
    begin: date | None
    end: date | None  # last day of existence
    owms_iri: str

    def valid_on(self, day: date) -> bool:
        return (self.begin is None or self.begin <= day) and (self.end is None or day <= self.end)


#: Everyday names the sources use that are neither the official nor the preferred name.
MUNICIPALITY_ALIASES: dict[str, str] = {
    "den bosch": "GM0796",
    "s hertogenbosch": "GM0796",
    "den haag": "GM0518",
    "s gravenhage": "GM0518",
    "the hague": "GM0518",
    "bergen nh": "GM0373",
    "bergen noord holland": "GM0373",
    "bergen l": "GM0893",
    "bergen limburg": "GM0893",
    "nuenen": "GM0820",
}


@dataclass(frozen=True)
class BoundaryChange:
    """A TOOI change event: a merger, an absorption or a reshuffle of municipalities."""

    iri: str
    kind: str  # Samenvoeging | Uitbreiding | Herschikking
    day: date
    dissolved: tuple[str, ...]  # CBS codes
    created: tuple[str, ...]
    extended: tuple[str, ...]


def _alias_key(name: str) -> str:
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    folded = re.sub(r"^(de\s+)?gemeente\s+", "", folded.strip(), flags=re.I)
    return " ".join(re.sub(r"[^a-z0-9]+", " ", folded.lower()).split())


@dataclass
class MunicipalityRegistry:
    """All municipalities ever registered, with their boundary changes; resolves names and codes."""

    municipalities: dict[str, Municipality]
    changes: list[BoundaryChange]
    _by_name: dict[str, list[str]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        for m in self.municipalities.values():
            for n in {m.name, m.preferred_name}:
                self._by_name.setdefault(_alias_key(n), []).append(m.cbs_code)

    @classmethod
    def load(cls, reference_dir: Path) -> MunicipalityRegistry:
        munis: dict[str, Municipality] = {}
        with (reference_dir / "tooi_gemeenten_register.csv").open(encoding="utf-8") as f:
            for row in csv.DictReader(f):
                munis[row["cbs_code"]] = Municipality(
                    cbs_code=row["cbs_code"],
                    name=row["naam"],
                    preferred_name=row["voorkeursnaam"] or row["naam"],
                    tooi_iri=row["tooi_uri"],
                    province_iri=row["provincie_tooi_uri"],
                    province_name=row["provincie_naam"],
                    begin=_date_or_none(row["begindatum"]),
                    end=_date_or_none(row["einddatum"]),
                    owms_iri=row["owms_uri"],
                )
        changes: list[BoundaryChange] = []
        with (reference_dir / "tooi_gemeenten_wijzigingen.csv").open(encoding="utf-8") as f:
            for row in csv.DictReader(f):
                changes.append(
                    BoundaryChange(
                        iri=row["wijziging_uri"],
                        kind=row["soort"],
                        day=date.fromisoformat(row["datum"]),
                        dissolved=_codes(row["opgeheven"]),
                        created=_codes(row["nieuw"]),
                        extended=_codes(row["uitgebreid"]),
                    )
                )
        return cls(munis, changes)

    def get(self, cbs_code: str) -> Municipality:
        code = f"GM{int(re.sub(r'[^0-9]', '', cbs_code)):04d}"
        return self.municipalities[code]

    def by_name(self, name: str, on: date | None = None) -> Municipality | None:
        """The municipality a name denotes on a date, or ``None`` when unknown or ambiguous.

        Several municipalities have carried the same name over time; the date picks the one valid
        then. Without a date only an unambiguous name resolves.
        """
        key = _alias_key(name)
        codes = list(self._by_name.get(key, []))
        if not codes and key in MUNICIPALITY_ALIASES:
            codes = [MUNICIPALITY_ALIASES[key]]
        candidates = [self.municipalities[c] for c in codes]
        if on is not None:
            candidates = [m for m in candidates if m.valid_on(on)]
        return candidates[0] if len(candidates) == 1 else None

    def valid_on(self, day: date) -> list[Municipality]:
        return sorted(
            (m for m in self.municipalities.values() if m.valid_on(day)), key=lambda m: m.cbs_code
        )

    @cached_property
    def _successors(self) -> dict[str, list[tuple[date, str]]]:
        succ: dict[str, list[tuple[date, str]]] = {}
        for ch in self.changes:
            targets = ch.created + ch.extended
            for old in ch.dissolved:
                for new in targets:
                    succ.setdefault(old, []).append((ch.day, new))
        return succ

    def successors(self, cbs_code: str) -> list[tuple[date, str]]:
        """Direct successors of a dissolved municipality: ``(date of change, CBS code)``."""
        return sorted(self._successors.get(self.get(cbs_code).cbs_code, []))

    def current(self, cbs_code: str, on: date) -> list[Municipality]:
        """Carry a municipality forward to the one(s) that hold its territory on ``on``."""
        m = self.get(cbs_code)
        if m.valid_on(on):
            return [m]
        out: dict[str, Municipality] = {}
        for day, nxt in self.successors(m.cbs_code):
            if day <= on:
                for cur in self.current(nxt, on):
                    out[cur.cbs_code] = cur
        return sorted(out.values(), key=lambda x: x.cbs_code)

    def iter_all(self) -> Iterator[Municipality]:
        yield from (self.municipalities[c] for c in sorted(self.municipalities))


def _codes(field_value: str) -> tuple[str, ...]:
    return tuple(f"GM{c.strip()[2:]}" for c in field_value.split(";") if c.strip())


def _date_or_none(text: str) -> date | None:
    return date.fromisoformat(text) if text else None


# --- organisations ----------------------------------------------------------------------------


@dataclass(frozen=True)
class KnownOrganisation:
    """A row of ``data/reference/organisations.csv``: one real-world organisation or body."""

    slug: str
    name: str
    org_type: str  # notation in the organisation-type scheme, e.g. care_provider
    alt_labels: tuple[str, ...]
    note: str = ""


@dataclass
class OrganisationRegistry:
    """The curated alias table of organisations; one IRI per real-world organisation.

    Matching is exact on the normalised name or an alternative label (case, accents, spacing and
    punctuation folded: ``IrisZorg`` = ``Iriszorg``); anything else is unresolved.
    """

    organisations: dict[str, KnownOrganisation]
    _index: dict[str, str] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        for org in self.organisations.values():
            for label in (org.name, *org.alt_labels):
                key = normalise_name(label)
                other = self._index.get(key)
                if other is not None and other != org.slug:
                    raise ValueError(f"label {label!r} names both {other!r} and {org.slug!r}")
                self._index[key] = org.slug

    @classmethod
    def load(cls, path: Path) -> OrganisationRegistry:
        orgs: dict[str, KnownOrganisation] = {}
        with path.open(encoding="utf-8") as f:
            for lineno, row in enumerate(csv.DictReader(f), start=2):
                slug = row["slug"].strip()
                if slug in orgs:
                    raise ValueError(f"{path.name}:{lineno}: duplicate slug {slug!r}")
                orgs[slug] = KnownOrganisation(
                    slug=slug,
                    name=row["name"].strip(),
                    org_type=row["type"].strip(),
                    alt_labels=tuple(a.strip() for a in row["alt_labels"].split("|") if a.strip()),
                    note=row.get("note", "").strip(),
                )
        return cls(orgs)

    def resolve(self, name: str) -> KnownOrganisation | None:
        slug = self._index.get(normalise_name(name))
        return self.organisations[slug] if slug else None

    def __iter__(self) -> Iterator[KnownOrganisation]:
        yield from (self.organisations[s] for s in sorted(self.organisations))


# --- regions ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class KnownRegion:
    """A BW/MO region: the key is the slug of its name in the 2020 status report."""

    slug: str
    report_name: str  # as the HHM 2020 report writes it after "Regiobeeld"
    centrumgemeente: str  # CBS code
    alt_labels: tuple[str, ...] = ()
    parent: str | None = None  # slug of the region a sub-region belongs to


@dataclass
class RegionRegistry:
    """BW/MO regions and the names other documents give them (``data/reference/regions.csv``)."""

    regions: dict[str, KnownRegion]
    _index: dict[str, str] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        for r in self.regions.values():
            for label in (r.report_name, *r.alt_labels):
                self._index.setdefault(normalise_name(label), r.slug)

    @classmethod
    def load(cls, path: Path) -> RegionRegistry:
        regions: dict[str, KnownRegion] = {}
        with path.open(encoding="utf-8") as f:
            for row in csv.DictReader(f):
                slug = row["slug"].strip()
                regions[slug] = KnownRegion(
                    slug=slug,
                    report_name=row["report_name"].strip(),
                    centrumgemeente=row["centrumgemeente_cbs"].strip(),
                    alt_labels=tuple(a.strip() for a in row["alt_labels"].split("|") if a.strip()),
                    parent=row["parent"].strip() or None,
                )
        return cls(regions)

    def resolve(self, name: str) -> KnownRegion | None:
        slug = self._index.get(normalise_name(name))
        return self.regions[slug] if slug else None

    def by_centrumgemeente(self, cbs_code: str) -> list[KnownRegion]:
        return [r for r in self.regions.values() if r.centrumgemeente == cbs_code]

    def __iter__(self) -> Iterator[KnownRegion]:
        yield from (self.regions[s] for s in sorted(self.regions))


def unique(items: Iterable[str]) -> list[str]:
    """Order-preserving de-duplication (for labels collected from several places)."""
    seen: dict[str, None] = {}
    for i in items:
        seen.setdefault(i, None)
    return list(seen)


# --- instruments across documents ---------------------------------------------------------------

#: Words that do not tell one instrument from another in a title: articles, prepositions,
#: "regionaal", "nieuw", "concept", the law the field works under (Wmo) …
_TITLE_FILLER = frozenset(
    (  # noqa: SIM905 - a word list reads best as text
        "de het een van voor en in op aan met t m tm e v ev vanaf periode tot regionaal regionale "
        "regio nieuw nieuwe concept huidige gewijzigd gewijzigde bijbehorende"
    ).split()
)
#: The law the field works under, named in many titles ("… Wmo Flevoland …", "Wmo 2015").
_TITLE_LAW = re.compile(r"\bwmo(?:-2015)?\b")


def instrument_key(
    title: str,
    *,
    type_words: Iterable[str] = (),
    place_words: Iterable[str] = (),
    year: int | None = None,
) -> str:
    """The key that tells one instrument of a region and type from another, the same in every
    document: the title's distinctive words and years, folded.

    Dropped: filler words, the type word itself ("kader", "regiovisie") and the names of the
    region ("Flevoland"). A title with no other words is keyed by its first year, and an
    untitled mention by the year the text dates it to; ``""`` when nothing distinguishes it
    (a generic mention, kept apart from titled ones).

    >>> instrument_key("Regionaal Kader Zorglandschap 2020-2026", type_words=["kader"])
    'zorglandschap-2020-2026'
    >>> instrument_key("Regionaal kader zorglandschap Wmo Flevoland 2020-2026",
    ...                type_words=["kader"], place_words=["flevoland"])
    'zorglandschap-2020-2026'
    >>> instrument_key("regiovisie 2017-2022", type_words=["regiovisie"])
    '2017'
    >>> instrument_key("", year=2017)
    '2017'
    """
    drop = set(_TITLE_FILLER)
    for w in (*type_words, *place_words):
        drop.update(slugify(w).split("-") if w.strip() else ())
    tokens = _TITLE_LAW.sub("", slugify(title)).split("-") if title.strip(" '\"") else []
    keep = [t for t in tokens if t and t not in drop]
    years = [t for t in keep if re.fullmatch(r"(?:19|20)\d\d", t)]
    words = [t for t in keep if not t.isdigit()]
    if words:
        return "-".join(keep)
    if years:
        return years[0]
    return str(year) if year else ""


def region_place_words(region: KnownRegion) -> list[str]:
    """The words of a region's names, dropped from instrument titles ("… Wmo Flevoland …")."""
    labels = (region.report_name, *region.alt_labels)
    return [w for label in labels for w in slugify(label).split("-")]
