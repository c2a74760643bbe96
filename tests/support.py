"""Helpers for the tests: where the real texts are, and finding a division by its path."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from flask import Flask
from rdflib import Dataset, Graph

from lexkg import resources
from lexkg.loader.model import Act, Division
from lexkg.server import create_app
from lexkg.server.core.binding import Bindings
from lexkg.server.core.negotiation import Chooser
from lexkg.server.routes.common import STORE_KEY
from lexkg.server.store.base import QueryAnswer, QueryDataset, Store

# Shared with the benchmarks (bench/, standard library only): processes, from /proc (Linux),
# and the client threads and request mix of the load test and the soak test.
sys.path.append(str(Path(__file__).resolve().parents[1] / "bench"))

from load import REQUESTS as REQUESTS
from load import Load as Load
from load import Outcome as Outcome
from load import send as send
from procs import alive as alive
from procs import children, terminate
from procs import descends as descends
from procs import rss as rss
from procs import session as session

REPO = Path(__file__).resolve().parents[1]  # the source tree, for its docs and files
# The corpus of the seed act's family, read in place: $LEXKG_CORPUS, else ../shared/corpus.
CORPUS = Path(os.environ.get("LEXKG_CORPUS") or REPO.parent / "shared" / "corpus")
ACT_TOML = resources.data_dir() / "reg-2024-1732" / "act.toml"
NL_TEXT = resources.data_dir() / "reg-2024-1732" / "nl.txt"
DE_TEXT = resources.data_dir() / "reg-2024-1732" / "de.txt"


def find(act: Act, path: str) -> Division:
    """The division at an ELI-style path ('art_1/pnt_4/pnt_a', 'art_9/par_6a' in the new text)."""
    wanted = tuple(path.split("/"))
    for d in act.walk():
        if d.path == wanted:
            return d
    raise LookupError(path)


def union(dataset: Dataset) -> Graph:
    """The triples of every graph of a dataset, in one graph."""
    g = Graph()
    for s, p, o, _ in dataset.quads((None, None, None, None)):
        g.add((s, p, o))
    return g


def free_port() -> int:
    """A TCP port on the loopback interface that nothing listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def serving(command: list[str], port: int, log: Path, timeout: float = 60) -> Iterator[str]:
    """Run a server command until its /health answers; yield its base URL, then stop it.

    Its standard error goes to *log*, its standard output beside it (``.stdout``).
    """
    with serving_process(command, port, log, timeout) as (base, _):
        yield base


@contextmanager
def serving_graph(graph: Path, folder: Path, timeout: float = 180) -> Iterator[str]:
    """`lexkg serve` with one worker on *graph*, on a free port, its log in *folder*: its
    base URL (as `serving`)."""
    port = free_port()
    command = [sys.executable, "-m", "lexkg", "serve", "--port", str(port), "--workers", "1"]
    command += ["--graph", str(graph)]
    with serving(command, port, folder / "log", timeout) as url:
        yield url


@contextmanager
def serving_process(
    command: list[str], port: int, log: Path, timeout: float = 60
) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """`serving`, yielding the process too; it runs in a session of its own (see `session`)."""
    base = f"http://127.0.0.1:{port}"
    with (
        log.open("wb") as err,
        log.with_suffix(".stdout").open("wb") as out,
        subprocess.Popen(command, stdout=out, stderr=err, start_new_session=True) as proc,
    ):
        try:
            deadline = time.monotonic() + timeout
            while True:
                assert proc.poll() is None, log.read_text()
                try:
                    with urllib.request.urlopen(f"{base}/health", timeout=5):
                        break
                except (urllib.error.URLError, ConnectionError):
                    assert time.monotonic() < deadline, f"no answer in {timeout} s"
                    time.sleep(0.2)
            yield base, proc
        finally:
            terminate(proc, timeout=15)


def wait_for_workers(master: int, count: int, timeout: float = 60) -> list[int]:
    """The *count* granian workers of *master*, once each has loaded its graph (and forked the
    zygote of its query workers, see `lexkg.server.store.pool`)."""
    deadline = time.monotonic() + timeout
    while True:
        workers = children(master)
        if len(workers) == count and all(children(worker) for worker in workers):
            return workers
        assert time.monotonic() < deadline, f"workers of {master}: {workers}"
        time.sleep(0.1)


# Apps and sockets


@contextmanager
def closing_app(config: dict[str, object]) -> Iterator[Flask]:
    """The app `create_app` makes from *config*; its store (and query workers) closed after."""
    app = create_app(config)
    try:
        yield app
    finally:
        app.extensions[STORE_KEY].close()


@contextmanager
def listening(backlog: int = 16) -> Iterator[socket.socket]:
    """A non-blocking TCP socket listening on a free port of 127.0.0.1, to see who connects."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen(backlog)
        sock.setblocking(False)
        yield sock


# Stores


class Wrapping:
    """A store that passes every query to `store`; subclasses look at or change the answers."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def query(
        self,
        sparql: str,
        *,
        choose: Chooser,
        bindings: Bindings | None = None,
        dataset: QueryDataset | None = None,
        base_iri: str | None = None,
    ) -> QueryAnswer:
        return self.store.query(
            sparql, choose=choose, bindings=bindings, dataset=dataset, base_iri=base_iri
        )

    def triple_count(self) -> int:
        return self.store.triple_count()
