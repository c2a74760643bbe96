"""Content negotiation as a table: `format=` values and Accept in, a media type (or an error) out.

The same negotiator serves every route; the routes' own tests check that they use it.
"""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient

from lexkg.server.core.errors import FormatError, NotAcceptableError
from lexkg.server.core.formats import PAGE_MEDIA_TYPES, RDF_FORMATS
from lexkg.server.core.negotiation import choose, chooser
from lexkg.server.store.base import ANSWER_MEDIA_TYPES, OFFERS

RESULTS, GRAPH = OFFERS
PAGE = PAGE_MEDIA_TYPES
RDF = tuple(RDF_FORMATS)
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


@pytest.mark.parametrize(
    ("offers", "formats", "accept", "expected"),
    [
        # nothing stated: the first offer
        (PAGE, [], None, "text/html"),
        (RESULTS, [], None, "application/sparql-results+json"),
        (GRAPH, [], "", "text/turtle"),
        (RDF, [], "*/*", "text/turtle"),
        # Accept, with q-values and wildcards
        (PAGE, [], BROWSER, "text/html"),
        (PAGE, [], "text/turtle", "text/turtle"),
        (PAGE, [], "application/ld+json;q=0.9, text/turtle;q=0.5", "application/ld+json"),
        (RESULTS, [], "text/csv;q=0.9, application/*;q=0.5", "text/csv"),
        (GRAPH, [], "application/*", "application/n-triples"),
        (RESULTS, [], "application/json", "application/json"),
        # format= overrides Accept; `json` is results JSON where results are offered
        (PAGE, ["ttl"], BROWSER, "text/turtle"),
        (RESULTS, ["json"], "text/csv", "application/sparql-results+json"),
        (("application/json", "text/html"), ["json"], None, "application/json"),
        (GRAPH, ["application/n-triples"], "image/png", "application/n-triples"),
        (PAGE, ["html"], "text/turtle", "text/html"),
    ],
)
def test_the_choice(offers: tuple, formats: list, accept: str | None, expected: str) -> None:
    assert choose(offers, formats, accept) == expected


@pytest.mark.parametrize(
    ("offers", "formats", "accept", "error", "message"),
    [
        # a format the resource never has, or none at all: 400
        (PAGE, ["xml"], None, FormatError, "unknown format 'xml'; use one of html, ttl, rdf"),
        (PAGE, ["HTML"], None, FormatError, "unknown format 'HTML'"),
        (PAGE, [""], None, FormatError, "unknown format ''"),
        (RESULTS, ["ttl", "json"], None, FormatError, "format given more than once"),
        # a format or type it has, but not for this answer: 406, naming what is offered
        (PAGE, [], "image/png", NotAcceptableError, "offered as text/html, text/turtle"),
        (RDF, ["html"], None, FormatError, "use one of ttl, rdf, nt, jsonld"),
    ],
)
def test_the_refusals(
    offers: tuple, formats: list, accept: str | None, error: type, message: str
) -> None:
    with pytest.raises(error, match=message.replace("(", r"\(")):
        choose(offers, formats, accept)


def test_a_format_the_resource_has_but_not_for_this_answer_is_406() -> None:
    """/sparql offers results and graphs: csv is known there, but not for a CONSTRUCT."""
    pick = chooser(["csv"], None, ANSWER_MEDIA_TYPES)
    assert pick(GRAPH) is None
    assert pick(RESULTS) == "text/csv"
    with pytest.raises(NotAcceptableError, match=r"format=csv: .*\(format=jsonld\|nt\|rdf\|ttl\)"):
        choose(GRAPH, ["csv"], None, ANSWER_MEDIA_TYPES)
    with pytest.raises(FormatError, match="use one of json, xml, csv, tsv, ttl, rdf, nt, jsonld"):
        chooser(["html"], None, ANSWER_MEDIA_TYPES)


@pytest.mark.filterwarnings("ignore:unclosed file:ResourceWarning")  # pyLODE, on /ontology
def test_the_routes_answer_vary_and_link(client: FlaskClient) -> None:
    """A negotiated answer says it varies on Accept and links its other representations."""
    response = client.get("/eli/reg/2024/1732/oj", headers={"Accept": "text/turtle"})
    assert response.mimetype == "text/turtle"
    assert "Accept" in response.headers["Vary"]
    links = response.headers["Link"]
    assert '</eli/reg/2024/1732/oj?format=html>; rel="alternate"; type="text/html"' in links
    assert "format=ttl" not in links
    for path in ("/ontology", "/catalog", "/void", "/queries", "/sparql"):
        assert "Accept" in client.get(path).headers["Vary"], path
