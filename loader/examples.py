"""The ontology's example hosts, classified by OWL 2 RL into the roles the ontology defines.

Classifying takes about as long as publishing the family and needs only the ontology and the
examples: `classifying` runs it in a process of its own (``python -m lexkg.loader.examples``)
while the caller goes on.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from rdflib import Graph, URIRef

from lexkg.loader.errors import LoaderError
from lexkg.reasoner import classify_individuals

Roles = dict[URIRef, set[URIRef]]


def classify_examples(vocabulary: Graph, hosts: Graph) -> Roles:
    """The roles of every host described in *hosts*, by the ontology *vocabulary* (owlrl)."""
    return classify_individuals(vocabulary, hosts, "owlrl")


@contextmanager
def classifying(ontology: list[Path], examples: list[Path]) -> Iterator[Callable[[], Roles]]:
    """Classify the example hosts in another process; the function given waits for the roles.

    A file that cannot be read fails there as here: the caller reads the same files itself
    (to add them to its graph), and reports the error first.
    """
    command = [sys.executable, "-m", __name__, *map(str, ontology), "--", *map(str, examples)]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)

    def roles() -> Roles:
        out, err = process.communicate()
        if process.returncode:
            last = err.decode("utf-8", "replace").strip().splitlines()[-1:] or ["no message"]
            raise LoaderError(f"classifying the example hosts failed: {last[0]}")
        return {URIRef(h): {URIRef(r) for r in found} for h, found in json.loads(out).items()}

    try:
        yield roles
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()


def _main(arguments: list[str]) -> None:
    split = arguments.index("--")
    vocabulary, hosts = Graph(), Graph()
    for path in arguments[:split]:
        vocabulary.parse(path, format="turtle")
    for path in arguments[split + 1 :]:
        hosts.parse(path, format="turtle")
    found = classify_examples(vocabulary, hosts)
    json.dump({str(h): sorted(map(str, roles)) for h, roles in found.items()}, sys.stdout)


if __name__ == "__main__":
    _main(sys.argv[1:])
