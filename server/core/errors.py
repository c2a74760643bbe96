"""The errors of the service, and the one table that gives each its HTTP status and code.

Every route answers an error through this table (`server.routes.common`), so the same error
has the same status everywhere: JSON (`{"error": CODE, "message": …}`) under `/api`, and as
the client accepts elsewhere.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

__all__ = [
    "STATUS",
    "ClientError",
    "ErrorStatus",
    "FormatError",
    "GraphLoadError",
    "NotAcceptableError",
    "NotFoundError",
    "QueryError",
    "QueryTimeoutError",
    "ResultTooLargeError",
    "StoreError",
    "StoreUnavailableError",
    "UnavailableError",
    "status_of",
]


class StoreError(Exception):
    """Base class of the errors a store raises."""


class ClientError(ValueError):
    """A request the service cannot take as it is: a bad parameter, profile or field."""


class NotFoundError(LookupError):
    """What the request names does not exist (at the date it asks about): 404."""


class UnavailableError(Exception):
    """Something the service offers cannot be made now (a page, a document): 503."""


class FormatError(ClientError):
    """The request's `format=` names no format, or is given more than once."""


class GraphLoadError(StoreError):
    """The graph file is missing, of an unknown kind, or unparsable."""


class QueryError(StoreError):
    """The client's query cannot be answered: malformed or not supported."""


class NotAcceptableError(StoreError):
    """The answer cannot be written in a media type the client accepts."""

    def __init__(self, message: str, offers: Sequence[str]) -> None:
        super().__init__(message)
        self.offers = tuple(offers)

    def __reduce__(self) -> tuple[Any, ...]:  # picklable, to cross process boundaries
        return (type(self), (str(self), self.offers))


class ResultTooLargeError(StoreError):
    """The serialised answer would be longer than the store's limit (`max_result_bytes`)."""

    def __init__(self, limit: int) -> None:
        super().__init__(
            f"the answer is larger than the limit of {limit} bytes (MAX_RESULT_BYTES); "
            "ask for less, e.g. with LIMIT"
        )
        self.limit = limit

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.limit,))


class QueryTimeoutError(StoreError):
    """The query ran longer than the time limit and was stopped."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"query stopped after {seconds:g} s (the time limit, QUERY_TIMEOUT)")
        self.seconds = seconds

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.seconds,))


class StoreUnavailableError(StoreError):
    """The store cannot take the query now (no free worker, or its worker died)."""


@dataclass(frozen=True)
class ErrorStatus:
    """How an error is answered: the HTTP status and a short code for machines."""

    status: int
    code: str


# Most specific first; `status_of` takes the first class the error is an instance of.
# 503 for a query past its time limit (the SPARQL Protocol allows any 5xx for a query the
# service refuses to finish; like Fuseki's, it tells the client the service gave up, not that
# the query is wrong) or when no worker can take it; 422 for an answer past the size limit
# (the query is valid and deterministic: asking again will not help, asking for less will);
# 500 for anything else that failed to run.
STATUS: tuple[tuple[type[Exception], ErrorStatus], ...] = (
    (FormatError, ErrorStatus(400, "bad_format")),
    (ClientError, ErrorStatus(400, "bad_request")),
    (NotFoundError, ErrorStatus(404, "not_found")),
    (QueryError, ErrorStatus(400, "bad_query")),
    (NotAcceptableError, ErrorStatus(406, "not_acceptable")),
    (ResultTooLargeError, ErrorStatus(422, "result_too_large")),
    (QueryTimeoutError, ErrorStatus(503, "query_timeout")),
    (StoreUnavailableError, ErrorStatus(503, "store_unavailable")),
    (UnavailableError, ErrorStatus(503, "unavailable")),
    (GraphLoadError, ErrorStatus(500, "graph_unavailable")),
    (StoreError, ErrorStatus(500, "store_error")),
)


def status_of(error: BaseException) -> ErrorStatus | None:
    """The status of a service error, or None for an error the table does not know."""
    for kind, status in STATUS:
        if isinstance(error, kind):
            return status
    return None
