"""Bindings written into a query's text, for a store that cannot take them beside it (an
external endpoint). In a CONSTRUCT, ASK or DESCRIBE query an IRI takes its variable's place
wherever a variable is used rather than declared (`write_in`); every other binding goes into
one-row `VALUES` blocks of RDF terms:

* at the start of the outermost WHERE group (all the bindings: the projection and the
  solution modifiers see them), and
* at the start of every nested group pattern (OPTIONAL, UNION, MINUS, GRAPH, EXISTS, a
  subquery's WHERE) that mentions a bound variable, with the bindings it mentions.

The second rule is what makes the answers equal to those of the embedded store, whose
substitutions replace the variable everywhere: a filter inside a nested group
(`OPTIONAL { ?e lkg:label ?l FILTER (LANG(?l) = ?lang) }` inside another OPTIONAL) is
evaluated in that group alone, where a `VALUES` of the outermost group does not reach.
Known differences from substitution: a `BIND (… AS ?v)` of a bound variable is a syntax error
(the variable is already in scope), and a `MINUS` whose only variable shared with the rest is
a bound one removes the solutions it matches (substitution would leave it no shared variable).

Why this is safe (the values come from clients; the query text does not):

* A value is one RDF term, serialised by rdflib (`term.n3()`): an IRI only after checking it
  has none of the characters IRIREF excludes (`<>"{}|^`\\`, spaces and controls), so it
  cannot end its `<…>` early; a literal with rdflib's escaping of quotes, backslashes and
  line breaks. The serialised term is then tokenised again with the SPARQL terminals of
  `server.core.sparql` and refused unless it is exactly one term (an IRI, or a string
  with an optional language tag or `^^<datatype>`): nothing in a value can become query
  syntax.
* Variable names must be plain names (`[A-Za-z_][A-Za-z0-9_]*`).
* The blocks go right after a `{` token found by the same tokeniser, never inside a
  comment, string or IRI of the query, and each block is complete (`VALUES (?a ?b) { (…) }`),
  so the query's own structure is unchanged around it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from rdflib import Literal as RdfLiteral
from rdflib import URIRef

from lexkg.server.core.errors import QueryError
from lexkg.server.core.sparql import Token, form_at, lex

__all__ = ["Bindings", "bind_values", "sparql_term", "write_in"]

# Values of query variables, by variable name.
Bindings = Mapping[str, URIRef | RdfLiteral]

_VARIABLE_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
# Characters an IRIREF cannot hold (SPARQL 1.1, production 139).
_NOT_IN_IRI = re.compile(r'[<>"{}|^`\\\x00-\x20]')


def sparql_term(name: str, value: URIRef | RdfLiteral) -> str:
    """One binding as SPARQL text: an RDF term that the lexer reads as exactly one term."""
    if not _VARIABLE_NAME.fullmatch(name):
        raise QueryError(f"cannot bind {name!r}: not a plain variable name")
    if isinstance(value, URIRef):
        if _NOT_IN_IRI.search(value):
            raise QueryError(f"cannot bind ?{name}: {value!r} is not an IRI")
        text = value.n3()
        shape = ("iri",)
    elif isinstance(value, RdfLiteral):
        if value.datatype is not None and _NOT_IN_IRI.search(value.datatype):
            raise QueryError(f"cannot bind ?{name}: bad datatype {value.datatype!r}")
        text = value.n3()
        shape = ("string", "lang") if value.language else ("string",)
        if value.datatype is not None:
            shape = ("string", "other", "other", "iri")  # "…"^^<datatype>
    else:
        raise QueryError(f"cannot bind ?{name}: {type(value).__name__} is not an IRI or literal")
    tokens = list(lex(text))
    if tuple(token.kind for token in tokens) != shape or "".join(t.text for t in tokens) != text:
        raise QueryError(f"cannot bind ?{name}: {text!r} is not one RDF term")
    return text


def _values(names: list[str], terms: Mapping[str, str]) -> str:
    variables = " ".join(f"?{name}" for name in names)
    row = " ".join(terms[name] for name in names)
    return f" VALUES ({variables}) {{ ({row}) }} "


@dataclass
class _Group:
    open: int  # index of the `{` token
    close: int = -1  # index of its `}`
    subselect: bool = False
    outermost: bool = False
    mentions: set[str] = field(default_factory=set)


# Keywords that open (True) or close (False) a place where a variable is declared, not used.
_REGIONS = {
    "SELECT": True,
    "VALUES": True,
    "GROUP": True,
    "ORDER": True,
    "HAVING": True,
    "LIMIT": True,
    "OFFSET": True,
    "WHERE": False,
}


def write_in(sparql: str, bindings: Bindings) -> tuple[str, dict[str, URIRef | RdfLiteral]]:
    """A CONSTRUCT, ASK or DESCRIBE query with its IRI bindings written in place of their
    variables, and the bindings left for `bind_values`.

    Some stores do not start a property path from a variable bound by `VALUES` (Virtuoso
    answers `?r eli:is_realized_by? ?s` with every triple of the store); an IRI in its place
    is what the embedded store's substitution amounts to. A variable stays bound by `VALUES`
    where an IRI cannot stand: in a projection (a subquery's), a `VALUES` header, after `AS`
    or `BOUND (`, or in solution modifiers. SELECT queries are left as they are: their
    bound variables stay in the answer's head.
    """
    left: dict[str, URIRef | RdfLiteral] = dict(bindings)
    iris = {name: value for name, value in bindings.items() if isinstance(value, URIRef)}
    tokens = list(lex(sparql))
    form, at = form_at(tokens)
    if not iris or form == "SELECT":
        return sparql, left
    unsafe: set[str] = set()
    places: list[Token] = []
    region = False  # in a projection, a VALUES header or solution modifiers
    for index in range(at + 1, len(tokens)):
        token = tokens[index]
        if token.text in ("{", "}"):
            region = False
        elif token.kind == "word" and token.text.upper() in _REGIONS:
            region = _REGIONS[token.text.upper()]
        elif token.kind == "var" and token.text[1:] in iris:
            before = [tokens[i].text.upper() for i in range(max(at, index - 2), index)]
            if region or before[-1:] == ["AS"] or before == ["BOUND", "("]:
                unsafe.add(token.text[1:])
            else:
                places.append(token)
    text = sparql
    for token in reversed(places):
        name = token.text[1:]
        if name not in unsafe:
            text = text[: token.start] + sparql_term(name, iris[name]) + text[token.end :]
    for name in iris.keys() - unsafe:
        del left[name]
    return text, left


def bind_values(sparql: str, bindings: Bindings) -> str:
    """The query with `bindings` written in as VALUES blocks (see the module's documentation).

    Raises `QueryError` for a query whose braces do not match or that has no query form,
    and for a value that is not one IRI or literal.
    """
    if not bindings:
        return sparql
    terms = {name: sparql_term(name, value) for name, value in bindings.items()}
    tokens = list(lex(sparql))
    form, at = form_at(tokens)
    groups: list[_Group] = []
    stack: list[_Group | None] = []  # None: a brace that is no group pattern
    data_block = False  # after VALUES: the next `{` opens rows of data
    # CONSTRUCT { template } … WHERE { … }, or the short form CONSTRUCT … WHERE { … }.
    template = short_construct = False
    if form == "CONSTRUCT":
        template = at + 1 < len(tokens) and tokens[at + 1].text == "{"
        short_construct = not template
    parens = 0
    for index in range(at + 1, len(tokens)):
        token = tokens[index]
        if token.kind == "var":
            for group in stack:
                if group is not None:
                    group.mentions.add(token.text[1:])
        elif token.kind == "word" and token.text.upper() == "VALUES":
            data_block = True
        elif token.text == "(":
            parens += 1
        elif token.text == ")":
            parens -= 1
        elif token.text == "{":
            if data_block or (template and index == at + 1):
                stack.append(None)
            else:
                following = tokens[index + 1] if index + 1 < len(tokens) else None
                group = _Group(
                    index,
                    subselect=following is not None and following.text.upper() == "SELECT",
                    outermost=not stack and parens == 0 and not any(g.outermost for g in groups),
                )
                groups.append(group)
                stack.append(group)
        elif token.text == "}":
            if not stack:
                raise QueryError("malformed query: a '}' closes no '{'")
            closed = stack.pop()
            if closed is None:
                data_block = False
            else:
                closed.close = index
    if stack:
        raise QueryError("malformed query: a '{' is not closed")
    outermost = next((group for group in groups if group.outermost), None)
    if outermost is None:
        raise QueryError("cannot bind variables of a query without a WHERE clause")
    edits: list[tuple[int, str]] = []
    for group in groups:
        names = sorted(terms) if group.outermost else sorted(group.mentions & terms.keys())
        if not names:
            continue
        brace = tokens[group.open].end
        if not group.subselect:
            edits.append((brace, _values(names, terms)))
        elif group.outermost:  # { SELECT … }: a VALUES block cannot precede SELECT
            edits.append((brace, _values(names, terms) + "{"))
            edits.append((tokens[group.close].start, " } "))
    text = sparql
    for offset, insert in sorted(edits, key=lambda edit: edit[0], reverse=True):
        text = text[:offset] + insert + text[offset:]
    if short_construct:  # CONSTRUCT WHERE { T } → CONSTRUCT { T } WHERE { … T }
        pattern = sparql[tokens[outermost.open].end : tokens[outermost.close].start]
        keyword_end = tokens[at].end
        text = f"{text[:keyword_end]} {{{pattern}}}{text[keyword_end:]}"
    return text
