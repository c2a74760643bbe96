"""Answers kept for reuse: a store that does not change gives the same answer to the same query.

`AnswerCache` wraps the service's embedded store, which is loaded once and never written:
a query asked again with the same bindings and dataset, answered in the same media types,
is answered from memory without reaching a query worker. It keeps the most recently used
answers within a budget of bytes; an error is never kept. A store that others write to (an
external one) must not be wrapped.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable
from functools import partial

from lexkg.server.core.binding import Bindings
from lexkg.server.store.base import Chooser, QueryAnswer, QueryDataset, Store, pick_all, picked

__all__ = ["AnswerCache"]

_SHARE = 8  # no one answer takes more than this share of the budget


class AnswerCache:
    """A `Store` that answers from `store` and keeps answers within `max_bytes` (LRU)."""

    def __init__(self, store: Store, max_bytes: int) -> None:
        if max_bytes <= 0:
            raise ValueError(f"an answer cache needs a positive budget, not {max_bytes}")
        self.store = store
        self.max_bytes = max_bytes
        self.hits = self.misses = 0
        self._answers: OrderedDict[Hashable, QueryAnswer] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def query(
        self,
        sparql: str,
        *,
        choose: Chooser,
        bindings: Bindings | None = None,
        dataset: QueryDataset | None = None,
        base_iri: str | None = None,
    ) -> QueryAnswer:
        picks = pick_all(choose)
        terms = tuple(sorted((name, term.n3()) for name, term in (bindings or {}).items()))
        key = (sparql, terms, dataset, base_iri, tuple(picks.values()))
        with self._lock:
            answer = self._answers.get(key)
            if answer is not None:
                self._answers.move_to_end(key)
                self.hits += 1
                return answer
            self.misses += 1
        choose = partial(picked, picks)
        answer = self.store.query(
            sparql, choose=choose, bindings=bindings, dataset=dataset, base_iri=base_iri
        )
        self._keep(key, answer)
        return answer

    def is_quick(self, sparql: str, *, base_iri: str | None = None) -> bool:
        """Whether the wrapped store says it answers the query quickly (see
        `server.store.quick.QuickPath.is_quick`)."""
        is_quick = getattr(self.store, "is_quick", None)
        return is_quick is not None and is_quick(sparql, base_iri=base_iri)

    def triple_count(self) -> int:
        return self.store.triple_count()

    def close(self) -> None:
        """Close the wrapped store, if it can be closed."""
        close = getattr(self.store, "close", None)
        if close is not None:
            close()

    def _keep(self, key: Hashable, answer: QueryAnswer) -> None:
        size = len(answer.body)
        if size * _SHARE > self.max_bytes:
            return
        with self._lock:
            if key in self._answers:
                return
            self._answers[key] = answer
            self._bytes += size
            while self._bytes > self.max_bytes:
                _, dropped = self._answers.popitem(last=False)
                self._bytes -= len(dropped.body)
