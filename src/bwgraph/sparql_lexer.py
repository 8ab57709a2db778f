"""SPARQL 1.1 tokens, and the one canonical text that both the guard and the evaluator read.

Why a lexer of our own: a guard that parses the query with one grammar while the engine parses it
with another can be fooled wherever the two disagree. rdflib ends a ``#`` comment only at ``\\n``,
pyoxigraph also at ``\\r``; so ``# x\\r SERVICE <…>`` looked like a comment to the old guard and
like a federated query to the engine. Rather than chase every such difference, the guard does not
let the engine see the client's text at all:

1. :func:`tokenize` reads the text with the terminals of the SPARQL 1.1 grammar (§19.8):
   comments end at CR or LF, whitespace is space, tab, CR, LF, and anything else — a backslash
   outside a string, a control character, a stray quote — is a lexical error (fail closed);
2. :func:`canonical` writes the tokens back out, one space apart, without comments, with every
   string re-escaped in one plain form (``"…"`` with ``\\\\ \\" \\n \\r \\t`` only) and every IRI
   checked against ``IRIREF``. That text is what pyoxigraph evaluates.

Whatever the engine reads is then exactly the token sequence the guard inspected: a keyword the
guard did not see cannot appear. The lexer is a single compiled regular expression scanned once
(linear in the query's length), so the check costs microseconds, not the tens of milliseconds of a
full pyparsing parse, and it is thread-safe.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum


class LexicalError(ValueError):
    """The text contains something that is no SPARQL token; ``line``/``column`` are 1-based."""

    def __init__(self, problem: str, line: int, column: int) -> None:
        super().__init__(problem)
        self.problem = problem
        self.line = line
        self.column = column


class Tok(StrEnum):
    IRI = "iri"
    PNAME = "pname"  # prefixed name or bare prefix (``ex:`` / ``ex:a``)
    VAR = "var"
    BNODE = "bnode"
    STRING = "string"
    LANGTAG = "langtag"
    NUMBER = "number"
    WORD = "word"  # keyword, function name, ``a``, ``true``/``false``
    PUNCT = "punct"


@dataclass(frozen=True, slots=True)
class Token:
    kind: Tok
    #: the token's value: for IRIs the IRI without brackets, for strings the decoded string,
    #: otherwise the text as written
    value: str
    #: where the token starts in the client's text (see :func:`position`)
    offset: int
    #: the text as written by the client (for messages)
    raw: str


# --- SPARQL 1.1 terminals (§19.8) ------------------------------------------------------------

_BASE = (
    "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff\u200c-\u200d"
    "\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd\U00010000-\U000effff"
)
_CHARS_U = _BASE + "_"
_CHARS = _CHARS_U + r"\-0-9\u00b7\u0300-\u036f\u203f-\u2040"
_PREFIX = rf"[{_BASE}](?:[{_CHARS}.]*[{_CHARS}])?"
_PLX = r"%[0-9A-Fa-f]{2}"  # PERCENT; PN_LOCAL_ESC (backslash escapes) is refused, see below
_LOCAL = (
    rf"(?:[{_CHARS_U}:0-9]|{_PLX})(?:(?:[{_CHARS}.:]|{_PLX})*(?:[{_CHARS}:]|{_PLX}))?"
)
_VARNAME = rf"[{_CHARS_U}0-9][{_CHARS_U}0-9\u00b7\u0300-\u036f\u203f-\u2040]*"
_ECHAR = r"""\\[tbnrf"'\\]"""
_UCHAR = r"\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8}"
_EXP = r"[eE][+-]?[0-9]+"

_SPEC: list[tuple[str, str]] = [
    ("ws", r"[ \t\r\n]+"),
    ("comment", r"#[^\r\n]*"),
    ("iri", r"<(?:[^<>\"{}|^`\\\x00-\x20]|" + _UCHAR + r")*>"),
    ("long1", rf"'''(?:(?:'|'')?(?:[^'\\]|{_ECHAR}|{_UCHAR}))*'''"),
    ("long2", rf'"""(?:(?:"|"")?(?:[^"\\]|{_ECHAR}|{_UCHAR}))*"""'),
    ("str1", rf"'(?:[^'\\\n\r]|{_ECHAR}|{_UCHAR})*'"),
    ("str2", rf'"(?:[^"\\\n\r]|{_ECHAR}|{_UCHAR})*"'),
    ("pname", rf"(?:{_PREFIX})?:(?:{_LOCAL})?"),
    ("var", rf"[?$]{_VARNAME}"),
    ("bnode", rf"_:[{_CHARS_U}0-9](?:[{_CHARS}.]*[{_CHARS}])?"),
    ("langtag", r"@[a-zA-Z]+(?:-[a-zA-Z0-9]+)*"),
    ("number", rf"[+-]?(?:[0-9]+\.[0-9]*{_EXP}|\.[0-9]+{_EXP}|[0-9]+{_EXP}|[0-9]*\.[0-9]+|[0-9]+)"),
    ("word", r"[A-Za-z_][A-Za-z0-9_]*"),
    ("punct", r"\^\^|\|\||&&|!=|<=|>=|<<|>>|[{}()\[\].,;*+\-/!^|=<>?]"),
]
_SCANNER = re.compile("|".join(f"(?P<{name}>{rx})" for name, rx in _SPEC))

_KIND = {
    "iri": Tok.IRI, "long1": Tok.STRING, "long2": Tok.STRING, "str1": Tok.STRING,
    "str2": Tok.STRING, "pname": Tok.PNAME, "var": Tok.VAR, "bnode": Tok.BNODE,
    "langtag": Tok.LANGTAG, "number": Tok.NUMBER, "word": Tok.WORD, "punct": Tok.PUNCT,
}
_ESCAPES = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f", '"': '"', "'": "'", "\\": "\\"}
_ESCAPE_RX = re.compile(r"\\(u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)", re.DOTALL)

#: deepest nesting of ``{ ( [`` accepted: deeper queries are refused with a clear 400 rather than
#: risking the engine's stack
MAX_NESTING = 64
#: most operators (``|| && = < + - * / | ^ !``…) and UNION/MINUS in one query: pyoxigraph's parser
#: recurses once per operator of a chain and overflows its stack (the process dies) somewhere
#: between 5,000 and 10,000 ``||`` (measured, pyoxigraph 0.5); real queries use dozens
MAX_OPERATORS = 2000
_OPERATORS = frozenset(("||", "&&", "=", "!=", "<", ">", "<=", ">=", "+", "-", "*", "/", "|",
                        "^", "!"))
_OPERATOR_WORDS = frozenset(("UNION", "MINUS"))


def _unescape(body: str, text: str, offset: int) -> str:
    def one(m: re.Match[str]) -> str:
        esc = m.group(1)
        if esc[0] in "uU" and len(esc) > 1:
            code = int(esc[1:], 16)
            if code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
                raise LexicalError(f"\\{esc} is not a Unicode character", *position(text, offset))
            return chr(code)
        return _ESCAPES[esc]

    return _ESCAPE_RX.sub(one, body)


def position(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of ``offset`` in ``text``."""
    line = text.count("\n", 0, offset) + 1
    start = text.rfind("\n", 0, offset) + 1
    return line, offset - start + 1


def tokenize(text: str, *, max_nesting: int = MAX_NESTING,
             max_operators: int = MAX_OPERATORS) -> list[Token]:
    """The tokens of ``text``; :class:`LexicalError` at the first character that starts none,
    at brackets nested deeper than ``max_nesting`` and past ``max_operators`` operators."""
    tokens: list[Token] = []
    pos = 0
    depth = 0
    operators = 0
    end = len(text)
    while pos < end:
        m = _SCANNER.match(text, pos)
        if m is None or m.end() == pos:
            line, col = position(text, pos)
            near = text[pos:pos + 20].splitlines()[0] if text[pos:pos + 20].strip() else ""
            char = text[pos]
            what = (f"unexpected character {char!r} (U+{ord(char):04X})" if not near or char == "\\"
                    or not char.isprintable() else f"no SPARQL token starts at {near!r}")
            if char == "\\":
                what += "; backslash escapes are allowed only inside strings and IRIs"
            raise LexicalError(what, line, col)
        group = m.lastgroup
        assert group is not None
        raw = m.group()
        pos = m.end()
        if group in ("ws", "comment"):
            continue
        kind = _KIND[group]
        value = raw
        if kind is Tok.IRI:
            value = _unescape(raw[1:-1], text, m.start())
            if re.search(r'[<>"{}|^`\\\x00-\x20]', value):
                raise LexicalError(f"IRI {raw[:60]!r} contains a character IRIs may not hold",
                                   *position(text, m.start()))
        elif kind is Tok.STRING:
            quote = 3 if group.startswith("long") else 1
            value = _unescape(raw[quote:-quote], text, m.start())
            if re.search(r"\\[uU]", value):
                raise LexicalError(
                    "a string holding a backslash followed by u or U is not accepted here (it "
                    "reads as a character escape to some SPARQL engines)",
                    *position(text, m.start()))
        elif kind is Tok.WORD and raw.upper() in _OPERATOR_WORDS:
            operators += 1
        elif kind is Tok.PUNCT:
            if raw in _OPERATORS:
                operators += 1
            if raw in "{([":
                depth += 1
                if depth > max_nesting:
                    raise LexicalError(
                        f"brackets nested deeper than {max_nesting} levels",
                        *position(text, m.start()))
            elif raw in "})]":
                depth -= 1
        if operators > max_operators:
            raise LexicalError(f"more than {max_operators} operators (||, &&, =, +, /, UNION …) "
                               "in one query", *position(text, m.start()))
        tokens.append(Token(kind, value, m.start(), raw))
    return tokens


def _quote(value: str) -> str:
    out = (value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
           .replace("\r", "\\r").replace("\t", "\\t"))
    return f'"{out}"'


def render(token: Token) -> str:
    """The token in canonical form."""
    if token.kind is Tok.IRI:
        return f"<{token.value}>"
    if token.kind is Tok.STRING:
        return _quote(token.value)
    return token.raw


@dataclass(frozen=True)
class Canonical:
    """A query's canonical text and where each token of it came from."""

    text: str
    tokens: tuple[Token, ...]
    #: start offset of each token in ``text`` (same order as ``tokens``)
    offsets: tuple[int, ...]

    def origin(self, offset: int) -> Token | None:
        """The token of the canonical text at ``offset`` (or the last one before it)."""
        found: Token | None = None
        for tok, start in zip(self.tokens, self.offsets, strict=True):
            if start > offset:
                break
            found = tok
        return found


#: tokens directly followed by ``(`` are written without a space between: a function call.
#: pyoxigraph does not accept ``COALESCE (…)`` or ``CONCAT (…)`` with a space although the
#: grammar allows it; gluing cannot merge two tokens into another (no name holds ``(``)
_CALLERS = (Tok.WORD, Tok.PNAME, Tok.IRI)


def canonical(tokens: list[Token]) -> Canonical:
    """One line: the tokens one space apart (a function name glued to its ``(``), strings and
    IRIs in their plain form."""
    out: list[str] = []
    offsets: list[int] = []
    at = 0
    previous: Token | None = None
    for tok in tokens:
        piece = render(tok)
        glue = (previous is not None and tok.kind is Tok.PUNCT and tok.raw == "("
                and previous.kind in _CALLERS)
        if out and not glue:
            out.append(" ")
            at += 1
        offsets.append(at)
        out.append(piece)
        at += len(piece)
        previous = tok
    return Canonical("".join(out), tuple(tokens), tuple(offsets))


def is_word(token: Token, word: str) -> bool:
    """``token`` is the keyword ``word`` (upper case given; SPARQL keywords are
    case-insensitive). Word tokens are ASCII by construction: a look-alike such as ``ſervice``
    (long s) is no token at all and makes the whole query a lexical error."""
    return token.kind is Tok.WORD and token.value.upper() == word
