"""The kiosk's local journal: visits made durable on its own disk until the store takes them.

One line of JSON per entry, each with a CRC-32 of its content:

    {"body": "<VisitRecord.to_json()>", "crc": "1a2b3c4d", "kind": "visit"}
    {"body": "<visit id>", "crc": "5e6f7a8b", "kind": "done"}

``append`` returns only once the line is written and fsync'd (and the folder fsync'd when the
file was created), so a visit counts as durable from then on. A ``done`` line marks a visit the
store has taken; once every visit is done the file is truncated, so it does not grow forever.
A torn or corrupt line (power cut, kill -9 mid-write, a full disk) is detected by its checksum
and skipped with a warning naming the visit's UUID when it can still be read; the damaged line
is kept, byte for byte, in a quarantine file beside the journal (``<journal>.damaged``, fsync'd
before the journal is ever emptied), so a person can still recover it. A torn tail is cut off
before the next append (and quarantined too). One process at a time: the file is locked with
``flock``.
"""

from __future__ import annotations

import errno
import fcntl
import json
import logging
import os
import re
import zlib
from pathlib import Path

from lobby.visit_record import VisitRecord

log = logging.getLogger(__name__)

VISIT = "visit"
DONE = "done"
QUARANTINE_SUFFIX = ".damaged"
_UUID = re.compile(rb"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


class JournalError(Exception):
    """The journal cannot be read or written (read-only folder, disk full, in use...)."""


def encode_line(kind: str, body: str) -> bytes:
    """Return one journal line (with its checksum and the newline) for ``kind`` and ``body``."""
    text = json.dumps({"body": body, "crc": _crc(kind, body), "kind": kind}, ensure_ascii=False)
    return text.encode() + b"\n"


def decode_line(raw: bytes) -> tuple[str, str]:
    """Return ``(kind, body)`` of one journal line (ValueError if torn or corrupt)."""
    try:
        data = json.loads(raw.decode())
        kind, body, crc = data["kind"], data["body"], data["crc"]
    except (UnicodeDecodeError, json.JSONDecodeError, KeyError, TypeError) as exc:
        raise ValueError(f"unreadable line: {exc}") from exc
    if kind not in (VISIT, DONE) or not isinstance(body, str):
        raise ValueError(f"unknown entry {kind!r}")
    if _crc(kind, body) != crc:
        raise ValueError("checksum mismatch")
    return kind, body


def _crc(kind: str, body: str) -> str:
    content = f"{kind}\n{body}".encode()
    return f"{zlib.crc32(content):08x}"


class Journal:
    """An append-only, fsync'd file of visits not yet in the store (one process at a time)."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.quarantine_path = self.path.with_name(self.path.name + QUARANTINE_SUFFIX)
        self._fd: int | None = None
        self._writable = False
        self._size = 0  # bytes of whole, valid lines; anything after is a torn tail
        self._pending: dict[str, VisitRecord] = {}

    def open(self) -> None:
        """Open (creating it if needed), lock and read the journal; JournalError if it cannot.

        A journal that can be read but not written is still read, so its visits can be
        replayed; appending retries opening it for writing.
        """
        if self._fd is not None and self._writable:
            return
        try:
            fd, created = self._open_fd(os.O_RDWR | os.O_CREAT)
            writable = True
        except OSError as exc:
            if self._fd is not None:
                return  # still readable for replay; append says it is read-only
            if not self.path.exists():
                raise JournalError(f"cannot open the journal {self.path}: {exc}") from exc
            try:
                fd, created = self._open_fd(os.O_RDONLY)
            except OSError as exc2:
                raise JournalError(f"cannot open the journal {self.path}: {exc2}") from exc2
            writable = False
        if self._fd is not None:  # a read-only descriptor now reopened for writing
            os.close(self._fd)
            self._fd = None
        try:
            if created:
                _fsync_folder(self.path.parent)
            self._lock(fd)
            self._load(fd)
        except BaseException:
            os.close(fd)
            raise
        self._fd, self._writable = fd, writable
        if writable:
            self._cut_torn_tail()
            if not self._pending and self._size:
                try:
                    self._truncate()  # every visit was done before a crash or stop
                except JournalError as exc:
                    log.warning("nhật ký %s: chưa dọn được: %s", self.path, exc)

    def _open_fd(self, flags: int) -> tuple[int, bool]:
        created = False
        if flags & os.O_CREAT and not self.path.exists():
            missing = [p for p in reversed(self.path.parents) if not p.exists()]
            for folder in missing:
                folder.mkdir(exist_ok=True)
                _fsync_folder(folder.parent)  # the new folder's entry survives a power cut
            created = True
        fd = os.open(self.path, flags | os.O_CLOEXEC, 0o600)
        return fd, created

    def _lock(self, fd: int) -> None:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise JournalError(
                f"the journal {self.path} is in use by another recorder (is another kiosk running?)"
            ) from None
        except OSError as exc:
            raise JournalError(f"cannot lock the journal {self.path}: {exc}") from exc

    def _load(self, fd: int) -> None:
        data = b""
        while chunk := os.pread(fd, 1 << 20, len(data)):
            data += chunk
        pending: dict[str, VisitRecord] = {}
        damaged: list[bytes] = []
        end = data.rfind(b"\n") + 1
        for number, raw in enumerate(data[:end].split(b"\n")[:-1], start=1):
            try:
                kind, body = decode_line(raw)
                if kind == VISIT:
                    visit = VisitRecord.from_json(body)
                    pending.setdefault(visit.id, visit)
                else:
                    pending.pop(body, None)
            except ValueError as exc:
                log.warning(
                    "nhật ký %s: bỏ qua dòng %d hỏng (%s)%s",
                    self.path,
                    number,
                    exc,
                    _naming_visit(raw),
                )
                damaged.append(raw)
        if end < len(data):
            tail = data[end:]
            log.warning(
                "nhật ký %s: bỏ qua %d byte cuối bị ghi dở (mất điện hoặc đầy đĩa)%s",
                self.path,
                len(tail),
                _naming_visit(tail),
            )
            damaged.append(tail)
        self._quarantine(damaged)
        self._pending, self._size = pending, end

    def _quarantine(self, damaged: list[bytes]) -> None:
        """Append the damaged lines not kept yet to the quarantine file, fsync'd."""
        path = self.quarantine_path
        new = [line for line in damaged if line.strip()]
        try:
            kept = set(path.read_bytes().split(b"\n")) if path.exists() else set()
            new = [line for line in new if line not in kept]
            if not new:
                return
            created = not path.exists()
            fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_CLOEXEC, 0o600)
            try:
                data = b"".join(line + b"\n" for line in new)
                while data:
                    data = data[os.write(fd, data) :]
                os.fsync(fd)
            finally:
                os.close(fd)
            if created:
                _fsync_folder(path.parent)
        except OSError as exc:
            log.warning(
                "nhật ký %s: chưa giữ được %d dòng hỏng vào %s: %s", self.path, len(new), path, exc
            )
            return
        log.warning("nhật ký %s: đã giữ %d dòng hỏng trong %s", self.path, len(new), path)

    def _cut_torn_tail(self) -> None:
        assert self._fd is not None
        try:
            if os.fstat(self._fd).st_size != self._size:
                os.ftruncate(self._fd, self._size)
                os.fsync(self._fd)
        except OSError as exc:
            raise JournalError(f"cannot repair the journal {self.path}: {exc}") from exc

    def pending(self) -> list[VisitRecord]:
        """Return the visits journaled and not yet marked done, oldest first."""
        return list(self._pending.values())

    def pending_count(self) -> int:
        """Return how many visits wait to be replayed into the store."""
        return len(self._pending)

    def append(self, visit: VisitRecord) -> None:
        """Write ``visit`` and fsync it: durable once this returns (JournalError if not)."""
        self.open()
        if not self._writable:
            raise JournalError(f"the journal {self.path} is read-only")
        self._cut_torn_tail()
        self._write(encode_line(VISIT, visit.to_json()))
        self._pending.setdefault(visit.id, visit)

    def mark_done(self, visit_id: str) -> None:
        """Record that the store has taken ``visit_id``; truncate the file once all are done.

        Best effort: if the line cannot be written the visit is replayed again after a
        restart, which the store's idempotence by id makes harmless.
        """
        if self._pending.pop(visit_id, None) is None:
            return
        try:
            if self._writable:
                # No fsync of its own: a lost "done" only means one more idempotent replay,
                # and the next visit's fsync (or the truncation's) makes it durable anyway.
                self._write(encode_line(DONE, visit_id), sync=False)
                if not self._pending:
                    self._truncate()
        except JournalError as exc:
            log.warning(
                "nhật ký %s: chưa đánh dấu được %s đã vào kho: %s", self.path, visit_id, exc
            )

    def _write(self, line: bytes, *, sync: bool = True) -> None:
        assert self._fd is not None
        start = self._size
        try:
            done = 0
            while done < len(line):
                done += os.pwrite(self._fd, line[done:], start + done)
            if sync:
                os.fsync(self._fd)
        except OSError as exc:
            try:
                os.ftruncate(self._fd, start)
            except OSError:
                pass  # cut off on the next append or ignored as a torn tail when read
            reason = "disk full" if exc.errno in (errno.ENOSPC, errno.EFBIG) else exc.strerror
            raise JournalError(f"cannot write the journal {self.path}: {reason}") from exc
        self._size = start + len(line)

    def _truncate(self) -> None:
        # Only when every visit is done: a crash before or after leaves nothing to lose.
        assert self._fd is not None
        try:
            os.ftruncate(self._fd, 0)
            os.fsync(self._fd)
        except OSError as exc:
            raise JournalError(f"cannot empty the journal {self.path}: {exc}") from exc
        self._size = 0

    def close(self) -> None:
        """Release the file and its lock."""
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None
            self._writable = False


def _naming_visit(raw: bytes) -> str:
    """Return ", lượt đánh giá <UUID>" for the first visit id still readable in ``raw``."""
    found = _UUID.search(raw)
    return f", lượt đánh giá {found.group().decode()}" if found else ", không đọc được mã lượt"


def _fsync_folder(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
