"""The cross-references of an act to publish, from what each language version reads.

A reference is published where every language version that has its subdivision reads it, so
the references of a part only one version gives (the citations and recitals of 2021/1173,
which its English rendering lacks) come from that version alone. A reference that only some
of the versions having its subdivision read is left out and counted: the versions say
different things there, or one was read wrongly. Versions that `loader.align` has compared
read the same references: all of them are published.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from lexkg.loader.model import Act, Division
from lexkg.loader.xrefs import Reference

# One reference as each language version reads it, in the order of the versions; None where a
# version does not have the subdivision the reference is in.
Parallel = tuple[Reference | None, ...]


@dataclass(frozen=True)
class Agreed:
    """The references to publish, and how many each language read that were left out."""

    rows: list[Parallel]
    left_out: dict[str, int]

    def note(self, act: Act) -> str | None:
        """What was left out, in a sentence; None if nothing was."""
        total = sum(self.left_out.values())
        if not total:
            return None
        each = ", ".join(f"{lang} {n}" for lang, n in self.left_out.items() if n)
        return (
            f"{total} cross-references of {act.number} that not every language version having "
            f"their subdivision reads are not published ({each})"
        )


def agree(acts: list[Act], refs: list[list[Reference]]) -> Agreed:
    """The references of *acts* (the language versions of one act; *refs* in the same order)
    that every version having their subdivision reads, each as often as every such version
    reads it; in the order the versions read them."""
    places = [set(_places(act)) for act in acts]
    found: list[dict[tuple, list[Reference]]] = []
    for version in refs:
        by_key: dict[tuple, list[Reference]] = defaultdict(list)
        for r in version:
            by_key[r.key].append(r)
        found.append(by_key)
    rows: list[Parallel] = []
    left_out: Counter[str] = Counter({act.language: 0 for act in acts})
    seen: set[tuple] = set()
    for r in (r for version in refs for r in version):
        key = r.key
        if key in seen:
            continue
        seen.add(key)
        having = [i for i, p in enumerate(places) if (r.in_amended_text, r.source) in p]
        common = min(len(found[i][key]) for i in having)
        for n in range(common):
            rows.append(tuple(found[i][key][n] if i in having else None for i in range(len(acts))))
        for i in having:
            left_out[acts[i].language] += len(found[i][key]) - common
    return Agreed(rows, dict(left_out))


def _places(act: Act) -> Iterator[tuple[bool, tuple[str, ...]]]:
    """Where a version's references can stand: its subdivisions, and those its instructions
    put in the act they amend (as `xrefs.references` reads them)."""

    def walk(d: Division, amended: bool) -> Iterator[tuple[bool, tuple[str, ...]]]:
        yield amended, d.path
        if d.amendment is not None:
            for new in d.amendment.new:
                yield from walk(new, True)
        for child in d.children:
            yield from walk(child, amended)

    for d in act.divisions:
        yield from walk(d, False)


def unresolved(rows: list[Parallel]) -> list[str]:
    """A sentence for each reference published as text only, with where and why."""
    out = []
    for row in rows:
        r = next(x for x in row if x is not None)
        if r.unresolved:
            column = f":{r.span.first_col}" if r.span.first_col is not None else ""
            where = f"{r.span.path}:{r.span.first}{column} ({'/'.join(r.source)})"
            out.append(f"unresolved reference {r.text!r} at {where}: {r.unresolved}")
    return out
