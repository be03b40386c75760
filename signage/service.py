"""The sign service: keeps the board showing what the schedule says, and says honestly how it goes.

Every poll it computes the schedule, encodes it with the protocol and writes only when the bytes
change. After every (re)connect it sends the whole content again (memory configuration, clock and
text), every ``refresh_minutes`` the clock and text, and once a day at local midnight the memory
configuration too, so a board that was replaced or lost power comes back. A
write counts as done only once it is flushed and, for protocols that answer, acknowledged.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from datetime import date, datetime

from lobby import clock
from lobby.store import StoreError
from lobby.store.sign import SIMULATED_SIGN_ID
from signage.delivery import deliver
from signage.items import BoardProfile, SignItem
from signage.protocols import get_protocol, protocol_options
from signage.protocols.base import SignPlan, SignTooLarge
from signage.schedule import OfficeHours, items_at
from signage.transport import SerialOptions, SerialTransport, TransportError

log = logging.getLogger(__name__)

RETRY_FIRST_SECONDS = 1.0
# Reopening a lost port is tried at least this often whatever [sign] retry_max_seconds says, so a
# board is right within seconds of its link returning however long the outage lasted (a try
# costs one open or one TCP connect).
RECONNECT_MAX_SECONDS = 2.0
# The service's loop counts as stuck (its process stops its heartbeat: lobby/heartbeat.py) when it
# has not moved for this long: longer than any bounded wait of one step (the store's 30 s busy
# time-out on a few calls, write and acknowledgement time-outs, a TCP connect).
STALL_SECONDS = 120.0
HEARTBEAT_SECONDS = 2.0
# The admin treats a sign whose service has not reported for this long as not driven at all.
STALE_SECONDS = 15.0

Clock = Callable[[], datetime]


def board_profile(settings) -> BoardProfile:
    """Return the board's profile from ``[sign]`` (rows, columns, colours, text_mode)."""
    sign, default = settings.sign, BoardProfile()
    return BoardProfile(
        rows=getattr(sign, "rows", default.rows),
        columns=getattr(sign, "columns", default.columns),
        colours=getattr(sign, "colours", default.colours),
        text_mode=getattr(sign, "text_mode", default.text_mode),
    )


def describe(items: list[SignItem], protocol, board: BoardProfile) -> str:
    """Return a one-line description of items as the board draws them (for status and logs)."""
    shown = [("[!] " if i.urgent else "") + protocol.display_text(i.text, board) for i in items]
    return " | ".join(shown)


class SignService:
    """Polls the store, computes the schedule and keeps one sign in step with it."""

    def __init__(
        self,
        store,
        settings,
        *,
        port: str | None = None,
        sign_id: str | None = None,
        now: Clock = clock.utcnow,
        board: BoardProfile | None = None,
    ) -> None:
        sign = settings.sign
        self.store = store
        self.port = sign.port if port is None else port
        # The sign's key in the store: its configured port, or "simulated" when there is none.
        self.sign_id = sign_id or sign.port or self.port or SIMULATED_SIGN_ID
        self.protocol = get_protocol(sign.protocol)
        self.options = protocol_options(settings, sign.protocol)
        self.board = board or board_profile(settings)
        self.hours = OfficeHours.from_settings(settings)
        self.tz = clock.office_tz(settings.office.timezone)
        self.transport = SerialTransport(self.port, SerialOptions.from_settings(settings))
        self.poll_seconds = sign.poll_seconds
        self.retry_max_seconds = min(sign.retry_max_seconds, RECONNECT_MAX_SECONDS)
        self.refresh_seconds = sign.refresh_minutes * 60
        self.now = now
        self._last_frames: list[bytes] | None = None
        self._applied_key: str | None = None
        self._key_loaded = False
        self._last_full: datetime | None = None
        self._clock_day: date | None = None
        self._last_heartbeat: datetime | None = None
        self._failures = 0
        self._store_failing = False
        self._crash: str | None = None
        self._too_large: str | None = None
        self._pending_report: Callable[[], None] | None = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        # When the background loop last moved (monotonic): the process's heartbeat reads it.
        self.progress = time.monotonic()

    # One poll

    def step(self) -> float:
        """Bring the board in step with the schedule now; return seconds until the next step."""
        now = self.now()
        self._flush_report()
        try:
            self._heartbeat(now)
            items = items_at(
                self.store.enabled_sign_messages(),
                self.store.list_urgent_notices(now),
                self.hours,
                now,
                self.tz,
            )
            self._load_applied_key()
        except StoreError as exc:
            self._store_failed(exc)
            return self.poll_seconds
        self._store_ok()
        try:
            plan = self.protocol.encode(items, self.board, **self.options)
        except SignTooLarge as exc:
            # The board keeps what it had; the admin sees (once) why the new content is not on it.
            error = str(exc)
            if error != self._too_large:
                self._too_large = error
                self._report(
                    lambda: self.store.report_sign_error(
                        self.port, error, link_down=False, **self._id
                    )
                )
            return self.poll_seconds
        self._too_large = None
        if self.transport.is_open and not self.transport.alive():
            self._port_failed(TransportError(f"the link to {self.port} was lost"))
            # A replugged adapter or a restarted serial server is often back at once: try again
            # at the next poll; back-off starts if that fails too.
            self._failures = 0
            return self.poll_seconds
        if not self._due(plan, now):
            return self.poll_seconds
        try:
            written, frames = self._send(plan, now)
        except TransportError as exc:
            return self._port_failed(exc)
        if self._failures:
            log.info("Sign on %s is reachable again", self.port)
        self._failures = 0
        self._last_frames = list(plan.frames)
        sent = describe(items, self.protocol, self.board)
        key = plan.config_key
        self._report(
            lambda: self.store.report_sign_ok(
                self.port,
                sent,
                frames=frames,
                bytes_written=written,
                config_key=key,
                **self._id,
            )
        )
        return self.poll_seconds

    @property
    def _id(self) -> dict[str, str]:
        return {"sign_id": self.sign_id}

    def _refresh_due(self, now: datetime) -> bool:
        last = self._last_full
        return last is None or not 0 <= (now - last).total_seconds() < self.refresh_seconds

    def _due(self, plan: SignPlan, now: datetime) -> bool:
        if not self.transport.is_open or self._refresh_due(now):
            return True
        if now.astimezone(self.tz).date() != self._clock_day:
            return True
        return plan.frames != self._last_frames or plan.config_key != self._applied_key

    def _send(self, plan: SignPlan, now: datetime) -> tuple[int, list[bytes]]:
        """Write what is due; return the bytes written and the full content (for the preview).

        After a (re)connect the clock and every content frame go again, and every
        ``refresh_minutes`` the content goes again (a board that lost its text comes back). The
        memory configuration ERASES the board, so it never goes with the routine refresh: only
        when its key differs from the one applied (kept in the store across a clean restart,
        forgotten when the link is lost), and once a day with the clock at local midnight, when
        the office is closed, in case the board lost power and its files with it.
        """
        reconnect = not self.transport.is_open
        refresh = self._refresh_due(now) and not reconnect and self._last_full is not None
        if reconnect:
            self.transport.open()
        written = 0
        local_now = now.astimezone(self.tz)
        new_day = self._clock_day is not None and local_now.date() != self._clock_day
        if reconnect or refresh or local_now.date() != self._clock_day:
            written += self._deliver(self.protocol.clock_frames(local_now, **self.options))
            self._clock_day = local_now.date()
        whole = reconnect or refresh or self._last_frames is None
        if new_day or plan.config_key != self._applied_key:
            whole = True
            if plan.config_frames:
                written += self._deliver(plan.config_frames)
                self._stop.wait(self.protocol.TIMING.after_config)
            self._applied_key = plan.config_key
        frames = plan.frames
        if not whole and getattr(self.protocol, "incremental", False):
            # Each frame rewrites one file: one sent already with these bytes is on the board.
            sent = set(self._last_frames or ())
            frames = [frame for frame in frames if frame not in sent]
        written += self._deliver(frames)
        if reconnect or self._refresh_due(now):
            self._last_full = now
        return written, plan.all_frames()

    def _deliver(self, frames: list[bytes]) -> int:
        if not frames:
            return 0
        return deliver(frames, self.transport, self.protocol, stop_event=self._stop)

    # Running in the background

    @property
    def running(self) -> bool:
        """Tell whether the background thread is running."""
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> SignService:
        """Run ``step`` in a background thread until ``stop``; returns self."""
        if self._thread is None:
            self._stop.clear()
            self._thread = threading.Thread(target=self._run, name="sign-service", daemon=True)
            self._thread.start()
        return self

    def stop(self) -> None:
        """Stop the background thread, close the port and record that the sign is not driven."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=10)
            self._thread = None
        self.transport.close()
        try:
            self.store.report_sign_stopped(self.sign_id, self.port)
        except StoreError as exc:
            log.warning("Cannot record that the sign service stopped: %s", exc)

    def _run(self) -> None:
        delay = 0.0
        while self._wait(delay):
            self.progress = time.monotonic()
            try:
                delay = self.step()
                self._crash = None
            except Exception as exc:  # the product keeps running whatever happens to the sign
                delay = self._crashed(exc)
            self.progress = time.monotonic()

    def _wait(self, delay: float) -> bool:
        """Wait ``delay`` seconds (False if stopped meanwhile), still reporting a heartbeat, so
        a long back-off never looks like a dead service."""
        while delay > HEARTBEAT_SECONDS:
            if self._stop.wait(HEARTBEAT_SECONDS):
                return False
            delay -= HEARTBEAT_SECONDS
            self.progress = time.monotonic()
            try:
                self.store.report_sign_heartbeat(self.sign_id, self.port, service_error=self._crash)
            except Exception as exc:  # noqa: BLE001 - the next step reports the store's state
                self._store_failed(StoreError(str(exc)))
        return not self._stop.wait(delay)

    def _crashed(self, exc: Exception) -> float:
        message = f"dịch vụ bảng LED gặp lỗi: {type(exc).__name__}: {exc}"
        if self._crash is None:
            log.exception("The sign service failed; it keeps retrying")
        self._crash = message
        self.transport.close()
        self._last_frames = None
        try:
            self.store.report_sign_heartbeat(self.sign_id, self.port, service_error=message)
        except Exception as store_exc:  # noqa: BLE001 - nothing more can be told
            log.warning("Cannot record the sign service's failure: %s", store_exc)
        return self._next_backoff()

    # Failures and reports

    def _heartbeat(self, now: datetime) -> None:
        last = self._last_heartbeat
        if last is not None and (now - last).total_seconds() < HEARTBEAT_SECONDS and now >= last:
            return
        self.store.report_sign_heartbeat(self.sign_id, self.port)
        self._last_heartbeat = now

    def _load_applied_key(self) -> None:
        # The memory configuration survives a restart of the service: remember what was applied.
        if not self._key_loaded:
            self._applied_key = self.store.get_sign_status(self.sign_id).config_key
            self._key_loaded = True

    def _next_backoff(self) -> float:
        self._failures += 1
        return min(self.retry_max_seconds, RETRY_FIRST_SECONDS * 2 ** (self._failures - 1))

    def _port_failed(self, exc: TransportError) -> float:
        self.transport.close()
        self._last_frames = None
        self._last_full = None
        delay = self._next_backoff()
        if self._failures == 1:
            log.warning(
                "Sign not reachable: %s; retrying quietly every %g s at most",
                exc,
                self.retry_max_seconds,
            )
        error = str(exc)
        # What the board holds after a lost link is unknown (it may have been replaced or lost
        # power): its memory configuration goes again with the whole content on reconnect.
        self._applied_key = None

        def report() -> None:
            self.store.report_sign_error(self.port, error, **self._id)
            self.store.set_sign_config_key(self.sign_id, self.port, None)

        self._report(report)
        return delay

    def _report(self, report: Callable[[], None]) -> None:
        self._pending_report = report
        self._flush_report()

    def _flush_report(self) -> None:
        report = self._pending_report
        if report is None:
            return
        try:
            report()
        except StoreError as exc:
            self._store_failed(exc)
            return
        self._pending_report = None

    def _store_failed(self, exc: StoreError) -> None:
        if not self._store_failing:
            log.warning("Sign service cannot use the store (%s); it keeps trying", exc)
        self._store_failing = True

    def _store_ok(self) -> None:
        if self._store_failing:
            log.info("Sign service can use the store again")
        self._store_failing = False
