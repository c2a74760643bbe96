"""Load with wrk (Debian's `wrk`): one GET, repeated or made unique by a comment, or one POST;
its figures.

wrk sends requests from C on keep-alive connections, so the client is never the bottleneck
(a Python client was: it measured itself). `run` returns the requests per second, the
latency percentiles wrk reports and the count of failed requests.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Load", "run", "wrk_binary"]

# A unique comment before the query, per request: `#` + thread tag + counter + newline.
_UNIQUE = """
local tag = string.sub(tostring({{}}), 8)
local n = 0
local headers = {{}}
{headers}
request = function()
  n = n + 1
  return wrk.format("GET", "{prefix}%23" .. tag .. "-" .. n .. "%0A{rest}", headers)
end
"""
# The same body POSTed by every request, read from a file (no escaping in Lua).
_POST = """
wrk.method = "POST"
local file = assert(io.open("{body}", "rb"))
wrk.body = file:read("*a")
file:close()
"""
_UNITS = {"us": 1e-3, "ms": 1.0, "s": 1e3}


@dataclass
class Load:
    """What wrk measured."""

    per_second: float
    p50_ms: float
    p99_ms: float
    requests: int
    failed: int  # non-2xx answers and socket errors

    @property
    def ok(self) -> bool:
        return self.failed == 0 and self.requests > 0


def wrk_binary() -> str:
    found = shutil.which("wrk")
    if found is None:
        raise RuntimeError("wrk is not installed: apt-get install wrk")
    return found


def run(
    url: str,
    *,
    headers: dict[str, str] | None = None,
    threads: int | None = None,
    connections: int = 8,
    seconds: float = 4,
    unique_after: str | None = None,
    body: bytes | None = None,
) -> Load:
    """wrk GETs *url* from *connections* connections for *seconds* (whole: wrk's -d) on
    *threads* threads (default: 2 if they share the connections evenly, else 1); with
    *unique_after* (a prefix of the URL ending in `query=`), each request's query starts with
    a comment of its own; with *body*, every request POSTs it instead. A request unanswered
    at the end is dropped, not counted."""
    if seconds < 1 or seconds != int(seconds):
        raise ValueError(f"wrk runs for whole seconds, not {seconds}")
    if body is not None and unique_after is not None:
        raise ValueError("a POSTed body is not made unique")
    threads = (1 if connections % 2 else 2) if threads is None else threads
    command = [wrk_binary(), f"-t{threads}", f"-c{connections}", f"-d{int(seconds)}s"]
    command += ["--latency", "--timeout", "60s"]  # a slow answer is measured, not an error
    for name, value in (headers or {}).items():
        command += ["-H", f"{name}: {value}"]
    with tempfile.TemporaryDirectory(prefix="lexkg-wrk-") as folder:
        script = Path(folder) / "request.lua"
        if unique_after is not None:
            script.write_text(_unique(url, unique_after, headers or {}))
            command += ["-s", str(script)]
        elif body is not None:
            (Path(folder) / "body").write_bytes(body)
            script.write_text(_POST.format(body=Path(folder) / "body"))
            command += ["-s", str(script)]
        command.append(url)
        done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode:
        raise RuntimeError(f"{' '.join(command)} failed:\n{done.stderr}{done.stdout}")
    return _parse(done.stdout)


def _unique(url: str, unique_after: str, headers: dict[str, str]) -> str:
    """The Lua script of `_UNIQUE` for *url*."""
    if not url.startswith(unique_after):
        raise ValueError(f"{url} does not start with {unique_after}")
    path = unique_after[unique_after.index("/", len("http://")) :]
    lines = [f'headers["{n}"] = "{v}"' for n, v in headers.items()]
    return _UNIQUE.format(headers="\n".join(lines), prefix=path, rest=url[len(unique_after) :])


def _parse(out: str) -> Load:
    rate = re.search(r"Requests/sec:\s+([\d.]+)", out)
    total = re.search(r"(\d+) requests in", out)
    if rate is None or total is None:
        raise RuntimeError(f"cannot read wrk's output:\n{out}")
    percent = {  # none without an answer (wrk prints 0.00us)
        p: float(value) * _UNITS[unit]
        for p, value, unit in re.findall(r"^\s+(\d+)%\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
        if int(total.group(1))
    }
    failed = sum(int(n) for n in re.findall(r"Non-2xx or 3xx responses: (\d+)", out))
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    if errors:
        failed += sum(int(n) for n in errors.groups())
    return Load(
        float(rate.group(1)),
        percent.get("50", float("nan")),
        percent.get("99", float("nan")),
        int(total.group(1)),
        failed,
    )
