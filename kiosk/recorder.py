"""The kiosk's vote recorder: makes each visit durable off the frame loop, never loses one.

A background worker takes each submitted visit and writes it to the store with a short lock
budget; if the store cannot take it (locked, read-only, disk full, database down) it appends the
visit to the fsync'd local journal instead, and while older visits wait in the journal new ones
go straight behind them. Either way the visit is then "durable" (safe on the kiosk's own disk).
Only if neither works is it "failed". A second thread replays journaled visits into the store,
oldest first and exactly once (``record_visit`` is idempotent by id), as soon as the store can be
written again, with no restart; at start it replays what a previous run left. One INFO line per
visit made durable names its UUID and where it went.

Store writes run one at a time in a third thread, so a store that stops answering (a database
server frozen, a link dropped silently) holds neither the visitor nor the journal: after
``save_timeout_seconds`` the visit goes to the journal and counts as durable. The hung write may
still land later; the replay that follows runs after it in the same thread and finds the visit
stored already (by its UUID), so it is stored once. A SQLite store whose files became read-only
or immutable is not written at all (see ``lobby.store.db.unwritable_files``).

Usage (kiosk/app.py)::

    store = recorder_store(settings.store_url, settings.office.timezone)  # short lock waits
    recorder = VisitRecorder(
        store,
        Journal(settings.path(settings.kiosk.journal)),
        repeat_interval_seconds=settings.kiosk.repeat_interval_seconds,
        save_timeout_seconds=settings.kiosk.save_timeout_seconds,
    )
    recorder.start()            # once, before the first frame
    recorder.submit(visit)      # on the commit effect: returns at once, never blocks the frame
    recorder.outcome(visit.id)  # each frame in SAVING: None (still saving), "durable" -> thanks,
                                # "failed" -> the error screen for its full time
    recorder.pending()          # visits not yet in the store (for a status line)
    recorder.stop()             # on exit: bounded join (visits already submitted are settled first)

``submit`` and ``outcome`` only touch a queue and a dict under a lock the worker holds for a
few dictionary operations, so they cost microseconds whatever the store is doing.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections import OrderedDict
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout

from lobby.journal import Journal, JournalError
from lobby.store import Store, StoreError, db
from lobby.visit_record import VisitRecord

log = logging.getLogger(__name__)

DURABLE = "durable"
FAILED = "failed"

_STOP = object()


def recorder_store(
    url: str, tz_name: str = "Asia/Ho_Chi_Minh", lock_wait_seconds: float = 1.0
) -> Store:
    """Open the store for the recorder: the same database, but waiting at most about
    ``lock_wait_seconds`` for a lock (the kiosk's store waits 30 s) before the journal takes over.

    No migration and no connection here: the first write connects, so a store that cannot be
    opened yet (read-only, missing, server down) is simply a failed write the journal covers.
    """
    return Store(db.make_engine(url, wait_seconds=lock_wait_seconds), tz_name)


class StoreUnwritable(StoreError):
    """The store's files cannot be written now (read-only, immutable): not even tried."""


class StoreNoAnswer(StoreError):
    """The store did not finish a write within the save time limit (it may still finish it)."""


class _StoreWriter:
    """One daemon thread running store writes one after another; each ``submit`` returns a
    Future. A write that hangs holds only this thread (never the process's exit)."""

    def __init__(self, write) -> None:
        self._write = write
        self._jobs: queue.SimpleQueue = queue.SimpleQueue()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        """Start the thread (once)."""
        if self._thread is None or not self._thread.is_alive():
            self._thread = threading.Thread(target=self._run, name="visit-writer", daemon=True)
            self._thread.start()

    def stop(self) -> None:
        """Let the thread end after the writes already submitted."""
        self._jobs.put(None)
        self._thread = None

    def submit(self, visit: VisitRecord) -> Future:
        """Queue a write of ``visit``; the Future's result is None or the exception that
        stopped it."""
        future: Future = Future()
        self._jobs.put((visit, future))
        return future

    def _run(self) -> None:
        while (job := self._jobs.get()) is not None:
            visit, future = job
            try:
                future.set_result(self._write(visit))
            except BaseException as exc:  # noqa: BLE001 - handed to the waiting thread
                future.set_exception(exc)


class VisitRecorder:
    """Records visits in the store or the local journal from background threads."""

    def __init__(
        self,
        store,
        journal: Journal,
        *,
        repeat_interval_seconds: float,
        save_timeout_seconds: float = 1.0,
        retry_min_seconds: float = 0.25,
        retry_max_seconds: float = 2.0,
        keep_outcomes: int = 1000,
    ) -> None:
        self.store = store
        self.journal = journal
        self.repeat_interval_seconds = float(repeat_interval_seconds)
        self.save_timeout_seconds = float(save_timeout_seconds)
        self._writer = _StoreWriter(self._store_write)
        self._retry_min = retry_min_seconds
        self._retry_max = retry_max_seconds
        self._keep_outcomes = keep_outcomes
        self._queue: queue.SimpleQueue = queue.SimpleQueue()
        self._lock = threading.Lock()  # guards the three fields below, held for a few dict ops
        self._outcomes: OrderedDict[str, str] = OrderedDict()
        self._in_flight = 0
        self._journal_pending = 0
        # Held by the workers for a journal read or one fsync'd line, never by the frame loop
        # and never during a store write.
        self._journal_lock = threading.Lock()
        self._journal_ready = False
        self._wake = threading.Event()  # new journal lines for the replayer
        self._stopping = threading.Event()
        self._threads: list[threading.Thread] = []
        self._store_fault: str | None = None
        self._journal_fault: str | None = None

    # The frame loop's side: never blocks.

    def start(self) -> None:
        """Read the journal and start the workers; the replayer first replays what is left."""
        if self._threads:
            return
        self._stopping.clear()
        self._writer.start()
        self._open_journal()  # here, so pending() counts what is left from the start
        self._threads = [
            threading.Thread(target=self._record_loop, name="visit-recorder", daemon=True),
            threading.Thread(target=self._replay_loop, name="visit-replayer", daemon=True),
        ]
        for thread in self._threads:
            thread.start()

    def stop(self, timeout: float = 5.0) -> bool:
        """Settle the visits already submitted, stop the workers; True if they ended in time."""
        if not self._threads:
            return True
        self._queue.put(_STOP)
        deadline = time.monotonic() + timeout
        self._threads[0].join(timeout)
        self._stopping.set()
        self._wake.set()
        self._threads[1].join(max(0.0, deadline - time.monotonic()))
        if any(thread.is_alive() for thread in self._threads):
            return False
        self._threads = []
        self._writer.stop()
        with self._journal_lock:
            self.journal.close()
            self._journal_ready = False
        return True

    def submit(self, visit: VisitRecord) -> None:
        """Hand ``visit`` to the worker and return at once; poll ``outcome(visit.id)``."""
        with self._lock:
            self._outcomes.pop(visit.id, None)
            self._in_flight += 1
        self._queue.put(visit)

    def outcome(self, visit_id: str) -> str | None:
        """Return "durable", "failed", or None while the visit is still being saved."""
        with self._lock:
            return self._outcomes.get(visit_id)

    def pending(self) -> int:
        """Return how many visits are not in the store yet (being saved, or in the journal)."""
        with self._lock:
            return self._in_flight + self._journal_pending

    # Shared by the workers.

    def _open_journal(self) -> bool:
        with self._journal_lock:
            try:
                self.journal.open()
            except JournalError as exc:
                if str(exc) != self._journal_fault:  # once per fault, not at every retry
                    log.warning("chưa mở được nhật ký cục bộ: %s", exc)
                self._journal_fault = str(exc)
                return False
            self._journal_fault = None
            if not self._journal_ready:
                left = self.journal.pending_count()
                if left:
                    log.info(
                        "nhật ký %s còn %d lượt đánh giá chờ ghi vào kho", self.journal.path, left
                    )
                self._journal_ready = True
            self._count_journal()
        return True

    def _count_journal(self) -> int:
        """Publish the journal's pending count (call with the journal lock held)."""
        count = self.journal.pending_count() if self._journal_ready else 0
        with self._lock:
            self._journal_pending = count
        return count

    def _settle(self, visit_id: str, outcome: str) -> None:
        with self._lock:
            if visit_id in self._outcomes:
                return  # settled already (a bug after settling must not change the answer)
            self._in_flight -= 1
            self._outcomes[visit_id] = outcome
            while len(self._outcomes) > self._keep_outcomes:
                self._outcomes.popitem(last=False)

    def _store_write(self, visit: VisitRecord) -> None:
        """In the writer thread: write ``visit`` unless the store's files cannot be written."""
        if unwritable := db.unwritable_files(self.store.engine):
            names = ", ".join(path.name for path in unwritable)
            raise StoreUnwritable(f"the store's files cannot be written: {names}")
        self.store.record_visit(visit, repeat_interval_seconds=self.repeat_interval_seconds)

    def _write_store(self, visit: VisitRecord, timeout: float | None = None) -> Exception | None:
        """Write ``visit`` through the writer thread, waiting at most ``timeout`` seconds (None:
        until done, or the recorder stops); return None, or what stopped it."""
        future = self._writer.submit(visit)
        try:
            if timeout is not None:
                future.result(timeout)
            else:
                while not self._stopping.is_set():
                    try:
                        future.result(0.25)
                        break
                    except FutureTimeout:
                        continue
                else:
                    return StoreNoAnswer("the recorder is stopping")
        except FutureTimeout:
            exc = StoreNoAnswer(f"no answer from the store within {timeout:g} s")
            self._store_failed(exc, dispose=False)  # the hung connection is still checked out
            return exc
        except StoreUnwritable as exc:
            # Closing a connection checkpoints into the same shared memory: keep the pool.
            self._store_failed(exc, dispose=False)
            return exc
        except StoreError as exc:
            self._store_failed(exc)
            return exc
        except Exception as exc:  # a bug, not a fault: keep the visit in the journal all the same
            log.error("kho dữ liệu từ chối lượt đánh giá %s", visit.id, exc_info=exc)
            self._store_failed(exc)
            return exc
        if self._store_fault is not None:
            log.info("kho dữ liệu ghi được trở lại")
            self._store_fault = None
        return None

    def _store_failed(self, exc: Exception, *, dispose: bool = True) -> None:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        if self._store_fault is None:
            log.warning(
                "kho dữ liệu chưa ghi được (%s); giữ lượt đánh giá trong nhật ký cục bộ", reason
            )
        log.debug("kho dữ liệu chưa ghi được: %s", reason)
        self._store_fault = reason
        if dispose:
            # A connection opened while the store was read-only stays read-only: start afresh.
            self.store.engine.dispose()

    # The recording worker: one submitted visit at a time.

    def _record_loop(self) -> None:
        while (item := self._queue.get()) is not _STOP:
            try:
                self._record(item)
            except Exception:  # never let a bug end the worker: later votes still need it
                log.exception("lỗi không lường trước khi ghi lượt đánh giá %s", item.id)
                self._settle(item.id, FAILED)

    def _record(self, visit: VisitRecord) -> None:
        with self._journal_lock:
            behind = self._journal_ready and self.journal.pending_count() > 0
        # While older visits wait in the journal, a new one goes behind them (order kept).
        tried = None if behind else self._write_store(visit, self.save_timeout_seconds)
        if not behind and tried is None:
            self._settle_in_store(visit)
            return
        try:
            with self._journal_lock:
                self.journal.append(visit)
                self._journal_ready = True
                self._count_journal()
        except JournalError as exc:
            # Out of order, but kept; a write that timed out may still land, so wait for it
            # (queued behind it) as long as a visitor can bear.
            if (behind or isinstance(tried, StoreNoAnswer)) and self._write_store(
                visit, self.save_timeout_seconds * 10
            ) is None:
                self._settle_in_store(visit)
                return
            self._settle(visit.id, FAILED)
            log.error("KHÔNG ghi được lượt đánh giá %s (kho và nhật ký đều lỗi): %s", visit.id, exc)
            return
        # Logged before it is acknowledged: every visit the kiosk thanked has its audit line.
        log.info("đã ghi lượt đánh giá %s vào nhật ký cục bộ %s", visit.id, self.journal.path)
        self._settle(visit.id, DURABLE)
        self._wake.set()

    def _settle_in_store(self, visit: VisitRecord) -> None:
        log.info("đã ghi lượt đánh giá %s vào kho dữ liệu", visit.id)
        self._settle(visit.id, DURABLE)

    # The replaying worker: journal -> store, oldest first, backing off while the store fails.

    def _replay_loop(self) -> None:
        delay = self._retry_min
        while not self._stopping.is_set():
            if self._replay():
                delay = self._retry_min
                self._wake.wait()  # until a visit is journaled (or stop)
            else:
                self._wake.wait(delay)
                delay = min(delay * 2, self._retry_max)
            self._wake.clear()

    def _replay(self) -> bool:
        """Move journaled visits into the store; True once the journal is empty."""
        if not self._open_journal():
            return False
        refused: set[str] = set()  # visits the store rejected by a bug: the others still go in
        while not self._stopping.is_set():
            with self._journal_lock:
                waiting = [v for v in self.journal.pending() if v.id not in refused]
            if not waiting:
                return not refused
            for visit in waiting:
                if self._stopping.is_set():
                    return False
                problem = self._write_store(visit)
                if isinstance(problem, StoreError):
                    return False  # the store is unavailable: retry later, in order
                if problem is not None:
                    refused.add(visit.id)
                    continue
                with self._journal_lock:
                    self.journal.mark_done(visit.id)
                    self._count_journal()
                log.info("đã chuyển lượt đánh giá %s từ nhật ký vào kho dữ liệu", visit.id)
        return False
