"""The one error the loader raises: what went wrong, in which file, on which line."""

from __future__ import annotations


class LoaderError(Exception):
    """A text that cannot be read as the act it should be.

    Carries the file, the 1-based line (and column, in a text of long lines) and, where known,
    a breadcrumb of the legal structure ("Artikel 1 › 4) › a)") so the message points at the
    place to look.
    """

    def __init__(
        self,
        message: str,
        *,
        path: str | None = None,
        line: int | None = None,
        column: int | None = None,
        where: str | None = None,
        source_line: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line
        self.column = column  # 1-based, where a line is long (a flattened act is one line)
        self.where = where
        self.source_line = source_line

    def __str__(self) -> str:
        place = self.path or "<text>"
        if self.line is not None:
            place += f":{self.line}"
            if self.column is not None:
                place += f":{self.column}"
        out = f"{place}: {self.message}"
        if self.where:
            out += f" (in {self.where})"
        if self.source_line is not None:
            out += f"\n    {self.source_line.strip()[:120]}"
        return out
