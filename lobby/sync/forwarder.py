"""The site's forwarder: push what the central server has not acknowledged, then pull what the
centre manages, and keep trying with back-off when the link or the server fails.

A round pushes in batches until nothing is left, marking as forwarded only what the server's
answer acknowledged (so a batch lost mid-way is simply sent again: the server's insert is
idempotent), then pulls. Its outcome goes into the store's ``meta`` for the site's admin.
"""

from __future__ import annotations

import logging
import random
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from lobby import clock
from lobby.store import StoreError
from lobby.sync.client import CentralClient, ServerFailed, SyncError, TokenRefused
from lobby.sync.wire import WireError, iso

log = logging.getLogger(__name__)

LAST_OK_KEY = "sync_last_ok_at"
LAST_ERROR_KEY = "sync_last_error"
LAST_ERROR_AT_KEY = "sync_last_error_at"
# The tag of the pull last applied: the server answers 304 while its content is the same.
PULL_TAG_KEY = "sync_pull_etag"
# Issued letters carry their DOCX: fewer of them in one request than visits.
LETTERS_PER_BATCH = 20
# Batches in a row acknowledged yet marking nothing new before a round gives up (a loop guard).
IDLE_BATCHES = 3


@dataclass(frozen=True)
class RoundResult:
    """What one round sent and the server acknowledged, by kind."""

    visits: int = 0
    cases: int = 0
    letters: int = 0

    def describe(self) -> str:
        """Return the round's outcome in a sentence for staff."""
        return (
            f"Đã gửi máy chủ trung tâm {self.visits} lượt đánh giá, {self.cases} hồ sơ phản ánh,"
            f" {self.letters} thư; đã nhận dữ liệu do trung tâm quản lý."
        )


def backoff_seconds(failures: int, cap: float, rand: Callable[[], float] = random.random) -> float:
    """Return the wait after ``failures`` failures in a row: doubling from 1 s up to ``cap``,
    the second half of it random (jitter), so many sites coming back never retry in step."""
    ceiling = min(cap, 2.0 ** max(failures - 1, 0))
    return ceiling / 2 + rand() * ceiling / 2


class Forwarder:
    """Forwards one site store to the central server through ``client``."""

    def __init__(self, store, client: CentralClient, batch_size: int = 500) -> None:
        self.store = store
        self.client = client
        self.batch_size = batch_size
        # Monotonic time the work last moved (the supervisor's heartbeat reads it).
        self.progress = time.monotonic()

    def _moved(self) -> None:
        self.progress = time.monotonic()

    def push_all(self) -> RoundResult:
        """Push batches until nothing is left unacknowledged; return what was acknowledged.

        SyncError when a request fails or the server acknowledges nothing of a batch.
        """
        totals: Counter[str] = Counter()
        idle = 0
        while True:
            visits = self.store.unforwarded_visits(self.batch_size)
            cases = self.store.unforwarded_cases(self.batch_size)
            letters = self.store.unforwarded_letters(LETTERS_PER_BATCH)
            self._moved()
            if not (visits or cases or letters):
                return RoundResult(totals["visits"], totals["cases"], totals["letters"])
            payload = {
                "sent_at": iso(clock.utcnow()),
                "visits": visits,
                "cases": cases,
                "letters": letters,
            }
            reply = self.client.push(payload)
            self._moved()
            acked = _acked(reply)
            if not any(acked.get(kind) for kind in ("visits", "cases", "letters")):
                # Nothing of the batch was taken: sending it again now would loop.
                raise ServerFailed(
                    "Máy chủ trung tâm không xác nhận dữ liệu vừa gửi; sẽ gửi lại sau.", 200
                )
            # Counted as marked here: another forwarder may have marked some already.
            marked = self.store.mark_forwarded(acked, cases)
            totals.update(marked)
            idle = 0 if any(marked.values()) else idle + 1
            if idle >= IDLE_BATCHES:
                raise ServerFailed(
                    "Dữ liệu đã được xác nhận nhưng không đánh dấu được; sẽ thử lại sau.", 200
                )

    def pull(self) -> None:
        """Fetch what the centre manages (and the photos and forms that changed) and apply it."""
        payload, tag = self.client.pull(self.store.get_meta(PULL_TAG_KEY))
        self._moved()
        if payload is None:
            return  # the centre's kinds are as last applied
        known = self.store.official_photo_hashes()
        photos: dict[str, bytes] = {}
        for official in payload.get("officials", []):
            wanted = official.get("photo_sha256")
            if wanted and official.get("code") and known.get(official["code"]) != wanted:
                photos[official["code"]] = self.client.photo(official["code"])
                self._moved()
        have = self.store.public_file_hashes()
        files: dict[str, bytes] = {}
        for item in payload.get("public_items", []):
            for attachment in item.get("attachments", []):
                wanted = attachment.get("sha256")
                if wanted and wanted not in have and wanted not in files:
                    files[wanted] = self.client.public_file(wanted)
                    self._moved()
        self.store.apply_pull(payload, photos, files)
        self.store.set_meta(PULL_TAG_KEY, tag or "")
        self._moved()

    def run_round(self) -> RoundResult:
        """Push everything, then pull; record the outcome in the store's meta.

        Raise SyncError (recorded first) when the round did not complete.
        """
        try:
            result = self.push_all()
            self.pull()
        except SyncError as exc:
            self.record_error(str(exc))
            raise
        except StoreError as exc:
            message = f"Không đọc/ghi được kho dữ liệu của điểm: {exc}"
            self.record_error(message)
            raise SyncError(message) from exc
        except WireError as exc:
            message = f"Dữ liệu từ máy chủ trung tâm không hợp lệ: {exc}"
            self.record_error(message)
            raise SyncError(message) from exc
        self._record({LAST_OK_KEY: iso(clock.utcnow()), LAST_ERROR_KEY: ""})
        return result

    def record_error(self, message: str) -> None:
        """Keep why the last round failed, and when, for the site's admin."""
        self._record({LAST_ERROR_KEY: message, LAST_ERROR_AT_KEY: iso(clock.utcnow())})

    def _record(self, facts: dict[str, Any]) -> None:
        try:
            for key, value in facts.items():
                self.store.set_meta(key, value or "")
        except StoreError as exc:
            log.warning("không ghi được kết quả chuyển dữ liệu vào kho: %s", exc)

    def run_once(self, attempts: int = 3, retry_max: float = 300.0, sleep=time.sleep):
        """Do one round, retrying a failed network or server up to ``attempts`` times in all
        (never a refused token); return the RoundResult or raise the last SyncError."""
        for attempt in range(1, attempts + 1):
            try:
                return self.run_round()
            except TokenRefused:
                raise
            except SyncError:
                if attempt == attempts:
                    raise
                sleep(backoff_seconds(attempt, min(retry_max, 8.0)))
        raise AssertionError("unreachable")

    def run_forever(
        self,
        interval: float,
        retry_max: float,
        stop: threading.Event,
        keep_going: Callable[[], bool] = lambda: True,
    ) -> None:
        """Run rounds until ``stop`` is set or ``keep_going()`` turns False: ``interval``
        seconds apart after a success, with back-off up to ``retry_max`` after failures."""
        failures = 0
        while not stop.is_set() and keep_going():
            try:
                result = self.run_round()
                failures = 0
                wait = interval
                if result.visits or result.cases or result.letters:
                    log.info("%s", result.describe())
            except SyncError as exc:
                failures += 1
                wait = backoff_seconds(failures, retry_max)
                log.warning("%s (thử lại sau %.0f giây)", exc, wait)
            deadline = time.monotonic() + wait
            while not stop.is_set() and keep_going():
                self._moved()  # waiting is part of the work: the heartbeat keeps beating
                left = deadline - time.monotonic()
                if left <= 0:
                    break
                stop.wait(min(left, 1.0))


def _acked(reply: Any) -> dict[str, Any]:
    if not isinstance(reply, dict) or not isinstance(reply.get("acked"), dict):
        raise ServerFailed("Máy chủ trung tâm trả lời không đúng giao thức.", 200)
    return reply["acked"]
