"""Stage 1: bytes → numbered, normalised lines.

Decoding is strict (a text that is not UTF-8 is refused, with the line of the first bad byte),
line endings and Unicode spaces are normalised, and each line keeps its number and the two
layout signals a PDF extraction leaves: a leading space (a block glued on at a page top) and a
trailing space (a line wrapped mid-sentence).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from lexkg.loader.errors import LoaderError

_SPACES = re.compile(r"[ \t\u00a0\u2007\u202f\u2009\u200a]+")
_ALLOWED_CONTROLS = {"\t"}


@dataclass(frozen=True, slots=True)
class Line:
    """One line of a source text, whitespace collapsed, with its layout signals."""

    no: int
    text: str
    lead: bool = False
    trail: bool = False
    # The line as written (NFC), for a layout whose spaces carry structure.
    raw: str = field(default="", compare=False, repr=False)

    @property
    def blank(self) -> bool:
        return not self.text


def decode(data: bytes, path: str) -> str:
    """Decode UTF-8 strictly; refuse binary data and say on which line it starts."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if not data.strip():
        raise LoaderError("the text is empty", path=path, line=1)
    if b"\x00" in data:
        line = _line_at(data, data.index(b"\x00"))
        raise LoaderError("binary data, not a text (NUL byte)", path=path, line=line)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = _line_at(data, exc.start)
        raise LoaderError(
            f"not UTF-8: byte 0x{data[exc.start]:02x} cannot be decoded", path=path, line=line
        ) from None
    for no, raw in enumerate(text.splitlines(), 1):
        bad = next(
            (c for c in raw if unicodedata.category(c) == "Cc" and c not in _ALLOWED_CONTROLS),
            None,
        )
        if bad is not None:
            raise LoaderError(
                f"binary data: control character U+{ord(bad):04X}", path=path, line=no
            )
    return text


def _line_at(data: bytes, offset: int) -> int:
    """The number of the line that byte *offset* is on, counted as `split_lines` counts.

    Every line ending counts (CR, LF, CRLF and the others `str.splitlines` knows), so the
    line named is the one the rest of the loader would give, whatever the text's endings.
    """
    before = data[:offset].decode("utf-8", errors="replace")
    return len((before + "x").splitlines())


def split_lines(text: str) -> list[Line]:
    """Number the lines (any line ending) and collapse their whitespace."""
    out = []
    for no, raw in enumerate(text.splitlines(), 1):
        raw = unicodedata.normalize("NFC", raw)
        collapsed = _SPACES.sub(" ", raw)
        out.append(
            Line(
                no=no,
                text=collapsed.strip(),
                lead=collapsed.startswith(" ") and bool(collapsed.strip()),
                trail=collapsed.endswith(" ") and bool(collapsed.strip()),
                raw=raw,
            )
        )
    return out


def read_lines(path: str | Path, label: str | None = None) -> list[Line]:
    """Read a source file as numbered lines; *label* names it in messages."""
    p = Path(path)
    name = label or str(p)
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise LoaderError(f"cannot read the text: {exc.strerror}", path=name) from None
    return split_lines(decode(data, name))
