"""Static checks of incoming SPARQL before anything is evaluated.

The endpoint is read-only and never makes outbound requests. The guard does not parse the client's
text with a second grammar (a guard and an engine that disagree can be played against each other:
see :mod:`bwgraph.sparql_lexer`). It reads the text into SPARQL tokens and hands the engine the
*canonical* text written from those tokens, so the keywords it inspected are exactly the ones the
engine will see:

* ``SERVICE`` anywhere as a keyword → :class:`OutboundRefused` (HTTP 400);
* an update keyword (``INSERT``, ``DELETE``, ``CLEAR`` …) → :class:`UpdateRefused` (HTTP 403);
  ``LOAD`` → :class:`OutboundRefused` (it fetches a URL);
* ``FROM``/``FROM NAMED`` or ``default-graph-uri``/``named-graph-uri`` naming a graph that is not
  in the store → :class:`OutboundRefused` (HTTP 400);
* text that is no SPARQL → :class:`InvalidQuery` (HTTP 400) with the client's line and column:
  lexical errors from the lexer, syntax errors from pyoxigraph's own parser (run on an empty
  store, never evaluated against data), mapped back to the client's text.

It fails closed: a query the lexer cannot read, or one that holds ``SERVICE`` in any case, is
refused even where an engine might have ignored it. The worker processes that evaluate client
queries have no network either (:mod:`api.worker`), so a gap here still reaches nothing.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from urllib.parse import urljoin

import pyoxigraph as ox

from bwgraph.sparql_lexer import (
    Canonical,
    LexicalError,
    Tok,
    Token,
    canonical,
    is_word,
    position,
    tokenize,
)
from bwgraph.store import QueryKind


class GuardError(Exception):
    """A query the endpoint refuses; ``status`` is the HTTP status to answer with."""

    status = 400


class InvalidQuery(GuardError):
    """Not valid SPARQL 1.1."""

    status = 400

    def __init__(self, problem: str, line: int | None = None, column: int | None = None) -> None:
        where = f" at line {line}, column {column}" if line is not None else ""
        super().__init__(f"invalid SPARQL{where}: {problem}")
        self.line = line
        self.column = column


class UpdateRefused(GuardError):
    """The endpoint is read-only."""

    status = 403

    def __init__(self, operations: Sequence[str] = ()) -> None:
        ops = f" ({', '.join(operations)})" if operations else ""
        super().__init__(
            f"this endpoint is read-only: SPARQL Update{ops} is not allowed; the graph changes "
            "only through `bwgraph build`"
        )


class OutboundRefused(GuardError):
    """The query would make the server fetch something from the network."""

    status = 400


_KINDS: dict[str, QueryKind] = {
    "SELECT": QueryKind.SELECT,
    "ASK": QueryKind.ASK,
    "CONSTRUCT": QueryKind.CONSTRUCT,
    "DESCRIBE": QueryKind.DESCRIBE,
}

#: keywords that occur only in SPARQL Update (``LOAD`` is also an outbound request)
_UPDATE_SET = frozenset(("INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE",
                         "COPY", "WITH"))

#: the base IRI relative IRIs in client queries resolve against (SPARQL 1.1 §4.1.1 lets the
#: service choose one; the dataset's own base makes ``<id/region/x>`` mean what it says)
DEFAULT_BASE = "https://w3id.org/bwmo/"

#: pyoxigraph's syntax errors say "error at LINE:COLUMN: …"
_OX_POSITION = re.compile(r"^error at (\d+):(\d+): ?")

#: an empty store: pyoxigraph parses a query when ``query()`` is called and evaluates lazily, so
#: a syntax check against it costs a parse and nothing else (ASK is checked as SELECT, which
#: the grammar allows wherever ASK is allowed, so it is never evaluated either)
_EMPTY = ox.Store()


@dataclass(frozen=True)
class CheckedQuery:
    """A query that passed the guard."""

    #: the canonical text: what the engine must evaluate (not the client's text)
    text: str
    kind: QueryKind
    #: IRIs of ``FROM`` and ``FROM NAMED`` clauses (all local graphs)
    from_graphs: tuple[str, ...] = ()
    from_named: tuple[str, ...] = ()
    #: the client's text
    original: str = ""
    #: the tokens behind :attr:`text`, to place the engine's syntax errors in the client's text
    canonical: Canonical | None = field(default=None, compare=False, repr=False)

    @property
    def has_dataset(self) -> bool:
        """The query names its own dataset (``FROM``/``FROM NAMED``)."""
        return bool(self.from_graphs or self.from_named)

    def syntax_error(self, message: str) -> InvalidQuery:
        """The engine's syntax error about :attr:`text`, placed in the client's text."""
        if self.canonical is None:
            return InvalidQuery(message.split("\n")[0])
        return _explain(message, self.canonical, self.original)


def _lex(text: str) -> list[Token]:
    try:
        tokens = tokenize(text)
    except LexicalError as exc:
        raise InvalidQuery(exc.problem, exc.line, exc.column) from None
    if not tokens:
        raise InvalidQuery("the query is empty (nothing but whitespace or comments)")
    return tokens


def _update_words(tokens: Sequence[Token]) -> list[str]:
    """The update operations named in ``tokens`` (``INSERT DATA``, ``DELETE WHERE``, ``DROP`` …),
    in order of appearance, for the refusal message."""
    found: list[str] = []
    for i, tok in enumerate(tokens):
        if tok.kind is not Tok.WORD:
            continue
        word = tok.value.upper()
        if word not in _UPDATE_SET:
            continue
        op = word
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        if word in ("INSERT", "DELETE") and nxt is not None and nxt.kind is Tok.WORD:
            follow = nxt.value.upper()
            if follow in ("DATA", "WHERE"):
                op = f"{word} {follow}"
        if op not in found:
            found.append(op)
    return found


def _refuse_update(words: Sequence[str]) -> None:
    if "LOAD" in words:
        raise OutboundRefused(
            "LOAD is refused: this endpoint never fetches remote data (and it is read-only)"
        )
    raise UpdateRefused(list(words))


def check_update(text: str) -> None:
    """Explain why an update request is refused: ``LOAD`` fetches a URL (400), the rest writes
    (403), text that is no SPARQL is 400. Always raises."""
    words = _update_words(_lex(text))
    _refuse_update(words or ["unknown operation"])


def check_dataset(graphs: Sequence[str], local_graphs: Collection[str], *, what: str) -> None:
    """Every graph IRI named by the request must be a named graph of the store."""
    foreign = [g for g in graphs if g not in local_graphs]
    if foreign:
        shown = foreign[0] if len(foreign[0]) <= 200 else foreign[0][:200] + "…"
        raise OutboundRefused(
            f"{what} <{shown}> is not a graph of this dataset; this endpoint never fetches "
            f"remote data. Local graphs: {', '.join(sorted(local_graphs)) or '(none)'}"
        )


def _prologue(tokens: Sequence[Token], base: str) -> tuple[dict[str, str], str]:
    """PREFIX and BASE declarations (they may only stand before the query form)."""
    prefixes: dict[str, str] = {}
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if is_word(tok, "BASE") and i + 1 < len(tokens) and tokens[i + 1].kind is Tok.IRI:
            base = urljoin(base, tokens[i + 1].value)
            i += 2
        elif (is_word(tok, "PREFIX") and i + 2 < len(tokens) and tokens[i + 1].kind is Tok.PNAME
              and tokens[i + 2].kind is Tok.IRI):
            prefixes[tokens[i + 1].value.split(":", 1)[0]] = urljoin(base, tokens[i + 2].value)
            i += 3
        else:
            break
    return prefixes, base


def _graph_iri(tok: Token, prefixes: dict[str, str], base: str) -> str:
    if tok.kind is Tok.IRI:
        return urljoin(base, tok.value)
    prefix, _, local = tok.value.partition(":")
    if prefix not in prefixes:
        raise InvalidQuery(f"undeclared prefix {prefix!r}:")
    return prefixes[prefix] + local


def _datasets(tokens: Sequence[Token], prefixes: dict[str, str], base: str
              ) -> tuple[list[str], list[str]]:
    from_graphs: list[str] = []
    from_named: list[str] = []
    for i, tok in enumerate(tokens):
        if tok.kind is not Tok.WORD or len(tok.value) != 4 or tok.value.upper() != "FROM":
            continue
        j = i + 1
        named = j < len(tokens) and is_word(tokens[j], "NAMED")
        j += int(named)
        if j < len(tokens) and tokens[j].kind in (Tok.IRI, Tok.PNAME):
            (from_named if named else from_graphs).append(_graph_iri(tokens[j], prefixes, base))
    return from_graphs, from_named


def _explain(message: str, canon: Canonical, original: str, *, shift_after: int = -1,
             shift: int = 0) -> InvalidQuery:
    """pyoxigraph's "error at LINE:COLUMN: …" about the canonical text → the client's line and
    column and the token written there (``shift`` characters are taken off positions past
    ``shift_after``, for a text that was edited before parsing)."""
    message = message.split("\n")[0]
    m = _OX_POSITION.match(message)
    if m is None:
        return InvalidQuery(message)
    offset = int(m.group(2)) - 1
    if shift_after >= 0 and offset > shift_after:
        offset -= shift
    problem = message[m.end():]
    if len(problem) > 300:
        problem = problem[:300] + "…"
    tok = canon.origin(offset)
    if tok is None:
        return InvalidQuery(problem)
    line, col = position(original, tok.offset)
    return InvalidQuery(f"syntax error near {tok.raw[:40]!r} ({problem})", line, col)


def _syntax_check(canon: Canonical, kind: QueryKind, original: str, base: str) -> None:
    """Parse (never evaluate) the canonical text with pyoxigraph on an empty store."""
    text = canon.text
    at = -1
    if kind is QueryKind.ASK:  # never evaluate: ASK is answered eagerly by pyoxigraph
        i = next(n for n, t in enumerate(canon.tokens) if is_word(t, "ASK"))
        at = canon.offsets[i]
        text = text[:at] + "SELECT *" + text[at + 3:]
    try:
        _EMPTY.query(text, base_iri=base)
    except SyntaxError as exc:
        raise _explain(str(exc), canon, original, shift_after=at,
                       shift=len("SELECT *") - 3) from None


def check_query(text: str, *, local_graphs: Collection[str], base: str = DEFAULT_BASE,
                syntax: bool = True) -> CheckedQuery:
    """Read ``text`` and refuse anything the endpoint must not run (see the module docs).

    The returned :attr:`CheckedQuery.text` is the canonical text; evaluate that, with
    ``base_iri=base``. ``syntax=False`` leaves the grammar to the evaluator — the endpoint does
    so because parsing some valid-looking texts costs pyoxigraph seconds (a 400-step property
    path: 17 s) and is best done where the time limit can kill it, in a worker; its syntax
    errors then go through :meth:`CheckedQuery.syntax_error`.
    """
    tokens = _lex(text)
    kind: QueryKind | None = None
    update = False
    for tok in tokens:
        if tok.kind is not Tok.WORD:
            continue
        word = tok.value.upper()
        if word == "SERVICE":
            line, col = position(text, tok.offset)
            raise OutboundRefused(
                f"SERVICE (line {line}, column {col}) is refused: this endpoint never makes "
                "outbound requests (federated queries are not supported)"
            )
        if word in _UPDATE_SET:
            update = True
        elif kind is None and word in _KINDS:
            kind = _KINDS[word]
    if update:
        _refuse_update(_update_words(tokens))
    if kind is None:
        first = tokens[0]
        line, col = position(text, first.offset)
        raise InvalidQuery(
            f"syntax error near {first.raw[:40]!r}: expected SELECT, ASK, CONSTRUCT or DESCRIBE "
            "(after any PREFIX/BASE declarations)", line, col)
    prefixes, qbase = _prologue(tokens, base)
    from_graphs, from_named = _datasets(tokens, prefixes, qbase)
    check_dataset(from_graphs, local_graphs, what="FROM")
    check_dataset(from_named, local_graphs, what="FROM NAMED")
    canon = canonical(tokens)
    if syntax:
        _syntax_check(canon, kind, text, base)
    return CheckedQuery(canon.text, kind, tuple(from_graphs), tuple(from_named), text, canon)
