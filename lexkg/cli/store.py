"""``lexkg load --store URL`` and ``lexkg serve --store URL``: the service over an external store.

``load`` PUTs each named graph of the built graph to a SPARQL 1.1 Graph Store Protocol
endpoint (replacing that graph's previous version) and prints a summary. ``serve --store``
runs the same service (pages, named queries, API, /ontology) with its queries answered by an
external SPARQL 1.1 endpoint instead of the embedded store. See docs/external-store.md.

Credentials, where a store needs them, come from the environment only (``LEXKG_STORE_USER``,
``LEXKG_STORE_PASSWORD``), never from the command line, where other users could read them.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from lexkg.cli.graph import ready
from lexkg.config import read as read_config
from lexkg.server.core.errors import StoreError
from lexkg.server.store.remote import UNION_MODES, GraphLoad, put_graphs

__all__ = ["add_load_parser", "add_store_option", "run_load"]


def add_store_option(serve: argparse.ArgumentParser) -> None:
    """``--store URL`` and ``--store-union MODE`` on the ``serve`` parser."""
    serve.add_argument(
        "--store",
        metavar="URL",
        default=read_config()["STORE_URL"],
        help="answer queries from this external SPARQL 1.1 query endpoint instead of the graph "
        "file, e.g. http://127.0.0.1:7878/query (Oxigraph), http://127.0.0.1:8890/sparql "
        "(Virtuoso); credentials from LEXKG_STORE_USER and LEXKG_STORE_PASSWORD",
    )
    serve.add_argument(
        "--store-union",
        choices=UNION_MODES,
        default=read_config()["STORE_UNION"],
        help="how the store's default graph becomes the union of its graphs: the server does it "
        "(server), Oxigraph's union-default-graph parameter (parameter), every graph named in "
        "each query (graphs), or probe once (auto, the default)",
    )


def add_load_parser(sub: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """The ``load`` command's parser."""
    load = sub.add_parser(
        "load", help="push the built graph to an external store (Graph Store Protocol)"
    )
    load.add_argument(
        "--store",
        metavar="URL",
        required=True,
        help="the store's Graph Store Protocol endpoint, e.g. http://127.0.0.1:7878/store "
        "(Oxigraph), http://127.0.0.1:8890/sparql-graph-crud-auth (Virtuoso), "
        "http://127.0.0.1:3030/DATASET/data (Fuseki); credentials from LEXKG_STORE_USER and "
        "LEXKG_STORE_PASSWORD",
    )
    load.add_argument(
        "--graph", type=Path, default=read_config()["GRAPH_PATH"], help="the built graph file"
    )
    load.add_argument(
        "--timeout", type=float, default=300.0, help="seconds to wait for each graph's PUT"
    )
    load.add_argument("--quiet", action="store_true", help="print only the summary")
    return load


def run_load(args: argparse.Namespace) -> int:
    """PUT every graph of the built graph file (built first if missing or stale)."""

    def progress(loaded: GraphLoad) -> None:
        if not args.quiet:
            what = f"<{loaded.graph}>" if loaded.graph else "the default graph"
            verb = "created" if loaded.status == 201 else "replaced"
            print(
                f"  {what}: {loaded.triples} triples, {verb} ({loaded.status}) "
                f"in {loaded.seconds:.2f} s",
                file=sys.stderr,
            )

    try:
        summary = put_graphs(
            args.store,
            ready(args.graph),
            user=read_config()["STORE_USER"],
            password=read_config()["STORE_PASSWORD"],
            timeout=args.timeout,
            progress=progress,
        )
    except StoreError as error:
        print(f"lexkg load: error: {error}", file=sys.stderr)
        return 1
    print(summary.text())
    return 0
