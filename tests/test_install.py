"""`pip install .` gives a working lexkg from any folder: the sdist and the wheel built from it
hold one package, `lexkg`, with all its data; installed alone in a fresh virtual environment,
its `lexkg` command builds the graph and serves every page from an empty folder.

The wheel is built from the sdist (`python -m build`'s default), which proves the sdist
complete too, and leaves the repository's ``build/`` folder (the graph's default place) alone;
only ``lexkg.egg-info/`` (ignored by git) is rewritten there.
"""

from __future__ import annotations

import importlib.metadata
import json
import os
import signal
import subprocess
import sys
import tarfile
import time
import urllib.error
import urllib.parse
import urllib.request
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import pytest

from support import REPO, free_port

pytestmark = pytest.mark.slow

# The source folders and where their files go in the wheel (package-dir of pyproject.toml).
FOLDERS = {
    "lexkg": "lexkg",
    "loader": "lexkg/loader",
    "reasoner": "lexkg/reasoner",
    "server": "lexkg/server",
    "ontology": "lexkg/ontology",
    "queries": "lexkg/queries",
    "data": "lexkg/data",
}
# Package data, as globs of the source tree: each must match at least one file.
DATA = [
    "ontology/**/*.ttl",
    "queries/*.rq",
    "data/*/act.toml",
    "data/*/*.txt",
    "server/templates/eli/*.html",
    "server/static/*.css",
    "server/static/*.js",
]
# Files the package cannot work without, whatever the globs find (the YASGUI build is not in
# git: `npm ci` copies it from node_modules).
REQUIRED = [
    "lexkg/data/reg-2024-1732/act.toml",
    "lexkg/data/reg-2024-1732/nl.txt",
    "lexkg/data/reg-2024-1732/de.txt",
    "lexkg/ontology/shapes.ttl",
    "lexkg/queries/glossary.rq",
    "lexkg/server/templates/eli/page.html",
    "lexkg/server/static/lexkg.css",
    "lexkg/server/static/editor.css",
    "lexkg/server/static/editor.js",
    "lexkg/server/static/yasgui/yasgui.min.js",
    "lexkg/server/static/yasgui/yasgui.min.css",
    "lexkg/server/static/yasgui/VERSION",
]


def _wheel_path(source: Path) -> str:
    """Where a file of the source tree is in the wheel."""
    relative = source.relative_to(REPO)
    return f"{FOLDERS[relative.parts[0]]}/{Path(*relative.parts[1:]).as_posix()}"


def expected_files() -> set[str]:
    """Every module of the source folders, and the package data, as paths in the wheel."""
    expected = set(REQUIRED)
    for folder in FOLDERS:
        expected |= {
            _wheel_path(p) for p in (REPO / folder).rglob("*.py") if "__pycache__" not in p.parts
        }
    for pattern in DATA:
        found = sorted(REPO.glob(pattern))
        assert found, f"no file of the source tree matches {pattern}"
        expected |= {_wheel_path(p) for p in found}
    return expected


@dataclass(frozen=True)
class Dist:
    sdist: Path
    wheel: Path
    log: str  # what the build printed


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Dist:
    """The sdist of the repository, and the wheel built from it."""
    try:
        importlib.metadata.distribution("build")
    except importlib.metadata.PackageNotFoundError:
        pytest.skip("needs `build`, of the dev extras (pip install -e '.[dev]')")
    out = tmp_path_factory.mktemp("dist")
    run = subprocess.run(
        [sys.executable, "-m", "build", "--outdir", str(out), str(REPO)],
        cwd=out,  # not the repository, whose build/ folder is no package
        capture_output=True,
        text=True,
        timeout=600,
    )
    log = run.stdout + run.stderr
    assert run.returncode == 0, log
    (sdist,) = out.glob("lexkg-*.tar.gz")
    (wheel,) = out.glob("lexkg-*-py3-none-any.whl")
    return Dist(sdist, wheel, log)


def test_the_wheel_holds_one_package_and_its_data(dist: Dist) -> None:
    with zipfile.ZipFile(dist.wheel) as wheel:
        names = wheel.namelist()
        info = next(n for n in names if n.endswith(".dist-info/METADATA"))
        metadata = wheel.read(info).decode()
    tops = {name.split("/")[0] for name in names}
    dist_info = {top for top in tops if top.endswith(".dist-info")}
    assert len(dist_info) == 1 and next(iter(dist_info)).startswith("lexkg-"), tops
    assert tops - dist_info == {"lexkg"}
    assert not [n for n in names if "__pycache__" in n or n.endswith(".pyc")]
    missing = expected_files() - set(names)
    assert not missing, f"not in the wheel (package-data of pyproject.toml?): {sorted(missing)}"
    # The license as an SPDX expression, which setuptools takes without a warning.
    assert "License-Expression: EUPL-1.2" in metadata.splitlines()
    assert not [
        line for line in dist.log.splitlines() if "warn" in line.lower() and "licen" in line.lower()
    ]
    assert "SetuptoolsDeprecationWarning" not in dist.log
    with tarfile.open(dist.sdist) as sdist:
        root = {name.split("/")[0] for name in sdist.getnames()}
    assert root == {dist.sdist.name.removesuffix(".tar.gz")}


# The installed package, served


class _Assets(HTMLParser):
    """The scripts and stylesheets a page loads (src of script, href of link rel=stylesheet)."""

    def __init__(self) -> None:
        super().__init__()
        self.refs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "script" and a.get("src"):
            self.refs.append(a["src"])
        elif tag == "link" and "stylesheet" in (a.get("rel") or "").split() and a.get("href"):
            self.refs.append(a["href"])


def assets(page: bytes) -> list[str]:
    parser = _Assets()
    parser.feed(page.decode("utf-8"))
    parser.close()
    return parser.refs


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """A redirect is an answer of its own here, not a 200."""

    def redirect_request(self, *args, **kwargs) -> None:
        return None


_OPENER = urllib.request.build_opener(_NoRedirect)


def fetch(url: str, data: bytes | None = None, **headers: str) -> tuple[bytes, str]:
    """The body and media type of *url*'s answer, which must be a 200."""
    request = urllib.request.Request(url, data=data, headers=headers)
    try:
        with _OPENER.open(request, timeout=120) as answer:
            status, body = answer.status, answer.read()
            media_type = answer.headers.get_content_type()
    except urllib.error.HTTPError as error:
        with error:
            pytest.fail(f"{url}: {error.code} {error.read()[:500]!r}")
    assert status == 200, f"{url}: {status}"
    return body, media_type


# What would lead Python or lexkg elsewhere than the virtual environment and the empty folder.
_DROP = ("PYTHONPATH", "PYTHONHOME", "PYTHONSTARTUP", "PYTHONSAFEPATH", "VIRTUAL_ENV")


def _clean_env() -> dict[str, str]:
    """This process's environment without `_DROP` and LEXKG_* (the defaults apply)."""
    return {k: v for k, v in os.environ.items() if k not in _DROP and not k.startswith("LEXKG_")}


@pytest.fixture
def installed(dist: Dist, tmp_path: Path) -> Path:
    """A fresh virtual environment (no system site-packages) with the wheel installed."""
    venv = tmp_path / "venv"
    env = _clean_env()
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, env=env, timeout=300)
    run = subprocess.run(
        [str(venv / "bin" / "python"), "-m", "pip", "install", "--no-input", str(dist.wheel)],
        capture_output=True,
        text=True,
        env=env,
        timeout=900,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    return venv


@contextmanager
def server(venv: Path, log: Path, timeout: float = 120) -> Iterator[str]:
    """`lexkg serve` of *venv*, run in the current folder until /health answers; its base URL.

    It runs in a session of its own (as `support.serving_process` runs a server, but keeping
    its process from the start): its whole process group is stopped at the end, whatever
    happens, with SIGTERM, then SIGKILL.
    """
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    command = [str(venv / "bin" / "lexkg"), "serve", "--port", str(port), "--workers", "1"]
    with log.open("wb") as out:
        process = subprocess.Popen(
            command, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        deadline = time.monotonic() + timeout
        while True:
            assert process.poll() is None, log.read_text()
            try:
                with urllib.request.urlopen(f"{base}/health", timeout=5):
                    break
            except (urllib.error.URLError, ConnectionError):
                assert time.monotonic() < deadline, f"no answer in {timeout} s: {log.read_text()}"
                time.sleep(0.2)
        yield base
    finally:
        for stop, wait in ((signal.SIGTERM, 30), (signal.SIGKILL, None)):
            with suppress(ProcessLookupError):  # the group is gone
                os.killpg(process.pid, stop)  # the session's leader leads its process group
            with suppress(subprocess.TimeoutExpired):
                process.wait(timeout=wait)


# Where the installed package and its data are, printed by the virtual environment's Python.
_WHERE = """
import json, lexkg, lexkg.resources as r
folders = [r.ontology_dir(), r.queries_dir(), r.data_dir(), r.server_dir()]
print(json.dumps([lexkg.__file__, *map(str, folders)]))
"""


def test_the_installed_wheel_builds_and_serves_from_an_empty_folder(
    installed: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "empty"
    folder.mkdir()
    monkeypatch.chdir(folder)  # the server's folder too
    for name in [*_DROP, *(n for n in os.environ if n.startswith("LEXKG_"))]:
        monkeypatch.delenv(name, raising=False)
    env = _clean_env()

    # The package and its data come from the virtual environment, not from the source tree.
    where = subprocess.run(
        [str(installed / "bin" / "python"), "-c", _WHERE],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    for path in json.loads(where.stdout):
        assert Path(path).is_relative_to(installed), path

    build = subprocess.run(
        [str(installed / "bin" / "lexkg"), "build", "--quiet"],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert build.returncode == 0, build.stdout + build.stderr
    written = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())
    assert written == [
        "build/graph.nq",
        "build/graph.nq.inputs",
    ]  # the graph, what it was built from

    with server(installed, tmp_path / "serve.log") as base:
        origin = urllib.parse.urlsplit(base).netloc
        pages = {}
        for path in ["/", "/eli/reg/2024/1732/oj"]:
            body, media_type = fetch(base + path, Accept="text/html")
            assert media_type == "text/html", path
            pages[base + path] = body
        for path in ["/sparql", "/queries", "/queries/glossary", "/ontology", "/catalog", "/void"]:
            fetch(base + path)
        sitemap, _ = fetch(base + "/sitemap.xml")
        assert b"<urlset" in sitemap

        query = urllib.parse.urlencode({"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"})
        body, media_type = fetch(
            base + "/sparql",
            data=query.encode(),
            Accept="application/sparql-results+json",
        )
        assert media_type == "application/sparql-results+json"
        assert int(json.loads(body)["results"]["bindings"][0]["n"]["value"]) > 1000

        glossary, _ = fetch(base + "/queries/glossary", Accept="application/sparql-results+json")
        assert json.loads(glossary)["results"]["bindings"]

        loaded = set()
        for url, page in pages.items():
            refs = assets(page)
            assert refs, f"{url} loads no script nor stylesheet"
            for ref in refs:
                asset = urllib.parse.urljoin(url, ref)
                assert urllib.parse.urlsplit(asset).netloc == origin, f"{url} loads {asset}"
                body, _ = fetch(asset)
                assert body, asset
                loaded.add(urllib.parse.urlsplit(asset).path)
        assert {"/static/yasgui/yasgui.min.js", "/static/yasgui/yasgui.min.css"} <= loaded
        assert any(path.endswith("/lexkg.css") for path in loaded), loaded
