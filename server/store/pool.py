"""Query worker processes: a time limit per query for a store that cannot be interrupted.

pyoxigraph has neither a timeout nor a way to cancel a query, and a Python thread cannot be
stopped; a process can. `QueryPool` is a `Store` that answers each query in a worker process
and kills that process (SIGKILL) when the query outlasts the time limit:

    app process (one thread per request, each using one worker at a time)
     └─ zygote: forked once, when the pool is made, from the app process (which has one
        thread then); holds the loaded store and does nothing but fork and kill workers
         └─ workers (at most `size`, forked when needed): one query at a time each,
            on a thread with a deep stack

Forking from the single-threaded zygote, never from the app process once it has request
threads, makes every fork safe (no lock held by another thread is copied into the child),
and every worker shares the loaded store copy-on-write, so a replacement for a killed worker
is ready in milliseconds. A worker keeps only its standard streams and its connection to the
app, and cannot open any file or socket (RLIMIT_NOFILE): no query can make it connect
anywhere, whatever gets past the screening of SERVICE.

The app and a worker exchange pickles over a socket pair: the app sends the query with the
media type the request's `choose` picks from each of the store's `OFFERS`; the worker sends
back the answer or the store's error.
"""

from __future__ import annotations

import contextlib
import gc
import os
import resource
import signal
import socket
import threading
import time
import warnings
import weakref
from dataclasses import dataclass
from functools import partial
from multiprocessing.connection import Connection
from typing import Any, NoReturn

from lexkg.server.core.binding import Bindings
from lexkg.server.core.errors import QueryTimeoutError, StoreError, StoreUnavailableError
from lexkg.server.store.base import Chooser, QueryAnswer, QueryDataset, Store, pick_all, picked
from lexkg.server.store.embedded import DEEP_STACK, QUERY_STACK_SIZE

__all__ = ["QueryPool"]

_WORKER_FD = 3  # a worker's connection to the app; the fds above it are closed
# Signals the app process may handle in its own way (granian's workers do); the zygote and
# the workers take the defaults, and ignore ^C: they end when the app closes their socket.
_RESET_SIGNALS = ("SIGTERM", "SIGHUP", "SIGQUIT", "SIGUSR1", "SIGUSR2", "SIGWINCH", "SIGCHLD")
_SHUTDOWN_WAIT = 5.0  # seconds the zygote has to end before it is killed


class _Expired(Exception):
    """The query's time ran out."""


@dataclass
class _Worker:
    pid: int
    conn: Connection


class QueryPool:
    """A `Store` that answers each query of `store` in a worker process, within `timeout` s.

    At most `size` queries run at once (one per worker); a query that finds every worker
    busy waits for one within its own time limit, then gets `StoreUnavailableError`. A query
    past `timeout` gets `QueryTimeoutError`: its worker is killed and a fresh one forked.
    Make the pool in a process with one thread (e.g. in `create_app`, before the server's
    threads start), or at least while no other thread uses `store`: it forks then.
    `close()` (or garbage collection, or the interpreter's exit) ends the zygote and the
    workers.
    """

    def __init__(self, store: Store, *, size: int = 4, timeout: float = 30.0) -> None:
        if size < 1:
            raise ValueError(f"a query pool needs at least one worker, not {size}")
        if not timeout > 0:
            raise ValueError(f"the query time limit must be positive, not {timeout}")
        self.size = size
        self.timeout = float(timeout)
        self._store = store
        self._cond = threading.Condition()
        self._idle: list[_Worker] = []
        self._live = 0  # workers forked and not killed: idle or answering a query
        self._closed = False
        self._zygote_lock = threading.Lock()  # one exchange with the zygote at a time
        self._control, self._zygote_pid = _start_zygote(store)
        self._finalizer = weakref.finalize(
            self, _shutdown, self._control, self._zygote_pid, self._idle
        )

    def query(
        self,
        sparql: str,
        *,
        choose: Chooser,
        bindings: Bindings | None = None,
        dataset: QueryDataset | None = None,
        base_iri: str | None = None,
    ) -> QueryAnswer:
        deadline = time.monotonic() + self.timeout
        picks = pick_all(choose)
        request = (sparql, dict(bindings) if bindings else None, dataset, base_iri, picks)
        worker = self._checkout(deadline)
        try:
            answer = _ask(worker.conn, request, deadline)
        except _Expired:
            self._retire(worker)
            self._replace()
            raise QueryTimeoutError(self.timeout) from None
        except StoreError:  # the store's answer to this query: the worker is fine
            self._checkin(worker)
            raise
        except (EOFError, OSError) as error:
            self._retire(worker)
            raise StoreUnavailableError(
                "the query's worker process stopped unexpectedly (e.g. out of memory)"
            ) from error
        except BaseException:  # e.g. interrupted: the worker may be mid-query
            self._retire(worker)
            raise
        self._checkin(worker)
        return answer

    def triple_count(self) -> int:
        return self._store.triple_count()

    def close(self) -> None:
        """Stop the zygote and every worker; later queries get `StoreUnavailableError`."""
        with self._cond:
            self._closed = True
            self._cond.notify_all()
        self._finalizer()

    @property
    def worker_pids(self) -> list[int]:
        """The process ids of the idle workers (for tests and monitoring)."""
        with self._cond:
            return [worker.pid for worker in self._idle]

    def _checkout(self, deadline: float) -> _Worker:
        """An idle worker, a new one if the pool has room, or the first to be free."""
        while True:
            with self._cond:
                while True:
                    if self._closed:
                        raise StoreUnavailableError("the query pool is closed")
                    if self._idle:
                        worker = self._idle.pop()
                        break
                    if self._live < self.size:
                        self._live += 1
                        worker = None
                        break
                    remaining = deadline - time.monotonic()
                    if remaining <= 0:
                        raise StoreUnavailableError(
                            f"all {self.size} query workers stayed busy for "
                            f"{self.timeout:g} s; try again later"
                        )
                    self._cond.wait(remaining)
            if worker is None:
                try:
                    return self._spawn()
                except BaseException:
                    self._forget()
                    raise
            if not worker.conn.poll(0):  # an idle worker says nothing, unless it has ended
                return worker
            self._retire(worker)  # e.g. killed by the kernel for memory: take another

    def _checkin(self, worker: _Worker) -> None:
        with self._cond:
            if not self._closed:
                self._idle.append(worker)
                self._cond.notify()
                return
        worker.conn.close()

    def _forget(self) -> None:
        with self._cond:
            self._live -= 1
            self._cond.notify()

    def _retire(self, worker: _Worker) -> None:
        """Kill a worker (it may be mid-query) and let its place be taken."""
        worker.conn.close()
        with self._zygote_lock, contextlib.suppress(OSError):
            self._control.sendall(b"K" + worker.pid.to_bytes(8, "big"))
            _recv_exactly(self._control, 1)
        self._forget()

    def _replace(self) -> None:
        """Fork a worker to take a killed one's place now, if the pool has room."""
        with self._cond:
            if self._closed or self._live >= self.size:
                return
            self._live += 1
        try:
            worker = self._spawn()
        except StoreError:
            self._forget()
        else:
            self._checkin(worker)

    def _spawn(self) -> _Worker:
        with self._zygote_lock:
            try:
                self._control.sendall(b"F" + bytes(8))
                message, fds, _, _ = socket.recv_fds(self._control, 8, 1)
                if message and len(message) < 8:
                    message += _recv_exactly(self._control, 8 - len(message))
            except OSError as error:
                raise StoreUnavailableError("cannot start a query worker") from error
        if len(message) != 8 or len(fds) != 1:
            for fd in fds:
                os.close(fd)
            raise StoreUnavailableError("cannot start a query worker")
        return _Worker(int.from_bytes(message, "big"), Connection(fds[0]))


def _ask(conn: Connection, request: tuple[Any, ...], deadline: float) -> QueryAnswer:
    """Have a worker answer `request` by `deadline`; raise `_Expired` past it."""
    conn.send(request)
    remaining = deadline - time.monotonic()
    if remaining <= 0 or not conn.poll(remaining):
        raise _Expired
    kind, payload = conn.recv()
    if kind == "error":
        raise payload
    return payload


def _recv_exactly(sock: socket.socket, size: int) -> bytes:
    """`size` bytes from a stream socket; fewer only at its end."""
    data = b""
    while len(data) < size:
        chunk = sock.recv(size - len(data))
        if not chunk:
            break
        data += chunk
    return data


def _shutdown(control: socket.socket, zygote_pid: int, idle: list[_Worker]) -> None:
    """Close the idle workers' connections and the zygote's; wait for the zygote to end."""
    for worker in idle:
        worker.conn.close()
    idle.clear()
    control.close()  # the zygote sees the end of its input, kills its workers and exits
    deadline = time.monotonic() + _SHUTDOWN_WAIT
    try:
        while os.waitpid(zygote_pid, os.WNOHANG) == (0, 0):
            if time.monotonic() > deadline:
                os.kill(zygote_pid, signal.SIGKILL)
                os.waitpid(zygote_pid, 0)
                break
            time.sleep(0.001)
    except ChildProcessError:  # already reaped
        pass


# The zygote and the workers: code that runs in forked children and ends with os._exit.


def _start_zygote(store: Store) -> tuple[socket.socket, int]:
    ours, theirs = socket.socketpair()
    with warnings.catch_warnings():
        # Python 3.12+ warns of a fork in a process with threads (e.g. a test runner's): the
        # zygote only reads its socket and forks, and its workers use the store, which no
        # other thread may be using meanwhile (see the class's documentation).
        warnings.filterwarnings("ignore", r".*multi-threaded.*fork", DeprecationWarning)
        pid = os.fork()
    if pid == 0:  # the zygote
        try:
            ours.detach()  # closed below with the other inherited descriptors
            _run_zygote(theirs, store)
        finally:
            os._exit(1)
    theirs.close()
    return ours, pid


def _become_child(keep: int) -> None:
    """Shed what a forked child inherits and must not use: signal handlers, descriptors
    (all but the standard streams and `keep`), and collection of the parent's garbage
    (whose finalisers could close descriptors that have since been reused)."""
    gc.freeze()
    with contextlib.suppress(ValueError):
        signal.set_wakeup_fd(-1)
    for name in _RESET_SIGNALS:
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    os.closerange(3, keep)
    os.closerange(keep + 1, _max_fd())


def _max_fd() -> int:
    soft, _ = resource.getrlimit(resource.RLIMIT_NOFILE)
    return soft if soft != resource.RLIM_INFINITY else 1 << 20


def _run_zygote(control: socket.socket, store: Store) -> NoReturn:
    """Fork a worker ("F") or kill one ("K" + pid) on each request; end with the input."""
    children: set[int] = set()
    status = 0
    try:
        _become_child(control.fileno())
        while len(request := _recv_exactly(control, 9)) == 9:
            _reap(children)
            if request[:1] == b"F":
                try:
                    pid, fd = _fork_worker(control, store)
                except OSError:
                    control.sendall(bytes(8))  # no worker
                    continue
                children.add(pid)
                socket.send_fds(control, [pid.to_bytes(8, "big")], [fd])
                os.close(fd)
            else:
                pid = int.from_bytes(request[1:], "big")
                if pid in children:
                    _kill(pid)
                    children.discard(pid)
                control.sendall(b"k")
    except BaseException:
        status = 1
    finally:
        for pid in children:
            _kill(pid)
        os._exit(status)


def _reap(children: set[int]) -> None:
    """Forget the workers that have ended by themselves (their app connection closed)."""
    for pid in list(children):
        with contextlib.suppress(ChildProcessError):
            if os.waitpid(pid, os.WNOHANG) == (0, 0):
                continue
        children.discard(pid)


def _kill(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)
    with contextlib.suppress(ChildProcessError):
        os.waitpid(pid, 0)


def _fork_worker(control: socket.socket, store: Store) -> tuple[int, int]:
    """Fork a worker; return its pid and the app's end of its connection."""
    ours, theirs = socket.socketpair()
    try:
        pid = os.fork()
    except OSError:
        ours.close()
        theirs.close()
        raise
    if pid == 0:  # the worker
        try:
            control.detach()
            ours.detach()
            _run_worker(theirs.detach(), store)
        finally:
            os._exit(1)
    theirs.close()
    return pid, ours.detach()


def _run_worker(fd: int, store: Store) -> NoReturn:
    status = 0
    try:
        if fd != _WORKER_FD:
            os.dup2(fd, _WORKER_FD)
            os.close(fd)
        _become_child(_WORKER_FD)
        for std in (0, 1, 2):  # a closed standard stream would leave a free descriptor
            try:
                os.fstat(std)
            except OSError:
                os.dup2(os.open(os.devnull, os.O_RDWR), std)
        # No new descriptor from here on: no file, no socket, no connection anywhere.
        limit = _WORKER_FD + 1
        resource.setrlimit(resource.RLIMIT_NOFILE, (limit, limit))
        conn = Connection(_WORKER_FD)
        threading.stack_size(QUERY_STACK_SIZE)  # this process has no other thread
        thread = threading.Thread(target=_serve, args=(conn, store), name="query-worker")
        thread.start()
        thread.join()
    except BaseException:
        status = 1
    finally:
        os._exit(status)


def _serve(conn: Connection, store: Store) -> None:
    """Answer the app's queries one by one until it closes the connection."""
    DEEP_STACK.active = True  # the store runs queries right here
    while True:
        try:
            sparql, bindings, dataset, base_iri, picks = conn.recv()
        except EOFError:
            return
        reply: tuple[str, Any]
        try:
            choose = partial(picked, picks)
            answer = store.query(
                sparql, choose=choose, bindings=bindings, dataset=dataset, base_iri=base_iri
            )
            reply = ("answer", answer)
        except StoreError as error:
            reply = ("error", error)
        except Exception as error:
            reply = ("error", StoreError(f"the query failed: {type(error).__name__}: {error}"))
        _send(conn, reply)


def _send(conn: Connection, reply: tuple[str, Any]) -> None:
    try:
        conn.send(reply)
    except Exception as error:  # an error that does not pickle (nothing was sent)
        conn.send(("error", StoreError(f"the query failed: {reply[1]} ({error})")))
