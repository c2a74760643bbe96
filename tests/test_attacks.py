"""The running service under attack: hostile requests over loopback, against `lexkg serve`.

One server (granian, two workers, the real graph) takes every attack; after each test its
workers are the ones it started with (nothing crashed), its log has no traceback, and the
store holds what it held. What tests/test_query_limits.py and tests/test_server.py already
check in-process (SERVICE, FROM and the dataset parameters on GET /sparql, updates POSTed
to every route, the time limit, a long and a nested query) is not repeated; this file adds:

* no connection towards any spelling of a loopback address, by POST (form and direct), by
  the named queries' IRI parameters, by /api/assess, nor to read a file (`file:`);
* SPARQL Update and LOAD sent every way to every route: refused or ignored, never run;
* very large and very deeply nested queries: a clean 4xx (or the answer), never a crash;
* path traversal on every route that takes a path: never anything but 404 or 400, never a
  byte of pyproject.toml, /etc/passwd, the graph file or the sources;
* parameters and headers (Accept, Content-Type, Host, X-Forwarded-*, …) bound as values:
  a named query's value is never query text, and no HTML page holds an injected string.
"""

from __future__ import annotations

import http.client
import json
import re
import select
import socket
import sys
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

import pyoxigraph as ox
import pytest

from support import children, free_port, listening, serving_process, wait_for_workers

pytestmark = pytest.mark.slow  # starts servers

ACT = "http://data.europa.eu/eli/reg/2024/1732/oj"
SERVER_SOURCE = Path(__file__).parents[1] / "server" / "app.py"
# What must never come back from an attack: files of the machine and of the project.
SECRETS = {
    "pyproject.toml": ['name = "lexkg"', "[project]"],
    "/etc/passwd": ["root:x:0:0", "daemon:x:"],
    "the sources": ["def create_app(", "[texts.nl]"],
    "the graph file": ["# lexkg graph:"],
}
XSS = '"><script>alert("lexkg")</script><img src=x onerror=alert(1)>'
JSON = {"Content-Type": "application/json"}


# -- The server --------------------------------------------------------------------------------


@dataclass
class Server:
    base: str
    port: int
    pid: int
    log: Path
    graph: Path

    def request(
        self,
        method: str,
        target: str,
        *,
        body: bytes | str | None = None,
        headers: dict[str, str] | None = None,
    ) -> Reply:
        """One request on a connection of its own; the target is sent exactly as given."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            connection.putrequest(method, target, skip_host="Host" in (headers or {}))
            data = body.encode("utf-8") if isinstance(body, str) else body
            for name, value in (headers or {}).items():
                connection.putheader(name, value)
            if data is not None:
                connection.putheader("Content-Length", str(len(data)))
            connection.endheaders(data)
            response = connection.getresponse()
            return Reply(response.status, response.getheader("Content-Type") or "", response.read())
        finally:
            connection.close()

    def raw(self, data: bytes) -> Reply:
        """Bytes sent as they are (NUL, backslashes, any request target); the reply read."""
        with socket.create_connection(("127.0.0.1", self.port), timeout=30) as sock:
            sock.sendall(data)
            chunks = []
            while chunk := sock.recv(65536):
                chunks.append(chunk)
        head, _, body = b"".join(chunks).partition(b"\r\n\r\n")
        status = int(head.split(b" ", 2)[1]) if head.startswith(b"HTTP/") else 0
        content_type = re.search(rb"(?im)^content-type: *(.+?)\r?$", head)
        return Reply(status, content_type[1].decode() if content_type else "", body)

    def triples(self) -> int:
        return json.loads(self.request("GET", "/health").body)["triples"]


@dataclass
class Reply:
    status: int
    content_type: str
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")

    @property
    def html(self) -> bool:
        return self.content_type.startswith("text/html")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, graph_file: Path) -> Iterator[Server]:
    port = free_port()
    log = tmp_path_factory.mktemp("attacks") / "server.log"
    command = [sys.executable, "-m", "lexkg", "serve", "--graph", str(graph_file)]
    command += ["--port", str(port), "--workers", "2", "--threads", "4"]
    with serving_process(command, port, log) as (base, proc):
        wait_for_workers(proc.pid, 2)
        yield Server(base, port, proc.pid, log, graph_file)


@pytest.fixture(autouse=True)
def unharmed(server: Server) -> Iterator[None]:
    """After each test: the same granian workers, no traceback logged, the same triples."""
    workers = children(server.pid)
    assert len(workers) == 2
    logged = server.log.stat().st_size
    triples = server.triples()
    yield
    assert children(server.pid) == workers, "a worker died and was replaced"
    with server.log.open("rb") as log:
        log.seek(logged)
        new = log.read().decode("utf-8", errors="replace")
    assert "Traceback" not in new and "Exception on" not in new, new[-3000:]
    assert server.triples() == triples


def _no_secrets(reply: Reply, where: str) -> None:
    for secret, markers in SECRETS.items():
        for marker in markers:
            assert marker not in reply.text, f"{where}: {secret} served"


# -- No connection, towards any loopback address ------------------------------------------------


@pytest.fixture
def listener() -> Iterator[tuple[socket.socket, int]]:
    with listening(64) as sock:
        yield sock, sock.getsockname()[1]


def _connections(sock: socket.socket, wait: float = 0.05) -> int:
    count = 0
    while select.select([sock], [], [], wait)[0]:
        connection, _ = sock.accept()
        connection.close()
        count += 1
    return count


def _loopback_urls(port: int) -> list[str]:
    """One address of the listener, spelled the ways a URL can spell 127.0.0.1."""
    hosts = ["127.0.0.1", "localhost", "127.1", "2130706433", "0x7f000001", "[::ffff:127.0.0.1]"]
    return [f"http://{host}:{port}/sparql" for host in hosts]


def test_no_request_makes_the_server_connect_to_loopback(
    server: Server, listener: tuple[socket.socket, int]
) -> None:
    sock, port = listener
    form = {"Content-Type": "application/x-www-form-urlencoded"}
    direct = {"Content-Type": "application/sparql-query"}
    for url in _loopback_urls(port):
        queries = [
            (f"SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}", 400),
            (f"SELECT * WHERE {{ service silent <{url}> {{ ?s ?p ?o }} }}", 400),
            (f"SELECT * FROM <{url}> WHERE {{ ?s ?p ?o }}", 200),
            (f"SELECT * FROM NAMED <{url}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}", 200),
            (f"DESCRIBE <{url}>", 200),
            (f"CONSTRUCT {{ ?s ?p ?o }} FROM <{url}> WHERE {{ ?s ?p ?o }}", 200),
        ]
        for query, status in queries:
            body = urllib.parse.urlencode({"query": query})
            assert server.request("POST", "/sparql", body=body, headers=form).status == status
            assert server.request("POST", "/sparql", body=query, headers=direct).status == status
        for parameter in ("default-graph-uri", "named-graph-uri"):
            body = urllib.parse.urlencode({"query": "ASK { ?s ?p ?o }", parameter: url})
            reply = server.request("POST", "/sparql", body=body, headers=form)
            assert reply.status == 200 and json.loads(reply.body)["boolean"] is False
        # Named queries take IRIs as values: bound, never fetched.
        for target in (
            f"/queries/applicable-norms?host={urllib.parse.quote(url)}",
            f"/queries/norms-of-provision?provision={urllib.parse.quote(url)}",
        ):
            assert server.request("GET", target).status in (200, 400)
        body = json.dumps({"lang": url})
        reply = server.request("POST", "/api/assess", body=body, headers=JSON)
        assert reply.status == 400
        assert _connections(sock) == 0, url
    # A file named as a graph or a resource is not read.
    for query in (
        "SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }",
        f"SELECT * FROM <file://{server.graph}> WHERE {{ ?s ?p ?o }}",
        "DESCRIBE <file:///etc/passwd>",
        "SELECT * WHERE { SERVICE <file:///etc/passwd> { ?s ?p ?o } }",
    ):
        reply = server.request("POST", "/sparql", body=query, headers=direct)
        assert reply.status in (200, 400)
        _no_secrets(reply, query)
    # The detector sees a connection when there is one.
    with socket.create_connection(("127.0.0.1", port), timeout=5):
        assert _connections(sock, wait=5) == 1


# -- Updates and LOAD, every way, on every route --------------------------------------------------


def _routes() -> list[str]:
    """A request path for every route of the app, its variable parts filled in."""
    from lexkg.server import create_app

    class _NoStore:
        def query(self, *args: object, **kwargs: object) -> None:
            raise AssertionError("no query while listing routes")

        def triple_count(self) -> int:
            return 0

    examples = {
        "path": "reg/2024/1732/oj",
        "name": "glossary",
        "filename": "lexkg.css",
    }
    found = []
    for rule in create_app({"STORE": _NoStore()}).url_map.iter_rules():
        path = rule.rule
        for argument in rule.arguments:
            value = examples[argument]
            if rule.endpoint == "editor.asset":
                value = "yasgui.min.js"
            elif rule.endpoint == "ontology.term":
                value = "AIFactory"
            elif rule.endpoint == "harvest.dump":
                value = "lexkg.nq"
            path = re.sub(rf"<(?:[^:>]+:)?{argument}>", value, path)
        found.append(path)
    return found


ROUTES = _routes()


def test_every_route_is_listed() -> None:
    assert {"/sparql", "/api/assess", "/queries/glossary", "/eli/reg/2024/1732/oj"} <= set(ROUTES)
    assert {"/ontology", "/ontology/AIFactory", "/static/yasgui/yasgui.min.js"} <= set(ROUTES)


def test_no_route_runs_an_update_or_a_load(
    server: Server, listener: tuple[socket.socket, int]
) -> None:
    sock, port = listener
    load = f"LOAD <http://127.0.0.1:{port}/data.ttl> INTO GRAPH <{ACT}>"
    insert = f'INSERT DATA {{ GRAPH <{ACT}> {{ <{ACT}> <http://lexkg.example/p> "inserted" }} }}'
    wipe = "DROP ALL"
    marker = f"ASK {{ <{ACT}> <http://lexkg.example/p> ?o }}"
    for path in ROUTES:
        for update in (load, insert, wipe):
            encoded = urllib.parse.quote(update)
            attempts = [
                ("GET", f"{path}?update={encoded}", None, {}),
                ("GET", f"{path}?query={encoded}", None, {}),
                (
                    "POST",
                    path,
                    urllib.parse.urlencode({"update": update}),
                    {"Content-Type": "application/x-www-form-urlencoded"},
                ),
                (
                    "POST",
                    path,
                    urllib.parse.urlencode({"query": update}),
                    {"Content-Type": "application/x-www-form-urlencoded"},
                ),
                ("POST", path, update, {"Content-Type": "application/sparql-update"}),
                ("POST", path, update, {"Content-Type": "application/sparql-query"}),
                (
                    "POST",
                    path,
                    json.dumps({"update": update, "query": update, "lang": update}),
                    {"Content-Type": "application/json"},
                ),
                ("PUT", path, update, {"Content-Type": "application/sparql-update"}),
                ("PATCH", path, update, {"Content-Type": "application/sparql-update"}),
                ("DELETE", f"{path}?graph={urllib.parse.quote(ACT)}", None, {}),
            ]
            for method, target, body, headers in attempts:
                reply = server.request(method, target, body=body, headers=headers)
                where = f"{method} {target} {headers}"
                if path == "/sparql":
                    assert 400 <= reply.status < 500, where  # refused
                else:
                    assert reply.status < 500, where  # refused, or the parameter ignored
        assert _connections(sock) == 0, path
        reply = server.request("GET", f"/sparql?query={urllib.parse.quote(marker)}")
        assert json.loads(reply.body)["boolean"] is False, path


# -- Very large and very deeply nested queries ---------------------------------------------------

N = 16_000  # levels of nesting: the query stays within the 32 KiB the endpoint takes
NESTED = {
    "groups": ("ASK " + "{" * N + "}" * N, 200),
    "groups, unclosed": ("ASK " + "{" * 32_000, 400),
    "parentheses": ("ASK { FILTER(" + "(" * N + "true" + ")" * N + ") }", 200),
    "parentheses, unclosed": ("ASK { FILTER(" + "(" * 32_000, 400),
    "negations": ("ASK { FILTER(" + "!" * 32_000 + "true) }", 200),
    "signs": ("ASK { FILTER(" + "- " * 16_000 + "1) }", 400),
    "path groups": ("ASK { ?s " + "(" * N + "<p:p>" + ")" * N + " ?o }", 200),
    "path groups, unclosed": ("ASK { ?s " + "(" * 32_000, 400),
    "subqueries": ("SELECT * WHERE " + "{ SELECT * WHERE " * 1800 + "{}" + "}" * 1800, 200),
    "unions": ("ASK { " + "{} UNION " * 3500 + "{} }", 200),
    "exists": ("ASK { FILTER(" + "EXISTS { FILTER(" * 1400 + "true" + ") }" * 1400 + ") }", 200),
    "function calls": ("ASK { FILTER(" + "CONCAT(" * 4000 + '"a"' + ")" * 4000 + ") }", 200),
    # Deep and valid, these two are joins of thousands of patterns (a runaway query, stopped
    # by the time limit, see tests/test_query_limits.py); unclosed, the parser meets them.
    "blank nodes, unclosed": ("ASK { ?s <p:p> " + "[<p:p> " * 4000, 400),
    "collections, unclosed": ("ASK { ?s <p:p> " + "(" * 32_000, 400),
    "one character too long": ("ASK {}" + " " * 32_763, 413),
    "a body past 1 MiB": ("ASK {}" + " " * (1 << 20), 413),
}


@pytest.mark.parametrize("name", list(NESTED))
def test_large_and_deeply_nested_queries_get_a_clean_answer(server: Server, name: str) -> None:
    query, status = NESTED[name]
    for body, content_type in (
        (query, "application/sparql-query"),
        (urllib.parse.urlencode({"query": query}), "application/x-www-form-urlencoded"),
    ):
        reply = server.request("POST", "/sparql", body=body, headers={"Content-Type": content_type})
        assert reply.status == status, (name, reply.status, reply.text[:300])
        if status >= 400:
            assert reply.content_type.startswith("text/plain"), reply.content_type
    assert server.request("GET", "/health").status == 200


def test_oversized_request_lines_and_headers_are_4xx(server: Server) -> None:
    long_get = "/sparql?query=" + urllib.parse.quote("ASK {}" + " " * 40_000)
    assert 400 <= server.request("GET", long_get).status < 500
    many = {f"X-Header-{i}": "x" for i in range(200)}
    assert 400 <= server.request("GET", "/health", headers=many).status < 500
    huge = {"X-Huge": "x" * 70_000}
    assert 400 <= server.request("GET", "/health", headers=huge).status < 500
    deep_json = "[" * 100_000 + "]" * 100_000
    reply = server.request(
        "POST", "/api/assess", body=deep_json, headers={"Content-Type": "application/json"}
    )
    assert reply.status == 400 and "nested too deeply" in reply.text


# -- Path traversal ------------------------------------------------------------------------------

# Each route that takes a path or a name, with what it must serve (a control) and a base to
# walk away from.
TRAVERSED = {
    "/eli/": "reg/2024/1732/oj",
    "/queries/": "glossary.rq",
    "/ontology/": "AIFactory",
    "/static/yasgui/": "yasgui.min.js",
    "/static/": "lexkg.css",
    "/eli-static/": "lexkg.css",
    "/dumps/": "lexkg.nq",
    "/": "robots.txt",
}


def _escapes(graph: Path) -> list[str]:
    """Ways out of a route's folder: plain, encoded, double-encoded, backslashes, absolute
    paths, NUL, overlong UTF-8, and the graph file by its own path."""
    up = "../" * 8
    return [
        f"{up}pyproject.toml",
        f"{up}etc/passwd",
        "../../pyproject.toml",
        "../../server/app.py",
        "..%2f..%2fpyproject.toml",
        "..%2F..%2F..%2F..%2F..%2F..%2F..%2Fetc%2Fpasswd",
        "%2e%2e/%2e%2e/pyproject.toml",
        "%2e%2e%2f%2e%2e%2fpyproject.toml",
        "%252e%252e%252fpyproject.toml",
        "..%252f..%252f..%252f..%252fetc%252fpasswd",
        "%25252e%25252e%25252fpyproject.toml",
        "..\\..\\pyproject.toml",
        "..%5c..%5cpyproject.toml",
        "..%255c..%255cpyproject.toml",
        "/etc/passwd",
        "%2fetc%2fpasswd",
        "//etc/passwd",
        "file:///etc/passwd",
        "C:%5CWindows%5Cwin.ini",
        graph.as_posix().lstrip("/"),
        graph.as_posix().replace("/", "%2f"),
        "lexkg.css%00.txt",
        "..%00/..%00/pyproject.toml",
        "%00../../pyproject.toml",
        "%c0%ae%c0%ae/%c0%ae%c0%ae/pyproject.toml",
        "%c0%af..%c0%af..%c0%afpyproject.toml",
        "%ef%bc%8e%ef%bc%8e/%ef%bc%8e%ef%bc%8e/pyproject.toml",
        "..;/..;/pyproject.toml",
        ".../.../pyproject.toml",
        "./../.././../pyproject.toml",
        f"{up}data/reg-2024-1732/act.toml",
    ]


def test_the_traversed_routes_serve_their_own_files(server: Server) -> None:
    for route, own in TRAVERSED.items():
        reply = server.request("GET", route + own)
        assert reply.status in (200, 303), (route + own, reply.status)


def test_path_traversal_never_leaves_the_app(server: Server) -> None:
    wrong = []
    for route in TRAVERSED:
        for escape in _escapes(server.graph):
            for target in (route + escape, f"{route}{TRAVERSED[route]}/{escape}"):
                reply = server.request("GET", target)
                if reply.status not in (400, 404):
                    wrong.append((target, reply.status))
                _no_secrets(reply, target)
    assert not wrong


def test_raw_request_targets_never_leave_the_app(server: Server) -> None:
    host = f"Host: 127.0.0.1:{server.port}\r\nConnection: close\r\n\r\n".encode()
    targets = [
        b"/eli/reg/2024/1732/oj\x00/../../../pyproject.toml",
        b"/static/lexkg.css\x00../../../pyproject.toml",
        b"/static/..\\..\\pyproject.toml",
        b"/static/yasgui/..\\..\\..\\..\\pyproject.toml",
        b"../../../../etc/passwd",
        b"/../../../../../../etc/passwd",
        b"/static/../../../pyproject.toml",
        b"/eli-static/%2e%2e/%2e%2e/pyproject.toml",
        b"http://127.0.0.1/../../../../etc/passwd",
        b"file:///etc/passwd",
        b"*",
    ]
    for target in targets:
        reply = server.raw(b"GET " + target + b" HTTP/1.1\r\n" + host)
        assert reply.status in (400, 404), (target, reply.status)
        _no_secrets(reply, repr(target))


# -- Values, never query text or markup ---------------------------------------------------------

HOSTILE_VALUES = [
    "> } ; DROP ALL",
    '" } UNION { ?s ?p ?o } #',
    "' } UNION { ?s ?p ?o } #",
    "x> } UNION { ?s ?p ?o } #",
    "http://x/a> } UNION { ?s ?p ?o } #",
    "http://x/a>\n} UNION { ?s ?p ?o }",
    XSS,
    "\u0000",
    "nl\u0000",
    "1; DROP ALL",
    "9 } UNION { ?s ?p ?o }",
    "x" * 3000,  # a longer request line is refused (414, see below)
]


def _named_queries(server: Server) -> list[dict[str, object]]:
    reply = server.request("GET", "/queries", headers={"Accept": "application/json"})
    return json.loads(reply.body)


def _rows(reply: Reply) -> int:
    return len(json.loads(reply.body)["results"]["bindings"])


def _example(param: dict[str, object]) -> str | None:
    """A required parameter's example value, from its description ("e.g. VALUE")."""
    found = re.search(r"\be\.g\. (\S+)", str(param["description"]))
    return found[1].rstrip(".,;:)") if found else None


def test_named_query_parameters_are_bound_as_values(server: Server) -> None:
    queries = _named_queries(server)
    assert len(queries) >= 15
    tried = 0
    for query in queries:
        params: list[dict[str, object]] = query["params"]  # type: ignore[assignment]
        required = {str(p["name"]): _example(p) for p in params if p["default"] is None}
        for param in params:
            name = str(param["name"])
            neutral = {"iri": "http://lexkg.example/nothing", "integer": "0"}.get(
                str(param["type"]), "nothing-of-the-kind"
            )
            baseline = server.request(
                "GET", f"{query['url']}?{urlencode({**required, name: neutral})}"
            )
            for value in HOSTILE_VALUES:
                target = f"{query['url']}?{urlencode({**required, name: value})}"
                reply = server.request("GET", target)
                tried += 1
                where = f"{target[:200]} → {reply.status}: {reply.text[:200]}"
                assert reply.status in (200, 400), where
                assert not reply.html, where
                if reply.status == 200:
                    assert reply.content_type.startswith("application/sparql-results+json")
                    if baseline.status == 200:
                        assert _rows(reply) <= _rows(baseline), where  # no UNION spliced in
                else:
                    assert reply.content_type.startswith("text/plain"), where
                    assert f"parameter {name!r}" in reply.text, where
    assert tried > 200


HTML_PAGES = ["/", "/queries", "/ontology", "/eli/reg/2024/1732/oj", "/eli/reg/2024/1732/oj/deu"]
EVERY_GET = [*HTML_PAGES, "/sparql", "/sparql?query=ASK%20%7B%7D", "/queries/glossary"]
EVERY_GET += ["/eli/reg/2024/1732/art_1/oj", "/catalog", "/void", "/sitemap.xml", "/feed.atom"]
EVERY_GET += ["/robots.txt", "/dumps/lexkg.trig", "/ontology/AIFactory", "/health"]


def _html_safe(reply: Reply, injected: str, where: str) -> None:
    """An HTML answer holds the injected string (if it is markup) only escaped."""
    assert reply.status < 500, where
    if reply.html:
        for raw in ("<script>alert(", "onerror=alert"):
            assert raw not in reply.text, where
        if re.search(r"[<>\"']", injected):
            assert injected not in reply.text, where


def test_headers_are_never_markup(server: Server) -> None:
    injected_headers = [
        {"Host": f"evil.example{XSS}"},
        {"Host": "evil.example", "X-Forwarded-Host": XSS},
        {"X-Forwarded-Host": f"evil.example/{XSS}", "X-Forwarded-Proto": XSS},
        {"X-Forwarded-Proto": "javascript", "X-Forwarded-Port": XSS},
        {"X-Forwarded-For": XSS, "X-Forwarded-Prefix": XSS, "X-Forwarded-Server": XSS},
        {"Forwarded": f'for="{XSS}";host="{XSS}";proto=javascript'},
        {"X-Original-URL": f"/{XSS}", "X-Rewrite-URL": f"/{XSS}"},
        {"Referer": XSS, "User-Agent": XSS, "Cookie": f"session={XSS}", "Origin": XSS},
        {"Accept-Language": f"de;q=0.9, {XSS}"},
    ]
    for headers in injected_headers:
        for page in [*HTML_PAGES, "/sitemap.xml", "/feed.atom", "/catalog"]:
            reply = server.request("GET", page, headers={"Accept": "text/html", **headers})
            _html_safe(reply, XSS, f"{page} {headers}")
            if "Host" in headers or "X-Forwarded-Host" in headers:
                assert XSS not in reply.text, f"{page} {headers}"  # not in XML or RDF either
    # Links stay on this server (or the configured one), whatever the forwarded headers say.
    reply = server.request(
        "GET",
        "/eli/reg/2024/1732/oj",
        headers={"X-Forwarded-Host": "evil.example", "Forwarded": "host=evil.example"},
    )
    assert "evil.example" not in reply.text


MALFORMED_ACCEPT = [
    XSS,
    "text/html;q=abc",
    "*/*;q=1.5",
    "*/*;q=-1",
    ";;;,,,",
    "text/",
    "/html",
    "text/html; charset",
    "application/sparql-results+json;q=0, */*;q=0",
    "text/html;level=" + "1" * 5000,
    ", ".join(f"type{i}/sub{i}" for i in range(500)),
    "\u00e9/\u00e9",
]


def test_malformed_accept_headers(server: Server) -> None:
    for target in EVERY_GET:
        for accept in MALFORMED_ACCEPT:
            try:
                reply = server.request("GET", target, headers={"Accept": accept})
            except UnicodeEncodeError:  # http.client sends Latin-1 headers only
                reply = server.raw(
                    f"GET {target} HTTP/1.1\r\nHost: x\r\nAccept: {accept}\r\n"
                    "Connection: close\r\n\r\n".encode()
                )
            assert reply.status in (200, 303, 400, 406), (target, accept[:80], reply.status)
            _html_safe(reply, accept, f"{target} Accept: {accept[:80]}")


MALFORMED_CONTENT_TYPE = [
    f"application/sparql-query; charset={XSS}",
    "application/sparql-query; charset=utf-16",
    "application/sparql-query; charset=",
    "application/x-www-form-urlencoded; charset=utf-7",
    "multipart/form-data",
    "multipart/form-data; boundary=",
    "multipart/form-data; boundary=" + "x" * 5000,
    "application/json; charset=latin-1",
    "text/plain",
    XSS,
    ";",
    "",
]


def test_malformed_content_types(server: Server) -> None:
    bodies = {
        "/sparql": "ASK {}",
        "/api/assess": '{"lang": "nl"}',
    }
    for target, body in bodies.items():
        for content_type in MALFORMED_CONTENT_TYPE:
            reply = server.request(
                "POST", target, body=body, headers={"Content-Type": content_type}
            )
            where = f"{target} Content-Type: {content_type[:80]} → {reply.status}"
            assert reply.status == 200 or 400 <= reply.status < 500, where
            _html_safe(reply, content_type, where)
            assert not reply.html, where


def test_a_graph_answer_stays_well_formed_whatever_the_host(server: Server) -> None:
    """The service description names the endpoint by the request's host: RDF that parses."""
    for host in ("evil.example", f"evil.example{XSS}", "a>b", 'x" y', "[::1]:8000", "h:99999"):
        reply = server.request("GET", "/sparql", headers={"Host": host, "Accept": "text/turtle"})
        assert reply.status in (200, 400), (host, reply.status)
        if reply.status == 200:
            quads = list(ox.parse(reply.body, format=ox.RdfFormat.TURTLE))
            assert quads, host
            assert not any(">" in str(q.subject)[1:-1] for q in quads), host
