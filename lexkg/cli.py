"""The ``lexkg`` command line: build the graph, serve it."""

from __future__ import annotations

import argparse
import os
import sys
from collections import Counter
from pathlib import Path

from lexkg import paths
from loader.build import FORMATS, Built, Text, build, detect_layout, read_source, write
from loader.errors import LoaderError
from server.store import StoreError
from server.wsgi import serve


def _text_option(value: str) -> tuple[str, Path]:
    lang, sep, path = value.partition("=")
    if not sep or not lang or not path:
        raise argparse.ArgumentTypeError(f"expected LANG=PATH, got {value!r}")
    return lang.strip().lower(), Path(path)


def _parser() -> argparse.ArgumentParser:
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
        default=paths.GRAPH,
        help=f"output .nq or .trig (default: {paths.GRAPH})",
    )
    b.add_argument("--quiet", action="store_true", help="print only the summary")

    s = sub.add_parser("serve", help="serve the graph over SPARQL (builds it first if needed)")
    s.add_argument("--host", default=os.environ.get("LEXKG_HOST", "127.0.0.1"))
    s.add_argument("--port", type=int, default=int(os.environ.get("LEXKG_PORT", "8000")))
    s.add_argument("--graph", type=Path, default=Path(os.environ.get("LEXKG_GRAPH", paths.GRAPH)))
    s.add_argument("--workers", type=int, default=int(os.environ.get("LEXKG_WORKERS", "2")))
    s.add_argument("--threads", type=int, default=int(os.environ.get("LEXKG_THREADS", "4")))
    s.add_argument("--rebuild", action="store_true", help="build the graph even if it is current")
    return parser


def _act_file(option: Path | None) -> Path:
    if option is not None:
        return option
    found = paths.act_files()
    if len(found) != 1:
        raise LoaderError(f"expected one act under {paths.DATA}, found {len(found)}; use --act")
    return found[0]


def run_build(act: Path | None, texts: list[tuple[str, Path]], out: Path, quiet: bool) -> Built:
    """Build and write the graph; print progress and a summary."""
    source = read_source(_act_file(act))
    for lang, path in texts:
        known = source.texts.get(lang)
        layout = known.layout if known else detect_layout(path)
        source.texts[lang] = Text(lang, path, layout)

    def progress(message: str) -> None:
        if not quiet:
            print(f"  {message}", file=sys.stderr)

    built = build(source, paths.ontology_files(), progress)
    progress(f"writing {out}")
    write(built.dataset, out)
    per_language = Counter()
    for act in built.acts:
        per_language[act.language] = sum(1 for _ in act.walk())
    counts = ", ".join(f"{lang} {n}" for lang, n in per_language.items())
    print(
        f"built {out}: subdivisions per language: {counts}; "
        f"{built.triples} triples in {built.seconds:.2f} s"
    )
    return built


def _stale(graph: Path) -> bool:
    """Whether the graph is missing or older than the texts, metadata or ontology."""
    if not graph.exists():
        return True
    inputs = [*paths.DATA.rglob("*"), *paths.ontology_files()]
    newest = max((p.stat().st_mtime for p in inputs if p.is_file()), default=0)
    return graph.stat().st_mtime < newest


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.command == "build":
            run_build(args.act, args.text, args.out, args.quiet)
        elif args.command == "serve":
            if args.graph.suffix in FORMATS and (args.rebuild or _stale(args.graph)):
                run_build(None, [], args.graph, quiet=False)
            serve(str(args.graph), args.host, args.port, workers=args.workers, threads=args.threads)
    except (LoaderError, StoreError) as exc:
        print(f"lexkg: error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
