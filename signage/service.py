"""The sign service: keeps the board showing the store's enabled messages, whatever happens."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from lobby.store import StoreError
from signage.protocols import PROTOCOLS, protocol_options
from signage.transport import SerialOptions, SerialTransport, TransportError

log = logging.getLogger(__name__)

FRAME_PAUSE_SECONDS = 0.15
RETRY_FIRST_SECONDS = 1.0


class SignService:
    """Polls the store and writes the messages to the sign only when the bytes change."""

    def __init__(self, store, settings, *, port: str | None = None) -> None:
        sign = settings.sign
        self.store = store
        self.port = sign.port if port is None else port
        self.protocol = PROTOCOLS[sign.protocol]
        self.options = protocol_options(settings, sign.protocol)
        self.transport = SerialTransport(self.port, SerialOptions.from_settings(settings))
        self.poll_seconds = sign.poll_seconds
        self.retry_max_seconds = sign.retry_max_seconds
        self.frame_pause = FRAME_PAUSE_SECONDS
        self._last_written: list[bytes] | None = None
        self._failures = 0
        self._store_failing = False
        self._crashed = False
        self._pending_report: Callable[[], None] | None = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def step(self) -> float:
        """Poll the store and write if the messages changed; return seconds until the next step."""
        self._flush_report()
        try:
            texts = self.store.enabled_sign_texts()
        except StoreError as exc:
            self._store_failed(exc)
            return self.poll_seconds
        self._store_ok()
        frames = self.protocol.frames_for_texts(texts, **self.options)
        if frames == self._last_written and self.transport.is_open:
            return self.poll_seconds
        try:
            self._send(frames)
        except TransportError as exc:
            return self._port_failed(exc)
        self._last_written = frames
        if self._failures:
            log.info("Sign on %s is reachable again", self.port)
        self._failures = 0
        sent = " | ".join(self.protocol.display_text(text) for text in texts)
        self._pending_report = lambda: self.store.report_sign_ok(self.port, sent)
        self._flush_report()
        return self.poll_seconds

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
        """Stop the background thread and close the port."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=10)
            self._thread = None
        self.transport.close()

    def _run(self) -> None:
        delay = 0.0
        while not self._stop.wait(delay):
            try:
                delay = self.step()
                self._crashed = False
            except Exception:  # the product keeps running whatever happens to the sign
                if not self._crashed:
                    log.exception("The sign service failed; it keeps retrying")
                self._crashed = True
                self.transport.close()
                self._last_written = None
                delay = self._next_backoff()

    def _send(self, frames: list[bytes]) -> None:
        if not self.transport.is_open:
            self.transport.open()
            frames = self.protocol.connect_frames(**self.options) + frames
        for index, frame in enumerate(frames):
            if index:
                self._stop.wait(self.frame_pause)  # signs need a gap between frames
            self.transport.write(frame)

    def _next_backoff(self) -> float:
        self._failures += 1
        return min(self.retry_max_seconds, RETRY_FIRST_SECONDS * 2 ** (self._failures - 1))

    def _port_failed(self, exc: TransportError) -> float:
        self.transport.close()
        self._last_written = None
        delay = self._next_backoff()
        if self._failures == 1:
            log.warning(
                "Sign not reachable: %s; retrying quietly every %g s at most",
                exc,
                self.retry_max_seconds,
            )
        error = str(exc)
        self._pending_report = lambda: self.store.report_sign_error(self.port, error)
        self._flush_report()
        return delay

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
