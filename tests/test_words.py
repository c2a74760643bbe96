"""Changes of words inside a provision, read and applied, in English, Dutch and German.

A made-up base act, Regulation (EU) 2099/10, and a made-up act amending it, 2099/11, in
tests/fixtures/words-{base,amending}-made-up-{en,nl,de}.txt (each says in its title that it
is made up and synthetic): the instructions read from 2099/11, the base act's text word for
word as consolidation leaves it, in each language and in the three together, and what is
refused, with its message.

Not every wording here could be checked against a published act (README.md, "Changes of
words inside a provision", names the sources): the formulas naming occurrences (all but
"throughout" and "jeweils"), the English "inserted after (before)" and "the following
sentence is added", the Dutch "na (vóór) de woorden … ingevoegd" and "de volgende zin
toegevoegd" and the German "nach (vor) dem Wort … eingefügt" are the loader's reading of the
Official Journal's forms, not copies of it.
"""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
from pathlib import Path

import pytest

from lexkg.loader import words
from lexkg.loader.align import align
from lexkg.loader.consolidate import ConsolidationError, consolidate
from lexkg.loader.errors import LoaderError
from lexkg.loader.lines import split_lines
from lexkg.loader.model import Act, Amendment
from lexkg.loader.parse import read_text
from lexkg.loader.profiles import profile
from lexkg.loader.versions import Source, Version
from lexkg.loader.xrefs import references

from support import find

FIXTURES = Path(__file__).parent / "fixtures"
BASE = "http://data.europa.eu/eli/reg/2099/10/oj"
AMENDING = "http://data.europa.eu/eli/reg/2099/11/oj"
PUBLISHED = {BASE: dt.date(2099, 1, 2), AMENDING: dt.date(2099, 2, 2)}
IN_FORCE = dt.date(2099, 2, 3)  # the day after its publication
LANGS = ("en", "nl", "de")


def _text(kind: str, lang: str) -> str:
    return (FIXTURES / f"words-{kind}-made-up-{lang}.txt").read_text(encoding="utf-8")


def _act(kind: str, lang: str, text: str | None = None) -> Act:
    """One of the made-up acts (its text as given, if given), with the ELI and date of
    publication its text does not print."""
    name = f"words-{kind}-made-up-{lang}.txt"
    act = read_text(split_lines(text or _text(kind, lang)), "html", profile(lang), name)
    eli = BASE if kind == "base" else AMENDING
    return dataclasses.replace(act, eli=eli, date_publication=PUBLISHED[eli])


def _changed(*langs: str, **texts: str) -> Version:
    """The last version of 2099/10 as 2099/11 leaves it, in *langs* (the amending act's
    text replaced where given by language)."""
    base = {lang: _act("base", lang) for lang in langs}
    amending = {lang: _act("amending", lang, texts.get(lang)) for lang in langs}
    return consolidate(base, [amending])[-1]


def _instead(lang: str, old: str, new: str) -> str:
    """The amending act's text with one instruction worded otherwise."""
    text = _text("amending", lang)
    assert text.count(old) == 1, old
    return text.replace(old, new)


# -- what is read ---------------------------------------------------------------------------

# Each instruction of 2099/11: its target; the words sought and the words put in; where
# (None: in their place); which occurrence; every occurrence; the sentence.
TARGETS = ["art_1", "art_2", "art_3", "art_4", "art_5/par_1", "art_5/par_2", "art_6", "art_7"]
TARGETS += ["art_8/pnt_a", "art_9"]
WORDS = {
    "en": [
        ("register", "record", None, 2, False, None),  # where it appears for the second time
        ("host", "operator", None, 1, False, None),  # the first time it appears
        ("host", "operator", None, None, True, None),  # wherever it occurs
        ("month", "quarter", None, None, False, 2),  # in Article 4, second sentence
        ("The host", "or its deputy", "after", None, False, None),
        ("report", "annual", "before", None, False, None),
        ("shall", "not", "after", 2, False, None),
        (None, "They shall publish the list.", "sentence", None, False, None),
        (None, "and", "end", None, False, None),
        ("only", "", None, 1, False, None),
    ],
    "nl": [
        ("register", "archief", None, 2, False, None),  # waar het voor de tweede maal voorkomt
        ("gastheer", "exploitant", None, 1, False, None),  # de eerste keer dat het voorkomt
        ("gastheer", "exploitant", None, None, True, None),  # telkens
        ("de maand", "het kwartaal", None, None, False, 2),  # tweede zin
        ("De gastheer", "of zijn vervanger", "after", None, False, None),
        ("verslag", "jaarlijkse", "before", None, False, None),
        ("het", "niet", "after", 2, False, None),
        (None, "Zij maken de lijst bekend.", "sentence", None, False, None),
        (None, "en", "end", None, False, None),
        ("slechts", "", None, 1, False, None),
    ],
    "de": [
        ("Register", "Verzeichnis", None, 2, False, None),  # an der zweiten Stelle
        ("Gastgeber", "Betreiber", None, 1, False, None),  # an erster Stelle
        ("Gastgeber", "Betreiber", None, None, True, None),  # jeweils
        ("den Monat", "das Quartal", None, None, False, 2),  # Satz 2
        ("Der Gastgeber", "oder sein Vertreter", "after", None, False, None),
        ("Bericht", "jährlichen", "before", None, False, None),
        ("es", "nicht", "after", 2, False, None),
        (None, "Sie veröffentlichen die Liste.", "sentence", None, False, None),
        (None, "und", "end", None, False, None),
        ("nur", "", None, 1, False, None),
    ],
}


def _fields(a: Amendment) -> tuple:
    return (a.old, a.replacement, a.place, a.occurrence, a.every, a.sentence)


def _read(act: Act) -> list[tuple]:
    return [(d.path, d.amendment) for d in act.walk() if d.amendment and d.path != ("art_1",)]


@pytest.mark.parametrize("lang", LANGS)
def test_the_changes_of_words_read(lang: str) -> None:
    act = _act("amending", lang)
    assert act.amends == BASE
    read = _read(act)
    assert [path for path, _ in read] == [("art_1", f"pnt_{n}") for n in range(1, 11)]
    assert {a.action for _, a in read} == {"substitute"}
    assert ["/".join(a.target) for _, a in read] == TARGETS
    assert [_fields(a) for _, a in read] == WORDS[lang]
    # The sentence added is the quoted text after its instruction, quotation marks and all.
    assert find(act, "art_1/pnt_8").amendment.quoted.startswith(profile(lang).quote_open)


def test_the_three_languages_align() -> None:
    for kind, eli, amended in (("base", BASE, None), ("amending", AMENDING, BASE)):
        acts = [_act(kind, lang) for lang in LANGS]
        assert align(acts, [references(a, eli, amended) for a in acts]) == []


# Other wordings of the same instructions: (language, instruction as in the fixture, worded
# otherwise). Each reads as the fixture's does.
VARIANTS = [
    (
        "en",
        "(1) in Article 1, the word ‘register’, where it appears for the second time, is replaced "
        "by ‘record’;",
        "(1) in Article 1, the word ‘register’ is replaced by ‘record’ where it appears for the "
        "second time;",
    ),
    (
        "en",
        "(2) in Article 2, the word ‘host’ is replaced by ‘operator’ the first time it appears;",
        "(2) in Article 2, the word ‘host’, the first time it appears, is replaced by ‘operator’;",
    ),
    (
        "en",
        "wherever it occurs;",
        "each time it appears;",
    ),
    (
        "en",
        "wherever it occurs;",
        "throughout;",
    ),
    (
        "en",
        "(5) in Article 5(1), the words ‘or its deputy’ are inserted after ‘The host’;",
        "(5) in Article 5(1), after the words ‘The host’, the words ‘or its deputy’ are inserted;",
    ),
    (
        "en",
        "(5) in Article 5(1), the words ‘or its deputy’ are inserted after ‘The host’;",
        "(5) in Article 5(1), the following words are inserted after ‘The host’:\n‘or its deputy’;",
    ),
    (
        "en",
        "(8) in Article 7, the following sentence is added:\n‘They shall publish the list.’;",
        "(8) the following sentence is added to Article 7: ‘They shall publish the list.’;",
    ),
    (
        "en",
        "(9) at the end of Article 8, point (a), the word ‘and’ is added;",
        "(9) in Article 8, the word ‘and’ is added at the end of point (a);",
    ),
    (
        "en",
        "(9) at the end of Article 8, point (a), the word ‘and’ is added;",
        "(9) in Article 8, point (a), the following word is added at the end:\n‘and’;",
    ),
    (
        "nl",
        "5) in artikel 5, lid 1, worden na de woorden “De gastheer” de woorden “of zijn vervanger” "
        "ingevoegd;",
        "5) in artikel 5, lid 1, worden de woorden “of zijn vervanger” ingevoegd na “De gastheer”;",
    ),
    (
        "nl",
        "8) aan artikel 7 wordt de volgende zin toegevoegd:\n“Zij maken de lijst bekend.”;",
        "8) aan artikel 7 wordt de volgende zin toegevoegd: “Zij maken de lijst bekend.”;",
    ),
    (
        "de",
        "3. In Artikel 3 wird das Wort „Gastgeber“ jeweils durch",
        "3. In Artikel 3 wird das Wort „Gastgeber“ überall durch",
    ),
    (
        "de",
        "5. In Artikel 5 Absatz 1 werden nach den Wörtern „Der Gastgeber“ die Wörter „oder sein "
        "Vertreter“ eingefügt.",
        "5. In Artikel 5 Absatz 1 werden nach den Wörtern „Der Gastgeber“ folgende Wörter "
        "eingefügt:\n„oder sein Vertreter“",
    ),
    (
        "de",
        "8. Dem Artikel 7 wird folgender Satz angefügt:",
        "8. In Artikel 7 wird folgender Satz angefügt:",
    ),
]


@pytest.mark.parametrize(("lang", "fixture", "variant"), VARIANTS)
def test_other_wordings_read_alike(lang: str, fixture: str, variant: str) -> None:
    act = _act("amending", lang, _instead(lang, fixture, variant))
    read = _read(act)
    assert ["/".join(a.target) for _, a in read] == TARGETS
    assert [_fields(a) for _, a in read] == WORDS[lang]


# -- what is applied --------------------------------------------------------------------------

TEXTS = {
    "en": [
        "Each host shall keep a register. The record shall be open to the public.",
        "The operator shall inform the guests. The guests shall inform the host.",
        "The operator may refuse a guest. The operator shall give reasons.",
        "The host shall report at the end of the month. The report shall cover the quarter before.",
        "The host or its deputy shall sign the register.",
        "The host shall send the annual report.",
        "The host shall keep the register and shall not make it available.",
        "The Member States shall list the hosts. They shall publish the list.",
        "the names of the hosts; and",
        "A host may keep one register and only in one place.",
    ],
    "nl": [
        "Elke gastheer houdt een register bij. Het archief is toegankelijk voor het publiek.",
        "De exploitant informeert de gasten. De gasten informeren de gastheer.",
        "De exploitant mag een gast weigeren. De exploitant geeft de redenen.",
        "De gastheer brengt aan het einde van de maand verslag uit. Het verslag betreft het "
        "kwartaal daarvoor.",
        "De gastheer of zijn vervanger ondertekent het register.",
        "De gastheer verzendt het jaarlijkse verslag.",
        "De gastheer moet het register bewaren en moet het niet beschikbaar stellen.",
        "De lidstaten stellen een lijst van de gastheren op. Zij maken de lijst bekend.",
        "de namen van de gastheren; en",
        "Een gastheer mag één register bijhouden en slechts op één plaats.",
    ],
    "de": [
        "Jeder Gastgeber führt ein Register. Das Verzeichnis ist öffentlich zugänglich.",
        "Der Betreiber informiert die Gäste. Die Gäste informieren den Gastgeber.",
        "Der Betreiber kann einen Gast ablehnen. Der Betreiber gibt die Gründe an.",
        "Der Gastgeber berichtet über den Monat. Der Bericht betrifft das Quartal davor.",
        "Der Gastgeber oder sein Vertreter unterzeichnet das Register.",
        "Der Gastgeber übermittelt den jährlichen Bericht.",
        "Der Gastgeber bewahrt es auf und macht es nicht zugänglich.",
        "Die Mitgliedstaaten erstellen eine Liste der Gastgeber. Sie veröffentlichen die Liste.",
        "die Namen der Gastgeber; und",
        "Ein Gastgeber darf ein Register führen und nur an einem Ort.",
    ],
}


def _path(target: str) -> tuple[str, ...]:
    return tuple(target.split("/"))


@pytest.mark.parametrize("lang", LANGS)
def test_the_base_act_as_amended_word_for_word(lang: str) -> None:
    base = {lang: _act("base", lang)}
    first, second = consolidate(base, [{lang: _act("amending", lang)}])
    assert second.date == IN_FORCE and first.until == IN_FORCE - dt.timedelta(days=1)
    for n, (target, text) in enumerate(zip(TARGETS, TEXTS[lang], strict=True), 1):
        node = second.find(_path(target))
        assert node.text == {lang: text}
        # The subdivision is amended by the instruction, from the day it applies.
        assert node.sources[-1] == Source(
            "amended", AMENDING, ("art_1", f"pnt_{n}"), IN_FORCE, frozenset({lang})
        )
        before = first.find(_path(target))
        assert before.text == {lang: find(base[lang], target).text}
        assert [s.kind for s in before.sources] == ["original"]
    # Nothing else changed: a provision's other parts keep their words and their origin.
    amended = {n.path for n in second.walk() if n.sources[-1].kind == "amended"}
    assert amended == {_path(t) for t in TARGETS}
    for node in second.walk():
        if node.path not in amended:
            before = first.find(node.path)
            assert (node.text, node.sources) == (before.text, before.sources)


def test_the_three_languages_together() -> None:
    version = _changed(*LANGS)
    for n, target in enumerate(TARGETS):
        node = version.find(_path(target))
        assert node.text == {lang: TEXTS[lang][n] for lang in LANGS}
        assert node.sources[-1].languages == frozenset(LANGS)


# -- what is refused --------------------------------------------------------------------------


def _refused(lang: str, old: str, new: str, *langs: str) -> ConsolidationError:
    with pytest.raises(ConsolidationError) as info:
        _changed(*(langs or (lang,)), **{lang: _instead(lang, old, new)})
    return info.value


REFUSALS = [
    # The words the new words go after are not there.
    (
        "en",
        "after ‘The host’;",
        "after ‘The guest’;",
        "art_1/pnt_5",
        "art_5/par_1",
        "the words ‘The guest’ are not in the text (English text of art_5/par_1)",
    ),
    # The second occurrence is named; there is one.
    (
        "en",
        "after ‘The host’;",
        "after ‘The host’ where it appears for the second time;",
        "art_1/pnt_5",
        "art_5/par_1",
        "the words ‘The host’ occur once; the instruction names occurrence 2 (English text of "
        "art_5/par_1)",
    ),
    # The words the new words go after occur twice, and the instruction does not say where.
    (
        "en",
        "after ‘shall’ where it appears for the second time;",
        "after ‘shall’;",
        "art_1/pnt_7",
        "art_6",
        "the words ‘shall’ occur twice; the instruction does not say after which the new words "
        "go (English text of art_6)",
    ),
    (
        "nl",
        "vóór het woord “verslag”",
        "vóór het woord “register”",
        "art_1/pnt_6",
        "art_5/par_2",
        "the words ‘register’ are not in the text (Dutch text of art_5/par_2)",
    ),
    (
        "de",
        "„es“ an der zweiten Stelle",
        "„es“",
        "art_1/pnt_7",
        "art_6",
        "the words ‘es’ occur twice; the instruction does not say after which the new words go "
        "(German text of art_6)",
    ),
    # A sentence the provision does not have.
    (
        "en",
        "in Article 4, second sentence,",
        "in Article 4, third sentence,",
        "art_1/pnt_4",
        "art_4",
        "the text has 2 sentences; the instruction names sentence 3 (English text of art_4)",
    ),
    # Words added at the end of a provision whose points come after its text.
    (
        "en",
        "at the end of Article 8, point (a), the word",
        "at the end of Article 8, the word",
        "art_1/pnt_9",
        "art_8",
        "art_8 has parts after its own text: the instruction does not say at the end of which "
        "the words go",
    ),
]


@pytest.mark.parametrize(("lang", "old", "new", "instruction", "target", "message"), REFUSALS)
def test_what_cannot_be_applied_is_refused(
    lang: str, old: str, new: str, instruction: str, target: str, message: str
) -> None:
    error = _refused(lang, old, new)
    assert (error.act, error.instruction, error.target) == (
        AMENDING,
        _path(instruction),
        _path(target),
    )
    assert error.languages == (lang,)
    line = next(i for i, x in enumerate(_instead(lang, old, new).splitlines(), 1) if new in x)
    assert str(error).startswith(
        f"words-amending-made-up-{lang}.txt:{line}: {AMENDING}, instruction {instruction} "
        f"({lang}), on {target}: {message}"
    )
    assert isinstance(error, LoaderError)


def test_nothing_is_half_applied() -> None:
    """The German of instruction 7 cannot be placed: consolidation stops, though the English
    and Dutch could be, and the acts given are as they were."""
    base = {lang: _act("base", lang) for lang in LANGS}
    amending = {lang: _act("amending", lang) for lang in LANGS}
    amending["de"] = _act("amending", "de", _instead("de", "„es“ an der zweiten Stelle", "„es“"))
    given = copy.deepcopy((base, amending))
    with pytest.raises(ConsolidationError, match=r"instruction art_1/pnt_7 \(de\), on art_6"):
        consolidate(base, [amending])
    assert (base, amending) == given


class _Holder:
    def __init__(self, text: str) -> None:
        self.text = text


def test_a_change_that_cannot_be_made_changes_no_text() -> None:
    holders = [_Holder("The host shall act."), _Holder("The host shall report.")]
    after = Amendment("substitute", ("art_1",), old="The host", replacement="or its deputy")
    after.place = "after"
    with pytest.raises(words.Unplaceable, match="occur twice; the instruction does not say"):
        words.change([(h, "text") for h in holders], after)
    assert [h.text for h in holders] == ["The host shall act.", "The host shall report."]
    after.every = True  # "wherever it occurs"
    words.change([(h, "text") for h in holders], after)
    assert [h.text for h in holders] == [
        "The host or its deputy shall act.",
        "The host or its deputy shall report.",
    ]


@pytest.mark.parametrize(
    ("text", "place", "old", "new", "result"),
    [
        # Words are sought as words, not inside a longer word.
        ("The hosts and the host.", None, "host", "operator", "The hosts and the operator."),
        # Deleted words leave one space, and none before a punctuation mark.
        ("It may only be kept only.", None, "only", "", "It may be kept."),
        ("Only hosts.", None, "Only", "", "hosts."),
        # Inserted words join with a space, or none where they begin with a punctuation mark.
        ("The host shall act.", "after", "The host", ", or its deputy,",
         "The host, or its deputy, shall act."),
        ("The host shall act.", "before", "act", "not", "The host shall not act."),
        # Added at the end: after a point's ";", before the closing mark, or in its place.
        ("the hosts;", "end", None, "and", "the hosts; and"),
        ("It shall apply.", "end", None, ", unless decided otherwise",
         "It shall apply, unless decided otherwise."),
        ("It shall apply.", "end", None, "to hosts only.", "It shall apply to hosts only."),
        ("It shall apply.", "sentence", None, "Hosts shall report.",
         "It shall apply. Hosts shall report."),
    ],
)  # fmt: skip
def test_how_words_join_the_text(
    text: str, place: str | None, old: str | None, new: str, result: str
) -> None:
    holder = _Holder(text)
    every = place is None  # "wherever it occurs", where the words occur twice
    amendment = Amendment(
        "substitute", ("art_1",), old=old, replacement=new, place=place, every=every
    )
    words.change([(holder, "text")], amendment)
    assert holder.text == result


def test_sentences_are_told_apart() -> None:
    holder = _Holder("See e.g. Article 5. It applies, i.e. Hosts report. Then it ends.")
    amendment = Amendment("substitute", ("art_1",), old="it", replacement="this", sentence=3)
    words.change([(holder, "text")], amendment)
    assert holder.text == "See e.g. Article 5. It applies, i.e. Hosts report. Then this ends."


# -- what is not read -------------------------------------------------------------------------

UNREAD = [
    (
        "(1) in Article 1, the word ‘register’, where it appears for the second time,",
        "(1) in Article 1, the word ‘register’, where it appears for the umpteenth time,",
        "unknown ordinal 'umpteenth'",
        "Article 1 › (1)",
    ),
    (
        "(8) in Article 7, the following sentence is added:\n‘They shall publish the list.’;",
        "(8) in Article 7, the following sentence is added:",
        "the instruction is not followed by the quoted text",
        "Article 1 › (8)",
    ),
    (
        "the word ‘and’ is added;",
        "the word ‘and’ is added wherever it occurs;",
        "words added at the end of a provision name no occurrence or sentence",
        "Article 1 › (9)",
    ),
    (
        "(4) in Article 4, second sentence, the word ‘month’ is replaced by ‘quarter’;",
        "(4) in Article 4, the second sentence is deleted;",
        "a delete instruction on a sentence is not understood",
        "Article 1 › (4)",
    ),
]


@pytest.mark.parametrize(("old", "new", "message", "where"), UNREAD)
def test_what_is_not_understood_is_not_read(old: str, new: str, message: str, where: str) -> None:
    text = _instead("en", old, new)
    with pytest.raises(LoaderError) as info:
        _act("amending", "en", text)
    assert info.value.message == message
    assert info.value.where == where
    assert info.value.line == next(i for i, x in enumerate(text.splitlines(), 1) if new in x)
