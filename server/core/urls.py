"""ELI IRIs and the local URLs that serve them.

The ELI IRI stays a resource's identity (``http://data.europa.eu/eli/reg/2024/1732/oj``); this
service answers for it at ``/eli/reg/2024/1732/oj`` under its public base URL, which is the
``PUBLIC_BASE_URL`` setting when the service runs behind a proxy, or else the URL the request
came to.
"""

from __future__ import annotations

from flask import current_app, request

from lexkg.vocab import ELI_BASE

LOCAL_PREFIX = "/eli/"


def base_url() -> str:
    """The public base URL of the service, without a trailing slash."""
    configured = current_app.config.get("PUBLIC_BASE_URL")
    return (configured or request.host_url).rstrip("/")


def local_url(iri: str) -> str:
    """Where this service serves an ELI IRI (absolute, under the public base URL)."""
    if not iri.startswith(ELI_BASE):
        raise ValueError(f"not an ELI IRI: {iri}")
    return base_url() + LOCAL_PREFIX + iri[len(ELI_BASE) :]


def eli_iri(path: str) -> str:
    """The ELI IRI a local path under ``/eli/`` stands for."""
    return ELI_BASE + path.lstrip("/")
