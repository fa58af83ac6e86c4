"""Batch ingest: files, folders (recursively) and .zip archives into the store.

Each file is read and stored in its own transaction, so a run stopped half way
leaves every stored notice whole and running it again completes the batch
(files already stored are recognised by their content hash).  A file that
cannot be read is reported with its reason and skipped; the rest go in.
Archive members are read in memory: nothing is written outside the store.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from extractor.errors import ExtractorError
from extractor.readers import DEFAULT_MAX_BYTES, EXTENSIONS, check_size

NOTICE_SUFFIXES = set(EXTENSIONS)  # the names the readers know
# An archive member that inflates more than this many times over is refused as a zip bomb.
MAX_RATIO = 200
MAX_ARCHIVE_BYTES = 2 * 1024**3


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


def _read_file(path: Path, max_bytes: int):
    def read() -> bytes:
        try:
            check_size(path.stat().st_size, max_bytes, path)
            return path.read_bytes()
        except OSError as exc:
            raise ExtractorError(path, f"the file cannot be read ({exc.strerror or exc})") from None

    return read


def _escapes(member: str) -> bool:
    """A member whose name would land outside the folder it is unpacked into.

    >>> _escapes("../../etc/passwd"), _escapes("/abs.txt"), _escapes("notices/a.txt")
    (True, True, False)
    """
    parts = Path(member.replace("\\", "/")).parts
    return member.startswith(("/", "\\")) or ".." in parts or (len(member) > 1 and member[1] == ":")


def _archive_items(path: Path, max_bytes: int) -> Iterator[Item | Outcome]:
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        yield Outcome(str(path), "failed", f"the zip archive is empty or damaged ({exc})")
        return
    with archive:
        members = [m for m in archive.infolist() if not m.is_dir()]
        total = sum(m.file_size for m in members)
        if total > MAX_ARCHIVE_BYTES:
            yield Outcome(str(path), "failed", f"the archive would inflate to {total:,} bytes: refused as a zip bomb")
            return
        for member in members:
            name = f"{path}!{member.filename}"
            if _escapes(member.filename):
                yield Outcome(name, "failed", "the member's path escapes the archive's folder: skipped")
                continue
            if Path(member.filename).suffix.lower() not in NOTICE_SUFFIXES:
                yield Outcome(name, "failed", "not a notice file (.txt, .pdf, .html, .docx): skipped")
                continue
            if member.file_size > max_bytes:
                yield Outcome(name, "failed", f"the member is {member.file_size:,} bytes, over the limit of {max_bytes:,} bytes")
                continue
            if member.compress_size and member.file_size / member.compress_size > MAX_RATIO:
                yield Outcome(name, "failed", "the member inflates over 200 times: refused as a zip bomb")
                continue

            def read(member=member, name=name) -> bytes:
                try:
                    with archive.open(member) as fh:
                        data = fh.read(max_bytes + 1)
                except (zipfile.BadZipFile, OSError, EOFError) as exc:
                    raise ExtractorError(name, f"the archive member is damaged ({exc})") from None
                if len(data) > max_bytes:
                    raise ExtractorError(name, f"the member is over the limit of {max_bytes:,} bytes")
                return data

            yield Item(name, read)


def expand(paths, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Item | Outcome]:
    """The files named by ``paths``: files, folders walked in name order, zip members."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            # Links are walked too: one that leads nowhere is reported, not passed over.
            for child in sorted(p for p in path.rglob("*") if p.is_file() or p.is_symlink()):
                if child.suffix.lower() == ".zip":
                    yield from _archive_items(child, max_bytes)
                elif child.suffix.lower() in NOTICE_SUFFIXES:
                    yield Item(str(child), _read_file(child, max_bytes))
        elif path.suffix.lower() == ".zip" and path.is_file():
            yield from _archive_items(path, max_bytes)
        elif path.exists():
            yield Item(str(path), _read_file(path, max_bytes))
        else:
            yield Outcome(str(path), "failed", "no such file or folder")


def _extract_item(args):
    """In a worker process: read and extract one file (module level, so that it pickles)."""
    item_name, data, ocr, max_bytes = args
    from extractor.pipeline import extract_bytes

    try:
        return extract_bytes(data, item_name, ocr=ocr, max_bytes=max_bytes), None
    except ExtractorError as exc:
        return None, exc.reason


def ingest(store, paths, *, ocr: bool = False, max_bytes: int = DEFAULT_MAX_BYTES, jobs: int = 1) -> Iterator[Outcome]:
    """Read and store every file; yields one outcome per file, in order.

    With ``jobs`` > 1 the files are extracted in that many worker processes while this
    process alone writes to the store (one writer: SQLite's rule, and the simplest for any)."""
    from extractor.pipeline import extract_bytes

    if jobs > 1:
        yield from _ingest_parallel(store, paths, ocr, max_bytes, jobs)
        return
    for item in expand(paths, max_bytes):
        if isinstance(item, Outcome):
            yield item
            continue
        try:
            data = item.read()
            notice = extract_bytes(data, item.name, ocr=ocr, max_bytes=max_bytes)
            added = store.add(notice, data)
        except ExtractorError as exc:
            yield Outcome(item.name, "failed", exc.reason)
            continue
        yield Outcome(item.name, added.status, notice_id=added.notice_id)


def _ingest_parallel(store, paths, ocr, max_bytes, jobs) -> Iterator[Outcome]:
    from concurrent.futures import ProcessPoolExecutor

    def work():
        for item in expand(paths, max_bytes):
            if isinstance(item, Outcome):
                yield item, None
                continue
            try:
                yield item, item.read()
            except ExtractorError as exc:
                yield Outcome(item.name, "failed", exc.reason), None

    with ProcessPoolExecutor(max_workers=jobs) as pool:
        pending = []
        for item, data in work():
            if isinstance(item, Outcome):
                pending.append((item, None, None))
                continue
            pending.append((item, data, pool.submit(_extract_item, (item.name, data, ocr, max_bytes))))
            # Keep a bounded window of files in flight, yielding outcomes in order.
            while len(pending) > jobs * 4:
                yield _finish(store, *pending.pop(0))
        for entry in pending:
            yield _finish(store, *entry)


def _finish(store, item, data, future) -> Outcome:
    if future is None:
        return item
    notice, reason = future.result()
    if notice is None:
        return Outcome(item.name, "failed", reason)
    added = store.add(notice, data)
    return Outcome(item.name, added.status, notice_id=added.notice_id)


def reextract(store, extract_fn=None):
    """Run the current extractor over every stored file: what :meth:`Store.reextract` yields."""
    from extractor.pipeline import extract_bytes

    return store.reextract(extract_fn or (lambda data, name: extract_bytes(data, name)))
