"""Batch ingest: files, folders (recursively) and .zip archives into the store.

Each file is read and stored in its own transaction, so a run stopped half way
leaves every stored notice whole and running it again completes the batch
(files already stored are recognised by their content hash).  Archive members
are read in memory: nothing is written outside the store.

Nothing one file does ends the batch.  Whatever goes wrong with a file (or an
archive member) — it cannot be read, it is not a regular file (a named pipe,
/dev/zero linked into a folder), the extractor raises anything at all, it runs
past its time or its memory (see :mod:`corpus.worker`), the store refuses its
record — becomes one :class:`Outcome` ``failed`` naming it, with the reason in
one line, and the next file is read.  A folder that cannot be listed is a failed
outcome too, naming the folder; a link that leads back into a folder already
walked is not walked again.

The one exception: a store that fails :data:`STORE_FAILURES_IN_A_ROW` files in a
row (its disk is full, its server is gone) is not going to keep the next one
either, so the batch stops there by raising the store's last error; every file
before it has its outcome.

Extraction runs in worker processes (``jobs``, default 1) under a time limit and
a memory budget per file (``timeout``, ``memory_mb``; MEDNOTICE_TIMEOUT and
MEDNOTICE_MEMORY_MB).  ``jobs=0`` extracts in this process: every error is still
one outcome, but no limit holds.
"""

from __future__ import annotations

import os
import stat
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from extractor.errors import ExtractorError, FileTooLargeError
from extractor.readers import DEFAULT_MAX_BYTES, EXTENSIONS, check_size

from .worker import Workers, guarded, limits, reason_of

NOTICE_SUFFIXES = set(EXTENSIONS)  # the names the readers know
# An archive member that inflates more than this many times over is refused as a zip bomb.
MAX_RATIO = 200
MAX_ARCHIVE_BYTES = 2 * 1024**3
# A store that fails this many files in a row is failing every file: the batch stops.
STORE_FAILURES_IN_A_ROW = 3
# Zip compression methods by number: those zipfile reads, and the names of some it does not.
ZIP_READS = {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA}
ZIP_METHODS = {9: "Deflate64", 10: "PKWARE DCL Implode", 93: "Zstandard", 95: "XZ", 96: "JPEG", 97: "WavPack",
               98: "PPMd", 99: "WinZip AES encryption"}
_READ_CHUNK = 1024 * 1024


@dataclass(frozen=True)
class Item:
    """One file to ingest: its name as reported, and how to get its bytes."""

    name: str
    read: object  # () -> bytes, raising ExtractorError


@dataclass(frozen=True)
class Outcome:
    name: str
    status: str  # added, duplicate, failed
    reason: str = ""
    notice_id: int | None = None


# --- reading files -------------------------------------------------------------------------------


def _kind(mode: int) -> str:
    """What a file that is not a regular file is.

    >>> _kind(stat.S_IFIFO), _kind(stat.S_IFCHR), _kind(stat.S_IFDIR)
    ('a named pipe', 'a character device', 'a folder')
    """
    kinds = ((stat.S_ISFIFO, "a named pipe"), (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
             (stat.S_ISSOCK, "a socket"), (stat.S_ISDIR, "a folder"))
    return next((name for test, name in kinds if test(mode)), "not a file")


def _os_reason(exc: OSError) -> str:
    """The reason a file cannot be opened, in plain words.

    >>> import errno
    >>> _os_reason(OSError(errno.ELOOP, "Too many levels of symbolic links"))
    'the file cannot be read: the link leads back to itself (a loop of symbolic links)'
    >>> _os_reason(OSError(errno.EACCES, "Permission denied"))
    'the file cannot be read (Permission denied)'
    """
    import errno

    if exc.errno == errno.ELOOP:
        return "the file cannot be read: the link leads back to itself (a loop of symbolic links)"
    if exc.errno == errno.ENOENT:
        return "the file cannot be read: no such file, or a link that leads nowhere"
    return f"the file cannot be read ({exc.strerror or exc})"


def regular_file_error(path) -> str | None:
    """Why ``path`` is not to be opened (not a regular file, or it cannot be reached); None when it is.

    >>> regular_file_error("/dev/zero")
    'not a regular file (a character device): skipped'
    """
    try:
        mode = os.stat(path).st_mode
    except OSError as exc:
        return _os_reason(exc)
    if not stat.S_ISREG(mode):
        return f"not a regular file ({_kind(mode)}): skipped"
    return None


def read_limited(path, max_bytes: int) -> bytes:
    """The bytes of a regular file, at most ``max_bytes`` of them whatever its size says.

    A named pipe or a device is never opened for reading (a pipe without a writer waits forever,
    /dev/zero never ends): stat says what the path is first, and the open file is asked again, in
    case the path was swapped in between.

    >>> read_limited("/dev/urandom", 10)
    Traceback (most recent call last):
    ...
    extractor.errors.ExtractorError: /dev/urandom: not a regular file (a character device): skipped
    """
    refused = regular_file_error(path)
    if refused:
        raise ExtractorError(path, refused)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except OSError as exc:
        raise ExtractorError(path, _os_reason(exc)) from None
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise ExtractorError(path, f"not a regular file ({_kind(mode)}): skipped")
        check_size(os.fstat(fd).st_size, max_bytes, path)
        chunks, size = [], 0
        while size <= max_bytes:
            chunk = os.read(fd, min(_READ_CHUNK, max_bytes + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    except OSError as exc:
        raise ExtractorError(path, _os_reason(exc)) from None
    finally:
        os.close(fd)
    if size > max_bytes:  # it grew while read, or its size lied (/proc, FUSE)
        raise FileTooLargeError(path, f"the file is over the limit of {max_bytes:,} bytes")
    return b"".join(chunks)


def _read_file(path: Path, max_bytes: int):
    def read() -> bytes:
        return read_limited(path, max_bytes)

    return read


# --- archives ------------------------------------------------------------------------------------


def _escapes(member: str) -> bool:
    """A member whose name would land outside the folder it is unpacked into.

    >>> _escapes("../../etc/passwd"), _escapes("/abs.txt"), _escapes("notices/a.txt")
    (True, True, False)
    """
    parts = Path(member.replace("\\", "/")).parts
    return member.startswith(("/", "\\")) or ".." in parts or (len(member) > 1 and member[1] == ":")


def member_refusal(member: zipfile.ZipInfo, max_bytes: int) -> str | None:
    """Why an archive member is not read, from its entry in the archive alone; None when it is read.

    >>> info = zipfile.ZipInfo("a.txt"); info.compress_type = 9; info.file_size = info.compress_size = 10
    >>> member_refusal(info, 100)
    'the member is compressed with Deflate64 (method 9), which cannot be read: pack the archive again with ordinary zip compression'
    >>> info.compress_type, info.flag_bits = 8, 0x1
    >>> member_refusal(info, 100)
    'the member is encrypted and needs a password: skipped'
    """
    if _escapes(member.filename):
        return "the member's path escapes the archive's folder: skipped"
    if Path(member.filename).suffix.lower() not in NOTICE_SUFFIXES:
        return "not a notice file (.txt, .pdf, .html, .docx): skipped"
    if member.flag_bits & 0x1 or member.compress_type == 99:
        return "the member is encrypted and needs a password: skipped"
    if member.compress_type not in ZIP_READS:
        method = ZIP_METHODS.get(member.compress_type, "an unknown method")
        return (f"the member is compressed with {method} (method {member.compress_type}), which cannot be read: "
                "pack the archive again with ordinary zip compression")
    if member.file_size > max_bytes:
        return f"the member is {member.file_size:,} bytes, over the limit of {max_bytes:,} bytes"
    if member.compress_size and member.file_size / member.compress_size > MAX_RATIO:
        return f"the member inflates over {MAX_RATIO} times: refused as a zip bomb"
    return None


def _member_reader(archive: zipfile.ZipFile, member: zipfile.ZipInfo, name: str, max_bytes: int):
    def read() -> bytes:
        try:
            with archive.open(member) as fh:
                data = fh.read(max_bytes + 1)
        except (zipfile.BadZipFile, OSError, EOFError) as exc:
            raise ExtractorError(name, f"the archive member is damaged ({exc})") from None
        except RuntimeError as exc:  # zipfile's word for a password it was not given
            raise ExtractorError(name, f"the archive member cannot be read ({exc})") from None
        except Exception as exc:  # noqa: BLE001 — NotImplementedError, zlib.error, …: this member alone
            raise ExtractorError(name, f"the archive member cannot be read: {reason_of(exc)}") from None
        if len(data) > max_bytes:
            raise ExtractorError(name, f"the member is over the limit of {max_bytes:,} bytes")
        return data

    return read


def _archive_items(path: Path, max_bytes: int) -> Iterator[Item | Outcome]:
    refused = regular_file_error(path)
    if refused:
        yield Outcome(str(path), "failed", refused)
        return
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
        yield Outcome(str(path), "failed", f"the zip archive is empty or damaged ({' '.join(str(exc).split())})")
        return
    except Exception as exc:  # noqa: BLE001 — whatever zipfile raises for one archive
        yield Outcome(str(path), "failed", f"the zip archive cannot be read: {reason_of(exc)}")
        return
    with archive:
        members = [m for m in archive.infolist() if not m.is_dir()]
        total = sum(m.file_size for m in members)
        if total > MAX_ARCHIVE_BYTES:
            yield Outcome(str(path), "failed", f"the archive would inflate to {total:,} bytes: refused as a zip bomb")
            return
        for member in members:
            name = f"{path}!{member.filename}"
            refusal = member_refusal(member, max_bytes)
            if refusal:
                yield Outcome(name, "failed", refusal)
            else:
                yield Item(name, _member_reader(archive, member, name, max_bytes))


# --- walking folders -----------------------------------------------------------------------------


def _walk(folder: Path, seen: set) -> Iterator[Path | Outcome]:
    """The notice files and archives under ``folder``, in name order; a folder that cannot be listed
    is an outcome naming it; a folder reached again through a link is not walked twice."""
    try:
        with os.scandir(folder) as listing:
            entries = sorted(listing, key=lambda e: e.name)
    except OSError as exc:
        yield Outcome(str(folder), "failed", f"the folder cannot be listed ({exc.strerror or exc}): "
                                             "the files in it were not ingested")
        return
    for entry in entries:
        path = Path(entry.path)
        try:
            is_dir = entry.is_dir()  # through a link too
        except OSError:
            is_dir = False
        if is_dir:
            try:
                info = os.stat(path)
            except OSError as exc:
                yield Outcome(str(path), "failed", _os_reason(exc))
                continue
            if (info.st_dev, info.st_ino) in seen:
                continue
            seen.add((info.st_dev, info.st_ino))
            yield from _walk(path, seen)
        elif path.suffix.lower() == ".zip" or path.suffix.lower() in NOTICE_SUFFIXES:
            # Links are walked too: one that leads nowhere, or in a loop, is reported, not passed over.
            yield path


def expand(paths, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Item | Outcome]:
    """The files named by ``paths``: files, folders walked in name order, zip members."""
    for raw in paths:
        path = Path(raw)
        try:
            is_dir = path.is_dir()
        except OSError:
            is_dir = False
        if is_dir:
            top = os.stat(path)
            for found in _walk(path, {(top.st_dev, top.st_ino)}):
                if isinstance(found, Outcome):
                    yield found
                elif found.suffix.lower() == ".zip":
                    yield from _archive_items(found, max_bytes)
                else:
                    yield Item(str(found), _read_file(found, max_bytes))
        elif path.suffix.lower() == ".zip" and regular_file_error(path) is None:
            yield from _archive_items(path, max_bytes)
        elif os.path.lexists(path):
            yield Item(str(path), _read_file(path, max_bytes))
        else:
            yield Outcome(str(path), "failed", "no such file or folder")


def _loaded(items) -> Iterator[tuple]:
    """``(item or outcome, bytes or None)``: each file's bytes, or the outcome saying why there are none."""
    for item in items:
        if isinstance(item, Outcome):
            yield item, None
            continue
        try:
            yield item, item.read()
        except ExtractorError as exc:
            yield Outcome(item.name, "failed", exc.reason), None
        except Exception as exc:  # noqa: BLE001 — reading one file never ends the batch
            yield Outcome(item.name, "failed", f"the file cannot be read: {reason_of(exc)}"), None


# --- storing -------------------------------------------------------------------------------------


class _Keeper:
    """Stores each notice; a failure is that file's outcome, unless the store fails every file."""

    def __init__(self, store):
        self.store = store
        self.failures_in_a_row = 0

    def keep(self, name: str, notice, data: bytes) -> Outcome:
        try:
            added = self.store.add(notice, data)
        except Exception as exc:  # noqa: BLE001 — a record the store refuses costs this file alone
            self.failures_in_a_row += 1
            if self.failures_in_a_row >= STORE_FAILURES_IN_A_ROW:
                raise
            return Outcome(name, "failed", _store_reason(exc, name))
        self.failures_in_a_row = 0
        return Outcome(name, added.status, notice_id=added.notice_id)


def _store_reason(exc: BaseException, name: str) -> str:
    """One line for a store's refusal of one file's record (the file is named by the outcome already).

    >>> _store_reason(RuntimeError("a.txt: a figure is not a finite number"), "/x/a.txt")
    'the store refused it: a figure is not a finite number'
    """
    said = " ".join(str(getattr(exc, "orig", None) or exc).split())
    for prefix in (f"{name}: ", f"{Path(name).name}: "):
        if said.startswith(prefix):
            said = said[len(prefix):]
    return f"the store refused it: {said[:300]}"


# --- the batch -----------------------------------------------------------------------------------


def ingest(store, paths, *, ocr: bool = False, max_bytes: int = DEFAULT_MAX_BYTES, jobs: int = 1,
           timeout: float | None = None, memory_mb: int | None = None) -> Iterator[Outcome]:
    """Read and store every file; yields one outcome per file (per archive member), in order.

    ``jobs`` worker processes extract the files (default 1) while this process alone writes to
    the store (one writer: SQLite's rule, and the simplest for any); each file has ``timeout``
    seconds and each worker ``memory_mb`` of memory (None: MEDNOTICE_TIMEOUT / MEDNOTICE_MEMORY_MB,
    else 120 s and 1000 MB; 0: no limit).  ``jobs=0`` extracts in this process, without limits.
    Limits that are not numbers raise ValueError (one line) before any file is read."""
    bounds = limits(timeout, memory_mb)
    keeper = _Keeper(store)
    loaded = _loaded(expand(paths, max_bytes))
    if jobs <= 0:
        yield from _ingest_here(keeper, loaded, ocr, max_bytes)
        return
    # The bytes go to the store as well as to the worker: the token keeps them until the file is stored.
    tasks = (((item, data), item.name, data) if data is not None else ((item, None), None, None)
             for item, data in loaded)
    with Workers(jobs, bounds, ocr=ocr, max_bytes=max_bytes) as workers:
        for (item, data), notice, reason in workers.run(tasks):
            if isinstance(item, Outcome):
                yield item
            elif notice is None:
                yield Outcome(item.name, "failed", reason)
            else:
                yield keeper.keep(item.name, notice, data)


def _ingest_here(keeper: _Keeper, loaded, ocr: bool, max_bytes: int) -> Iterator[Outcome]:
    from extractor.pipeline import extract_bytes

    for item, data in loaded:
        if isinstance(item, Outcome):
            yield item
            continue
        try:
            notice = guarded(extract_bytes, data, item.name, ocr=ocr, max_bytes=max_bytes)
        except ExtractorError as exc:
            yield Outcome(item.name, "failed", exc.reason)
            continue
        yield keeper.keep(item.name, notice, data)


def reextract(store, extract_fn=None, *, jobs: int = 1, timeout: float | None = None, memory_mb: int | None = None):
    """Run the current extractor over every stored file: what :meth:`Store.reextract` yields.

    Each file is extracted in a worker under the same limits as :func:`ingest` (``jobs=0``: in this
    process); whatever goes wrong with one file is that notice's ``failed`` report, and the run goes
    on.  ``extract_fn(data, name)``, when given, runs in this process, guarded the same way."""
    if extract_fn is not None:
        return store.reextract(lambda data, name: guarded(extract_fn, data, name))
    bounds = limits(timeout, memory_mb)
    if jobs <= 0:
        from extractor.pipeline import extract_bytes

        return store.reextract(lambda data, name: guarded(extract_bytes, data, name))
    return _reextract_in_worker(store, bounds)


def _reextract_in_worker(store, bounds):
    with Workers(1, bounds) as workers:
        yield from store.reextract(workers.extract)
