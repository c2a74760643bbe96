"""One table of errors: the same error has the same status on every route, and is answered
as JSON under /api and as the client accepts elsewhere."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from flask.testing import FlaskClient

from lexkg.server import create_app
from lexkg.server.core.errors import (
    STATUS,
    ClientError,
    FormatError,
    GraphLoadError,
    NotAcceptableError,
    NotFoundError,
    QueryError,
    QueryTimeoutError,
    ResultTooLargeError,
    StoreError,
    StoreUnavailableError,
    UnavailableError,
    status_of,
)
from lexkg.server.store.base import QueryAnswer
from lexkg.server.store.embedded import OxigraphStore

from support import Wrapping


@pytest.mark.parametrize(
    ("error", "status", "code"),
    [
        (FormatError("unknown format"), 400, "bad_format"),
        (ClientError("field 'date'"), 400, "bad_request"),
        (NotFoundError("no version on 2020-01-01"), 404, "not_found"),
        (QueryError("malformed"), 400, "bad_query"),
        (NotAcceptableError("no", ["text/turtle"]), 406, "not_acceptable"),
        (ResultTooLargeError(10), 422, "result_too_large"),
        (QueryTimeoutError(1.5), 503, "query_timeout"),
        (StoreUnavailableError("no worker"), 503, "store_unavailable"),
        (UnavailableError("pyLODE"), 503, "unavailable"),
        (GraphLoadError("cut short"), 500, "graph_unavailable"),
        (StoreError("failed"), 500, "store_error"),
    ],
)
def test_the_table(error: Exception, status: int, code: str) -> None:
    found = status_of(error)
    assert found is not None and (found.status, found.code) == (status, code)


def test_the_table_names_the_most_specific_class_first() -> None:
    """No entry is shadowed by an earlier, more general one."""
    kinds = [kind for kind, _ in STATUS]
    for i, kind in enumerate(kinds):
        assert not any(issubclass(kind, earlier) for earlier in kinds[:i]), kind


def test_an_unknown_exception_is_no_entry() -> None:
    assert status_of(KeyError("x")) is None


class _Failing(Wrapping):
    """The real store, failing every query with `error` once `armed`."""

    def __init__(self, store: Any, error: Exception) -> None:
        super().__init__(store)
        self.error = error
        self.armed = False

    def query(self, sparql: str, **options: Any) -> QueryAnswer:
        if self.armed:
            raise self.error
        return super().query(sparql, **options)


ROUTES = [
    ("GET", "/sparql?query=ASK%20%7B%7D"),
    ("GET", "/queries/glossary"),
    ("GET", "/eli/reg/2024/1732/oj"),
    ("GET", "/catalog"),
    ("POST", "/api/assess"),
]


@pytest.mark.parametrize(
    ("error", "status"),
    [(ResultTooLargeError(1000), 422), (QueryTimeoutError(2.0), 503), (StoreError("x"), 500)],
)
def test_the_same_error_has_the_same_status_everywhere(
    graph_file: Path, error: Exception, status: int
) -> None:
    store = _Failing(OxigraphStore(graph_file), error)
    client = create_app({"STORE": store, "TESTING": True}).test_client()
    store.armed = True
    for method, path in ROUTES:
        body = {"hosts_ai_optimised_supercomputer": True} if method == "POST" else None
        response = client.open(path, method=method, json=body)
        assert response.status_code == status, (path, response.text)
        assert str(error) in response.text, path
        if path.startswith("/api/"):
            assert response.mimetype == "application/json"
            assert json.loads(response.data) == {
                "error": status_of(error).code,  # type: ignore[union-attr]
                "message": str(error),
            }
        else:
            assert response.mimetype == "text/plain", path


@pytest.mark.parametrize(
    ("accept", "media_type"),
    [
        (None, "text/plain"),
        ("application/json", "application/json"),
        ("text/html,application/xhtml+xml,*/*;q=0.8", "text/html"),
        ("image/png", "text/plain"),
    ],
)
def test_an_error_is_answered_as_the_client_accepts(
    client: FlaskClient, accept: str | None, media_type: str
) -> None:
    path = "/eli/reg/2024/1732/<script>alert(1)</script>"
    response = client.get(path, headers={"Accept": accept} if accept else {})
    assert response.status_code == 404
    assert response.mimetype == media_type
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    if media_type != "text/plain":  # escaped where it could be read as markup
        assert "<script>" not in response.text
    if media_type == "application/json":
        assert response.get_json()["error"] == "not_found"


def test_api_errors_are_json(client: FlaskClient) -> None:
    response = client.post("/api/assess", json={"no_such_field": True})
    assert (response.status_code, response.mimetype) == (400, "application/json")
    assert response.get_json()["error"] == "bad_request"
    assert "no_such_field" in response.get_json()["message"]
    response = client.post("/api/assess", data="{", content_type="application/json")
    assert (response.status_code, response.mimetype) == (400, "application/json")
    assert "malformed JSON at line 1" in response.get_json()["message"]
    response = client.delete("/api/assess")
    assert (response.status_code, response.mimetype) == (405, "application/json")
    assert response.headers["Allow"]
    response = client.get("/api/assess?date=2022-13-01")
    assert (response.status_code, response.mimetype) == (400, "application/json")
    assert "field 'date'" in response.get_json()["message"]


def test_a_body_past_the_limit_names_the_limit(client: FlaskClient) -> None:
    body = b"ASK {}" + b" " * (1 << 20)
    response = client.post("/sparql", data=body, content_type="application/sparql-query")
    assert response.status_code == 413
    assert "larger than 1048576 bytes (MAX_CONTENT_LENGTH)" in response.text


@pytest.mark.filterwarnings("ignore:unclosed file:ResourceWarning")  # pyLODE, on /ontology
@pytest.mark.parametrize("path", ["/", "/eli/reg/2024/1732/oj", "/ontology", "/queries"])
def test_pages_say_what_they_may_load(client: FlaskClient, path: str) -> None:
    response = client.get(path, headers={"Accept": "text/html"})
    assert response.mimetype == "text/html"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "default-src 'none'" in policy
    # No inline script a policy of 'self' would block (data blocks are not run).
    for script in re.findall(r"<script([^>]*)>(.*?)</script>", response.text, re.DOTALL):
        attributes, body = script
        assert "src=" in attributes or "application/" in attributes or not body.strip(), path


def test_answers_run_nothing(client: FlaskClient) -> None:
    response = client.get("/sparql", query_string={"query": "ASK {}"})
    assert response.headers["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
