"""SPARQL text read as tokens: keywords, the query form, updates, SERVICE and FROM.

A screening, not a parse: enough to refuse what must not run (updates, federated queries)
and to find where bound values go (`server.core.binding`). The store's own parser decides
whether a query is well formed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple

from lexkg.server.core.errors import QueryError

__all__ = [
    "FORMS",
    "Token",
    "form_at",
    "is_update",
    "lex",
    "may_resolve_iris",
    "query_form",
    "query_keywords",
    "screen",
]

# The SPARQL 1.1 grammar's terminals (section 19.8), enough to tell keywords from the rest.
# Possessive quantifiers: no backtracking, so tokenising is linear in the query's length.
_PN_CHARS_BASE = (
    "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff\u200c-\u200d"
    "\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd\U00010000-\U000effff"
)
_VAR_CHARS = _PN_CHARS_BASE + r"_0-9\u00b7\u0300-\u036f\u203f-\u2040"
_PN_CHARS = _VAR_CHARS + r"\-"
_PLX = r"%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?#@%]"
TOKEN = re.compile(
    r"(?P<comment>#[^\n\r]*+)"
    # A string without its closing quote (a syntax error) runs to the end of the text or line.
    r'|(?P<string>"""(?:[^"\\]|\\.|"(?!""))*+(?:"""|\Z)'
    r"|'''(?:[^'\\]|\\.|'(?!''))*+(?:'''|\Z)"
    r'|"(?:[^"\\\n\r]|\\.)*+"?'
    r"|'(?:[^'\\\n\r]|\\.)*+'?)"
    r'|(?P<iri><[^<>"{}|^`\\\x00-\x20]*+>)'
    rf"|(?P<var>[?$][{_VAR_CHARS}]++)"
    rf"|(?P<bnode>_:[{_PN_CHARS}.]*+)"
    r"|(?P<lang>@[A-Za-z]++(?:-[A-Za-z0-9]++)*+)"
    rf"|(?P<pname>(?:[{_PN_CHARS_BASE}][{_PN_CHARS}.]*+)?:(?:[{_PN_CHARS}.:]|{_PLX})*+)"
    rf"|(?P<run>[{_PN_CHARS}][{_PN_CHARS}.]*+)"
    r"|(?P<space>\s++)"
    r"|(?P<other>.)",
    re.DOTALL,
)
_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*+")
# Cheap test first: a query without these letters has neither keyword.
_MAYBE_SERVICE_OR_FROM = re.compile(r"service|from", re.IGNORECASE)

FORMS = ("SELECT", "CONSTRUCT", "DESCRIBE", "ASK")

# The prologue (PREFIX/BASE declarations, comments) before a request's first keyword.
_PROLOGUE = re.compile(
    r"(?:\s+|#[^\n\r]*|BASE\s*<[^>]*>|PREFIX\s*[^\s:<]*:\s*<[^>]*>)*", re.IGNORECASE
)
_IRI_LIKE = re.compile(r"<([^<>\s]*)>")
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:")
_IRI_CALL = re.compile(r"\b(?:IRI|URI)\s*\(", re.IGNORECASE)
_UPDATE_KEYWORD = re.compile(
    r"(?:INSERT|DELETE|LOAD|CLEAR|DROP|CREATE|ADD|MOVE|COPY|WITH)\b", re.IGNORECASE
)


class Token(NamedTuple):
    """One token of a query: its kind (a group name of `TOKEN`, or "word"), text, offsets."""

    kind: str
    text: str
    start: int
    end: int


def lex(sparql: str) -> Iterator[Token]:
    """The tokens of a query with their offsets, spaces and comments left out.

    A run of name characters that is no prefixed name (`abc`, `a.b-c`, `1x`) comes out as
    the words in it, each of kind "word": more keywords than the grammar would find, never
    fewer.
    """
    for match in TOKEN.finditer(sparql):
        kind = match.lastgroup or "other"
        if kind == "run":
            for word in _WORD.finditer(match.group()):
                start = match.start() + word.start()
                yield Token("word", word.group(), start, match.start() + word.end())
        elif kind not in ("space", "comment"):
            yield Token(kind, match.group(), match.start(), match.end())


def query_keywords(sparql: str) -> set[str]:
    """The keywords of a query (upper case): its bare words, outside IRIs, strings, names,
    variables and comments.

    Where `<` is a comparison (`FILTER(?a<?b)`), the text up to a later `>` can look like an
    IRI, and a `#` can hide that `>` in a comment: so a SERVICE inside an IRI-looking token
    with a `#` counts too when it reads as the keyword there (followed by a variable, a
    prefixed name or SILENT, and not after a `/`).
    """
    keywords: set[str] = set()
    for token in lex(sparql):
        if token.kind == "word":
            keywords.add(token.text.upper())
        elif (
            token.kind == "iri"
            and "#" in token.text
            and _hides_service(token.text[1:].split("#", 1)[0])
        ):
            keywords.add("SERVICE")
    return keywords


def _hides_service(text: str) -> bool:
    """Whether `text`, read as query text, has SERVICE as a keyword."""
    tokens = list(lex(text))
    for i, token in enumerate(tokens):
        if token.kind != "word" or token.text.upper() != "SERVICE":
            continue
        if i and tokens[i - 1].text == "/":
            continue
        after = tokens[i + 1] if i + 1 < len(tokens) else None
        if after is not None and (after.kind in ("var", "pname") or after.text.upper() == "SILENT"):
            return True
    return False


def screen(sparql: str) -> set[str]:
    """Which of SERVICE and FROM the query has as keywords."""
    if _MAYBE_SERVICE_OR_FROM.search(sparql) is None:
        return set()
    return query_keywords(sparql) & {"SERVICE", "FROM"}


def may_resolve_iris(sparql: str) -> bool:
    """Whether the query may hold a relative IRI, resolved against a base IRI: some `<…>`
    without a scheme (a comparison such as `?a<?b>?c` counts too), or IRI() or URI(). If
    not, a base IRI changes nothing, and pyoxigraph need not parse one."""
    if _IRI_CALL.search(sparql):
        return True
    return any(not _SCHEME.match(iri) for iri in _IRI_LIKE.findall(sparql))


def is_update(text: str) -> bool:
    """Whether the text is a SPARQL Update request rather than a query."""
    prologue = _PROLOGUE.match(text)
    start = prologue.end() if prologue else 0
    return _UPDATE_KEYWORD.match(text, start) is not None


def query_form(sparql: str) -> str:
    """SELECT, CONSTRUCT, DESCRIBE or ASK: the query's form; `QueryError` if none."""
    return form_at(list(lex(sparql)))[0]


def form_at(tokens: list[Token]) -> tuple[str, int]:
    """The query form and the index of its keyword among *tokens*, after the prologue."""
    i = 0
    while i < len(tokens) and tokens[i].kind == "word":
        keyword = tokens[i].text.upper()
        if keyword == "BASE":
            i += 2
        elif keyword == "PREFIX":
            i += 3
        else:
            break
    if i < len(tokens) and tokens[i].kind == "word" and tokens[i].text.upper() in FORMS:
        return tokens[i].text.upper(), i
    raise QueryError("malformed query: expected SELECT, CONSTRUCT, DESCRIBE or ASK")
