"""The SPARQL service: routes → services → store → core, each layer importing only those
after it (see docs/architecture.md). `create_app` builds the Flask app.

`create_app` is imported on first use, so that importing one layer (`lexkg.server.core`, say)
does not load the whole service.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from lexkg.server.app import create_app

__all__ = ["create_app"]


def __getattr__(name: str) -> Any:
    if name == "create_app":
        from lexkg.server.app import create_app

        return create_app
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
