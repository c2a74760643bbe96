"""Load with wrk (Debian's `wrk`): one GET, repeated or made unique by a comment; its figures.

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
    threads: int = 2,
    connections: int = 8,
    seconds: float = 4,
    unique_after: str | None = None,
) -> Load:
    """wrk GETs *url*; with *unique_after* (a prefix of the URL ending in `query=`), each
    request's query starts with a comment of its own."""
    command = [wrk_binary(), f"-t{threads}", f"-c{connections}", f"-d{seconds:g}s", "--latency"]
    command += ["--timeout", "60s"]  # a slow answer is measured, not counted as an error
    for name, value in (headers or {}).items():
        command += ["-H", f"{name}: {value}"]
    with tempfile.TemporaryDirectory(prefix="lexkg-wrk-") as folder:
        if unique_after is not None:
            if not url.startswith(unique_after):
                raise ValueError(f"{url} does not start with {unique_after}")
            script = Path(folder) / "unique.lua"
            path = unique_after[unique_after.index("/", len("http://")) :]
            lines = [f'headers["{n}"] = "{v}"' for n, v in (headers or {}).items()]
            script.write_text(
                _UNIQUE.format(headers="\n".join(lines), prefix=path, rest=url[len(unique_after) :])
            )
            command += ["-s", str(script)]
        command.append(url)
        out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    return _parse(out)


def _parse(out: str) -> Load:
    rate = re.search(r"Requests/sec:\s+([\d.]+)", out)
    total = re.search(r"(\d+) requests in", out)
    if rate is None or total is None:
        raise RuntimeError(f"cannot read wrk's output:\n{out}")
    percent = {
        p: float(value) * _UNITS[unit]
        for p, value, unit in re.findall(r"^\s+(\d+)%\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
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
