"""The acts of 2021/1173's family published by `loader.rdf.publish` from the corpus texts: the
base act (Dutch whole, English without its preamble, as declared) and 2026/150 (English only),
each validated against the shapes. Skipped without the corpus (see test_corpus_loader.py)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import RDF, XSD

from lexkg import resources
from lexkg.loader.errors import LoaderError
from lexkg.loader.lines import read_lines
from lexkg.loader.parse import read_text
from lexkg.loader.profiles import profile
from lexkg.loader.rdf import ActMeta, publish
from lexkg.loader.validate import validate
from lexkg.vocab import ELI, LANGUAGE, LKG, SUBDIVISION

from support import CORPUS, union

if not CORPUS.is_dir():
    pytest.skip(f"no corpus folder at {CORPUS} (set LEXKG_CORPUS)", allow_module_level=True)

BASE = "http://data.europa.eu/eli/reg/2021/1173"
LATER = "http://data.europa.eu/eli/reg/2026/150"
GAPS = frozenset({"citations", "recitals", "signature"})


def _read(path: Path, layout: str, lang: str, gaps: frozenset[str] = frozenset()):
    counts = {"art_9/par_5": 1}  # as the seed act's metadata records for the amended act
    return read_text(read_lines(path), layout, profile(lang), str(path), counts, gaps)


@pytest.fixture(scope="module")
def base():
    nl = _read(CORPUS / "reg-2021-1173" / "nl.txt", "flattened", "nl")
    en = _read(CORPUS / "reg-2021-1173" / "en.md", "markdown", "en", GAPS)
    meta = ActMeta(f"{BASE}/oj", dt.date(2021, 7, 19), journal="OJ L 256, 19.7.2021, p. 3")
    return union(publish([nl, en], meta, dt.date(2026, 1, 1)))


@pytest.fixture(scope="module")
def later():
    try:
        en = _read(CORPUS / "reg-2026-150" / "en.md", "markdown", "en")
    except LoaderError as exc:  # the parser's, not publishing's
        pytest.skip(f"the loader cannot read 2026/150 yet: {exc}")
    meta = ActMeta(f"{LATER}/oj", dt.date(2026, 1, 19), amends=f"{BASE}/oj")
    return union(publish([en], meta, dt.date(2026, 2, 1), consolidated=False))


def test_the_base_act(base) -> None:
    act = URIRef(f"{BASE}/oj")
    assert (act, RDF.type, ELI.LegalResource) in base
    assert base.value(act, ELI.date_publication) == Literal("2021-07-19", datatype=XSD.date)
    assert base.value(act, ELI.first_date_entry_in_force) == Literal(
        "2021-08-08", datatype=XSD.date
    )
    titles = {t.language for t in base.objects(URIRef(f"{act}/nld"), ELI.title)}
    assert titles == {"nl"} and (URIRef(f"{act}/eng"), ELI.title, None) in base
    art_9 = URIRef(f"{BASE}/art_9/oj")
    assert base.value(art_9, ELI.type_subdivision) == SUBDIVISION.ART
    assert str(base.value(URIRef(f"{art_9}/eng"), ELI.title)) == "Hosting entity"
    manifestation = base.value(URIRef(f"{art_9}/nld"), ELI.is_embodied_by)
    assert str(base.value(manifestation, ELI.published_in)) == "OJ L 256, 19.7.2021, p. 3"
    # The English text has no recitals, as declared: each recital says so in English.
    absence = base.value(URIRef(f"{BASE}/rct_1/oj"), LKG.absence)
    assert base.value(absence, LKG.absentLanguage) == URIRef(f"{LANGUAGE}ENG")
    assert "recitals" in str(base.value(absence, LKG.reason))


def test_the_base_act_conforms(base) -> None:
    report = validate(base, resources.ontology_dir() / "shapes.ttl")
    assert report.conforms, report.text()


def test_an_amending_act_in_english_only(later) -> None:
    act = URIRef(f"{LATER}/oj")
    assert (act, ELI.amends, URIRef(f"{BASE}/oj")) in later
    assert str(later.value(URIRef(f"{act}/eng/html"), ELI.published_in)) == (
        "OJ L, 2026/150, 19.1.2026"
    )
    assert not any(str(s).startswith(f"{BASE}/2026") for s in later.subjects())
    report = validate(later, resources.ontology_dir() / "shapes.ttl")
    assert report.conforms, report.text()


def test_the_seed_act_in_english_only() -> None:
    """An amending act with only an English text, and its partial consolidated version."""
    en = _read(CORPUS / "reg-2024-1732" / "en.md", "markdown", "en")
    meta = ActMeta("http://data.europa.eu/eli/reg/2024/1732/oj", dt.date(2024, 6, 19), f"{BASE}/oj")
    g = union(publish([en], meta, dt.date(2026, 1, 1)))
    version = URIRef(f"{BASE}/2024-07-09")
    assert set(g.objects(version, LKG.versionLanguage)) == {URIRef(f"{LANGUAGE}ENG")}
    assert (URIRef(f"{BASE}/art_9/par_6a/2024-07-09/eng"), LKG.text, None) in g
    report = validate(g, resources.ontology_dir() / "shapes.ttl")
    assert report.conforms, report.text()
