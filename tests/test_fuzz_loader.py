"""``lexkg build`` on hostile texts: mutated versions of the real Dutch and German texts.

Every case runs ``lexkg build --text nl=… --text de=… --out …`` in-process (`lexkg.cli.main`)
and holds it to one rule:

* exit 0: the output is a whole graph (it parses to the end, to as many quads as the summary
  says) with the resources and properties of the graph built from the real texts, and it
  conforms to the SHACL shapes; or
* exit 1: standard error is one message, ``lexkg: error: PATH:LINE: …``, naming one of the
  texts and a line within it, and the text that was changed with a line; the previous output
  (a sentinel written before each case) is as it was, and no temporary file is left behind.

Never an exception out of `main`, never a traceback. The mutations: truncation at every
structural level and at any byte, dropped, duplicated and swapped blocks, swapped and changed
enumerators, mixed line endings, byte order marks, invalid UTF-8, binary noise, the text of
another act or language, a wrong date of publication or ELI, language versions that do not
match, and two hostile shapes (points nested without end, page-top lines that could each be a
footnote). Hypothesis runs derandomized and without its example database, so CI sees the same
cases every time; the example counts keep the file near 45 s.
"""

from __future__ import annotations

import io
import re
import time
from collections import Counter
from collections.abc import Callable
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Graph

from lexkg import resources
from lexkg.cli import main
from lexkg.loader.build import read_act, read_source
from lexkg.loader.terms import to_rdflib
from lexkg.loader.validate import validate

from support import ACT_TOML, DE_TEXT, NL_TEXT

REAL = {"nl": NL_TEXT.read_bytes(), "de": DE_TEXT.read_bytes()}
SENTINEL = b"previous graph\n"
SUMMARY = re.compile(
    r"built (?P<out>.+): subdivisions per language: nl (?P<nl>\d+), de (?P<de>\d+); "
    r"(?P<triples>\d+) triples in [\d.]+ s\n"
)
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


def fuzz(examples: int) -> settings:
    """Hypothesis settings: few examples (a build that succeeds takes a second or two)."""
    return settings(
        max_examples=examples,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


# -- Where the real texts have their structure --------------------------------------------------


def _line_starts(data: bytes) -> list[int]:
    """The byte offset of each line (the real texts end their lines with LF only)."""
    return [0, *(m.end() for m in re.finditer(b"\n", data))]


@dataclass(frozen=True)
class Structure:
    """Byte offsets of one real text: its lines, the start of each part of the act, its end."""

    lines: list[int]
    parts: list[int]  # where the title, each subdivision, footnote and the signature begin
    last_part: int  # where the last of them begins: a text cut before it lacks a part


def _structure(lang: str) -> Structure:
    source = read_source(ACT_TOML)
    act = read_act(source.texts[lang], source)
    lines = _line_starts(REAL[lang])
    firsts = {act.title_span.first, act.signature.span.first}
    firsts |= {d.span.first for d in act.walk()}
    firsts |= {note.span.first for note in act.footnotes}
    parts = sorted(lines[n - 1] for n in firsts)
    return Structure(lines, parts, parts[-1])


STRUCTURE = {lang: _structure(lang) for lang in REAL}
# Enumerators as they stand at the start of a line: "(3)", "4.", "3 bis)", "a)", "„(5a)", …
ENUMERATOR = re.compile(
    rb"(?m)^[ ]?(?:\xe2\x80[\x9c\x9e])?(?:\(\d+[a-z]?\)|\d+(?: bis| ter)?[.)]|\(?[a-z]{1,4}\))"
)
ENUMERATORS = sorted(
    {m.group().strip() for data in REAL.values() for m in ENUMERATOR.finditer(data)}
)


def _blocks(data: bytes) -> tuple[list[bytes], list[bytes]]:
    """The runs of non-blank lines and the blank lines between them (block i, then sep i)."""
    parts = re.split(rb"(\n(?:[ \t]*\n)+)", data)
    return parts[0::2], parts[1::2]


def _join(blocks: list[bytes], seps: list[bytes]) -> bytes:
    seps = [*seps, *[b"\n\n"] * (len(blocks) - len(seps))]
    return b"".join(block + sep for block, sep in zip(blocks, seps, strict=False))


class Texts(dict[str, bytes]):
    """Mutated texts by language; shown as where each differs from the real one, not whole."""

    def __repr__(self) -> str:
        return (
            "Texts("
            + ", ".join(f"{lang}={_change(lang, data)}" for lang, data in self.items())
            + ")"
        )

    def _repr_pretty_(self, printer, cycle: bool) -> None:
        printer.text(repr(self))


def _change(lang: str, data: bytes) -> str:
    real = REAL[lang]
    if data == real:
        return "<the real text>"
    at = next((i for i, (a, b) in enumerate(zip(data, real, strict=False)) if a != b), None)
    at = min(len(data), len(real)) if at is None else at
    return (
        f"<{len(data)} bytes, the real text's {len(real)}; from byte {at}: "
        f"{data[max(at - 20, 0) : at + 60]!r}>"
    )


def count_lines(data: bytes) -> int:
    return len(data.decode("utf-8", errors="replace").splitlines())


# -- Running the build --------------------------------------------------------------------------


@dataclass
class Outcome:
    code: int
    out: str
    err: str


class Workspace:
    """The files of every case: the two texts and the output, always at the same paths."""

    def __init__(self, folder: Path) -> None:
        self.texts = {lang: folder / f"{lang}.txt" for lang in REAL}
        self.out = folder / "out" / "graph.nq"
        self.out.parent.mkdir(parents=True, exist_ok=True)

    def build(self, texts: dict[str, bytes]) -> Outcome:
        for lang, path in self.texts.items():
            path.write_bytes(texts.get(lang, REAL[lang]))
        self.out.write_bytes(SENTINEL)
        args = ["build", "--out", str(self.out), "--quiet"]
        for lang, path in self.texts.items():
            args += ["--text", f"{lang}={path}"]
        out, err = io.StringIO(), io.StringIO()
        with redirect_stdout(out), redirect_stderr(err):
            code = main(args)  # an exception here fails the test: nothing may escape main
        return Outcome(code, out.getvalue(), err.getvalue())


def _quads(path: Path) -> list[ox.Quad]:
    return list(ox.parse(path=str(path), format=ox.RdfFormat.N_QUADS))


def _term(term: object) -> str:
    """A term as N-Quads writes it, blank nodes all alike (their labels differ by build)."""
    return "_:" if isinstance(term, ox.BlankNode) else str(term)


def _statements(quads: list[ox.Quad]) -> Counter[tuple[str, ...]]:
    return Counter(
        tuple(map(_term, (q.subject, q.predicate, q.object, q.graph_name))) for q in quads
    )


def _shape(quads: list[ox.Quad]) -> set[tuple[str, ...]]:
    """The resources and links of a graph, without the literals: its structure."""
    shape: set[tuple[str, ...]] = set()
    for q in quads:
        graph, subject = _term(q.graph_name), _term(q.subject)
        shape.add((graph, subject, q.predicate.value))
        if q.predicate.value == RDF_TYPE:
            shape.add((graph, subject, RDF_TYPE, _term(q.object)))
    return shape


@dataclass(frozen=True)
class Reference:
    statements: Counter[tuple[str, ...]]
    shape: frozenset[tuple[str, ...]]


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    return Workspace(tmp_path_factory.mktemp("fuzz"))


@pytest.fixture(scope="module")
def reference(workspace: Workspace) -> Reference:
    """The graph of the real texts, built at the paths every case uses."""
    outcome = workspace.build({})
    assert outcome.code == 0, outcome.err
    quads = _quads(workspace.out)
    return Reference(_statements(quads), frozenset(_shape(quads)))


@pytest.fixture(scope="module")
def check(workspace: Workspace, reference: Reference) -> Callable[..., Outcome]:
    """Build with the texts given (the others real) and check the outcome against the rule.

    `expect` is "either", "refused" (the build must fail) or "same" (it must give exactly
    the reference graph).
    """

    def run(texts: dict[str, bytes], expect: str = "either") -> Outcome:
        outcome = workspace.build(texts)
        assert "Traceback" not in outcome.err, outcome.err
        # The graph, and the note of what it was built from: nothing else.
        noted = workspace.out.with_name(workspace.out.name + ".inputs")
        left = sorted(
            p.name for p in workspace.out.parent.iterdir() if p not in (workspace.out, noted)
        )
        assert not left, f"left behind: {left}"
        if outcome.code == 0:
            assert expect != "refused", f"built from a text that should be refused: {texts}"
            _check_built(workspace, reference, outcome, exact=expect == "same")
        else:
            assert expect != "same", outcome.err
            _check_refused(workspace, texts, outcome)
        return outcome

    return run


def _check_built(ws: Workspace, reference: Reference, outcome: Outcome, exact: bool) -> None:
    summary = SUMMARY.fullmatch(outcome.out)
    assert summary, outcome.out
    quads = _quads(ws.out)  # a partial file would not parse to its end
    assert len(quads) == int(summary["triples"])
    statements = _statements(quads)
    if exact:
        assert statements == reference.statements
    if statements == reference.statements:
        return  # the reference graph, which conforms
    assert _shape(quads) == reference.shape
    graph = Graph()
    for q in quads:
        graph.add((to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object)))
    report = validate(graph, resources.shapes_file())
    assert report.conforms, report.text()


def _check_refused(ws: Workspace, texts: dict[str, bytes], outcome: Outcome) -> None:
    assert outcome.code == 1, outcome
    assert ws.out.read_bytes() == SENTINEL
    assert outcome.out == ""
    m = re.match(r"lexkg: error: (?P<path>.+?):(?P<line>\d+): \S", outcome.err)
    assert m, outcome.err
    by_path = {str(path): lang for lang, path in ws.texts.items()}
    assert m["path"] in by_path, outcome.err
    lang = by_path[m["path"]]
    assert 1 <= int(m["line"]) <= max(1, count_lines(texts.get(lang, REAL[lang]))), outcome.err
    changed = [str(ws.texts[lang]) for lang in texts]
    assert any(re.search(re.escape(path) + r":\d+\b", outcome.err) for path in changed), (
        f"the message names no changed text with a line: {outcome.err}"
    )


def test_the_real_texts_build_a_graph_that_conforms(workspace: Workspace, reference: Reference):
    """The reference itself: 70 subdivisions per language, and conforming to the shapes."""
    graph = Graph()
    for q in _quads(workspace.out):
        graph.add((to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object)))
    assert validate(graph, resources.shapes_file()).conforms
    assert sum(reference.statements.values()) > 3000


# -- Truncation -----------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", sorted(REAL))
def test_a_text_cut_before_any_part_of_the_act_is_refused(lang: str, check) -> None:
    """Cut at the start of each part (and one byte into it): always refused, file and line."""
    data, structure = REAL[lang], STRUCTURE[lang]
    for start in structure.parts:
        for cut in (start, start + 1):
            if cut <= structure.last_part:
                check({lang: data[:cut]}, expect="refused")


@st.composite
def cut(draw: st.DrawFn, data: bytes) -> bytes:
    """The text cut at a line, just before a line's end, or anywhere (also inside a character)."""
    line_start = st.sampled_from(_line_starts(data))
    at = draw(st.one_of(line_start, line_start.map(lambda at: at - 1), st.integers(0, len(data))))
    return data[: max(at, 0)]


def in_one_text(mutation: Callable[[bytes], st.SearchStrategy[bytes]]):
    """A strategy for one of the two texts, mutated, the other left as it is."""
    return st.sampled_from(sorted(REAL)).flatmap(
        lambda lang: mutation(REAL[lang]).map(lambda data: Texts({lang: data}))
    )


@fuzz(60)
@given(texts=in_one_text(cut))
def test_truncated_anywhere(texts: dict[str, bytes], check) -> None:
    check(texts)


# -- Blocks dropped, duplicated, swapped ----------------------------------------------------------


@st.composite
def edit_blocks(draw: st.DrawFn, data: bytes) -> bytes:
    """One or two blocks (runs of non-blank lines) dropped, duplicated or swapped."""
    blocks, seps = _blocks(data)
    index = st.integers(0, len(blocks) - 1)
    for _ in range(draw(st.integers(1, 2))):
        if not blocks:
            break
        i, j = draw(index.map(lambda n: n % len(blocks))), draw(index)
        edit = draw(st.sampled_from(["drop", "duplicate", "swap"]))
        if edit == "drop":
            del blocks[i]
        elif edit == "duplicate":
            blocks.insert(min(j, len(blocks)), blocks[i])
        else:
            j %= len(blocks)
            blocks[i], blocks[j] = blocks[j], blocks[i]
    return _join(blocks, seps)


@fuzz(25)
@given(texts=in_one_text(edit_blocks))
def test_blocks_dropped_duplicated_or_swapped(texts: dict[str, bytes], check) -> None:
    check(texts)


# -- Enumerators swapped or changed ---------------------------------------------------------------


@st.composite
def edit_enumerators(draw: st.DrawFn, data: bytes) -> bytes:
    """Two enumerators swapped, or one changed to another the texts use."""
    found = list(ENUMERATOR.finditer(data))
    if len(found) < 2:
        return data
    a = draw(st.sampled_from(found))
    if draw(st.booleans()):
        b = draw(st.sampled_from(found).filter(lambda m: m.start() != a.start()))
        a, b = sorted((a, b), key=lambda m: m.start())
        return (
            data[: a.start()] + b.group() + data[a.end() : b.start()] + a.group() + data[b.end() :]
        )
    new = draw(st.sampled_from(ENUMERATORS).filter(lambda e: e != a.group().strip()))
    return data[: a.start()] + new + data[a.end() :]


@st.composite
def add_noise(draw: st.DrawFn, data: bytes) -> bytes:
    """Random bytes put in, or over the text, anywhere."""
    at = draw(st.integers(0, len(data)))
    noise = draw(st.binary(min_size=1, max_size=64))
    end = at + len(noise) if draw(st.booleans()) else at
    return data[:at] + noise + data[end:]


@fuzz(60)
@given(texts=in_one_text(edit_enumerators))
def test_enumerators_swapped_or_changed(texts: dict[str, bytes], check) -> None:
    check(texts)


# -- Line endings and byte order marks ------------------------------------------------------------


@st.composite
def line_endings(draw: st.DrawFn, lang: str) -> bytes:
    """The text with each line ended by LF, CRLF or CR, maybe with a BOM before it all."""
    lines = REAL[lang].split(b"\n")
    endings = draw(
        st.lists(st.sampled_from([b"\n", b"\r\n", b"\r"]), min_size=len(lines), max_size=len(lines))
    )
    for i in range(len(lines) - 1):
        # A CR ending before an empty line ended by LF would read as one CRLF: one line less.
        if endings[i] == b"\r" and not lines[i + 1] and endings[i + 1] == b"\n":
            endings[i + 1] = b"\r\n"
    bom = b"\xef\xbb\xbf" if draw(st.booleans()) else b""
    return bom + b"".join(line + end for line, end in zip(lines[:-1], endings, strict=False))


@fuzz(4)
@given(data=st.data())
def test_line_endings_and_a_bom_change_nothing(data: st.DataObject, check) -> None:
    texts = {lang: data.draw(line_endings(lang), label=lang) for lang in REAL}
    check(texts, expect="same")


@fuzz(6)
@given(
    lang=st.sampled_from(sorted(REAL)),
    where=st.floats(0, 1),
    mark=st.sampled_from(["\ufeff", "\u2028", "\x85", "\x0c", "\u200b", "\r\n\r\n"]),
)
def test_stray_marks_and_line_separators_inside_the_text(
    lang: str, where: float, mark: str, check
) -> None:
    """A BOM, a line or paragraph separator or a zero-width space anywhere in the text."""
    text = REAL[lang].decode("utf-8")
    at = int(where * len(text))
    check({lang: (text[:at] + mark + text[at:]).encode("utf-8")})


# -- Invalid UTF-8 and binary noise ---------------------------------------------------------------

NOT_UTF8 = st.one_of(st.integers(0x80, 0xC1), st.integers(0xF5, 0xFF)).map(lambda b: bytes([b]))


@fuzz(50)
@given(
    lang=st.sampled_from(sorted(REAL)),
    ending=st.sampled_from([b"\n", b"\r\n", b"\r"]),
    line=st.integers(0, 10_000),
    column=st.integers(0, 10_000),
    bad=NOT_UTF8,
)
def test_invalid_utf8_is_refused_on_its_line(
    lang: str, ending: bytes, line: int, column: int, bad: bytes, check
) -> None:
    lines = REAL[lang].split(b"\n")[:-1]
    line %= len(lines)
    column %= len(lines[line]) + 1
    lines[line] = lines[line][:column] + bad + lines[line][column:]
    outcome = check({lang: b"".join(text + ending for text in lines)}, expect="refused")
    assert re.match(rf"lexkg: error: \S+{lang}\.txt:{line + 1}: not UTF-8", outcome.err), (
        outcome.err
    )


@fuzz(40)
@given(texts=in_one_text(add_noise))
def test_binary_noise(texts: dict[str, bytes], check) -> None:
    check(texts)


@fuzz(20)
@given(lang=st.sampled_from(sorted(REAL)), data=st.binary(min_size=0, max_size=2048))
def test_binary_files(lang: str, data: bytes, check) -> None:
    check({lang: data}, expect="refused")


# -- Another act, another language, versions that do not match ----------------------------------


@pytest.mark.parametrize(
    "texts",
    [
        {"de": REAL["nl"]},
        {"nl": REAL["de"]},
        {"nl": REAL["de"], "de": REAL["nl"]},
        {"nl": REAL["nl"], "de": REAL["nl"]},
        {"de": (Path(__file__).parent / "fixtures" / "en-synthetic.txt").read_bytes()},
    ],
    ids=["nl-as-de", "de-as-nl", "both-swapped", "nl-twice", "another-act-in-english"],
)
def test_the_text_of_another_language_or_act(texts: dict[str, bytes], check) -> None:
    check(texts, expect="refused")


@fuzz(10)
@given(
    lang=st.sampled_from(sorted(REAL)),
    year=st.integers(1950, 2099),
    number=st.integers(1, 99_999),
    everywhere=st.booleans(),
)
def test_a_text_with_another_act_number(
    lang: str, year: int, number: int, everywhere: bool, check
) -> None:
    other = f"{year}/{number}".encode()
    if other == b"2024/1732":
        return
    data = REAL[lang].replace(b"2024/1732", other, -1 if everywhere else 2)
    outcome = check({lang: data}, expect="refused")
    assert f"this is the text of {other.decode()}, not of 2024/1732" in outcome.err


@pytest.mark.parametrize(
    ("line", "old", "new", "problem"),
    [
        (b"19.6.2024", b"19.6.", b"39.6.", "not a date: 39.6.2024"),
        (b"19.6.2024", b".6.", b".13.", "not a date: 19.13.2024"),
        (b"19.6.2024", b".6.", b".7.", "the text is dated 2024-07-19, the metadata 2024-06-19"),
        (b"ELI: http://data.europa.eu/eli/reg/2024/1732/oj", b"1732", b"1733", "the ELI"),
    ],
    ids=["day", "month", "another-date", "another-eli"],
)
def test_a_wrong_date_of_publication_or_eli_is_refused_on_its_line(
    line: bytes, old: bytes, new: bytes, problem: str, check
) -> None:
    """The Official Journal's header and tail of the German text: their facts are checked."""
    lines = REAL["de"].split(b"\n")
    number = lines.index(line) + 1
    lines[number - 1] = line.replace(old, new)
    outcome = check({"de": b"\n".join(lines)}, expect="refused")
    assert re.match(rf"lexkg: error: \S+de\.txt:{number}: .*{re.escape(problem)}", outcome.err), (
        outcome.err
    )


def _last_parts(lang: str) -> list[tuple[int, int]]:
    """The lines of the last part of each list in a text: a last recital, point, footnote, …"""
    source = read_source(ACT_TOML)
    act = read_act(source.texts[lang], source)
    lasts = [act.citations[-1], act.recitals[-1], act.articles[-1], *act.footnotes[-1:]]
    lasts += [d.children[-1] for d in act.walk() if d.children]
    return [(part.span.first, part.span.last) for part in lasts]


LAST_PARTS = {lang: _last_parts(lang) for lang in REAL}


@st.composite
def one_version_lacks_a_part(draw: st.DrawFn) -> dict[str, bytes]:
    """One version without one of its last parts (a last recital, point, footnote, …).

    The numbering of what is left is still whole: the text reads as an act by itself, but it
    no longer matches the other language version.
    """
    lang = draw(st.sampled_from(sorted(REAL)))
    first, last = draw(st.sampled_from(LAST_PARTS[lang]))
    lines = REAL[lang].split(b"\n")
    del lines[first - 1 : last]
    return Texts({lang: b"\n".join(lines)})


@fuzz(25)
@given(texts=one_version_lacks_a_part())
def test_language_versions_that_do_not_match(texts: dict[str, bytes], check) -> None:
    check(texts, expect="refused")


# -- Everything at once ----------------------------------------------------------------------------


MUTATIONS = (cut, edit_blocks, edit_enumerators, add_noise)


@st.composite
def anything(draw: st.DrawFn) -> dict[str, bytes]:
    """Two to four mutations of any kind, one after the other, of one text or of both."""
    texts = Texts()
    for _ in range(draw(st.integers(2, 4))):
        lang = draw(st.sampled_from(sorted(REAL)))
        mutation = draw(st.sampled_from(MUTATIONS))
        texts[lang] = draw(mutation(texts.get(lang, REAL[lang])))
    return texts


@fuzz(80)
@given(texts=anything())
def test_mutations_combined(texts: dict[str, bytes], check) -> None:
    check(texts)


# -- Hostile shapes ------------------------------------------------------------------------------


def test_points_nested_without_end_are_refused(check) -> None:
    """Thousands of points each opening a list: no RecursionError, a message and a line."""
    data = REAL["de"]
    at = data.index(b"Diese Verordnung tritt am zwanzigsten Tag")
    nested = b"Es gilt Folgendes:\n\n" + b"a) Unterpunkt:\n\n" * 3000 + b"a) Ende.\n\n"
    outcome = check({"de": data[:at] + nested + data[at:]}, expect="refused")
    assert "points nested more than" in outcome.err


def test_many_lines_that_could_be_footnotes_do_not_stall_the_build(check) -> None:
    """A PDF text with sixteen page-top "(n) …" lines, and no signature: refused in seconds.

    Each such line may open a footnote or be a block glued on at a page top; when the text
    does not read as an act, the reader tries the other reading of some of them, not of all
    65,536 combinations (which took minutes).
    """
    nl = REAL["nl"]
    lines = nl[: nl.index(b"Gedaan te Luxemburg")].split(b"\n")
    at = lines.index(b"Overwegende hetgeen volgt:")
    zones = [b"", b"Tekst " + b" ".join(b"a (%d)" % n for n in range(1, 17)) + b".", b""]
    for n in range(1, 17):
        zones += [b" (%d) Voetnoot %d." % (n, n), b"", b"Meer tekst.", b""]
    started = time.monotonic()
    check({"nl": b"\n".join(lines[:at] + zones + lines[at:])}, expect="refused")
    assert time.monotonic() - started < 20
