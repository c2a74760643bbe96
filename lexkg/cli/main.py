"""The ``lexkg`` command line: build, validate, serve, assess, export."""

from __future__ import annotations

import argparse
import json
import sys
import textwrap
from pathlib import Path
from urllib.parse import urlsplit

from lexkg import resources
from lexkg.cli.graph import load_graph, ready, run_build
from lexkg.cli.store import add_load_parser, add_store_option, run_load
from lexkg.config import read as read_config
from lexkg.loader.build import ONTOLOGY_GRAPH
from lexkg.loader.errors import LoaderError
from lexkg.loader.validate import validate
from lexkg.server.core.errors import ClientError, StoreError
from lexkg.server.services.diagram import DiagramUnavailable, dot_source, render_svg
from lexkg.server.services.profile import FIELDS
from lexkg.server.store.base import named_graph
from lexkg.server.store.embedded import OxigraphStore, check_graph_file

# The server, the reasoner and the harvest kit are imported by the commands that use them:
# `lexkg build` starts without them.


def _text_option(value: str) -> tuple[str, Path]:
    lang, sep, path = value.partition("=")
    if not sep or not lang or not path:
        raise argparse.ArgumentTypeError(f"expected LANG=PATH, got {value!r}")
    return lang.strip().lower(), Path(path)


def _positive(value: str) -> float:
    number = float(value)
    if number <= 0:
        raise argparse.ArgumentTypeError(f"must be more than 0, not {value}")
    return number


def _parser() -> argparse.ArgumentParser:
    defaults = read_config()  # the defaults, after LEXKG_* variables
    parser = argparse.ArgumentParser(
        prog="lexkg", description="A legal knowledge graph and SPARQL service for EU legislation."
    )
    sub = parser.add_subparsers(dest="command", required=True)

    b = sub.add_parser("build", help="read the texts of an act and write its RDF graph")
    b.add_argument(
        "--act",
        type=Path,
        default=None,
        help="the act's metadata file (default: the one act under data/)",
    )
    b.add_argument(
        "--text",
        type=_text_option,
        action="append",
        default=[],
        metavar="LANG=PATH",
        help="read this language version from PATH instead of data/ (repeatable)",
    )
    b.add_argument(
        "--out",
        type=Path,
        default=defaults["GRAPH_PATH"],
        help="output .nq or .trig (default: %(default)s; LEXKG_GRAPH)",
    )
    b.add_argument(
        "--corpus",
        type=Path,
        default=defaults["CORPUS"],
        metavar="DIR",
        help="build the seed act with its family from the texts in DIR, read in place: the act "
        "it amends, the other acts amending that one, its corrigenda and the consolidated "
        "versions (LEXKG_CORPUS; see data/corpus.toml)",
    )
    b.add_argument("--quiet", action="store_true", help="print only the summary")

    s = sub.add_parser("serve", help="serve the graph over SPARQL (builds it first if needed)")
    s.add_argument("--host", default=defaults["HOST"])
    s.add_argument("--port", type=int, default=defaults["PORT"])
    s.add_argument("--graph", type=Path, default=defaults["GRAPH_PATH"])
    s.add_argument("--workers", type=int, default=defaults["WORKERS"])
    s.add_argument("--threads", type=int, default=defaults["THREADS"])
    s.add_argument("--rebuild", action="store_true", help="build the graph even if it is current")
    s.add_argument(
        "--access-log",
        action="store_true",
        help="log every request on stderr (off by default: it halves the throughput of cheap "
        "queries)",
    )
    s.add_argument(
        "--query-timeout",
        type=_positive,
        metavar="SECONDS",
        default=defaults["QUERY_TIMEOUT"],
        help="stop a query after this many seconds (503); default 30",
    )
    s.add_argument(
        "--max-result-bytes",
        type=int,
        metavar="BYTES",
        default=defaults["MAX_RESULT_BYTES"],
        help="refuse a larger answer (422); default 50 MiB",
    )
    s.add_argument(
        "--answer-cache-bytes",
        type=int,
        metavar="BYTES",
        default=defaults["ANSWER_CACHE_BYTES"],
        help="keep answers for reuse up to this size per worker, embedded store only (0: none); "
        "default 64 MiB",
    )
    s.add_argument(
        "--public-base-url",
        default=defaults["PUBLIC_BASE_URL"],
        metavar="URL",
        help="the address the service is reached at from outside, for its links (behind a proxy)",
    )
    add_store_option(s)
    add_load_parser(sub)

    v = sub.add_parser("validate", help="check the built graph against the SHACL shapes")
    v.add_argument("--graph", type=Path, default=defaults["GRAPH_PATH"])

    a = sub.add_parser("assess", help="which norms apply to a host on a date, by OWL reasoning")
    for f in FIELDS:
        flag = f"--{f.name.replace('_', '-')}"
        if f.type == "boolean":
            a.add_argument(
                flag, dest=f.name, action=argparse.BooleanOptionalAction, help=f.description
            )
        else:
            choices = [c for c in f.choices if c] or None
            a.add_argument(flag, dest=f.name, choices=choices, help=f.description)
    a.add_argument("--json", action="store_true", help="print the answer as JSON")
    a.add_argument("--graph", type=Path, default=defaults["GRAPH_PATH"])

    d = sub.add_parser("diagram", help="draw the model from the ontology (needs Graphviz)")
    d.add_argument("--out", type=Path, default=Path("docs/model.svg"))
    d.add_argument("--graph", type=Path, default=defaults["GRAPH_PATH"])

    e = sub.add_parser(
        "export", help="write the knowledge base as one OWL file, or the harvest kit (or both)"
    )
    e.add_argument(
        "dir",
        nargs="?",
        type=Path,
        metavar="DIR",
        help="write the harvest kit here: dumps/, catalog.ttl, void.ttl, sitemap.xml, feed.atom, "
        "robots.txt",
    )
    e.add_argument("--owl", type=Path, help="one OWL file (RDF/XML) of it all")
    e.add_argument(
        "--base-url",
        default="http://127.0.0.1:8000",
        help="the service's public URL, for the kit's absolute URLs (default %(default)s)",
    )
    e.add_argument("--graph", type=Path, default=defaults["GRAPH_PATH"])

    q = sub.add_parser("query", help="ask a named question (queries/*.rq) and print the answer")
    q.add_argument("name", nargs="?", help="the query's name (see --list)")
    q.add_argument("--list", action="store_true", help="list the queries and their titles")
    q.add_argument("--param", action="append", default=[], metavar="NAME=VALUE", help="a parameter")
    q.add_argument("--format", choices=["table", "json", "csv"], default="table")
    q.add_argument("--width", type=int, default=60, help="cut table values at this width")
    q.add_argument("--graph", type=Path, default=defaults["GRAPH_PATH"])
    return parser


def run_validate(graph: Path) -> int:
    report = validate(load_graph(ready(graph)), resources.shapes_file())
    print(report.text())
    return 0 if report.conforms else 1


def run_assess(args: argparse.Namespace) -> int:
    from lexkg.server.services.assess import Assessor

    profile = {f.name: getattr(args, f.name) for f in FIELDS if getattr(args, f.name) is not None}
    try:
        answer = Assessor(OxigraphStore(ready(args.graph))).assess(profile)
    except ClientError as exc:
        print(f"lexkg: error: {exc}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(answer.as_json(), ensure_ascii=False, indent=2))
        return 0
    local = lambda iri: iri.rsplit("#", 1)[-1]  # noqa: E731
    print(f"Date: {answer.date}  Version: {answer.version}")
    print("Roles: " + (", ".join(local(r) for r in answer.roles) or "none"))
    for norm in answer.norms:
        where = norm.provision.removeprefix("http://data.europa.eu/eli/")
        if norm.sentence:
            where += f", sentence {norm.sentence}"
        bearers = ", ".join(local(b) for b in norm.bearers)
        print(f"\n{norm.modality.upper()} of {bearers}: {norm.label}\n  {where} [{norm.lang}]")
        print(textwrap.fill(norm.text, 96, initial_indent="  ", subsequent_indent="  "))
    for closed in answer.ineligible:
        where = f"{closed.path}" + (f", sentence {closed.sentence}" if closed.sentence else "")
        print(f"\nINELIGIBLE: {closed.route} ({where or 'not yet in the act'})")
        print(textwrap.fill(closed.reason, 96, initial_indent="  ", subsequent_indent="  "))
    return 0


def run_export(args: argparse.Namespace) -> int:
    """Write the OWL file (`--owl`), the harvest kit (`DIR`) or both."""
    if args.dir is None and args.owl is None:
        print("lexkg export: error: give DIR, --owl FILE or both", file=sys.stderr)
        return 2
    base = urlsplit(args.base_url)
    if base.scheme not in ("http", "https") or not base.netloc or base.query or base.fragment:
        print(f"lexkg export: error: --base-url {args.base_url} is no http(s) URL", file=sys.stderr)
        return 2
    graph = ready(args.graph)
    if args.owl is not None:
        from lexkg.loader.owl import knowledge_base

        kb = knowledge_base(load_graph(graph))
        args.owl.parent.mkdir(parents=True, exist_ok=True)
        kb.serialize(args.owl, format="xml", encoding="utf-8")
        print(f"wrote {args.owl}: {len(kb)} triples")
    if args.dir is not None:
        from lexkg.server.services.harvest.catalog import write_kit
        from lexkg.server.services.harvest.facts import Facts, file_date

        facts = Facts(OxigraphStore(graph), file_date(graph))
        try:
            written = write_kit(facts, args.dir, args.base_url)
        except OSError as error:
            print(f"lexkg export: error: {error}", file=sys.stderr)
            return 1
        names = ", ".join(str(path.relative_to(args.dir)) for path in written)
        print(f"wrote {args.dir}: {names}")
    return 0


def run_diagram(out: Path, graph: Path) -> None:
    ontology = named_graph(OxigraphStore(ready(graph)), str(ONTOLOGY_GRAPH))
    out.write_bytes(render_svg(dot_source(ontology)))
    print(f"wrote {out}")


def run_serve(args: argparse.Namespace) -> None:
    """Serve the graph file, or the external store of ``--store``, until the server stops."""
    from lexkg.server.run import serve

    if args.store:
        from lexkg.server.store.remote import RemoteStore

        RemoteStore(args.store, union=args.store_union)  # a bad URL stops here, not in a worker
        graph = None
    else:
        # A graph that is not whole stops here, with one message, before any worker starts.
        graph = str(args.graph)
        check_graph_file(ready(args.graph, args.rebuild))
    serve(
        graph,
        args.host,
        args.port,
        workers=args.workers,
        threads=args.threads,
        access_log=args.access_log,
        query_timeout=args.query_timeout,
        max_result_bytes=args.max_result_bytes,
        answer_cache_bytes=args.answer_cache_bytes,
        public_base_url=args.public_base_url,
        store_url=args.store,
        store_union=args.store_union,
    )


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.command == "build":
            run_build(args.act, args.text, args.out, args.quiet, args.corpus)
        elif args.command == "load":
            return run_load(args)
        elif args.command == "serve":
            run_serve(args)
        elif args.command == "validate":
            return run_validate(args.graph)
        elif args.command == "assess":
            return run_assess(args)
        elif args.command == "export":
            return run_export(args)
        elif args.command == "query":
            from lexkg.cli.query import run_query

            return run_query(args)
        elif args.command == "diagram":
            run_diagram(args.out, args.graph)
    except (LoaderError, StoreError, DiagramUnavailable) as exc:
        print(f"lexkg: error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
