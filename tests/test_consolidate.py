"""Stage 5: consolidated versions of an act, from its base act, amending acts and corrigenda.

Two kinds of test. On the real texts, where they exist: Regulation (EU) 2021/1173 (English
Markdown and flattened Dutch, read in place from the corpus, $LEXKG_CORPUS or ../shared/corpus
beside the repository; skipped without it) consolidated with Regulation (EU) 2024/1732 (Dutch
and German from data/, English from the corpus). Synthetic: small acts built here, numbered
2099/…, for what the real texts do not show (substitutions, instructions on instructions,
corrigenda, an English-only amending act, errors).
"""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import re
import time
from pathlib import Path

import pytest

from lexkg.loader.build import Source as ActSource
from lexkg.loader.build import Text, read_act
from lexkg.loader.consolidate import ConsolidationError, consolidate
from lexkg.loader.corpus import read_corpus
from lexkg.loader.errors import LoaderError
from lexkg.loader.lines import read_lines
from lexkg.loader.model import (
    KIND_OF_SEGMENT,
    Act,
    Amendment,
    Correction,
    Corrigendum,
    Division,
    Span,
)
from lexkg.loader.parse import read_text
from lexkg.loader.profiles import profile
from lexkg.loader.versions import Node, Source, Version

from support import CORPUS, find

BASE = "http://data.europa.eu/eli/reg/2021/1173/oj"
SEED = "http://data.europa.eu/eli/reg/2024/1732/oj"
PREAMBLE_GAPS = frozenset({"citations", "recitals", "signature"})  # as the corpus declares
D2021, D2024 = dt.date(2021, 8, 8), dt.date(2024, 7, 9)


def _corpus(*parts: str) -> Path:
    path = CORPUS.joinpath(*parts)
    if not path.is_file():
        pytest.skip(f"no corpus text at {path} (set LEXKG_CORPUS)")
    return path


# -- the real texts -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def base_en() -> Act:
    path = _corpus("reg-2021-1173", "en.md")
    counts = {"art_9/par_5": 1}  # as the seed act's metadata records for the amended act
    return read_text(read_lines(path), "markdown", profile("en"), str(path), counts, PREAMBLE_GAPS)


@pytest.fixture(scope="module")
def base_nl() -> Act:
    path = _corpus("reg-2021-1173", "nl.txt")
    starts = read_corpus().text("reg-2021-1173", "nl").subparagraphs  # as data/corpus.toml says
    counts = {"art_9/par_5": 1}
    act = read_text(read_lines(path), "flattened", profile("nl"), str(path), counts, starts=starts)
    assert act.eli is None  # the flattened text does not print it: the caller gives it
    return dataclasses.replace(act, eli=BASE)


@pytest.fixture(scope="module")
def seed(acts: dict[str, Act], source: ActSource) -> dict[str, Act]:
    """2024/1732 in Dutch and German (data/; their texts print neither ELI nor date of
    publication, which the act's metadata gives) and in English (the corpus)."""
    meta = source.meta
    given = {
        lang: dataclasses.replace(act, eli=meta.eli, date_publication=meta.date_publication)
        for lang, act in acts.items()
    }
    english = _corpus("reg-2024-1732", "en.md")
    return {**given, "en": read_act(Text("en", english, "markdown"), source)}


@pytest.fixture(scope="module")
def english(base_en: Act, seed: dict[str, Act]) -> list[Version]:
    return consolidate({"en": base_en}, [{"en": seed["en"]}])


@pytest.fixture(scope="module")
def dutch_german(base_nl: Act, seed: dict[str, Act]) -> list[Version]:
    return consolidate({"nl": base_nl}, [{"nl": seed["nl"], "de": seed["de"]}])


def _new_paths(act: Act) -> set[tuple[str, ...]]:
    """Every subdivision an amending act brings whole (inserted, added, replaced)."""
    return {
        d.path for i in act.walk() if i.amendment for new in i.amendment.new for d in new.walk()
    }


def test_english_versions_dates_and_acts(english: list[Version]) -> None:
    first, second = english
    assert (first.date, first.until, second.date, second.until) == (
        D2021,
        dt.date(2024, 7, 8),
        D2024,
        None,
    )
    assert first.consolidates == [(BASE, D2021)]
    assert second.consolidates == [(BASE, D2021), (SEED, D2024)]
    assert first.act == second.act == BASE
    assert first.languages == second.languages == ("en",)
    # The whole act, every node with its text: there is no other language to lack.
    assert all("en" in n.text and not n.absent for v in english for n in v.walk())


def test_paragraph_5a_is_inserted_word_for_word(english: list[Version]) -> None:
    first, second = english
    assert first.find(("art_9", "par_5a")) is None
    node = second.find(("art_9", "par_5a"))
    assert node is not None and node.label == {"en": "5a."}
    # Word for word as the amending act quotes it (its Markdown line, without the quotes).
    quoted = _corpus("reg-2024-1732", "en.md").read_text(encoding="utf-8")
    line = re.search(r"^> ‘5a\.\s+(.*)’$", quoted, re.M)
    assert line and node.text["en"] == line[1]
    assert node.text["en"].startswith("An existing hosting entity may apply to become an AI")
    assert node.sources == [
        Source("inserted", SEED, ("art_1", "pnt_4", "pnt_b"), D2024, frozenset({"en"}))
    ]


def test_paragraph_15_2_is_deleted(english: list[Version], base_en: Act) -> None:
    first, second = english
    assert second.find(("art_15", "par_2")) is None
    [repeal] = second.repealed
    assert repeal.path == ("art_15", "par_2") and repeal.last_day == dt.date(2024, 7, 8)
    assert repeal.by == Source(
        "deleted", SEED, ("art_1", "pnt_7", "pnt_b"), D2024, frozenset({"en"})
    )
    assert first.repealed == []
    kept = first.find(("art_15", "par_2"))
    assert kept and kept.text["en"] == find(base_en, "art_15/par_2").text
    assert kept.text["en"].startswith("A hosting entity shall be eligible to respond")
    assert kept.sources == [Source("original", BASE, ("art_15", "par_2"), D2021, frozenset({"en"}))]


def test_article_9_whole_after_the_amendment(english: list[Version], base_en: Act) -> None:
    first, second = english
    article = second.find(("art_9",))
    assert article and article.heading == {"en": "Hosting entity"}
    assert [c.number for c in article.children] == ["1", "2", "3", "4", "5", "5a", "6", "6a", "7"]
    paragraph = second.find(("art_9", "par_5"))
    assert paragraph and paragraph.text == {"en": ""}
    assert [c.path[-1] for c in paragraph.children] == ["sbp_1", "sbp_2"]
    [first_sbp, second_sbp] = paragraph.children
    # The first subparagraph is the paragraph as it read: its words, its points (a)–(f).
    assert first_sbp.text["en"] == find(base_en, "art_9/par_5").text
    assert [c.number for c in first_sbp.children] == list("abcdef")
    # Its words are those of 9(5) as published; its points moved under it keep their origin.
    assert first_sbp.sources == [
        Source("original", BASE, ("art_9", "par_5"), D2021, frozenset({"en"}))
    ]
    assert first_sbp.children[0].sources[0].instruction == ("art_9", "par_5", "pnt_a")
    assert second_sbp.text["en"].startswith("For the AI-optimised supercomputers the following")
    assert [c.number for c in second_sbp.children] == list("abcde")
    assert {s.kind for n in second_sbp.walk() for s in n.sources} == {"added"}
    assert second.moved[("art_9", "par_5", "pnt_a")] == ("art_9", "par_5", "sbp_1", "pnt_a")
    assert len(second.moved) == 6 and first.moved == {}
    # Everything else of Article 9 reads as before, 9(6) with its subparagraphs and points.
    unchanged = ["par_1", "par_2", "par_3", "par_4", "par_6", "par_7"]
    for number in unchanged:
        before, after = first.find(("art_9", number)), second.find(("art_9", number))
        assert (
            before == after
            and before.full_text("en") == find(base_en, f"art_9/{number}").full_text()
        )
    assert second.find(("art_9", "par_6", "sbp_2", "pnt_c", "pnt_ii")) is not None
    assert second.find(("art_9", "par_6a")).text["en"].startswith("For the AI-optimised")
    # The first version is the act as published.
    assert [c.number for c in first.find(("art_9",)).children] == list("1234567")
    assert [c.number for c in first.find(("art_9", "par_5")).children] == list("abcdef")


def _gone(first: Version) -> list[Node]:
    """The nodes of the first version that 2024/1732 replaces or deletes, with their parts."""
    replaced = [("art_2", "pnt_9"), ("art_10", "par_2", "pnt_l"), ("art_15", "par_1")]
    replaced += [("art_15", "par_5"), ("art_17", "par_1")]
    return [n for p in [*replaced, ("art_15", "par_2")] for n in first.find(p).walk()]


def test_node_counts_per_version(english: list[Version], base_en: Act, seed) -> None:
    first, second = english
    assert len(list(first.walk())) == len(list(base_en.walk())) == 542
    brought = _new_paths(seed["en"])  # new, or in the place of what they replace
    # … and the first subparagraph that 9(5) opens when its second is added.
    assert len(list(second.walk())) == 542 + len(brought) - len(_gone(first)) + 1 == 574


def test_unchanged_nodes_keep_their_sources(english: list[Version]) -> None:
    first, second = english
    untouched = [n for n in second.walk() if n.sources[0].kind == "original"]
    assert len(untouched) == 542 - len(_gone(first)) + 1  # with 9(5)'s new first subparagraph
    moved = {new: old for old, new in second.moved.items()}
    for node in untouched:
        if node.path in {("art_9", "par_5"), ("art_9", "par_5", "sbp_1")}:
            continue  # 9(5)'s words are in its first subparagraph now
        before = first.find(moved.get(node.path, node.path))
        assert before.sources == node.sources and before.text == node.text


def test_dutch_and_german_on_the_dutch_base(
    dutch_german: list[Version], base_nl: Act, seed: dict[str, Act]
) -> None:
    first, second = dutch_german
    assert first.languages == ("nl",) and second.languages == ("nl", "de")
    # The English structure (542 nodes) with the 4 citations and 72 recitals the English
    # rendering lacks: the Dutch subparagraphs are those the corpus declares.
    assert len(list(first.walk())) == len(list(base_nl.walk())) == 542 + 4 + 72
    assert len(list(second.walk())) == 542 + 4 + 72 + 32  # the same 32 more as in English
    assert all(not n.absent for n in first.walk())
    node = second.find(("art_9", "par_5a"))
    assert node.label == {"nl": "5 bis.", "de": "(5a)"}
    for lang in ("nl", "de"):
        assert node.text[lang] == find(seed[lang], "art_9/par_5a").text
    assert node.text["de"].startswith("Eine bestehende Aufnahmeeinrichtung kann beantragen")
    assert second.find(("art_15", "par_2")) is None and first.find(("art_15", "par_2"))
    assert second.find(("art_12a",)).heading == {
        "nl": "Verwerving en eigendom van voor AI geoptimaliseerde supercomputers",
        "de": find(seed["de"], "art_12a").heading,
    }


def test_german_only_where_2024_1732_brought_the_words(
    dutch_german: list[Version], seed: dict[str, Act]
) -> None:
    _, second = dutch_german
    brought = _new_paths(seed["de"])
    german = {n.path for n in second.walk() if "de" in n.text}
    assert german == brought and len(german) == 37
    for node in second.walk():
        if node.path in brought:
            assert set(node.text) == {"nl", "de"} and node.absent == {}
            assert node.sources[0].act == SEED and node.sources[0].languages == {"nl", "de"}
        else:
            assert node.absent == {"de": "no German text of Regulation (EU) 2021/1173 is available"}
            assert "de" not in node.label and "de" not in node.heading
    # A provision part of which has no German text has none as a whole.
    assert second.find(("art_9",)).full_text("de") is None
    assert second.find(("art_9", "par_5a")).full_text("de") == find(seed["de"], "art_9/par_5a").text


def test_dutch_and_english_together(base_nl: Act, base_en: Act, seed: dict[str, Act]) -> None:
    """With the subparagraph starts the corpus declares, the Dutch and English trees agree."""
    versions = consolidate({"nl": base_nl, "en": base_en}, [seed])
    second = versions[1]
    assert second.languages == ("nl", "en", "de")
    cit = second.find(("cit_1",))
    assert "nl" in cit.text and "English text" in cit.absent["en"]
    assert set(second.find(("art_9", "par_5a")).text) == {"nl", "de", "en"}


def test_a_whole_family_consolidates_quickly(base_nl, base_en, seed) -> None:
    start = time.perf_counter()
    consolidate({"en": base_en}, [{"en": seed["en"]}])
    consolidate({"nl": base_nl}, [{"nl": seed["nl"], "de": seed["de"]}])
    assert time.perf_counter() - start < 1.0


def test_the_languages_of_the_base_must_have_the_same_parts(base_en: Act) -> None:
    """Without the declared subparagraph starts, the flattened Dutch differs from the English
    where it cannot show them: consolidation stops there and says where."""
    path = _corpus("reg-2021-1173", "nl.txt")
    undeclared = read_text(read_lines(path), "flattened", profile("nl"), str(path), {})
    undeclared = dataclasses.replace(undeclared, eli=BASE)
    with pytest.raises(ConsolidationError) as info:
        consolidate({"nl": undeclared, "en": base_en}, [])
    assert info.value.target == ("art_8", "par_1") and info.value.languages == ("nl", "en")
    assert "the nl and en texts of Regulation (EU) 2021/1173 differ under art_8/par_1" in str(
        info.value
    )
    assert info.value.path.endswith("en.md") and info.value.line is not None


# -- synthetic acts -------------------------------------------------------------------------------

SPAN = Span("synthetic", 1, 1)
S_BASE = "http://data.europa.eu/eli/reg/2099/1/oj"
S_A = "http://data.europa.eu/eli/reg/2099/2/oj"
S_B = "http://data.europa.eu/eli/reg/2099/3/oj"
S_BASE_DAY, S_A_DAY, S_B_DAY = dt.date(2099, 1, 21), dt.date(2099, 3, 21), dt.date(2099, 5, 21)
LABELS = {"article": "Article {}", "paragraph": "{}.", "point": "({})", "annex": "ANNEX"}


def div(path: str, text: str = "", *children: Division, heading: str | None = None) -> Division:
    segments = tuple(path.split("/"))
    kind, number = segments[-1].split("_", 1)
    kind = KIND_OF_SEGMENT[kind]
    label = LABELS.get(kind, "").format(number)
    return Division(kind, number, SPAN, label, text, heading, list(children), path=segments)


def ins(path: str, action: str, target: str, *new: Division, **fields) -> Division:
    """An instruction at *path* of an amending act."""
    d = div(path, f"({action})")
    target_path = tuple(target.split("/")) if target else ()
    d.amendment = Amendment(action, target_path, new=list(new), **fields)
    return d


def act(
    lang: str,
    number: str,
    articles: list[Division],
    published: dt.date,
    annexes: list[Division] | None = None,
) -> Act:
    return Act(
        language=lang, path=f"synthetic/{number}/{lang}", doc_type="REG", series="L",
        number=number, passed_by="CONSIL", date_document=published, title=f"Regulation {number}",
        title_span=SPAN, institution="", citations=[], recitals_intro="", recitals=[],
        enacting_formula="", articles=articles, final_formula="", signature=None, footnotes=[],
        date_publication=published, eli=f"http://data.europa.eu/eli/reg/{number}/oj",
        entry_into_force_days=20, annexes=annexes or [],
    )  # fmt: skip


WORDS = {"en": ("words", "terms"), "nl": ("woorden", "termen")}


def base(lang: str) -> Act:
    w = WORDS[lang][0]
    articles = [
        div(
            "art_1", "", div("art_1/par_1", f"The {w} apply. The {w} are many."),
            div("art_1/par_2", f"These {w}:", div("art_1/par_2/pnt_a", f"{w} one;"),
                div("art_1/par_2/pnt_b", "two;"), div("art_1/par_2/pnt_c", "three.")),
            div("art_1/par_3", "Nothing."),
            heading=f"Heading {lang}",
        ),
        div("art_2", f"{lang}: a single paragraph."),
        div("art_3", f"{lang}: the last article."),
    ]  # fmt: skip
    annex = div("anx_1", "", div("anx_1/art_1", f"{lang}: the annex."), heading=f"Annex {lang}")
    return act(lang, "2099/1", articles, dt.date(2099, 1, 1), [annex])


def bases(*langs: str) -> dict[str, Act]:
    return {lang: base(lang) for lang in langs or ("nl", "en")}


def amending(number: str, published: dt.date, **instructions: list[Division]) -> dict[str, Act]:
    """An amending act whose Article 1 holds, per language, the instructions given."""
    return {
        lang: act(lang, number, [div("art_1", "amends", *found)], published)
        for lang, found in instructions.items()
    }


def substitute(lang: str, target: str = "art_1", occurrence: int | None = None) -> Division:
    old, new = WORDS[lang]
    fields = {"old": old, "replacement": new, "occurrence": occurrence}
    return ins("art_1/pnt_1", "substitute", target, **fields)


def test_synthetic_substitute_every_occurrence() -> None:
    a = amending("2099/2", dt.date(2099, 3, 1), nl=[substitute("nl")], en=[substitute("en")])
    first, second = consolidate(bases(), [a])
    assert second.find(("art_1", "par_1")).text == {
        "nl": "The termen apply. The termen are many.",
        "en": "The terms apply. The terms are many.",
    }
    assert second.find(("art_1", "par_2", "pnt_a")).text["en"] == "terms one;"
    changed = {n.path for n in second.walk() if n.sources[-1].kind == "amended"}
    assert changed == {("art_1", "par_1"), ("art_1", "par_2"), ("art_1", "par_2", "pnt_a")}
    assert second.find(("art_1", "par_1")).sources[-1] == Source(
        "amended", S_A, ("art_1", "pnt_1"), S_A_DAY, frozenset({"nl", "en"})
    )
    assert (
        second.find(("art_1", "par_2", "pnt_b")).sources
        == first.find(("art_1", "par_2", "pnt_b")).sources
    )
    assert first.find(("art_1", "par_1")).text["en"] == "The words apply. The words are many."


def test_synthetic_substitute_one_occurrence() -> None:
    # The third occurrence in the target and its parts, in document order: in 1(2)'s own text.
    a = amending(
        "2099/2", dt.date(2099, 3, 1), nl=[substitute("nl", occurrence=3)],
        en=[substitute("en", occurrence=3)],
    )  # fmt: skip
    _, second = consolidate(bases(), [a])
    assert second.find(("art_1", "par_1")).text["en"] == "The words apply. The words are many."
    assert second.find(("art_1", "par_2")).text == {"nl": "These termen:", "en": "These terms:"}
    assert second.find(("art_1", "par_2", "pnt_a")).text["en"] == "words one;"
    assert [n.path for n in second.walk() if n.sources[-1].kind == "amended"] == [
        ("art_1", "par_2")
    ]


def test_synthetic_substitute_words_not_found() -> None:
    a = amending(
        "2099/2", dt.date(2099, 3, 1), nl=[substitute("nl", "art_2")],
        en=[substitute("en", "art_2")],
    )  # fmt: skip
    with pytest.raises(ConsolidationError) as info:
        consolidate(bases(), [a])
    error = info.value
    assert (error.act, error.instruction, error.target) == (S_A, ("art_1", "pnt_1"), ("art_2",))
    assert error.languages == ("nl",)
    assert str(error).startswith(
        "synthetic/2099/2/nl:1: http://data.europa.eu/eli/reg/2099/2/oj, instruction "
        "art_1/pnt_1 (nl), on art_2: the words ‘woorden’ are not in the text (Dutch text of art_2)"
    )
    assert isinstance(error, LoaderError)


def test_synthetic_replace_keeps_the_path() -> None:
    new = {lang: div("art_1/par_2/pnt_b", f"{lang}: two, anew;") for lang in ("nl", "en")}
    replace = {
        lang: [ins("art_1/pnt_1", "replace", "art_1/par_2/pnt_b", d)] for lang, d in new.items()
    }
    a = amending("2099/2", dt.date(2099, 3, 1), **replace)
    first, second = consolidate(bases(), [a])
    point = second.find(("art_1", "par_2", "pnt_b"))
    assert point.text == {"nl": "nl: two, anew;", "en": "en: two, anew;"}
    assert point.sources == [
        Source("replaced", S_A, ("art_1", "pnt_1"), S_A_DAY, frozenset({"nl", "en"}))
    ]
    assert [c.number for c in second.find(("art_1", "par_2")).children] == ["a", "b", "c"]
    assert first.find(("art_1", "par_2", "pnt_b")).text["en"] == "two;"


def test_synthetic_delete_and_a_second_delete_of_the_same() -> None:
    a = amending(
        "2099/2", dt.date(2099, 3, 1),
        nl=[ins("art_1/pnt_1", "delete", "art_1/par_2")],
        en=[ins("art_1/pnt_1", "delete", "art_1/par_2")],
    )  # fmt: skip
    first, second = consolidate(bases(), [a])
    assert first.find(("art_1", "par_2", "pnt_c")) is not None
    assert second.find(("art_1", "par_2")) is None
    assert second.find(("art_1", "par_2", "pnt_c")) is None
    assert [c.number for c in second.find(("art_1",)).children] == ["1", "3"]
    [repeal] = second.repealed
    assert repeal.last_day == S_A_DAY - dt.timedelta(days=1)
    # A later act deleting it again is in conflict with the first: the message names both.
    b = amending("2099/3", dt.date(2099, 5, 1), en=[ins("art_1/pnt_2", "delete", "art_1/par_2")])
    b["nl"] = amending(
        "2099/3", dt.date(2099, 5, 1), nl=[ins("art_1/pnt_2", "delete", "art_1/par_2")]
    )["nl"]
    with pytest.raises(ConsolidationError) as info:
        consolidate(bases(), [a, b])
    message = str(info.value)
    assert f"{S_B}, instruction art_1/pnt_2 (" in message
    assert f"art_1/par_2 was deleted by {S_A}, instruction art_1/pnt_1" in message


def test_synthetic_insert_in_number_order_and_twice() -> None:
    points = [div("art_1/par_2/pnt_ba", "two and a half;"), div("art_1/par_2/pnt_d", "four.")]
    paragraph = div("art_1/par_1a", "One and a half.")
    instructions = [
        ins("art_1/pnt_1", "insert", "art_1/par_2", points[0]),
        ins("art_1/pnt_2", "add", "art_1/par_2", points[1]),
        ins("art_1/pnt_3", "insert", "art_1", paragraph),
        ins("art_1/pnt_4", "insert", "", div("art_2a", "A new article.", heading="New")),
    ]
    a = amending("2099/2", dt.date(2099, 3, 1), en=instructions)
    _, second = consolidate(bases("en"), [a])
    points = second.find(("art_1", "par_2")).children
    assert [c.number for c in points] == ["a", "b", "ba", "c", "d"]
    assert [c.number for c in second.find(("art_1",)).children] == ["1", "1a", "2", "3"]
    assert [n.path[0] for n in second.nodes] == ["art_1", "art_2", "art_2a", "art_3", "anx_1"]
    assert second.find(("art_2a",)).sources[0].kind == "inserted"
    assert second.find(("art_1", "par_2", "pnt_d")).sources[0].kind == "added"
    again = amending(
        "2099/3", dt.date(2099, 5, 1), en=[ins("art_1/pnt_9", "insert", "art_1", paragraph)]
    )
    with pytest.raises(ConsolidationError, match=r"art_1/par_1a is already there \(inserted by "):
        consolidate(bases("en"), [a, again])


def test_synthetic_replacement_of_a_whole_annex() -> None:
    annex = {
        lang: div(
            "anx_1", "",
            div("anx_1/art_1", f"{lang}: the new annex."), div("anx_1/art_2", f"{lang}: more."),
            heading=f"New annex {lang}",
        )
        for lang in ("nl", "en")
    }  # fmt: skip
    a = amending(
        "2099/2", dt.date(2099, 3, 1),
        **{lang: [ins("art_1/pnt_1", "replace", "anx_1", d)] for lang, d in annex.items()},
    )  # fmt: skip
    first, second = consolidate(bases(), [a])
    new = second.find(("anx_1",))
    assert new.heading == {"nl": "New annex nl", "en": "New annex en"}
    assert [c.path for c in new.children] == [("anx_1", "art_1"), ("anx_1", "art_2")]
    assert second.find(("anx_1", "art_1")).text["en"] == "en: the new annex."
    assert {s.kind for n in new.walk() for s in n.sources} == {"replaced"}
    assert first.find(("anx_1", "art_1")).text["en"] == "en: the annex."
    assert first.find(("anx_1", "art_2")) is None


def _corrigendum(old: str, new: str, target: str = "art_2") -> Corrigendum:
    correction = Correction(1, tuple(target.split("/")), old, new, SPAN)
    return Corrigendum(
        "nl", "synthetic/corrigendum/nl", S_BASE, dt.date(2099, 6, 1), "PB", [correction]
    )


def test_synthetic_correction_from_the_first_version_in_its_language_only() -> None:
    a = amending("2099/2", dt.date(2099, 3, 1), en=[substitute("en")], nl=[substitute("nl")])
    versions = consolidate(bases(), [a], [_corrigendum("single", "enkele")])
    iri = "http://data.europa.eu/eli/reg/2099/1/corrigendum/2099-06-01/oj"
    for version in versions:
        node = version.find(("art_2",))
        assert node.text == {"nl": "nl: a enkele paragraph.", "en": "en: a single paragraph."}
        assert node.sources[-1] == Source(
            "corrected", iri, ("correction_1",), S_BASE_DAY, frozenset({"nl"})
        )
        assert (iri, S_BASE_DAY) in version.consolidates
    assert versions[0].consolidates == [(S_BASE, S_BASE_DAY), (iri, S_BASE_DAY)]
    # The words must be there once.
    wanted = (
        r"correction 1 \(nl\), on art_2: the words ‘double’ occur 0 times in its text, not once"
    )
    with pytest.raises(ConsolidationError, match=wanted):
        consolidate(bases(), [], [_corrigendum("double", "dubbel")])


def test_synthetic_target_missing() -> None:
    a = amending(
        "2099/2", dt.date(2099, 3, 1),
        en=[ins("art_1/pnt_1", "replace", "art_9/par_1", div("art_9/par_1", "New."))],
    )  # fmt: skip
    with pytest.raises(ConsolidationError) as info:
        consolidate(bases("en"), [a])
    error = info.value
    assert (error.act, error.instruction) == (S_A, ("art_1", "pnt_1"))
    assert error.target == ("art_9", "par_1")
    assert str(error) == (
        "synthetic/2099/2/en:1: http://data.europa.eu/eli/reg/2099/2/oj, instruction art_1/pnt_1"
        " (en), on art_9/par_1: there is no art_9/par_1 in the act as amended so far"
        " (in Article 1 › (1))"
    )


def test_synthetic_english_only_substitution_leaves_other_languages_absent() -> None:
    """An act in nl, de and en inserts a paragraph; an English-only act then substitutes words
    in 1(1): its Dutch and German are no longer known, the inserted paragraph keeps all three."""
    inserted = {lang: div("art_1/par_4", f"{lang}: inserted.") for lang in ("nl", "de", "en")}
    a = amending(
        "2099/2", dt.date(2099, 3, 1),
        **{lang: [ins("art_1/pnt_1", "insert", "art_1", d)] for lang, d in inserted.items()},
    )  # fmt: skip
    b = amending("2099/3", dt.date(2099, 5, 1), en=[substitute("en", "art_1/par_1")])
    first, second, third = consolidate(bases(), [a, b])
    assert first.languages == ("nl", "en") and third.languages == ("nl", "en", "de")
    assert set(second.find(("art_1", "par_1")).text) == {"nl", "en"}
    node = third.find(("art_1", "par_1"))
    assert node.text == {"en": "The terms apply. The terms are many."}
    assert node.label == {"en": "1."}
    reason = "amended by Regulation (EU) 2099/3 (Article 1, point (1)), which has no {} text here"
    assert node.absent == {"nl": reason.format("Dutch"), "de": reason.format("German")}
    assert third.find(("art_1",)).full_text("nl") is None
    assert third.find(("art_1",)).full_text("en") is not None
    assert set(third.find(("art_1", "par_4")).text) == {"nl", "de", "en"}
    assert third.find(("art_1", "par_3")).absent == {
        "de": "no German text of Regulation (EU) 2099/1 is available"
    }
    # An amending act inserting text in English only: the Dutch says why it is missing.
    c = amending(
        "2099/3", dt.date(2099, 5, 1), en=[ins("art_1/pnt_1", "insert", "art_1", inserted["en"])]
    )
    _, only = consolidate(bases(), [c])
    assert only.find(("art_1", "par_4")).absent == {
        "nl": "inserted by Regulation (EU) 2099/3 (Article 1, point (1)), which has no Dutch "
        "text here"
    }


def test_synthetic_instruction_on_an_instruction() -> None:
    """2099/3 (English only) changes the words that 2099/2's instruction inserts: from 2099/3's
    day the inserted paragraph reads as changed, before it as 2099/2 gave it."""
    inserted = {lang: div("art_1/par_4", f"{lang}: within seven days.") for lang in ("nl", "en")}
    words = {"nl": "enkele", "en": "single"}
    a = amending(
        "2099/2", dt.date(2099, 3, 1),
        **{
            lang: [
                ins("art_1/pnt_1", "insert", "art_1", d),
                ins("art_1/pnt_2", "substitute", "art_2", old=words[lang], replacement="one"),
            ]
            for lang, d in inserted.items()
        },
    )  # fmt: skip
    a["en"].articles[0].children[1].text = "in Article 2, ‘single’ is replaced by ‘one’"
    on = [
        ins("art_1/pnt_1", "substitute", "art_1/pnt_1", old="seven", replacement="ten", act=S_A),
        ins("art_1/pnt_2", "substitute", "art_1/pnt_2", old="one", replacement="sole", act=S_A),
    ]
    b = amending("2099/3", dt.date(2099, 5, 1), en=on)
    corrected = [_corrigendum("single", "enkele")]  # as if the Dutch had printed it wrong
    first, second, third = consolidate(bases(), [a, b], corrected)
    assert first.find(("art_1", "par_4")) is None
    assert second.find(("art_1", "par_4")).text == {
        "nl": "nl: within seven days.",
        "en": "en: within seven days.",
    }
    assert second.find(("art_2",)).text == {
        "nl": "nl: a one paragraph.",
        "en": "en: a one paragraph.",
    }
    node = third.find(("art_1", "par_4"))
    assert node.text == {"en": "en: within ten days."}
    assert node.sources == [
        Source("inserted", S_A, ("art_1", "pnt_1"), S_A_DAY, frozenset({"nl", "en"})),
        Source("amended", S_B, ("art_1", "pnt_1"), S_B_DAY, frozenset({"en"})),
    ]
    reason = (
        "amended by Regulation (EU) 2099/3 (Article 1, point ({})), which has no Dutch text here"
    )
    assert node.absent == {"nl": reason.format(1)}
    # The words an instruction substitutes follow its text when another act changes them.
    assert third.find(("art_2",)).text == {"en": "en: a sole paragraph."}
    assert third.find(("art_2",)).absent == {"nl": reason.format(2)}
    assert third.consolidates[-2:] == [(S_A, S_A_DAY), (S_B, S_B_DAY)]
    # An instruction on an act not given is refused.
    lost = ins(
        "art_1/pnt_1", "delete", "art_1/pnt_1", act="http://data.europa.eu/eli/reg/2099/9/oj"
    )
    with pytest.raises(ConsolidationError, match="2099/9/oj, which is not among the amending acts"):
        consolidate(bases(), [a, amending("2099/3", dt.date(2099, 5, 1), en=[lost])], corrected)


def test_synthetic_acts_are_not_changed() -> None:
    given = bases()
    inserted = {lang: div("art_1/par_4", f"{lang}: within seven days.") for lang in ("nl", "en")}
    a = amending(
        "2099/2", dt.date(2099, 3, 1),
        nl=[substitute("nl"), ins("art_1/pnt_2", "insert", "art_1", inserted["nl"])],
        en=[substitute("en"), ins("art_1/pnt_2", "insert", "art_1", inserted["en"])],
    )  # fmt: skip
    on = ins("art_1/pnt_1", "substitute", "art_1/pnt_2", old="seven", replacement="ten", act=S_A)
    b = amending("2099/3", dt.date(2099, 5, 1), en=[on])
    corrigendum = _corrigendum("single", "enkele")
    before = copy.deepcopy((given, a, b, corrigendum))
    versions = consolidate(given, [a, b], [corrigendum])
    assert (given, a, b, corrigendum) == before
    assert versions[2].find(("art_1", "par_4")).text == {"en": "en: within ten days."}
    # Versions share no node: changing one leaves the others as they were.
    versions[0].find(("art_2",)).text["en"] = "changed"
    assert versions[1].find(("art_2",)).text["en"] == "en: a single paragraph."


def test_synthetic_languages_that_differ() -> None:
    dutch = base("nl")
    dutch.articles[1].children.append(div("art_2/par_1", "a paragraph only the Dutch has"))
    wanted = r"the nl and en texts of Regulation \(EU\) 2099/1 differ under art_2: nl has par_1; "
    with pytest.raises(ConsolidationError, match=wanted + "en has no parts"):
        consolidate({"nl": dutch, "en": base("en")}, [])
    a = amending(
        "2099/2", dt.date(2099, 3, 1),
        nl=[ins("art_1/pnt_1", "delete", "art_1/par_2")],
        en=[ins("art_1/pnt_1", "delete", "art_1/par_3")],
    )  # fmt: skip
    wanted = (
        r"differ in instruction art_1/pnt_1: its target is art_1/par_2 in nl, art_1/par_3 in en"
    )
    with pytest.raises(ConsolidationError, match=wanted):
        consolidate(bases(), [a])


def test_synthetic_an_act_whose_texts_do_not_give_its_date() -> None:
    undated = {lang: dataclasses.replace(a, date_publication=None) for lang, a in bases().items()}
    wanted = r"2099/1 \(nl, en\) gives its date of publication; take it from the act's metadata"
    with pytest.raises(ConsolidationError, match=wanted):
        consolidate(undated, [])


def test_synthetic_nodes_are_versions_nodes() -> None:
    [only] = consolidate(bases(), [])
    assert only.date == S_BASE_DAY and only.until is None
    assert all(isinstance(n, Node) for n in only.walk())
    assert only.find(("art_1",)).heading == {"nl": "Heading nl", "en": "Heading en"}
    assert only.find(("art_1", "par_2", "pnt_a")).label == {"nl": "(a)", "en": "(a)"}


def test_synthetic_substitute_throughout_the_act() -> None:
    throughout = {lang: [substitute(lang, "")] for lang in ("nl", "en")}
    _, second = consolidate(bases(), [amending("2099/2", dt.date(2099, 3, 1), **throughout)])
    assert second.find(("art_1", "par_2", "pnt_a")).text == {
        "nl": "termen one;",
        "en": "terms one;",
    }
    for lang in ("nl", "en"):
        missing = {lang: [ins("art_1/pnt_1", "substitute", "", old="nowhere", replacement="x")]}
        with pytest.raises(ConsolidationError, match="on \\(the act as a whole\\): the words"):
            consolidate(bases(lang), [amending("2099/2", dt.date(2099, 3, 1), **missing)])


def test_synthetic_substitute_where_part_of_the_provision_lacks_the_language() -> None:
    """1(3) has only English after an English-only act replaced it; a later act substitutes
    in Article 1 words the Dutch text does not show elsewhere: they may be in 1(3), so no
    Dutch of Article 1 is known any more."""
    a = amending(
        "2099/2", dt.date(2099, 3, 1),
        en=[ins("art_1/pnt_1", "replace", "art_1/par_3", div("art_1/par_3", "Some words."))],
    )  # fmt: skip
    b = amending(
        "2099/3", dt.date(2099, 5, 1),
        en=[substitute("en", "art_1")],
        nl=[ins("art_1/pnt_1", "substitute", "art_1", old="nergens", replacement="overal")],
    )  # fmt: skip
    *_, third = consolidate(bases(), [a, b])
    assert third.find(("art_1", "par_3")).text == {"en": "Some terms."}
    for node in third.find(("art_1",)).walk():
        assert "nl" not in node.text
        assert node.absent["nl"].startswith(
            "amended by Regulation (EU) 2099/3 (Article 1, point (1)), whose Dutch words could "
            "not be placed"
        )
    assert third.find(("art_2",)).text["nl"] == "nl: a single paragraph."


def test_synthetic_words_inserted_in_what_another_act_inserts() -> None:
    """2099/3 (English only) puts a word before words of the paragraph 2099/2 inserts, and of
    2099/2's own wording: from 2099/3's day the paragraph reads with it."""
    inserted = {lang: div("art_1/par_4", f"{lang}: within seven days.") for lang in ("nl", "en")}
    a = amending(
        "2099/2", dt.date(2099, 3, 1),
        **{lang: [ins("art_1/pnt_1", "insert", "art_1", d)] for lang, d in inserted.items()},
    )  # fmt: skip
    on = ins(
        "art_1/pnt_1", "substitute", "art_1/pnt_1", old="days", replacement="working",
        place="before", act=S_A,
    )  # fmt: skip
    *_, third = consolidate(bases(), [a, amending("2099/3", dt.date(2099, 5, 1), en=[on])])
    node = third.find(("art_1", "par_4"))
    assert node.text == {"en": "en: within seven working days."}
    assert node.sources[-1] == Source(
        "amended", S_B, ("art_1", "pnt_1"), S_B_DAY, frozenset({"en"})
    )


def test_synthetic_occurrence_where_part_of_the_provision_lacks_the_language() -> None:
    """1(3) has only English after an English-only act replaced it; a later act replaces the
    first occurrence of words in Article 1, which the Dutch shows in 1(1): the first may be
    in 1(3)'s Dutch, unknown, so no Dutch of Article 1 is known any more."""
    a = amending(
        "2099/2", dt.date(2099, 3, 1),
        en=[ins("art_1/pnt_1", "replace", "art_1/par_3", div("art_1/par_3", "Some words."))],
    )  # fmt: skip
    b = amending(
        "2099/3", dt.date(2099, 5, 1), en=[substitute("en", occurrence=1)],
        nl=[substitute("nl", occurrence=1)],
    )  # fmt: skip
    *_, third = consolidate(bases(), [a, b])
    assert third.find(("art_1", "par_1")).text == {"en": "The terms apply. The words are many."}
    for node in third.find(("art_1",)).walk():
        assert "nl" not in node.text
        assert node.absent["nl"].startswith("amended by Regulation (EU) 2099/3")
