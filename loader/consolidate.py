"""Stage 5: the base act, its amending acts and its corrigenda → the consolidated versions
(`loader.versions`), by the conventions of EUR-Lex's consolidated texts.

One version for the base act's entry into force, then one for each day an amending act
enters into force; each holds the whole act. A version is computed afresh from the base act:
the corrigenda first (a correction applies from the start), then every amending act in force
that day, in order of entry into force, each instruction in document order::

    base (per language) ──merge──▶ tree ──corrigenda──▶ start ──acts in force on day d──▶ version d

The language versions of an act are merged node by node (they must have the same parts), and
a node keeps a language only where every act that shaped its wording has that language; for
any other language of the version `Node.absent` says, in plain words, why there is no text.
An instruction of one amending act on an instruction of another (`Amendment.act`) changes
that other act's instruction, from the day it applies, before it is executed.

Nothing is half-applied and nothing given is changed: the first instruction that cannot be
executed stops everything with a `ConsolidationError` naming the act, the instruction (with
its file, line and language) and its target.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from types import MappingProxyType

from lexkg.loader import words
from lexkg.loader.errors import LoaderError
from lexkg.loader.model import Act, Amendment, Corrigendum, Division, Span
from lexkg.loader.versions import Node, Repeal, Source, Version

__all__ = ["ConsolidationError", "consolidate"]

_LANGUAGES = {
    "bg": "Bulgarian", "cs": "Czech", "da": "Danish", "de": "German", "el": "Greek",
    "en": "English", "es": "Spanish", "et": "Estonian", "fi": "Finnish", "fr": "French",
    "ga": "Irish", "hr": "Croatian", "hu": "Hungarian", "it": "Italian", "lt": "Lithuanian",
    "lv": "Latvian", "mt": "Maltese", "nl": "Dutch", "pl": "Polish", "pt": "Portuguese",
    "ro": "Romanian", "sk": "Slovak", "sl": "Slovenian", "sv": "Swedish",
}  # fmt: skip
_ACT_NAMES = {"REG": "Regulation (EU)", "DIR": "Directive (EU)", "DEC": "Decision (EU)"}
#: The parts of a base act a language version may be declared to lack (`Act.gaps`).
_PARTS = ("citations", "recitals", "articles", "annexes")
#: Sources that give a node its wording (a correction only mends it, in one language).
_SHAPING = ("original", "inserted", "added", "replaced", "amended")
_ROMAN = re.compile(r"(?=[ivxlc])(xc|xl|l?x{0,3})(ix|iv|v?i{0,3})")
_ROMAN_VALUES = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100}
_ONE_DAY = dt.timedelta(days=1)
_NONE: Mapping = MappingProxyType({})


class ConsolidationError(LoaderError):
    """Acts that cannot be consolidated: language versions whose parts differ, or an
    instruction or correction that cannot be executed.

    ``act`` is the ELI of the act (or the corrigendum's IRI) at fault, ``instruction`` the
    instruction's path in it, ``target`` the path acted on in the amended act and
    ``languages`` the language versions concerned. ``path``, ``line`` and ``column`` point
    at the instruction in the file of the first of those languages, where known.
    """

    def __init__(
        self,
        message: str,
        *,
        act: str | None = None,
        instruction: tuple[str, ...] = (),
        target: tuple[str, ...] | None = None,
        languages: Sequence[str] = (),
        **where,
    ) -> None:
        super().__init__(message, **where)
        self.act = act
        self.instruction = instruction
        self.target = target
        self.languages = tuple(languages)

    def __str__(self) -> str:
        return super().__str__() if self.path else self.message


# -- the acts ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class _ActText:
    """An act in all its given languages, with what the consolidation needs to know of it."""

    eli: str
    name: str  # "Regulation (EU) 2024/1732"
    date: dt.date  # the day it enters into force
    versions: Mapping[str, Act]

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(self.versions)


_FACTS = {
    "number": "number",
    "doc_type": "type",
    "eli": "ELI",
    "date_publication": "date of publication",
    "entry_into_force_days": "days to entry into force",
}


def _one(acts: Mapping[str, Act], attribute: str, name: str) -> object:
    """The value of `Act` *attribute* that the language versions giving it agree on."""
    what = _FACTS[attribute]
    given = {lang: getattr(a, attribute) for lang, a in acts.items()}
    given = {lang: v for lang, v in given.items() if v is not None}
    if not given:
        raise ConsolidationError(
            f"none of the language versions of {name} ({', '.join(acts)}) gives its {what}; "
            f"take it from the act's metadata (Act.{attribute})",
            languages=list(acts),
        )
    if len(set(given.values())) > 1:
        listed = ", ".join(f"{lang} {v}" for lang, v in given.items())
        raise ConsolidationError(
            f"the language versions of {name} disagree on its {what}: {listed}",
            languages=list(given),
        )
    return next(iter(given.values()))


def _describe(acts: Mapping[str, Act], role: str) -> _ActText:
    if not acts:
        raise ConsolidationError(f"no language version of the {role} act is given")
    for lang, act in acts.items():
        if act.language != lang:
            raise ConsolidationError(
                f"the {act.language} text {act.path} is given as the {lang} version",
                languages=[lang],
                path=act.path,
            )
    name = "act " + "/".join(sorted({a.number for a in acts.values()}))
    number = _one(acts, "number", name)
    doc_type = str(_one(acts, "doc_type", name))
    name = f"{_ACT_NAMES.get(doc_type, doc_type)} {number}"
    eli = _one(acts, "eli", name)
    published = _one(acts, "date_publication", name)
    days = _one(acts, "entry_into_force_days", name)
    assert isinstance(published, dt.date) and isinstance(days, int)
    return _ActText(str(eli), name, published + dt.timedelta(days=days), acts)


def _language(lang: str) -> str:
    return _LANGUAGES.get(lang, lang)


def _cite(path: tuple[str, ...]) -> str:
    """A path as a citation reads: ('art_1', 'pnt_3', 'pnt_a') → "Article 1, point (3)(a)"."""
    out = ""
    previous = ""
    for segment in path:
        kind, _, number = segment.partition("_")
        if kind == "par":
            out += f"({number})"
        elif kind == "pnt":
            out += f"({number})" if previous == "pnt" else f", point ({number})"
        else:
            word = {
                "art": "Article {}",
                "sbp": "subparagraph {}",
                "anx": "Annex {}",
                "cit": "citation {}",
                "rct": "recital ({})",
            }.get(kind, segment + "{}")
            out += (", " if out else "") + word.format(number)
        previous = kind
    return out or "the act as a whole"


def _slashed(path: tuple[str, ...]) -> str:
    return "/".join(path) or "(the act as a whole)"


# -- merging the language versions -------------------------------------------------------------


class _Mismatch(Exception):
    """Two language versions whose parts differ under ``parent``."""

    def __init__(self, parent: tuple[str, ...], ours: tuple[str, list[Division]], theirs) -> None:
        super().__init__(parent)
        self.parent, self.ours, self.theirs = parent, ours, theirs

    def message(self, name: str) -> str:
        (lang1, parts1), (lang2, parts2) = self.ours, self.theirs
        listed = lambda parts: ", ".join(d.segment for d in parts) or "no parts"  # noqa: E731
        return (
            f"the {lang1} and {lang2} texts of {name} differ under {_slashed(self.parent)}: "
            f"{lang1} has {listed(parts1)}; {lang2} has {listed(parts2)}"
        )

    def division(self) -> Division | None:
        """The first part of the second language that the first does not have."""
        ours = [d.path for d in self.ours[1]]
        return next((d for d in self.theirs[1] if d.path not in ours), None)


def _merge(
    parent: tuple[str, ...], versions: Mapping[str, list[Division]], sources: list[Source]
) -> list[Node]:
    """Nodes from the same parts in several languages (raises `_Mismatch` where they differ)."""
    langs = list(versions)
    first = langs[0] if langs else ""
    for other in langs[1:]:
        if [d.path for d in versions[other]] != [d.path for d in versions[first]]:
            raise _Mismatch(parent, (first, versions[first]), (other, versions[other]))
    if not langs:
        return []
    nodes = []
    for i, d in enumerate(versions[first]):
        each = {lang: versions[lang][i] for lang in langs}
        nodes.append(
            Node(
                kind=d.kind,
                number=d.number,
                path=d.path,
                label={lang: x.label for lang, x in each.items()},
                heading={lang: x.heading for lang, x in each.items() if x.heading is not None},
                text={lang: x.text for lang, x in each.items()},
                sources=list(sources),
                children=_merge(d.path, {lang: x.children for lang, x in each.items()}, sources),
            )
        )
    return nodes


def _base_tree(base: _ActText) -> Node:
    """The base act's tree, all its languages merged; a root node of kind "act" holds it."""
    origin = Source("original", base.eli, date=base.date, languages=frozenset(base.languages))
    root = Node("act", "", ())
    for part in _PARTS:
        having = {
            lang: getattr(act, part) for lang, act in base.versions.items() if part not in act.gaps
        }
        try:
            nodes = _merge((), having, [origin])
        except _Mismatch as problem:
            lang = problem.theirs[0]
            d = problem.division()
            raise ConsolidationError(
                problem.message(base.name),
                act=base.eli,
                target=problem.parent,
                languages=[problem.ours[0], lang],
                **_where(base.versions[lang], d),
            ) from None
        for lang, act in base.versions.items():
            if part in act.gaps:
                reason = f"the {_language(lang)} text of {base.name} given here lacks its {part}"
                for top in nodes:
                    for node in top.walk():
                        node.absent[lang] = reason
        root.children += nodes
    # An original wording names where it stands in the act as published (a node that moves
    # later, under a new first subparagraph, keeps it).
    for node in root.walk():
        node.sources = [
            replace(s, instruction=node.path) if s.kind == "original" else s for s in node.sources
        ]
    return root


def _where(act: Act, d: Division | None, crumbs: str | None = None) -> dict:
    """Where to point in an error: the file, and the division's line (and column)."""
    if d is None:
        return {"path": act.path}
    return {"path": act.path, "line": d.span.first, "column": d.span.first_col, "where": crumbs}


# -- the instructions ---------------------------------------------------------------------------


@dataclass
class _Instruction:
    """One instruction of an amending act, in all the languages in which it is known."""

    act: _ActText
    path: tuple[str, ...]  # in the amending act
    action: str
    target: tuple[str, ...]
    on: str | None  # the amending act whose instruction it acts on; None: the base act
    amendments: dict[str, Amendment]
    divisions: dict[str, Division]
    crumbs: dict[str, str]
    shaped_by: tuple[Source, ...] = ()  # instructions of later acts that changed this one

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(self.amendments)

    def source(self, kind: str) -> Source:
        """What this instruction is to a node it shapes (in the languages of its act: where
        another act changed it, that act's source follows with its own)."""
        return Source(kind, self.act.eli, self.path, self.act.date, frozenset(self.act.languages))

    def error(self, message: str, lang: str | None = None) -> ConsolidationError:
        lang = lang or self.languages[0]
        return ConsolidationError(
            f"{self.act.eli}, instruction {_slashed(self.path)} ({lang}), on "
            f"{_slashed(self.target)}: {message}",
            act=self.act.eli,
            instruction=self.path,
            target=self.target,
            languages=[lang] if lang else self.languages,
            **_where(self.act.versions[lang], self.divisions[lang], self.crumbs[lang]),
        )


def _leaves(
    divisions: list[Division], on: str | None, crumbs: tuple[str, ...]
) -> Iterator[tuple[Division, str | None, str]]:
    """The instructions among *divisions*, in document order, with the act each acts on."""
    for d in divisions:
        here = (*crumbs, d.label or d.segment)
        acted_on = (d.amendment.act if d.amendment else None) or on
        if d.amendment and d.amendment.action != "amend":
            yield d, acted_on, " › ".join(here)
        else:
            yield from _leaves(d.children, acted_on, here)


def _instructions(
    act: _ActText,
    base_eli: str,
    trees: Mapping[str, list[Division]],
    partial: frozenset[tuple[str, ...]] = frozenset(),
) -> list[_Instruction]:
    """The instructions of *act*, merged across its languages (each given as its tree of
    divisions); an instruction may lack a language only if its path is in *partial*."""
    found: dict[tuple[str, ...], _Instruction] = {}
    for lang, tree in trees.items():
        for d, on, crumbs in _leaves(tree, None, ()):
            assert d.amendment is not None
            on = None if on == base_eli else on
            known = found.get(d.path)
            if known is None:
                found[d.path] = _Instruction(
                    act, d.path, d.amendment.action, d.amendment.target, on,
                    {lang: d.amendment}, {lang: d}, {lang: crumbs},
                )  # fmt: skip
                continue
            first = known.languages[0]
            ours = (known.action, known.target, known.on, _shape(known.amendments[first].new))
            theirs = (d.amendment.action, d.amendment.target, on, _shape(d.amendment.new))
            if ours != theirs:
                what = ("action", "target", "act acted on", "parts of the new text")
                differ = next(w for w, a, b in zip(what, ours, theirs, strict=True) if a != b)
                raise ConsolidationError(
                    f"the {first} and {lang} texts of {act.name} differ in instruction "
                    f"{_slashed(d.path)}: its {differ} is {_show(ours, what, differ)} in "
                    f"{first}, {_show(theirs, what, differ)} in {lang}",
                    act=act.eli,
                    instruction=d.path,
                    target=d.amendment.target,
                    languages=[first, lang],
                    **_where(act.versions[lang], d, crumbs),
                )
            known.amendments[lang] = d.amendment
            known.divisions[lang] = d
            known.crumbs[lang] = crumbs
    for ins in found.values():
        lacking = [lang for lang in trees if lang not in ins.amendments]
        if lacking and ins.path not in partial:
            raise ins.error(f"the instruction is not in the {', '.join(lacking)} text")
    return [one for ins in found.values() for one in _each_target(ins)]


def _each_target(ins: _Instruction) -> list[_Instruction]:
    """An instruction naming several targets ("paragraphs 6, 7 and 8 are deleted") as one
    instruction per target, in the order named; others as they are."""
    targets = ins.amendments[ins.languages[0]].targets or (ins.target,)
    if len(targets) < 2:
        return [ins]
    if ins.action not in ("delete", "substitute"):
        raise ins.error(f"a {ins.action} of several provisions at once is not understood")
    return [replace(ins, target=target) for target in targets]


def _shape(new: list[Division]) -> list[tuple[str, ...]]:
    return [d.path for top in new for d in top.walk()]


def _show(values: tuple, what: tuple[str, ...], which: str) -> str:
    value = values[what.index(which)]
    if isinstance(value, tuple):
        return _slashed(value)
    if isinstance(value, list):
        return ", ".join(_slashed(p) for p in value) or "none"
    return str(value)


def _effective(
    acts: list[_ActText],
    in_force: list[_ActText],
    own: Mapping[str, list[_Instruction]],
    base_eli: str,
) -> dict[str, list[_Instruction]]:
    """Every act's instructions as the instructions on instructions of the acts *in_force*
    leave them (*own*: as each act gives them)."""
    effective = dict(own)
    by_eli = {a.eli: a for a in acts}
    trees: dict[str, dict[str, list[Division]]] = {}
    for act in in_force:
        for ins in effective[act.eli]:
            if ins.on is None:
                continue
            other = by_eli.get(ins.on)
            if other is None or other is act:
                raise ins.error(
                    f"it acts on an instruction of {ins.on}, which is not among the amending "
                    "acts given"
                )
            if other.eli not in trees:
                trees[other.eli] = {
                    lang: copy.deepcopy(v.divisions) for lang, v in other.versions.items()
                }
            for lang, tree in trees[other.eli].items():
                _edit(tree, ins, lang if lang in ins.amendments else None)
            before = {i.path: i for i in effective[other.eli]}
            touched = {
                i.path
                for i in _instructions(other, base_eli, trees[other.eli], frozenset(before))
                if i.path not in before
                or i.path[: len(ins.target)] == ins.target
                or ins.target[: len(i.path)] == i.path
            }
            partial = touched | {p for p, i in before.items() if i.languages != other.languages}
            effective[other.eli] = []
            for i in _instructions(other, base_eli, trees[other.eli], frozenset(partial)):
                earlier = before.get(i.path)
                i.shaped_by = earlier.shaped_by if earlier else ()
                if i.path in touched:
                    i.shaped_by = (*i.shaped_by, ins.source("amended"))
                    i.amendments = {
                        lang: a for lang, a in i.amendments.items() if lang in ins.amendments
                    }
                    if not i.amendments:
                        continue  # known in no language: it cannot be executed
                effective[other.eli].append(i)
    return effective


def _edit(tree: list[Division], ins: _Instruction, lang: str | None) -> None:
    """Execute *ins* on the instructions of another act, in language *lang*; where *ins* has
    no text in the language (None), take out what it acts on: it is not known there."""
    root = Division("act", "", Span("", 0, 0), children=tree)
    try:
        if lang is None:
            if ins.action in ("insert", "add"):
                return
            parent, i = _locate(root, ins.target)
            del parent.children[i]
            return
        amendment = ins.amendments[lang]
        new = copy.deepcopy(amendment.new)
        if ins.action in ("insert", "add"):
            container = _find(root, ins.target)
            for d in new:
                _place(container, d, at_end=ins.action == "add")
        elif ins.action == "replace":
            parent, i = _locate(root, ins.target)
            parent.children[i : i + 1] = new
        elif ins.action == "delete":
            parent, i = _locate(root, ins.target)
            del parent.children[i]
        elif ins.action == "substitute":
            # In the texts of the instructions and of the subdivisions they quote; what the
            # reader took from an instruction's text (the words it changes, its quotation)
            # follows that text.
            scope = _scope(_find(root, ins.target), amendment)
            for d in _change_words([(d, "text") for d in scope], amendment):
                if d.amendment:
                    for name in ("old", "replacement", "quoted"):
                        if text := getattr(d.amendment, name):
                            setattr(d.amendment, name, words.follow(text, amendment))
        else:
            raise _Problem(f"unknown action {ins.action!r}")
    except _Problem as problem:
        raise ins.error(problem.message, lang) from None
    tree[:] = root.children


# -- the tree operations, on nodes and on divisions alike --------------------------------------


class _Problem(Exception):
    """What keeps an instruction from being executed (made a `ConsolidationError` with the
    instruction's particulars by whoever executes it)."""

    def __init__(self, message: str, lang: str | None = None) -> None:
        super().__init__(message)
        self.message, self.lang = message, lang


def _find(root, path: tuple[str, ...], gone: Mapping[tuple[str, ...], Source] = _NONE):
    if not path:
        return root
    parent, i = _locate(root, path, gone)
    return parent.children[i]


def _locate(root, path: tuple[str, ...], gone: Mapping[tuple[str, ...], Source] = _NONE):
    """The parent of the subdivision at *path*, and its index there."""
    parent = root
    for depth in range(1, len(path) + 1):
        for i, child in enumerate(parent.children):
            if child.path == path[:depth]:
                if depth == len(path):
                    return parent, i
                parent = child
                break
        else:
            missing = path[:depth]
            why = ""
            if missing in gone:
                by = gone[missing]
                why = f": {_slashed(missing)} was deleted by {by.act}, instruction "
                why += _slashed(by.instruction)
            raise _Problem(f"there is no {_slashed(path)} in the act as amended so far{why}")
    raise AssertionError("unreachable")


def _order(number: str, roman: bool) -> tuple:
    """A number's place among its siblings: 5 < 5a < 5b < 6, c < ca < d, iv < v."""
    digits = re.fullmatch(r"(\d+)([a-z]*)", number)
    if digits:
        return (0, int(digits[1]), digits[2])
    numeral = _ROMAN.match(number) if roman else None
    if numeral and numeral.group():
        value, last = 0, 0
        for ch in reversed(numeral.group()):
            n = _ROMAN_VALUES[ch]
            value, last = (value - n, last) if n < last else (value + n, n)
        return (1, value, number[numeral.end() :])
    return (2, number[:1], number[1:])


def _place(container, new, *, at_end: bool) -> None:
    """Put *new* among the children of *container*: at the end, or in number order among the
    siblings of its kind (9(5a) after 9(5))."""
    siblings = container.children
    if new.path[:-1] != container.path:
        raise _Problem(f"the new {_slashed(new.path)} does not lie in {_slashed(container.path)}")
    clash = next((c for c in siblings if c.path == new.path), None)
    if clash is not None:
        raise _Problem(f"{_slashed(new.path)} is already there{_made_by(clash)}")
    same = [i for i, c in enumerate(siblings) if c.kind == new.kind]
    if at_end or not same:
        siblings.append(new)
        return
    roman = siblings[same[0]].number == "i" and all(
        _ROMAN.fullmatch(siblings[i].number) for i in same
    )
    key = _order(new.number, roman)
    position = same[0]
    for i in same:
        if _order(siblings[i].number, roman) < key:
            position = i + 1
    siblings.insert(position, new)


def _made_by(node) -> str:
    sources = getattr(node, "sources", None)
    if not sources:
        return ""
    last = sources[-1]
    if last.kind == "original":
        return f" (in {last.act} as published)"
    return f" ({last.kind} by {last.act}, instruction {_slashed(last.instruction)})"


def _change_words(texts: list[tuple[object, str]], amendment: Amendment) -> list[object]:
    """`loader.words.change`, its refusals as `_Problem`s."""
    try:
        return words.change(texts, amendment)
    except words.Unplaceable as problem:
        raise _Problem(str(problem)) from None


def _scope(target, amendment: Amendment) -> list:
    """The nodes (or divisions) whose texts a change of words in *target* looks at: *target*
    alone where it is made in its own text, else *target* and its parts (the act as a whole
    has no text of its own)."""
    if not words.own_text_only(amendment):
        return [n for n in target.walk() if n.path]
    if not target.path:
        raise _Problem("the act as a whole has no text of its own to change")
    if amendment.place in ("end", "sentence") and target.children:
        raise _Problem(
            f"{_slashed(target.path)} has parts after its own text: the instruction does not "
            "say at the end of which the words go"
        )
    return [target]


# -- executing an instruction on a version's tree ----------------------------------------------


@dataclass
class _State:
    """A version's tree as it is being built, and what has been done to it."""

    root: Node
    repealed: list[Repeal] = field(default_factory=list)
    gone: dict[tuple[str, ...], Source] = field(default_factory=dict)
    moved: dict[tuple[str, ...], tuple[str, ...]] | None = None  # recorded for this day's acts


def _copy(node: Node) -> Node:
    return Node(
        node.kind, node.number, node.path, dict(node.label), dict(node.heading),
        dict(node.text), dict(node.absent), list(node.sources), [_copy(c) for c in node.children],
    )  # fmt: skip


def _new_nodes(ins: _Instruction, kind: str) -> list[Node]:
    sources = [ins.source(kind), *ins.shaped_by]
    try:
        return _merge(ins.target, {lang: a.new for lang, a in ins.amendments.items()}, sources)
    except _Mismatch as problem:  # checked when the instructions were read; kept for safety
        raise ins.error(problem.message(ins.act.name), problem.theirs[0]) from None


def _execute(state: _State, ins: _Instruction) -> None:
    root = state.root
    try:
        if ins.action in ("insert", "add"):
            container = _find(root, ins.target, state.gone)
            for node in _new_nodes(ins, "inserted" if ins.action == "insert" else "added"):
                if node.kind == "subparagraph" and node.number != "1":
                    _open_subparagraphs(container, state.moved)
                _place(container, node, at_end=ins.action == "add")
        elif ins.action == "replace":
            parent, i = _locate(root, ins.target, state.gone)
            new = _new_nodes(ins, "replaced")
            others = {c.path for j, c in enumerate(parent.children) if j != i}
            for node in new:
                if node.path[:-1] != parent.path:
                    raise _Problem(
                        f"the new {_slashed(node.path)} does not lie in {_slashed(parent.path)}"
                    )
                if node.path in others:
                    clash = next(c for c in parent.children if c.path == node.path)
                    raise _Problem(f"{_slashed(node.path)} is already there{_made_by(clash)}")
            parent.children[i : i + 1] = new
        elif ins.action == "delete":
            parent, i = _locate(root, ins.target, state.gone)
            del parent.children[i]
            by = ins.source("deleted")
            state.repealed.append(Repeal(ins.target, by, ins.act.date - _ONE_DAY))
            state.gone[ins.target] = by
        elif ins.action == "substitute":
            _substitute(_find(root, ins.target, state.gone), ins)
        else:
            raise _Problem(f"unknown action {ins.action!r}")
    except _Problem as problem:
        raise ins.error(problem.message, problem.lang) from None


def _open_subparagraphs(container: Node, moved: dict | None) -> None:
    """Before a second subparagraph comes into a subdivision that has none, what it holds
    becomes its first subparagraph (the paths under it gain ``sbp_1``)."""
    if any(c.kind == "subparagraph" for c in container.children):
        return
    first_path = (*container.path, "sbp_1")
    first = Node(
        "subparagraph", "1", first_path,
        label={lang: "" for lang in container.text}, text=dict(container.text),
        absent=dict(container.absent), sources=list(container.sources),
        children=[_moved(c, container.path, first_path, moved) for c in container.children],
    )  # fmt: skip
    container.text = {lang: "" for lang in container.text}
    container.children = [first]


def _moved(node: Node, old: tuple[str, ...], new: tuple[str, ...], moved: dict | None) -> Node:
    path = (*new, *node.path[len(old) :])
    if moved is not None:
        moved[node.path] = path
    node.path = path
    node.children = [_moved(c, old, new, moved) for c in node.children]
    return node


def _substitute(target: Node, ins: _Instruction) -> None:
    """Change words in *target* (and its parts), in each language of the instruction.

    A language in which the words cannot be placed is an error where all the text looked at
    has that language; where part of it has none, the words may be there (or the occurrence
    named, or a second one of the words the new words go next to), so nothing of *target* is
    known in that language any more. The nodes changed keep only the languages of the
    instruction: in any other, their wording is not known (where nothing could be changed,
    that is every node of *target*).
    """
    nodes = [n for n in target.walk() if n.path]  # not the root: "throughout the act"
    changed: dict[int, Node] = {}
    unknown = []
    for lang, amendment in ins.amendments.items():
        scope = _scope(target, amendment)
        having = [n for n in scope if lang in n.text]
        if not having:
            continue  # no text in that language here: it stays without, for the same reason
        if len(having) < len(scope) and words.counts_occurrences(amendment):
            unknown.append(lang)
            continue
        try:
            texts = [(_LangText(n, lang), "value") for n in having]
            for held in _change_words(texts, amendment):
                changed[id(held.node)] = held.node
        except _Problem as problem:
            if len(having) == len(scope):
                where = f" of {_slashed(target.path)}" if target.path else ""
                raise _Problem(f"{problem.message} ({_language(lang)} text{where})", lang) from None
            unknown.append(lang)
    # Where the words could not be looked for in a language, any node may have changed.
    affected = nodes if unknown or not changed else list(changed.values())
    sources = [ins.source("amended"), *ins.shaped_by]
    for node in affected:
        node.sources += sources
        for lang in list(node.text):
            if lang not in ins.amendments:
                _drop(node, lang)
    for lang in unknown:
        reason = (
            f"amended by {ins.act.name} ({_cite(ins.path)}), whose {_language(lang)} words "
            f"could not be placed: part of this provision has no {_language(lang)} text here"
        )
        for node in nodes:
            _drop(node, lang)
            node.absent[lang] = reason


@dataclass
class _LangText:
    """A node's text in one language, as an attribute (for `_change_words`)."""

    node: Node
    lang: str

    @property
    def value(self) -> str:
        return self.node.text[self.lang]

    @value.setter
    def value(self, text: str) -> None:
        self.node.text[self.lang] = text


def _drop(node: Node, lang: str) -> None:
    node.text.pop(lang, None)
    node.label.pop(lang, None)
    node.heading.pop(lang, None)


# -- corrigenda ---------------------------------------------------------------------------------


def _correct(root: Node, base: _ActText, corrigenda: Sequence[Corrigendum]) -> list[str]:
    """Apply the corrigenda to the base act's tree, each to its language; their IRIs."""
    applied = []
    for corrigendum in corrigenda:
        iri = corrigendum.corrects.removesuffix("/oj")
        iri += f"/corrigendum/{corrigendum.date_publication.isoformat()}/oj"
        lang = corrigendum.language
        for c in corrigendum.corrections:
            try:
                if corrigendum.corrects != base.eli:
                    raise _Problem(f"it corrects {corrigendum.corrects}, not {base.eli}")
                node = _find(root, c.target)
                if lang not in node.text:
                    raise _Problem(f"{base.name} has no {_language(lang)} text there")
                old, _ = c.words()
                # The words as printed, whatever spaces (no-break or not) stand between them.
                words = re.compile(r"\s+".join(map(re.escape, old.split(" "))))
                found = list(words.finditer(node.text[lang]))
                if len(found) != 1:
                    raise _Problem(
                        f"the words ‘{old}’ occur {len(found)} times in its text, not once"
                    )
            except _Problem as problem:
                raise ConsolidationError(
                    f"{iri}, correction {c.number} ({lang}), on {_slashed(c.target)}: "
                    + problem.message,
                    act=iri,
                    instruction=(f"correction_{c.number}",),
                    target=c.target,
                    languages=[lang],
                    path=corrigendum.path,
                    line=c.span.first,
                    column=c.span.first_col,
                ) from None
            _, new = c.words(single_spaces=False)
            start, end = found[0].span()
            node.text[lang] = node.text[lang][:start] + new + node.text[lang][end:]
            number = (f"correction_{c.number}",)
            node.sources.append(Source("corrected", iri, number, base.date, frozenset({lang})))
        applied.append(iri)
    return applied


# -- the versions -----------------------------------------------------------------------------


def _finish(root: Node, languages: tuple[str, ...], names: Mapping[str, str]) -> None:
    """Say, for each node and each language of the version without a text, why."""
    for node in root.walk():
        absent = {}
        for lang in languages:
            if lang not in node.text:
                absent[lang] = node.absent.get(lang) or _reason(node, lang, names)
        node.absent = absent


def _reason(node: Node, lang: str, names: Mapping[str, str]) -> str:
    """Why *node* has no text in *lang*: the latest act that shaped it without that language."""
    for s in reversed(node.sources):
        if s.kind in _SHAPING and lang not in s.languages:
            name = names.get(s.act, s.act)
            if s.kind == "original":
                return f"no {_language(lang)} text of {name} is available"
            return (
                f"{s.kind} by {name} ({_cite(s.instruction)}), which has no "
                f"{_language(lang)} text here"
            )
    return f"no {_language(lang)} text is available"


def consolidate(
    base: Mapping[str, Act],
    amending: Sequence[Mapping[str, Act]],
    corrigenda: Sequence[Corrigendum] = (),
) -> list[Version]:
    """The consolidated versions of *base* (its language versions, lang → Act) as *amending*
    (each an act's language versions) change it and *corrigenda* correct it.

    Each act's ELI, date of publication and days to entry into force are read from its
    language versions (those that give them must agree; see `Act.eli`). Raises
    `ConsolidationError`; changes nothing given.
    """
    original = _describe(base, "base")
    acts = sorted((_describe(a, "amending") for a in amending), key=lambda a: a.date)
    names = {original.eli: original.name, **{a.eli: a.name for a in acts}}
    if len(names) != len(acts) + 1:
        raise ConsolidationError("an act is given twice: " + ", ".join(a.eli for a in acts))
    for act in acts:
        if act.date < original.date:
            raise ConsolidationError(
                f"{act.eli} enters into force on {act.date}, before the act it amends, "
                f"{original.eli} ({original.date})",
                act=act.eli,
            )
    start = _base_tree(original)
    corrected = _correct(start, original, corrigenda)
    own = {
        a.eli: _instructions(a, original.eli, {lang: v.divisions for lang, v in a.versions.items()})
        for a in acts
    }
    days = sorted({original.date, *(a.date for a in acts)})
    versions = []
    for k, day in enumerate(days):
        in_force = [a for a in acts if a.date <= day]
        instructions = _effective(acts, in_force, own, original.eli)
        state = _State(_copy(start))
        moved: dict[tuple[str, ...], tuple[str, ...]] = {}
        for act in in_force:
            state.moved = moved if act.date == day else None
            for ins in instructions[act.eli]:
                if ins.on is None:
                    _execute(state, ins)
        languages = list(original.languages)
        for act in in_force:
            languages += [lang for lang in act.languages if lang not in languages]
        _finish(state.root, tuple(languages), names)
        versions.append(
            Version(
                act=original.eli,
                date=day,
                until=days[k + 1] - _ONE_DAY if k + 1 < len(days) else None,
                consolidates=[
                    (original.eli, original.date),
                    *((iri, original.date) for iri in corrected),
                    *((a.eli, a.date) for a in in_force),
                ],
                languages=tuple(languages),
                nodes=state.root.children,
                repealed=state.repealed,
                moved=moved,
                titles={lang: act.title for lang, act in original.versions.items()},
                absent={
                    lang: f"no {_language(lang)} text of {original.name} is available, so the "
                    f"version has no {_language(lang)} title; its parts have a "
                    f"{_language(lang)} text where an amending act gives one"
                    for lang in languages
                    if lang not in original.versions
                },
            )
        )
    return versions
