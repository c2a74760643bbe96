"""The SPARQL service: routes → services → store → core, each layer importing only those
after it (see docs/architecture.md). `create_app` builds the Flask app."""

from lexkg.server.app import create_app

__all__ = ["create_app"]
