"""The first line of a graph file the loader writes: how many quads the file holds.

A reader that finds fewer quads than the header declares has a file that was cut short (a
failed copy, a full disk), even where the cut fell between two lines and the rest parses; one
that finds more has a file that something was added to. N-Quads and TriG both read the header
as a comment.
"""

from __future__ import annotations

import re

_HEADER = re.compile(rb"# lexkg graph: (\d+) quads")


def header(quads: int) -> str:
    """The first line of a graph file of *quads* quads."""
    return f"# lexkg graph: {quads} quads\n"


def declared_quads(first_line: bytes) -> int | None:
    """The number of quads a graph file's first line declares, if it is a `header`."""
    m = _HEADER.fullmatch(first_line.rstrip(b"\r\n"))
    return int(m[1]) if m else None
