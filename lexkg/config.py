"""Configuration, read in one place: defaults, then ``LEXKG_*`` environment variables, then an
explicit mapping (a command line's options, a test's config), as Flask's
``from_prefixed_env``: a later source overrides an earlier one key by key.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = ["SETTINGS", "Setting", "read", "setting"]


@dataclass(frozen=True)
class Setting:
    """One configuration key: its environment variable, how to read it, its default."""

    key: str
    kind: Callable[[str], Any]
    default: Any
    help: str
    env: str | None = None  # the variable's name after LEXKG_, where it is not the key

    @property
    def variable(self) -> str:
        return f"LEXKG_{self.env or self.key}"


def _positive(value: str) -> float:
    number = float(value)
    if not number > 0:
        raise ValueError(f"must be more than 0, not {value}")
    return number


def _bytes(value: str) -> int:
    number = int(value)
    if number < 0:
        raise ValueError(f"must be 0 or more, not {value}")
    return number


SETTINGS: tuple[Setting, ...] = (
    Setting("GRAPH_PATH", Path, Path("build/graph.nq"), "the built graph file", "GRAPH"),
    Setting("CORPUS", Path, None, "a folder of the texts of the seed act's family, read in place"),
    Setting("HOST", str, "127.0.0.1", "the address to listen on"),
    Setting("PORT", int, 8000, "the port to listen on"),
    Setting("WORKERS", int, 2, "server processes"),
    Setting("THREADS", int, 4, "request threads per server process"),
    Setting("QUERY_WORKERS", int, 4, "query processes per server process"),
    Setting("QUERY_TIMEOUT", _positive, 30.0, "seconds a query may run (503 past it)"),
    Setting(
        "QUICK_QUERY_MS",
        float,
        5.0,
        "a query a worker answered within this many ms runs in the server process after (0: never)",
    ),
    Setting("MAX_RESULT_BYTES", _bytes, 50 * 1024 * 1024, "bytes an answer may take (422)"),
    Setting("ANSWER_CACHE_BYTES", _bytes, 64 * 1024 * 1024, "bytes of answers kept for reuse"),
    Setting("RESPONSE_CACHE_BYTES", _bytes, 64 * 1024 * 1024, "bytes of whole responses kept"),
    Setting("MAX_URL_LENGTH", int, 8192, "characters of a request's path and query (414)"),
    Setting("MAX_QUERY_LENGTH", int, 32_768, "characters of a query (413 past it)"),
    Setting("MAX_CONTENT_LENGTH", int, 1 << 20, "bytes of a request body (413 past it)"),
    Setting("PUBLIC_BASE_URL", str, None, "the address the service is reached at from outside"),
    Setting("STORE_URL", str, None, "an external SPARQL endpoint to answer queries", "STORE"),
    Setting("STORE_UNION", str, "auto", "how the external store makes the union default graph"),
    Setting("STORE_USER", str, None, "the external store's HTTP Basic user"),
    Setting("STORE_PASSWORD", str, None, "the external store's HTTP Basic password"),
)
_BY_KEY = {s.key: s for s in SETTINGS}


def setting(key: str) -> Setting:
    return _BY_KEY[key]


def read(
    explicit: Mapping[str, Any] | None = None, environ: Mapping[str, str] | None = None
) -> dict[str, Any]:
    """Every setting's value: the default, else its environment variable, else *explicit*.

    Keys of *explicit* that are not settings are kept as they are (a test's ``STORE``
    object, say). A malformed environment value raises `ValueError` naming the variable.
    """
    environ = os.environ if environ is None else environ
    values: dict[str, Any] = {}
    for s in SETTINGS:
        raw = environ.get(s.variable)
        if raw is None or not raw.strip():
            values[s.key] = s.default
            continue
        try:
            values[s.key] = s.kind(raw.strip())
        except ValueError as error:
            raise ValueError(f"{s.variable}={raw!r}: {error}") from None
    values.update(explicit or {})
    return values
