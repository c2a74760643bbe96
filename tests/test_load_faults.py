"""The real server under load and faults, on loopback: nothing lost, nothing leaked.

* Load: 16 client threads for LEXKG_LOAD_SECONDS (60 by default) against ``lexkg serve``
  (granian, 2 workers of 4 threads), mixing /sparql queries (GET and POST), named queries
  and /eli pages (HTML and Turtle), each on a connection of its own. Every response is 200;
  the resident memory of all the server's processes (granian's main process and workers, their
  query processes), read from /proc, ends within 10 % (and 32 MiB) of what it was halfway.
* A granian worker killed with SIGKILL mid-load: granian starts another, its query processes
  go (none is left orphaned), and every request sent after the worker was gone is answered
  200. A request may fail only if it was sent before, and only as a broken connection (the
  killed worker had accepted it): that is how a request in flight at the kill is told apart.
* A graph file that is missing is built (tests/test_service.py); one that cannot be built,
  or is corrupt (cut mid-line or between lines, binary, empty), stops ``lexkg serve`` with
  one message naming the file and a line, exit status 1, and no server started.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from lexkg.cli import main

from support import (
    REQUESTS,
    Load,
    Outcome,
    alive,
    children,
    descends,
    free_port,
    rss,
    send,
    serving_process,
    session,
    wait_for_workers,
)

pytestmark = pytest.mark.slow  # starts servers

SECONDS = float(os.environ.get("LEXKG_LOAD_SECONDS", "60"))
CLIENTS = 16
MEMORY_GROWTH = 0.10  # the end may be this much above the middle …
MEMORY_SLACK = 32 << 20  # … or this many bytes, whichever is more


@dataclass
class Service:
    port: int
    master: int
    log: Path


@pytest.fixture(scope="module")
def graph(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("load") / "graph.nq"
    assert main(["build", "--out", str(out), "--quiet"]) == 0
    return out


@pytest.fixture
def service(graph: Path, tmp_path: Path) -> Iterator[Service]:
    port = free_port()
    command = [sys.executable, "-m", "lexkg", "serve", "--graph", str(graph)]
    command += ["--port", str(port), "--workers", "2"]
    with serving_process(command, port, tmp_path / "server.log") as (_, proc):
        wait_for_workers(proc.pid, 2)
        yield Service(port, proc.pid, tmp_path / "server.log")


def _warm_up(service: Service) -> None:
    """Every request once (each must be 200), then each again from every client at once."""
    for request in REQUESTS:
        outcome = send(service.port, request)
        assert outcome.status == 200, (request, outcome)
    with Load(service.port, CLIENTS) as load:
        time.sleep(2)
    assert all(o.status == 200 for o in load.outcomes)


def _memory(service: Service) -> int:
    return rss(session(service.master))


def _latency(outcomes: list[Outcome], share: float) -> float:
    times = sorted(o.ended - o.started for o in outcomes)
    return times[min(len(times) - 1, int(share * len(times)))] * 1000


def test_load_answers_everything_at_stable_memory(service: Service) -> None:
    _warm_up(service)
    memory = {"start": _memory(service)}
    started = time.monotonic()
    with Load(service.port, CLIENTS) as load:
        time.sleep(SECONDS / 2)
        memory["middle"] = _memory(service)
        time.sleep(SECONDS / 2)
        memory["end"] = _memory(service)
    elapsed = time.monotonic() - started
    failed = [o for o in load.outcomes if o.status != 200]
    mib = {moment: round(value / (1 << 20), 1) for moment, value in memory.items()}
    print(
        f"\n{len(load.outcomes)} requests in {elapsed:.1f} s ({len(load.outcomes) / elapsed:.0f}/s)"
        f" by {CLIENTS} clients, {len(failed)} not 200; latency p50 "
        f"{_latency(load.outcomes, 0.5):.0f} ms, p99 {_latency(load.outcomes, 0.99):.0f} ms; "
        f"RSS of {len(session(service.master))} server processes (MiB): {mib}"
    )
    assert not failed, failed[:5]
    assert len(load.outcomes) > 10 * SECONDS  # the clients were not stuck
    bound = max(memory["middle"] * (1 + MEMORY_GROWTH), memory["middle"] + MEMORY_SLACK)
    assert memory["end"] <= bound, mib
    assert children(service.master) == wait_for_workers(service.master, 2)  # none replaced


def test_a_worker_killed_mid_load_is_replaced_and_nothing_fails_after(service: Service) -> None:
    _warm_up(service)
    workers = children(service.master)
    victim = workers[0]
    with Load(service.port, CLIENTS) as load:
        time.sleep(min(3, SECONDS / 4))
        victims = [victim, *(pid for pid in session(service.master) if descends(pid, victim))]
        killed = time.monotonic()
        os.kill(victim, signal.SIGKILL)
        # Gone once reaped: the threads of a killed process (granian's, accepting connections)
        # can still run for a moment after its main thread shows as a zombie.
        deadline = time.monotonic() + 10
        while Path(f"/proc/{victim}").exists() and time.monotonic() < deadline:
            time.sleep(0.005)
        assert not alive(victim)
        gone = time.monotonic()
        replaced = wait_for_workers(service.master, 2)
        time.sleep(max(3.0, SECONDS / 4))  # load on the new worker too
    assert victim not in replaced and workers[1] in replaced
    after_kill = [o for o in load.outcomes if o.started >= gone]
    in_flight = [o for o in load.outcomes if o.started < gone and o.status != 200]
    print(
        f"\nkilled worker {victim}: {len(load.outcomes)} requests, {len(after_kill)} sent after "
        f"it was gone ({gone - killed:.3f} s after the kill), {len(in_flight)} in flight "
        "failed: "
        f"{sorted({o.error or str(o.status) for o in in_flight})}"
    )
    assert len(after_kill) > 20
    assert all(o.status == 200 for o in after_kill), [o for o in after_kill if o.status != 200][:5]
    # Between the kill and the reaping: a broken connection, never an HTTP error, and none that
    # ended before the kill. A client may be broken off more than once in that window: the dead
    # worker's threads can accept a connection until it is reaped.
    assert all(o.status is None for o in in_flight), in_flight
    assert all(o.ended >= killed for o in in_flight), in_flight
    # The killed worker's query processes ended with it: nothing orphaned.
    deadline = time.monotonic() + 10
    while any(alive(pid) for pid in victims) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(alive(pid) for pid in victims)
    assert all(
        pid == service.master or descends(pid, service.master) for pid in session(service.master)
    )


# -- A graph that is not there, or not whole --------------------------------------------------


def _serve(graph: Path, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """`lexkg serve` on the graph, which must stop by itself within the timeout."""
    port = free_port()
    command = [sys.executable, "-m", "lexkg", "serve", "--graph", str(graph)]
    command += ["--port", str(port), "--workers", "2"]
    with subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    ) as proc:
        try:
            out, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            proc.terminate()
            out, err = proc.communicate(timeout=30)
            pytest.fail(f"lexkg serve {graph} was still running after {timeout} s:\n{err[-2000:]}")
    return subprocess.CompletedProcess(command, proc.returncode, out, err)


@pytest.mark.parametrize(
    ("where", "message"),
    [
        ("a-file/graph.nq", r"a-file/graph\.nq: cannot write the graph: .*File exists"),
        ("/dev/null/graph.nq", r"/dev/null/graph\.nq: cannot write the graph: "),
        ("missing.ttl", r"missing\.ttl: unsupported graph file extension"),
    ],
    ids=["folder-is-a-file", "under-dev-null", "unknown-extension"],
)
def test_a_graph_that_cannot_be_built_is_a_clear_error(
    tmp_path: Path, where: str, message: str
) -> None:
    (tmp_path / "a-file").write_text("not a folder\n")
    run = _serve(tmp_path / where)
    assert run.returncode == 1, run.stderr
    assert re.search(rf"^lexkg: error: \S*{message}", run.stderr, re.MULTILINE), run.stderr
    assert "Traceback" not in run.stderr and "Booting worker" not in run.stderr


def _cut_mid_line(data: bytes) -> bytes:
    return data[: data.index(b"\n", len(data) // 2) - 7]


def _cut_between_lines(data: bytes) -> bytes:
    return data[: data.index(b"\n", len(data) // 2) + 1]


CORRUPT = {
    "cut mid-line": (_cut_mid_line, r":\d+: cannot parse graph file"),
    "cut between lines": (
        _cut_between_lines,
        r":\d+: the graph file holds \d+ quads where its first line declares \d+",
    ),
    "binary": (lambda data: b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 16, r":1: cannot parse"),
    "binary noise inside": (
        lambda data: data[:5000] + bytes(range(256)) + data[5000:],
        r":\d+: cannot parse graph file",
    ),
    "empty": (lambda data: b"", r":1: the graph file holds no quads"),
    "lines added": (
        lambda data: data + b'<http://x/s> <http://x/p> "x" <http://x/g> .\n',
        r":\d+: the graph file holds \d+ quads where its first line declares \d+",
    ),
}


@pytest.mark.parametrize("case", list(CORRUPT))
def test_a_corrupt_graph_stops_the_server_before_it_starts(
    graph: Path, tmp_path: Path, case: str
) -> None:
    corrupt, message = CORRUPT[case]
    bad = tmp_path / "graph.nq"
    bad.write_bytes(corrupt(graph.read_bytes()))  # newer than the texts: not rebuilt
    run = _serve(bad)
    assert run.returncode == 1, run.stderr[-2000:]
    assert re.search(rf"^lexkg: error: {re.escape(str(bad))}{message}", run.stderr, re.M), (
        run.stderr
    )
    assert "Traceback" not in run.stderr
    assert "Listening at" not in run.stderr and "Booting worker" not in run.stderr
    assert bad.read_bytes() == corrupt(graph.read_bytes())  # left as it was
