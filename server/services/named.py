"""Named questions: the SPARQL queries of ``queries/*.rq``, their headers and parameters.

A file opens with header lines ``#+ key: value``, continued on lines ``#+   …``:
``title@nl``, ``title@de`` and ``title@en`` (all required), ``description`` (English) and
one ``param NAME: TYPE [= DEFAULT]  description`` per parameter, TYPE one of ``iri``,
``language``, ``string``, ``integer``. Parameters are bound as RDF terms through the
store's bindings, never written into the query text; pyoxigraph binds only variables of
the SELECT projection, so every parameter must be projected.

What pages show besides (`translations.toml` beside the queries): the description in Dutch and
German, each parameter's label in the three languages, and the list of values
(`server.services.choices`) a parameter is chosen from.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from rdflib import XSD, Literal, URIRef

from lexkg.server.core.dates import parse_day
from lexkg.server.core.errors import ClientError
from lexkg.server.services.choices import LISTS
from lexkg.server.store.base import Store, select

__all__ = [
    "RESERVED",
    "TITLE_LANGUAGES",
    "TYPES",
    "HeaderError",
    "NamedQuery",
    "Param",
    "ParameterError",
    "bind",
    "graph_languages",
    "load_queries",
    "parse_query",
]

TYPES = ("iri", "language", "string", "integer", "date")
TITLE_LANGUAGES = ("nl", "de", "en")
RESERVED = frozenset({"format"})  # the HTTP interface's own query-string key
TRANSLATIONS = "translations.toml"  # beside the queries

_NAME = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_ENTRY = re.compile(
    r" (?:(?P<key>[a-z]+(?:@[a-z]{2,3})?):(?: +(?P<value>\S.*))?|(?P<param>param) (?P<spec>\S.*))"
)
_CONTINUATION = re.compile(r" {2,}(?P<value>\S.*)")
_PARAM = re.compile(
    r"(?P<name>[A-Za-z_][A-Za-z0-9_]*): (?P<type>[a-z]+)"
    r"(?: = (?P<default>\S(?:.*?\S)??))?(?: {2,}(?P<description>\S.*))?"
)
_IRI = re.compile(r"https?://[^\x00-\x20<>\"{}|^`\\/?#]+(?:[/?#][^\x00-\x20<>\"{}|^`\\]*)?")
_LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,8}(?:-[A-Za-z0-9]{1,8})*")
_INTEGER = re.compile(r"[+-]?[0-9]{1,18}")
# Comments, strings and IRIs, whose words are not the query's own.
_OPAQUE = re.compile(
    r"#[^\n\r]*|\"\"\"(?:[^\"\\]|\\.|\"(?!\"\"))*\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r"|\"(?:[^\"\\\n\r]|\\.)*\"|'(?:[^'\\\n\r]|\\.)*'|<[^<>\"{}|^`\\\x00-\x20]*>",
    re.DOTALL,
)
_PROJECTION = re.compile(
    r"(?<![?$\w])SELECT\b(?P<projection>.*?)(?:(?<![?$\w])WHERE\b|\{)", re.I | re.DOTALL
)
_ALL = re.compile(r"\s*(?:(?:DISTINCT|REDUCED)\s+)?\*", re.I)
_LANGUAGES = """
SELECT DISTINCT (LANG(?t) AS ?lang) WHERE { ?e <https://w3id.org/lexkg/ontology#text> ?t }
"""


class HeaderError(ValueError):
    """A query file that cannot be read as a named query; the message names file and line."""


class ParameterError(ClientError):
    """A parameter value that cannot be bound; the message names the parameter."""

    def __init__(self, name: str, problem: str) -> None:
        super().__init__(f"parameter {name!r}: {problem}")
        self.name = name


@dataclass(frozen=True)
class Param:
    """One parameter: a variable of the query, bound to a value of its type."""

    name: str
    type: str
    default: str | None
    description: str

    def as_json(self) -> dict[str, str | None]:
        return dict(self.__dict__)


@dataclass(frozen=True)
class NamedQuery:
    """One named question: its titles by language, description, parameters and SPARQL."""

    name: str
    titles: Mapping[str, str]
    description: str
    params: tuple[Param, ...]
    sparql: str  # the whole file: the header is made of SPARQL comments
    # For pages: the description by language (English from the header), each parameter's
    # label by language, and the list each parameter's values are chosen from.
    descriptions: Mapping[str, str] = field(default_factory=dict)
    labels: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    choices: Mapping[str, str] = field(default_factory=dict)

    def text(self, lang: str) -> tuple[str, str]:
        """The description in *lang*, else in English, and the language it is in."""
        if self.descriptions.get(lang):
            return self.descriptions[lang], lang
        return self.description, "en"

    def label(self, param: str, lang: str) -> str:
        """A parameter's label in *lang* (else English, else its name)."""
        found = self.labels.get(param, {})
        return found.get(lang) or found.get("en") or param


def load_queries(folder: Path) -> dict[str, NamedQuery]:
    """The named queries of the ``.rq`` files of a folder, by name (sorted), with what
    `translations.toml` there says of them (if it is there)."""
    if not folder.is_dir():
        raise HeaderError(f"{folder}: no such folder of named queries")
    queries = {q.name: q for q in map(parse_query, sorted(folder.glob("*.rq")))}
    path = folder / TRANSLATIONS
    if path.is_file():
        queries = _translated(path, queries)
    return queries


def _translated(path: Path, queries: dict[str, NamedQuery]) -> dict[str, NamedQuery]:
    """The queries with their descriptions, labels and lists from *path*; `HeaderError` for
    a query, parameter, language or list it names that there is not."""
    try:
        data = tomllib.loads(path.read_text("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise HeaderError(f"{path}: {error}") from None
    labels: dict[str, dict[str, str]] = data.get("labels", {})
    for name, by_lang in labels.items():
        _languages_known(path, f"labels.{name}", by_lang)
    entries: dict[str, dict] = data.get("queries", {})
    for name in entries:
        if name not in queries:
            raise HeaderError(f"{path}: [queries.{name}]: there is no query {name}.rq")
    found: dict[str, NamedQuery] = {}
    for name, query in queries.items():
        entry = entries.get(name, {})
        descriptions = {"en": query.description, **entry.get("description", {})}
        _languages_known(path, f"queries.{name}.description", descriptions)
        params = {p.name for p in query.params}
        choices: dict[str, str] = entry.get("choices", {})
        for param, list_name in choices.items():
            if param not in params:
                raise HeaderError(f"{path}: [queries.{name}]: {name} has no parameter {param!r}")
            if list_name not in LISTS:
                raise HeaderError(
                    f"{path}: [queries.{name}]: no list {list_name!r} (lists: {_list(LISTS)})"
                )
        own = {p: labels[p] for p in params if p in labels}
        found[name] = replace(query, descriptions=descriptions, labels=own, choices=choices)
    return found


def _languages_known(path: Path, where: str, by_lang: Mapping[str, str]) -> None:
    unknown = set(by_lang) - set(TITLE_LANGUAGES)
    if unknown:
        raise HeaderError(f"{path}: [{where}]: unknown language {sorted(unknown)[0]!r}")


def parse_query(path: Path) -> NamedQuery:
    """Read one ``.rq`` file; raise `HeaderError` naming the file and line if malformed."""
    if not _NAME.fullmatch(path.stem):
        raise HeaderError(f"{path}: a query's file name must be kebab-case, e.g. my-query.rq")
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as error:
        raise HeaderError(f"{path}: not UTF-8 ({error.reason} at byte {error.start})") from None
    entries, body = _header(path, text.splitlines())
    fields: dict[str, str] = {}
    params: dict[str, tuple[int, Param]] = {}
    keys = {f"title@{lang}" for lang in TITLE_LANGUAGES} | {"description"}
    for line, key, value in entries:
        where = f"{path}:{line}"
        if key == "param":
            param = _param(where, value)
            if param.name in params:
                raise HeaderError(f"{where}: parameter {param.name!r} declared twice")
            params[param.name] = (line, param)
        elif key not in keys:
            raise HeaderError(f"{where}: unknown header key {key!r} (known: param, {_list(keys)})")
        elif key in fields:
            raise HeaderError(f"{where}: {key} given twice")
        else:
            fields[key] = value
    missing = sorted(keys - set(fields))
    if missing:
        raise HeaderError(f"{path}:1: the header has no {missing[0]}")
    projected = _projection(body)
    for name, (line, _) in params.items():
        if projected is None:
            raise HeaderError(f"{path}:{line}: parameters need a SELECT query")
        if not (_ALL.match(projected) or re.search(rf"[?$]{name}\b", projected)):
            raise HeaderError(
                f"{path}:{line}: parameter {name!r} is not in the SELECT projection "
                "(only projected variables can be bound)"
            )
    titles = {lang: fields[f"title@{lang}"] for lang in TITLE_LANGUAGES}
    declared = tuple(param for _, param in params.values())
    return NamedQuery(path.stem, titles, fields["description"], declared, text)


def _header(path: Path, lines: list[str]) -> tuple[list[tuple[int, str, str]], str]:
    """The header's entries (line, key, value) with continuations joined, and the query."""
    entries: list[tuple[int, str, str]] = []
    number = 0
    for number, raw in enumerate(lines, start=1):
        if not raw.startswith("#+"):
            break
        rest = raw[2:].rstrip()
        if (more := _CONTINUATION.fullmatch(rest)) and entries:
            line, key, value = entries[-1]
            entries[-1] = (line, key, f"{value} {more['value']}".strip())
        elif entry := _ENTRY.fullmatch(rest):
            key = entry["param"] or entry["key"]
            entries.append((number, key, entry["spec"] or entry["value"] or ""))
        else:
            raise HeaderError(
                f"{path}:{number}: expected '#+ key: value', '#+ param NAME: TYPE  description' "
                f"or a continuation '#+   text', got {raw!r}"
            )
    else:
        number += 1
    if not entries:
        raise HeaderError(f"{path}:1: a named query starts with its header ('#+ title@en: …')")
    body = "\n".join(lines[number - 1 :])
    if not body.strip():
        raise HeaderError(f"{path}:{number}: no query after the header")
    return entries, body


def _param(where: str, value: str) -> Param:
    """One ``param`` entry: ``NAME: TYPE [= DEFAULT]  description``."""
    match = _PARAM.fullmatch(value)
    if not match:
        raise HeaderError(f"{where}: expected 'param NAME: TYPE [= DEFAULT]  description'")
    param = Param(match["name"], match["type"], match["default"], match["description"] or "")
    if param.type not in TYPES:
        raise HeaderError(
            f"{where}: parameter {param.name!r} has unknown type {param.type!r} "
            f"(known: {', '.join(TYPES)})"
        )
    if param.name in RESERVED:
        raise HeaderError(f"{where}: {param.name!r} is reserved for the answer's format")
    if param.default is not None:
        try:
            _convert(param, param.default, None)
        except ParameterError as error:
            raise HeaderError(f"{where}: bad default: {error}") from None
    return param


def _projection(body: str) -> str | None:
    """The projection of a SELECT query (comments, strings and IRIs blanked), else None."""
    match = _PROJECTION.search(_OPAQUE.sub(" ", body))
    return match["projection"] if match else None


def _list(items: Collection[str]) -> str:
    return ", ".join(sorted(items))


def bind(
    query: NamedQuery, values: Mapping[str, str], *, languages: Collection[str] | None = None
) -> dict[str, URIRef | Literal]:
    """The query's parameters as RDF terms, from text values and the declared defaults.

    `languages` are the values a ``language`` parameter may take (None: any language tag).
    Raises `ParameterError` for an unknown, missing or malformed parameter.
    """
    declared = {p.name: p for p in query.params}
    for name in sorted(values):
        if name not in declared:
            known = _list(declared) or "none"
            raise ParameterError(name, f"not a parameter of {query.name} (its parameters: {known})")
    bound: dict[str, URIRef | Literal] = {}
    for param in query.params:
        value = values.get(param.name, param.default)
        if value is None:
            raise ParameterError(param.name, f"missing ({param.type}: {param.description})")
        bound[param.name] = _convert(param, value, languages)
    return bound


def _convert(param: Param, value: str, languages: Collection[str] | None) -> URIRef | Literal:
    """One text value as the RDF term of the parameter's type."""
    if param.type == "iri":
        if not _IRI.fullmatch(value):
            raise ParameterError(param.name, f"not an absolute http(s) IRI: {value!r}")
        return URIRef(value)
    if param.type == "language":
        if languages is not None and value not in languages:
            raise ParameterError(
                param.name, f"no texts in {value!r} (languages: {_list(languages)})"
            )
        if not _LANGUAGE_TAG.fullmatch(value):
            raise ParameterError(param.name, f"not a language tag: {value!r}")
        return Literal(value)
    if param.type == "integer":
        if not _INTEGER.fullmatch(value):
            raise ParameterError(param.name, f"not an integer (of at most 18 digits): {value!r}")
        return Literal(int(value))
    if param.type == "date":
        try:
            day = parse_day(value)
        except ValueError:
            raise ParameterError(param.name, f"not a date YYYY-MM-DD: {value!r}") from None
        return Literal(day.isoformat(), datatype=XSD.date)
    return Literal(value)


def graph_languages(store: Store) -> frozenset[str]:
    """The languages the graph has texts in (the values of ``language`` parameters)."""
    rows = select(store, _LANGUAGES)
    return frozenset(
        row["lang"].value for row in rows if row["lang"] is not None and row["lang"].value
    )
