"""The `/assess` page's model: the form made from `profile.FIELDS`, and an answer as rows.

Everything the template shows is made here, in the interface language: the fields with their
labels, help and values (as the request gave them, so a bad value is shown again), and an
`Assessment` as its date, version, roles and the rules grouped by modality, each with its
text, provision, bearers, limit and why, then the closed routes. Links are made by the
caller's *link* (`routes.common.local_link`); labels of the ontology's terms come from the
ontology graph, in the language asked, else English, else the term's local name.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from rdflib import RDFS, Graph, URIRef

from lexkg.server.services.assess import Assessment, Norm
from lexkg.server.services.i18n import LANGUAGE_NAMES, messages
from lexkg.server.services.profile import FIELDS, Field
from lexkg.server.services.profile_words import CHOICE_WORDS, FIELD_WORDS

__all__ = [
    "MODALITIES",
    "AnswerView",
    "FormField",
    "RuleView",
    "Term",
    "answer_view",
    "form_fields",
    "is_asked",
]

# The order of the groups of rules; a modality not listed comes after these, by name.
MODALITIES = (
    "obligation",
    "prohibition",
    "permission",
    "power",
    "criterion",
    "condition",
    "limit",
    "constitutive",
    "activity",
    "objective",
)
_ELI = "http://data.europa.eu/eli/reg/2021/1173/"
_TRUE = {"true", "1", "on", "yes"}
# Parameters that are not facts of the host: the page's language alone asks nothing.
_NOT_ASKING = {"lang", "format"}

_FIELDS = {f.name: f for f in FIELDS}

Link = Callable[[str], str]


@dataclass(frozen=True)
class FormField:
    """One field of the form: how it is shown and the value it shows."""

    name: str
    kind: str  # "checkbox", "select" or "date"
    label: str
    help: str
    help_lang: str
    value: str = ""
    checked: bool = False
    options: list[tuple[str, str]] = field(default_factory=list)


def is_asked(args: Mapping[str, list[str]]) -> bool:
    """Whether the request describes a host (any parameter but the language and format)."""
    return bool(set(args) - _NOT_ASKING)


def form_fields(
    args: Mapping[str, list[str]], lang: str, languages: Iterable[str]
) -> list[FormField]:
    """Every field of `FIELDS` in the interface language *lang*, filled in from *args* (the
    request's parameters); the text language is chosen among the graph's *languages*."""
    return [_form_field(f, args.get(f.name, []), lang, sorted(languages)) for f in FIELDS]


def _form_field(f: Field, given: list[str], lang: str, languages: list[str]) -> FormField:
    words = FIELD_WORDS[f.name]
    help_text = f.description if lang == "en" else words["help"][lang]
    common = {"name": f.name, "label": words["label"][lang], "help": help_text, "help_lang": lang}
    text = given[0] if given else None
    t = messages(lang)
    if f.type == "boolean" and f.default is True:  # a checkbox left empty could not say false
        value = text if text is not None else "true"
        options = [("true", t("assess.yes")), ("false", t("assess.no"))]
        return FormField(**common, kind="select", value=value.lower(), options=options)
    if f.type == "boolean":
        checked = text.lower() in _TRUE if text is not None else bool(f.default)
        return FormField(**common, kind="checkbox", value="true", checked=checked)
    if f.type == "date":
        return FormField(**common, kind="date", value=text or "")
    if f.type == "language":
        options = [(x, LANGUAGE_NAMES.get(x, x)) for x in languages]
        return FormField(**common, kind="select", value=text or lang, options=options)
    options = [(c, CHOICE_WORDS.get(c, {}).get(lang, c)) for c in f.choices]
    return FormField(**common, kind="select", value=text or f.default, options=options)


# -- The answer --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Term:
    """A term of the ontology as shown: its link, its label and the label's language (None
    for a local name)."""

    href: str
    label: str
    lang: str | None


@dataclass(frozen=True)
class RuleView:
    """One rule as shown: its words, where it is stated, who bears it and why it applies."""

    label: str
    label_lang: str | None
    text: str
    text_lang: str | None
    provision: str  # the link
    provision_name: str  # the ELI path, without the act and the version
    sentence: int | None
    bearers: list[Term]
    limit: str
    why: list[dict[str, Any]]


@dataclass(frozen=True)
class AnswerView:
    """An assessment as shown."""

    date: str
    version: str
    version_name: str
    text_lang: str
    roles: list[Term]
    groups: list[tuple[str, str, list[RuleView]]]  # (modality, heading, rules)
    ineligible: list[dict[str, Any]]
    count: int


def answer_view(answer: Assessment, ontology: Graph, link: Link, lang: str) -> AnswerView:
    """*answer* in the interface language *lang*, its terms labelled from *ontology*."""
    data = answer.as_json()
    groups: dict[str, list[RuleView]] = {}
    for norm in answer.norms:
        groups.setdefault(norm.modality, []).append(_rule(norm, ontology, link, lang))
    order = {m: i for i, m in enumerate(MODALITIES)}
    ordered = sorted(groups, key=lambda m: (order.get(m, len(order)), m))
    t = messages(lang)
    headings = {m: t(f"assess.modality.{m}") if m in order else m for m in ordered}
    closed = [
        {
            "route": c["route"],
            "provision": link(c["provision"]) if c["provision"] else None,
            "provision_name": _name(c["provision"]) if c["provision"] else None,
            "sentence": c.get("sentence"),
            "in_force_from": c.get("in_force_from"),
            "reason": c["reason"],
        }
        for c in data["ineligible"]
    ]
    return AnswerView(
        date=data["date"],
        version=link(answer.version),
        version_name=answer.version.rsplit("/", 1)[-1],
        text_lang=answer.lang,
        roles=[_term(ontology, r, link, lang) for r in answer.roles],
        groups=[(m, headings[m], groups[m]) for m in ordered],
        ineligible=closed,
        count=len(answer.norms),
    )


def _rule(norm: Norm, ontology: Graph, link: Link, lang: str) -> RuleView:
    why = [
        {
            "role": _term(ontology, w["role"], link, lang),
            "facts": [(_fact_label(f, lang), _value(f["value"], lang)) for f in w["facts"]],
        }
        for w in norm.why
    ]
    return RuleView(
        label=norm.label,
        label_lang=norm.label_lang,
        text=norm.text,
        text_lang=norm.lang,
        provision=link(norm.provision),
        provision_name=_name(norm.provision),
        sentence=norm.sentence,
        bearers=[_term(ontology, b, link, lang) for b in norm.bearers],
        limit=_limit(norm.limit, lang),
        why=why,
    )


def _name(provision: str) -> str:
    """`art_9/par_5` of an ELI of a subdivision version of the act."""
    path = provision.removeprefix(_ELI)
    return path.rsplit("/", 1)[0] if "/" in path else path


def _term(ontology: Graph, iri: str, link: Link, lang: str) -> Term:
    """*iri* linked and labelled in *lang*, else in English, else by a plain label or its
    local name."""
    labels = {x.language: str(x) for x in ontology.objects(URIRef(iri), RDFS.label)}
    for tag in (lang, "en", None):
        if tag in labels:
            return Term(link(iri), labels[tag], tag)
    return Term(link(iri), iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1], None)


def _fact_label(fact: Mapping[str, Any], lang: str) -> str:
    """The form's label of the field a fact comes from; the fact's own name where the field
    does not state it alone (a yes or no worked out from a field of another type)."""
    found = _FIELDS.get(fact["field"])
    worked_out = found is not None and isinstance(fact["value"], bool) != (found.type == "boolean")
    if found is None or worked_out:
        return fact["fact"]
    return FIELD_WORDS[found.name]["label"][lang]


def _value(value: Any, lang: str) -> str:
    if isinstance(value, bool):
        return messages(lang)("assess.yes" if value else "assess.no")
    return (
        CHOICE_WORDS.get(value, {}).get(lang, str(value)) if isinstance(value, str) else str(value)
    )


def _limit(limit: Mapping[str, Any] | None, lang: str) -> str:
    """A norm's share in words: "at most 50 % of …" (the share's object in its language)."""
    if not limit:
        return ""
    t = messages(lang)
    parts = []
    if "max_share" in limit:
        parts.append(f"{t('assess.at_most')} {limit['max_share']:g} %")
    if "share" in limit:
        parts.append(f"{limit['share']:g} %")
    text = ", ".join(parts)
    if "share_of" in limit:
        text += f" {t('assess.of')} {limit['share_of']}"
    return text
