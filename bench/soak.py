"""Soak test: many clients against the real server for minutes, on loopback.

Run from the project root::

    python bench/soak.py [--clients 64] [--seconds 300] [--interval 30] [--graph build/graph.nq]

Starts ``python -m lexkg.cli serve`` (2 workers, 4 threads) on a free port of 127.0.0.1,
serving a copy of the graph (built into a temporary folder if the file is missing), and stops
it at the end. --clients threads each send, one after the other and each on a connection of
its own, requests drawn from the mix of bench/load.py (that of tests/test_load_faults.py):
/sparql queries (GET and POST), named queries and /eli pages (HTML and Turtle). Every
--interval seconds it prints one line: requests and throughput in the interval, errors
(anything but 200, or no answer), latency p50 and p99, and the resident memory of all the
server's processes (granian's main process and workers and their query processes, summed from
/proc/PID/status; pages shared between forked processes count once per process). At the end:
the totals, the errors by kind, and the memory at the start, halfway and at the end. Exit
status 1 if any request failed.

The client runs on the same machine and competes with the server for the CPU (Python
threads: one core at most), so throughput here is a floor, not the server's capacity.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from load import REQUESTS, Load, percentile, send
from procs import rss, session, terminate
from servers import start_ours

ROOT = Path(__file__).resolve().parents[1]
TIMEOUT = 120  # seconds a request may wait for its answer


def mib(n: int) -> str:
    return f"{n / (1 << 20):.0f}"


def soak(port: int, server: int, clients: int, seconds: float, interval: float) -> int:
    for request in REQUESTS:  # warm-up: each kind once; each must answer
        if (error := send(port, request, TIMEOUT).failure) is not None:
            raise RuntimeError(f"{request.method} {request.target}: {error}")
    started = time.monotonic()
    memory = [(0.0, rss(session(server)))]
    print(f"{clients} clients for {seconds:g} s; server RSS at the start {mib(memory[0][1])} MiB")
    print(f"{'time s':>7} {'requests':>9} {'req/s':>7} {'errors':>7} {'p50 ms':>7} {'p99 ms':>7} "
          f"{'RSS MiB':>8} {'procs':>6}")  # fmt: skip
    with Load(port, clients, TIMEOUT) as load:
        seen = 0
        while (now := time.monotonic()) < started + seconds:
            time.sleep(min(interval, started + seconds - now))
            elapsed = time.monotonic() - started
            batch = load.since(seen)
            seen += len(batch)
            pids = session(server)
            memory.append((elapsed, rss(pids)))
            times = [o.seconds * 1000 for o in batch]
            span = elapsed - (memory[-2][0] if len(memory) > 1 else 0)
            print(
                f"{elapsed:7.0f} {len(batch):9} {len(batch) / span:7.1f} "
                f"{sum(o.failure is not None for o in batch):7} {percentile(times, 50):7.0f} "
                f"{percentile(times, 99):7.0f} {mib(memory[-1][1]):>8} {len(pids):6}",
                flush=True,
            )
    elapsed = time.monotonic() - started
    outcomes = load.outcomes
    times = [o.seconds * 1000 for o in outcomes]
    errors = Counter(o.failure for o in outcomes if o.failure is not None)
    middle = min(memory, key=lambda sample: abs(sample[0] - seconds / 2))
    print(
        f"\ntotal: {len(outcomes)} requests in {elapsed:.0f} s, {len(outcomes) / elapsed:.1f}/s; "
        f"{sum(errors.values())} errors{' ' + dict(errors).__repr__() if errors else ''}; "
        f"latency p50 {percentile(times, 50):.0f} ms, p99 {percentile(times, 99):.0f} ms, "
        f"max {max(times):.0f} ms"
    )
    print(
        f"server RSS (MiB): start {mib(memory[0][1])}, middle ({middle[0]:.0f} s) "
        f"{mib(middle[1])}, end {mib(memory[-1][1])}"
    )
    return 1 if errors else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=64, help="client threads (default 64)")
    parser.add_argument("--seconds", type=float, default=300, help="duration (default 300)")
    parser.add_argument("--interval", type=float, default=30, help="report every (default 30 s)")
    parser.add_argument("--graph", type=Path, default=ROOT / "build" / "graph.nq")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="lexkg-soak-") as folder:
        graph = Path(folder) / "graph.nq"
        if args.graph.is_file():
            shutil.copyfile(args.graph, graph)
        else:
            build = [sys.executable, "-m", "lexkg", "build", "--out", str(graph), "--quiet"]
            subprocess.run(build, cwd=ROOT, check=True)
        os.utime(graph)  # newer than the texts: the server does not rebuild it
        server = start_ours(graph, Path(folder) / "server.log", timeout=60, new_session=True)
        time.sleep(3)  # the second worker's graph
        try:
            return soak(server.port, server.pid, args.clients, args.seconds, args.interval)
        finally:
            terminate(server.process)
            log = (Path(folder) / "server.log").read_text(errors="replace")
            if "Traceback" in log:
                print("\nthe server logged a traceback:\n" + log[-3000:])


if __name__ == "__main__":
    sys.exit(main())
