"""Extraction in worker processes: a time limit and a memory budget per file, and a guard for any error.

A file that makes the extractor raise anything at all, run past its time or past its memory costs
that file alone: it becomes one reason in one line, the worker that read it is replaced if it has to
be, and the batch goes on.

- **Guard**: :func:`reason_of` turns any exception into one plain line; :func:`guarded` calls an
  extract function and raises :class:`ExtractorError` (file name, reason) whatever went wrong.
- **Limits** (:class:`Limits`): ``timeout`` seconds per file (``MEDNOTICE_TIMEOUT``, default 120) and
  ``memory_mb`` of address space per worker (``MEDNOTICE_MEMORY_MB``, default 1000: the extractor
  with jieba and spaCy loaded takes about 340 MB of it, the bundled corpus at most about 400; a bomb
  stops at the budget instead of taking the machine).  0 means no limit.
- **Workers** (:class:`Workers`): started once a batch, forked from a fork server that has loaded
  the extractor once (jieba's dictionary and spaCy: about 2 s) so that a worker is ready in
  milliseconds; the files go to the idle workers and the results come back in the order of the
  files.  A worker over its time is killed (the file: "took over 120 s: stopped"); one that runs out
  of memory reports it (MemoryError: "needed more than 1000 MB of memory: stopped") and is replaced,
  as is one that dies (a C library aborting when an allocation fails).

The in-process mode (``ingest(jobs=0)``) keeps the guard and drops the limits: for a caller that
wants the extraction in its own process (a debugger, a profiler, a monkeypatched extractor).
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
import time
from collections import deque
from dataclasses import dataclass
from multiprocessing.connection import wait
from typing import Callable, Iterable, Iterator

from extractor.errors import ExtractorError

DEFAULT_TIMEOUT = 120.0
# Seconds a new worker has to say it is ready (it loads the extractor itself where there is no fork server).
STARTUP_TIMEOUT = 300.0
READY = "ready"
DEFAULT_MEMORY_MB = 1000
_WARM = "MEDNOTICE_WORKER_WARM"  # set for the fork server alone: it loads the extractor when it imports this module


class WorkerError(RuntimeError):
    """The worker processes cannot be started at all (one line): the batch cannot go on."""


@dataclass(frozen=True)
class Limits:
    """Per file: seconds before the worker is stopped; per worker: megabytes of address space (0: none)."""

    timeout: float = DEFAULT_TIMEOUT
    memory_mb: int = DEFAULT_MEMORY_MB


def _setting(value, env: str, default, kind, what: str):
    """A limit as given, else from the environment, else the default; one line if it is not a number.

    >>> _setting(None, "MEDNOTICE_NO_SUCH_VARIABLE", 120.0, float, "a time limit")
    120.0
    >>> _setting("-3", "MEDNOTICE_MEMORY_MB", 1, int, "a memory budget")
    Traceback (most recent call last):
    ...
    ValueError: -3 is not a memory budget: give a number of MB, 0 for none
    """
    source = env
    if value is None:
        value = os.environ.get(env)
        if value is None or value == "":
            return default
    else:
        source = None
    try:
        number = kind(value)
    except (TypeError, ValueError):
        number = -1
    if number < 0 or number != number or number == float("inf"):
        unit = "seconds" if kind is float else "MB"
        said = f"{source}={value}" if source else str(value)
        raise ValueError(f"{said} is not {what}: give a number of {unit}, 0 for none")
    return number


def limits(timeout=None, memory_mb=None) -> Limits:
    """The limits asked for, else those of MEDNOTICE_TIMEOUT / MEDNOTICE_MEMORY_MB, else the defaults.

    >>> limits(30, 0)
    Limits(timeout=30.0, memory_mb=0)
    """
    return Limits(_setting(timeout, "MEDNOTICE_TIMEOUT", DEFAULT_TIMEOUT, float, "a time limit"),
                  _setting(memory_mb, "MEDNOTICE_MEMORY_MB", DEFAULT_MEMORY_MB, int, "a memory budget"))


# --- the guard -----------------------------------------------------------------------------------


def reason_of(exc: BaseException, memory_mb: int = 0) -> str:
    """One plain line for any exception an extraction raised.

    >>> reason_of(MemoryError(), 1000)
    'needed more than 1000 MB of memory: stopped'
    >>> reason_of(RecursionError("maximum recursion depth exceeded"))
    'nested too deeply to read (the recursion limit was reached)'
    >>> reason_of(ValueError("Exceeds the limit (4300 digits)\\nfor integer string conversion"))
    'the extractor failed on it (ValueError: Exceeds the limit (4300 digits) for integer string conversion)'
    """
    if isinstance(exc, ExtractorError):
        return exc.reason
    if isinstance(exc, MemoryError):
        return f"needed more than {memory_mb} MB of memory: stopped" if memory_mb else "ran out of memory: stopped"
    if isinstance(exc, RecursionError):
        return "nested too deeply to read (the recursion limit was reached)"
    return f"the extractor failed on it ({describe(exc)})"


def describe(exc: BaseException) -> str:
    """An exception as one short line: its type and what it said.

    >>> describe(OSError(28, "No space left on device"))
    'OSError: [Errno 28] No space left on device'
    """
    said = " ".join(str(exc).split())
    if len(said) > 200:
        said = said[:199] + "…"
    return f"{type(exc).__name__}{': ' + said if said else ''}"


def guarded(extract: Callable, data: bytes, name: str, *, memory_mb: int = 0, **kwargs):
    """``extract(data, name, **kwargs)``, any exception raised as an :class:`ExtractorError` naming the file.

    >>> def broken(data, name):
    ...     return len(data) / 0
    >>> guarded(broken, b"", "a.txt")
    Traceback (most recent call last):
    ...
    extractor.errors.ExtractorError: a.txt: the extractor failed on it (ZeroDivisionError: division by zero)
    """
    try:
        return extract(data, name, **kwargs)
    except ExtractorError:
        raise
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as exc:  # noqa: BLE001 — whatever a reader or a library raises costs this file alone
        raise ExtractorError(name, reason_of(exc, memory_mb)) from None


def death_reason(exitcode: int | None, memory_mb: int) -> str:
    """Why a worker that died without answering did: its signal, and the likely cause.

    >>> death_reason(-6, 1000)
    'the reader crashed (signal SIGABRT): it needed more than 1000 MB of memory, or the file broke it; stopped'
    >>> death_reason(3, 0)
    'the reader crashed (exit status 3): stopped'
    """
    if exitcode is not None and exitcode < 0:
        try:
            how = f"signal {signal.Signals(-exitcode).name}"
        except ValueError:
            how = f"signal {-exitcode}"
    else:
        how = f"exit status {exitcode}"
    if memory_mb:
        return f"the reader crashed ({how}): it needed more than {memory_mb} MB of memory, or the file broke it; stopped"
    return f"the reader crashed ({how}): stopped"


# --- the worker process --------------------------------------------------------------------------


# A notice of a few lines whose extraction loads every rule, vocabulary and model the extractor uses.
_WARM_NOTICE = ("关于做好2023年城乡居民基本医疗保障工作的通知\n各市医疗保障局、财政局：\n"
                "一、筹资标准。全省人均财政补助标准达到640元，个人缴费标准达到380元。\n"
                "二、待遇保障。政策范围内住院费用支付比例稳定在70%左右。\n省医疗保障局\n2023年7月20日\n")


def warm() -> None:
    """Load what the first extraction would (jieba's dictionary, spaCy's pipeline, the rules): about 2 s, once."""
    from extractor.pipeline import extract_bytes

    extract_bytes(_WARM_NOTICE.encode("utf-8"), "warm-up.txt")


def _limit_memory(memory_mb: int) -> None:
    if not memory_mb:
        return
    import resource

    budget = memory_mb * 1024 * 1024
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        budget = min(budget, hard)
    resource.setrlimit(resource.RLIMIT_AS, (budget, hard))


def _die_with_server() -> None:
    """Have the kernel kill this worker when the fork server it came from exits, and let the fork
    server exit when the batch's process is gone (killed too): a worker busy with a file that never
    ends must not outlive its batch.

    A fork server stays up while anyone holds its "alive" pipe, and every process it forks is handed
    that pipe: the worker closes its copy, so that the batch's process alone keeps the server up.
    Linux only; elsewhere the worker ends at its next file."""
    from multiprocessing import forkserver

    server = getattr(forkserver, "_forkserver", None)
    alive = getattr(server, "_forkserver_alive_fd", None)
    if alive is not None:
        try:
            os.close(alive)
        except OSError:
            pass
        server._forkserver_alive_fd = None
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def _serve(conn, memory_mb: int, ocr: bool, max_bytes: int, extract: Callable | None = None) -> None:
    """A worker: say "ready", then extract each (name, bytes) it is sent and answer (notice, reason,
    retire) until it is sent None."""
    _die_with_server()
    # Ctrl-C reaches the whole process group: the parent stops the workers, they print nothing.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if extract is None:
        from extractor.pipeline import extract_bytes as extract

    if os.environ.get(_WARM) != "1":  # the fork server did not load the extractor: this worker does
        try:
            warm()
        except Exception:  # noqa: BLE001 — the same error comes back with the first file, as its reason
            pass
    _limit_memory(memory_mb)
    out_of_memory = (None, reason_of(MemoryError(), memory_mb), True)
    try:
        conn.send(READY)
        while True:
            try:
                task = conn.recv()
            except MemoryError:
                conn.send(out_of_memory)
                return
            if task is None:
                return
            name, data = task
            task = None
            answer = _extract(extract, data, name, memory_mb, ocr=ocr, max_bytes=max_bytes)
            data = None
            try:
                conn.send(answer)
            except MemoryError:
                conn.send(out_of_memory)
                return
            except (BrokenPipeError, EOFError, OSError):
                raise
            except BaseException as exc:  # noqa: BLE001 — a record that does not pickle fails its file alone
                conn.send((None, reason_of(exc, memory_mb), False))
            if answer[2]:
                return
    except (EOFError, OSError):  # the batch is gone
        return


def _extract(extract: Callable, data: bytes, name: str, memory_mb: int, **kwargs) -> tuple:
    """(notice, None, False), or (None, reason, retire): retire after a MemoryError, since a C library
    may be left half way; a fresh worker reads the next file."""
    try:
        return extract(data, name, **kwargs), None, False
    except ExtractorError as exc:
        return None, exc.reason, False
    except MemoryError:
        return None, reason_of(MemoryError(), memory_mb), True
    except BaseException as exc:  # noqa: BLE001 — whatever a reader or a library raises costs this file alone
        return None, reason_of(exc, memory_mb), False


if os.environ.get(_WARM) == "1":
    try:
        warm()
    except Exception:  # noqa: BLE001 — the fork server must start: each file will then report what is wrong
        pass


_server_lock = threading.Lock()

try:
    from multiprocessing import context as _mp_context, forkserver as _forkserver, popen_forkserver, spawn, util
    from multiprocessing.context import reduction, set_spawning_popen

    class _Launcher(popen_forkserver.Popen):
        """The fork server's launcher, less the caller's main module.

        multiprocessing runs the caller's script again in every new process (as ``__mp_main__``):
        streamlit's launcher, or a script without a ``__main__`` guard that would start a batch
        of its own.  A worker needs this module alone, so its preparation leaves the main module out;
        the rest is the standard library's own launch (Python 3.8 to 3.13)."""

        def _launch(self, process_obj):
            import io

            prep_data = spawn.get_preparation_data(process_obj._name)
            prep_data.pop("init_main_from_path", None)
            prep_data.pop("init_main_from_name", None)
            buf = io.BytesIO()
            set_spawning_popen(self)
            try:
                reduction.dump(prep_data, buf)
                reduction.dump(process_obj, buf)
            finally:
                set_spawning_popen(None)
            self.sentinel, w = _forkserver.connect_to_new_process(self._fds)
            _parent_w = os.dup(w)
            self.finalizer = util.Finalize(self, util.close_fds, (_parent_w, self.sentinel))
            with open(w, "wb", closefd=True) as f:
                f.write(buf.getbuffer())
            self.pid = _forkserver.read_signed(self.sentinel)

    class _WorkerProcess(_mp_context.ForkServerProcess):
        @staticmethod
        def _Popen(process_obj):
            return _Launcher(process_obj)

except ImportError:  # no fork server on this system (Windows): spawned workers, each loading the extractor
    _WorkerProcess = None


def _context():
    """The multiprocessing context of the workers: a fork server that loaded the extractor once.

    A fork server, not a fork of the caller: the caller may have threads (the app's server, tqdm),
    and a fork copies their locks in whatever state they are."""
    if _WorkerProcess is None or "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    ctx = multiprocessing.get_context("forkserver")
    with _server_lock:
        # Started here, not by the first worker, so that a fork server that was never started, was
        # stopped or died starts warm; one that runs is left as it is.
        ctx.set_forkserver_preload(["corpus.worker"])
        before = os.environ.get(_WARM)
        os.environ[_WARM] = "1"
        try:
            _forkserver.ensure_running()
        finally:
            if before is None:
                os.environ.pop(_WARM, None)
            else:
                os.environ[_WARM] = before
    return ctx


def stop_server() -> None:
    """Stop the fork server the workers come from (it starts again with the next batch): its memory goes
    back, and its workers' peak memory is counted in this process's children (RUSAGE_CHILDREN)."""
    if _WorkerProcess is None:
        return
    with _server_lock:
        _forkserver._forkserver._stop()


class _Entry:
    """One file of the batch on its way: its token, name and bytes, then its result."""

    __slots__ = ("token", "name", "data", "result")

    def __init__(self, token, name, data):
        self.token, self.name, self.data = token, name, data
        self.result = None  # (notice, reason) once known


class _Worker:
    def __init__(self, ctx, memory_mb: int, ocr: bool, max_bytes: int, extract: Callable | None):
        mine, theirs = ctx.Pipe()
        kind = _WorkerProcess if ctx.get_start_method() == "forkserver" else ctx.Process
        self.process = kind(target=_serve, args=(theirs, memory_mb, ocr, max_bytes, extract), daemon=True,
                            name="mednotice-worker")
        self.process.start()
        theirs.close()
        self.conn = mine
        self.entry: _Entry | None = None
        self.deadline: float | None = None
        # A file's time starts once its worker is ready: loading the extractor is not the file's doing.
        try:
            said = mine.recv() if mine.poll(STARTUP_TIMEOUT) else None
        except (EOFError, OSError):
            said = None
        if said != READY:
            self.stop()
            raise WorkerError(f"a worker process did not start (exit status {self.process.exitcode}): "
                              "no file could be read")

    def give(self, entry: _Entry, timeout: float) -> None:
        self.conn.send((entry.name, entry.data))
        entry.data = None  # the worker has its copy: the batch holds no more bytes than files in flight
        self.entry = entry
        self.deadline = time.monotonic() + timeout if timeout else None

    def stop(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join()
        self.conn.close()

    def quit(self) -> None:
        try:
            self.conn.send(None)
        except OSError:
            pass
        self.process.join(timeout=2)
        self.stop()


class Workers:
    """``jobs`` worker processes extracting files under ``limits``; a context manager.

    :meth:`run` takes ``(token, name, bytes)`` and yields ``(token, notice, reason)`` in the same
    order, ``notice`` None and ``reason`` one line for a file that failed; bytes None pass through
    untouched (``(token, None, None)``), so that a caller's own outcomes keep their place.
    :meth:`extract` is one file, waited for (``reextract``).

    ``extract(data, name, ocr=, max_bytes=)`` is what the workers run on each file, the extractor's
    ``extract_bytes`` unless given: a function of a module the workers can import (it is sent by name)."""

    def __init__(self, jobs: int = 1, limits: Limits = Limits(), *, ocr: bool = False, max_bytes: int | None = None,
                 extract: Callable | None = None):
        from extractor.readers import DEFAULT_MAX_BYTES

        self.jobs = max(1, jobs)
        self.limits = limits
        self._args = (limits.memory_mb, ocr, DEFAULT_MAX_BYTES if max_bytes is None else max_bytes, extract)
        self._ctx = _context()
        self._workers: list[_Worker] = []

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        """Stop every worker (a file still in flight is dropped)."""
        workers, self._workers = self._workers, []
        for worker in workers:
            if worker.entry is None:
                worker.quit()
            else:
                worker.stop()

    def _idle(self) -> _Worker | None:
        for worker in self._workers:
            if worker.entry is None:
                return worker
        if len(self._workers) < self.jobs:
            worker = _Worker(self._ctx, *self._args)
            self._workers.append(worker)
            return worker
        return None

    def _replace(self, worker: _Worker) -> None:
        worker.stop()
        self._workers.remove(worker)

    def _give(self, entry: _Entry) -> bool:
        """Hand the entry to an idle worker; False when all are busy."""
        worker = self._idle()
        if worker is None:
            return False
        try:
            worker.give(entry, self.limits.timeout)
        except (BrokenPipeError, EOFError, OSError):
            # The worker stopped while it was sent the file (too large for its memory, say): what it
            # said before it went, else how it died, is the file's outcome.
            entry.data = None
            entry.result = self._last_word(worker)
            self._replace(worker)
        return True

    def _last_word(self, worker: _Worker) -> tuple:
        """(None, reason) from a worker that is gone: its last answer if it sent one, else how it died."""
        try:
            if worker.conn.poll():
                notice, reason, _ = worker.conn.recv()
                return notice, reason
        except (EOFError, OSError, ValueError, TypeError):
            pass
        worker.process.join(timeout=5)
        return None, death_reason(worker.process.exitcode, self.limits.memory_mb)

    def _collect(self) -> None:
        """Wait for a worker to answer, die or run over its time; record what became of its file."""
        busy = [w for w in self._workers if w.entry is not None]
        if not busy:
            return
        deadlines = [w.deadline for w in busy if w.deadline is not None]
        timeout = max(0.0, min(deadlines) - time.monotonic()) if deadlines else None
        ready = set(wait([w.conn for w in busy] + [w.process.sentinel for w in busy], timeout))
        now = time.monotonic()
        for worker in busy:
            entry = worker.entry
            if worker.conn in ready or worker.process.sentinel in ready:
                try:
                    notice, reason, retire = worker.conn.recv()
                except (EOFError, OSError):
                    entry.result = self._last_word(worker)
                    self._replace(worker)
                    continue
                entry.result = (notice, reason)
                worker.entry = worker.deadline = None
                if retire:
                    self._replace(worker)
            elif worker.deadline is not None and now >= worker.deadline:
                entry.result = (None, f"took over {self.limits.timeout:g} s: stopped")
                self._replace(worker)

    def run(self, tasks: Iterable[tuple]) -> Iterator[tuple]:
        """``(token, name, bytes or None)`` → ``(token, notice or None, reason or None)``, in order.

        At most a few files per worker are read ahead, so the batch holds a bounded number of files'
        bytes whatever its length."""
        window = self.jobs * 2 + 1
        source = iter(tasks)
        order: deque[_Entry] = deque()
        waiting: deque[_Entry] = deque()
        exhausted = False
        while True:
            while not exhausted and len(order) < window:
                try:
                    token, name, data = next(source)
                except StopIteration:
                    exhausted = True
                    break
                entry = _Entry(token, name, data)
                if data is None:
                    entry.result = (None, None)
                else:
                    waiting.append(entry)
                order.append(entry)
            while waiting and self._give(waiting[0]):
                waiting.popleft()
            while order and order[0].result is not None:
                entry = order.popleft()
                yield (entry.token, *entry.result)
            if exhausted and not order:
                return
            if exhausted or len(order) >= window:
                self._collect()

    def extract(self, data: bytes, name: str):
        """One file's notice, under the limits; an :class:`ExtractorError` naming it if it fails."""
        ((_, notice, reason),) = list(self.run([(None, name, data)]))
        if notice is None:
            raise ExtractorError(name, reason)
        return notice
