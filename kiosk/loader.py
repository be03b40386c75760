"""What the kiosk reads from the store, read off the frame loop.

A background thread reads the survey (the file's text kept as a numbered version in the store,
or a newer version from the store), the counters and officials (photos decoded here) and the
public information, and leaves the result as a ``Snapshot``. The app takes a new snapshot only
between visitors, so a visit never changes under the visitor; the frame never waits on the store.
"""

from __future__ import annotations

import io
import logging
import threading
from dataclasses import dataclass, field
from pathlib import Path

import pygame

from kiosk.roster import Counter, Official, Roster
from lobby.settings import ConfigError
from lobby.store import StoreError, db
from lobby.survey import Survey, survey_from_text, survey_to_toml

log = logging.getLogger(__name__)

REFRESH_SECONDS = 15.0


@dataclass(frozen=True)
class Snapshot:
    """The survey with its version, the roster with decoded photos, the public information."""

    survey: Survey
    survey_version: int
    roster: Roster = Roster()
    photos: dict = field(default_factory=dict, compare=False, repr=False)
    public_items: tuple = ()


def decode_photo(data: bytes | None) -> pygame.Surface | None:
    """Return the photo as a surface, or None when there is none or it cannot be read."""
    if not data:
        return None
    try:
        return pygame.image.load(io.BytesIO(data))
    except (pygame.error, ValueError):
        log.warning("không đọc được ảnh cán bộ; dùng ảnh chữ cái đầu")
        return None


class Loader:
    """Keeps a fresh Snapshot from the store; ``take()`` hands over each new one once."""

    def __init__(
        self,
        store,
        survey: Survey,
        survey_path: Path | None = None,
        interval: float = REFRESH_SECONDS,
    ) -> None:
        self.store = store
        self.interval = interval
        self._survey = survey
        self._source = survey_to_toml(survey)
        if survey_path is not None:
            # The file's own text (with its comments) when it is the survey being used.
            try:
                text = Path(survey_path).read_text(encoding="utf-8")
                if survey_from_text(text, str(survey_path)) == survey:
                    self._source = text
            except (OSError, ConfigError):
                pass
        self._version: int | None = None
        self._refused: int | None = None  # a stored version that does not read, warned once
        # Set by the app once it knows its device id: each refresh then says "alive" to the store,
        # so the admin's devices page does not call an idle kiosk silent.
        self.device_id: str | None = None
        self._lock = threading.Lock()
        self._latest: Snapshot | None = None
        self._fresh = False
        self._failing: str | None = None  # why the last read failed, logged once
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def _survey_now(self) -> tuple[Survey, int]:
        """Keep the starting survey as a version once, then follow the store's latest version."""
        survey, version = self._survey, self._version
        if version is None:
            version = self.store.ensure_survey_version(survey.id, self._source)
        latest = self.store.latest_survey_version(survey.id)
        if latest is not None and latest.version != version:
            try:
                where = f"survey {survey.id} v{latest.version}"
                return survey_from_text(latest.source, where), latest.version
            except ConfigError as exc:
                if latest.version != self._refused:
                    self._refused = latest.version
                    log.warning("phiên bản khảo sát mới trong kho không hợp lệ: %s", exc)
        return survey, version

    def load(self) -> Snapshot:
        """Read everything from the store now (StoreError when it cannot) and keep it."""
        if unwritable := db.unwritable_files(self.store.engine):
            # Even a read writes into SQLite's shared memory, which the kernel answers with
            # SIGBUS once the -shm file is immutable: do not read until it can be written.
            names = ", ".join(path.name for path in unwritable)
            raise StoreError(f"the store's files cannot be written: {names}")
        survey, version = self._survey_now()
        counters = [Counter(c.code, c.name) for c in self.store.list_counters() if c.active]
        rows = self.store.list_officials()
        officials = [
            Official(o.code, o.name, o.title or "", o.counter_code, o.unit_code, o.photo)
            for o in rows
        ]
        roster = Roster.of(counters, officials)
        items = tuple(self.store.list_public_items())
        with self._lock:
            previous = self._latest
        if previous is not None and previous.roster == roster:
            photos = previous.photos
        else:
            photos = {o.code: p for o in officials if (p := decode_photo(o.photo)) is not None}
        snapshot = Snapshot(survey, version, roster, photos, items)
        if self.device_id:
            self.store.touch_device(self.device_id)
        with self._lock:
            self._survey, self._version = survey, version
            if snapshot != self._latest:
                self._latest = snapshot
                self._fresh = True
        return snapshot

    def use_file_survey(self) -> None:
        """Hand over the starting survey alone (version 0, no roster) as the first snapshot, for
        a start whose store cannot be read; the store's data follows once a refresh works."""
        with self._lock:
            if self._latest is None:
                self._latest, self._fresh = Snapshot(self._survey, 0), True

    def take(self) -> Snapshot | None:
        """Return the newest snapshot if it changed since the last take, else None."""
        with self._lock:
            if not self._fresh:
                return None
            self._fresh = False
            return self._latest

    def failing(self, exc: Exception) -> None:
        """Note that reading the store failed with ``exc``: logged once (one line for a store
        fault, with its traceback for anything else), until a refresh works again."""
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        if self._failing is None:
            log.warning(
                "chưa đọc được dữ liệu kiosk từ kho (%s); giữ dữ liệu đang có, thử lại mỗi %g giây",
                reason,
                self.interval,
                exc_info=None if isinstance(exc, StoreError) else exc,
            )
        log.debug("chưa đọc được dữ liệu kiosk từ kho: %s", reason)
        self._failing = reason

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            try:
                self.load()
            except Exception as exc:  # noqa: BLE001 - the kiosk keeps its last snapshot and retries
                self.failing(exc)
            else:
                if self._failing is not None:
                    log.info("đọc được dữ liệu kiosk từ kho trở lại")
                self._failing = None

    def start(self) -> None:
        """Refresh every ``interval`` seconds in a daemon thread."""
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="kiosk-loader", daemon=True)
            self._thread.start()

    def stop(self) -> None:
        """Stop refreshing (does not wait for a read in progress)."""
        self._stop.set()
