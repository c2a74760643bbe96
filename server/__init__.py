"""lexkg SPARQL endpoint: a read-only Flask app over an in-memory graph store."""

from server.app import create_app

__all__ = ["create_app"]
