"""Full-text search over the graph: an SQLite FTS5 index built from the store.

Indexed per named resource: its names (labels, titles, report names, alternative names) and its
texts (narratives, explanations, status notes, action texts, goals, definitions). Ranking is
FTS5's BM25 with names weighted ten times the texts, after the resources named exactly as asked,
so a region or organisation named like the query comes before a paragraph that mentions it.
Diacritics are folded (``Fryslân`` = ``fryslan``), and the last word of a query matches as a
prefix (search-as-you-type).

The index lives in memory, built at server start in the background (``api.routers.web_pages``)
or on first use, per loaded build (about a second for the whole graph), and kept until the build
changes; the same index answers the IRI pickers of the question
forms (:func:`SearchIndex.lookup`, filtered by class including subclasses).
"""

from __future__ import annotations

import re
import sqlite3
import threading
import unicodedata
from collections import defaultdict
from dataclasses import dataclass

from api.per_build import PerBuild
from bwgraph.store import Store

_NAME_PROPS = (
    "https://w3id.org/bwmo/def#reportName",
    "http://www.w3.org/2004/02/skos/core#prefLabel",
    "http://www.w3.org/2004/02/skos/core#altLabel",
    "http://www.w3.org/2000/01/rdf-schema#label",
    "http://purl.org/dc/terms/title",
    "https://w3id.org/bwmo/def#cbsCode",
)
_TEXT_PROPS = (
    "https://w3id.org/bwmo/def#text",
    "https://w3id.org/bwmo/def#explanation",
    "https://w3id.org/bwmo/def#statusNote",
    "https://w3id.org/bwmo/def#goal",
    "https://w3id.org/bwmo/def#bodyTask",
    "http://www.w3.org/2004/02/skos/core#definition",
    "http://www.w3.org/2000/01/rdf-schema#comment",
)
_SKIP_TYPES = ("https://w3id.org/bwmo/def#SourceLine",)
_WORD = re.compile(r"\w+", re.UNICODE)
#: markers around matched words in snippets (replaced by <mark> after HTML escaping)
MARK_START, MARK_END = "\x02", "\x03"


@dataclass(frozen=True)
class Hit:
    iri: str
    title: str
    snippet: str  # plain text with MARK_START/MARK_END around matches
    kind: str  # the most specific class IRI (for its label)
    region: str | None
    score: float


def fold(text: str) -> str:
    """Lower case without diacritics and extra spaces: ``Fryslân`` → ``fryslan``."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).split())


def fts_query(text: str, *, prefix_last: bool = True) -> str | None:
    """A safe FTS5 query: every word quoted (AND), the last one as a prefix."""
    words = _WORD.findall(text)
    if not words:
        return None
    parts = [f'"{w}"' for w in words]
    if prefix_last:
        parts[-1] += "*"
    return " ".join(parts)


class SearchIndex:
    def __init__(self, store: Store) -> None:
        self.db = sqlite3.connect(":memory:", check_same_thread=False)
        self.lock = threading.Lock()
        self.db.execute(
            "CREATE VIRTUAL TABLE docs USING fts5(names, body, iri UNINDEXED, title UNINDEXED, "
            "kind UNINDEXED, types UNINDEXED, region UNINDEXED, folded UNINDEXED, "
            "tokenize = 'unicode61 remove_diacritics 2')"
        )
        self.size = self._fill(store)

    def _fill(self, store: Store) -> int:
        props = " ".join(f"<{p}>" for p in (*_NAME_PROPS, *_TEXT_PROPS))
        found = store.select(
            f"SELECT ?s ?p ?o WHERE {{ VALUES ?p {{ {props} }} ?s ?p ?o "
            "FILTER(isIRI(?s) && isLiteral(?o)) }"
        ).rows
        names: dict[str, list[str]] = defaultdict(list)
        bodies: dict[str, list[str]] = defaultdict(list)
        titles: dict[str, dict[str, str]] = defaultdict(dict)
        for r in found:
            s, p, o = r["s"].value, r["p"].value, r["o"]
            if p in _NAME_PROPS:
                if o.value not in names[s]:
                    names[s].append(o.value)
                if p != _NAME_PROPS[-1] and p != _NAME_PROPS[2]:
                    rank = _NAME_PROPS.index(p)
                    key = o.lang or ""
                    if key not in titles[s] or rank < int(titles[s][key].split("\x00")[0]):
                        titles[s][key] = f"{rank}\x00{o.value}"
            elif o.value not in bodies[s]:
                bodies[s].append(o.value)
        types: dict[str, set[str]] = defaultdict(set)
        direct: dict[str, str] = {}
        for r in store.select(
            "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
            "SELECT ?s ?t ?c WHERE { ?s a ?t . ?t rdfs:subClassOf* ?c FILTER(isIRI(?s)) }"
        ).rows:
            s, t = r["s"].value, r["t"].value
            types[s].add(r["c"].value)
            if t.startswith("https://w3id.org/bwmo/def#") or s not in direct:
                direct[s] = t
        regions = {
            r["s"].value: r["r"].value
            for r in store.select(
                "SELECT ?s ?r WHERE { ?s <https://w3id.org/bwmo/def#region> ?r }").rows
        }
        batch = []
        for s in set(names) | set(bodies):
            if types[s] & set(_SKIP_TYPES):
                continue
            langs = titles.get(s, {})
            title = next((langs[k] for k in ("nl", "", "en") if k in langs),
                         next(iter(langs.values()), "0\x00" + s.rsplit("/", 1)[-1]))
            batch.append((" | ".join(names[s]), "\n".join(bodies[s]), s, title.split("\x00", 1)[1],
                          direct.get(s, ""), " " + " ".join(sorted(types[s])) + " ",
                          regions.get(s), fold(title.split("\x00", 1)[1])))
        with self.lock:
            self.db.executemany("INSERT INTO docs VALUES (?, ?, ?, ?, ?, ?, ?, ?)", batch)
        return len(batch)

    def search(self, text: str, *, limit: int = 50, offset: int = 0) -> tuple[int, list[Hit]]:
        """Ranked hits for ``text`` (every word must occur) and the total number of hits."""
        q = fts_query(text)
        if q is None:
            return 0, []
        with self.lock:
            total = self.db.execute("SELECT count(*) FROM docs WHERE docs MATCH ?", (q,)
                                    ).fetchone()[0]
            cur = self.db.execute(
                "SELECT iri, title, kind, region, bm25(docs, 10.0, 1.0) AS score, "
                f"snippet(docs, 1, '{MARK_START}', '{MARK_END}', '…', 24), "
                f"snippet(docs, 0, '{MARK_START}', '{MARK_END}', '…', 12) "
                "FROM docs WHERE docs MATCH ? ORDER BY folded = ? DESC, score LIMIT ? OFFSET ?",
                (q, fold(text), limit, offset),
            )
            hits = [Hit(iri, title, body if MARK_START in body else name, kind, region, score)
                    for iri, title, kind, region, score, body, name in cur.fetchall()]
        return total, hits

    def lookup(self, text: str, cls: str | None, *, limit: int = 15) -> list[tuple[str, str]]:
        """``(iri, title)`` of resources of class ``cls`` whose names match ``text``."""
        q = fts_query(text)
        if q is None:
            return []
        q = "names : (" + q + ")"
        sql = "SELECT iri, title FROM docs WHERE docs MATCH ?"
        args: list[object] = [q]
        if cls:
            sql += " AND instr(types, ?) > 0"
            args.append(f" {cls} ")
        sql += " ORDER BY folded = ? DESC, bm25(docs, 10.0, 1.0) LIMIT ?"
        args.extend([fold(text), limit])
        with self.lock:
            return [(iri, title) for iri, title in self.db.execute(sql, args).fetchall()]


#: the index of a store, built on first use and kept until its build changes
index_for: PerBuild[SearchIndex] = PerBuild(SearchIndex)
