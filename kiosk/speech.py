"""Spoken prompts in Vietnamese through espeak-ng, off the frame loop; silent without espeak-ng.

``Speaker.say(text)`` returns at once: a worker thread runs ``espeak-ng -v vi`` and a newer
prompt cuts the one still speaking. ``Speaker.repeat()`` says the last prompt again (a button or
key for visitors who did not catch it). With ``[kiosk] speech = false``, or no espeak-ng on the
machine, every call is a no-op and the kiosk works the same.
"""

from __future__ import annotations

import logging
import shutil
import subprocess
import threading
from pathlib import Path

from lobby.vntext import nfc

log = logging.getLogger(__name__)

PROGRAM = "espeak-ng"
VOICE = "vi"
# Words per minute: a little slower than espeak's 175 for older visitors.
RATE = 150


class Speaker:
    """Speaks one prompt at a time; a new prompt interrupts the old one; never blocks the caller."""

    def __init__(
        self,
        *,
        enabled: bool = True,
        volume: int = 100,
        program: str | None = None,
        to_file: Path | None = None,
    ) -> None:
        self.volume = max(0, min(200, int(volume)))
        self.to_file = to_file
        self.program = shutil.which(program or PROGRAM) if enabled else None
        self.last: str | None = None
        self._pending: str | None = None
        self._proc: subprocess.Popen | None = None
        self._closed = False
        self._spoken = 0
        self._wake = threading.Condition()
        self._worker: threading.Thread | None = None

    @classmethod
    def from_settings(cls, kiosk) -> Speaker:
        """Build the kiosk's speaker from ``[kiosk] speech`` and ``speech_volume``."""
        return cls(enabled=kiosk.speech, volume=kiosk.speech_volume)

    @property
    def available(self) -> bool:
        """Tell whether prompts are spoken (speech on and espeak-ng found)."""
        return self.program is not None and not self._closed

    @property
    def speaking(self) -> bool:
        """Tell whether a prompt is being spoken (or waits to be) right now."""
        with self._wake:
            busy = self._proc is not None and self._proc.poll() is None
            return busy or self._pending is not None

    @property
    def playing(self) -> bool:
        """Tell whether an espeak-ng process is running right now."""
        with self._wake:
            return self._proc is not None and self._proc.poll() is None

    @property
    def spoken(self) -> int:
        """Return how many espeak-ng runs have ended (finished or cut short)."""
        return self._spoken

    def command(self) -> list[str]:
        """Return the espeak-ng command line (the text goes on its standard input)."""
        assert self.program is not None
        cmd = [self.program, "-v", VOICE, "-a", str(self.volume), "-s", str(RATE)]
        if self.to_file is not None:
            cmd += ["-w", str(self.to_file)]
        return cmd + ["--stdin"]

    def say(self, text: str) -> None:
        """Speak ``text`` from now on, cutting whatever is being said; returns immediately."""
        text = nfc(text).strip()
        if not text:
            return
        self.last = text
        if not self.available:
            return
        with self._wake:
            self._pending = text
            if self._proc is not None and self._proc.poll() is None:
                self._proc.kill()
            self._wake.notify()
        if self._worker is None:
            self._worker = threading.Thread(target=self._run, name="kiosk-speech", daemon=True)
            self._worker.start()

    def repeat(self) -> None:
        """Say the last prompt again (nothing if none was said yet)."""
        if self.last:
            self.say(self.last)

    def attach(self, app) -> None:
        """Say each screen's ``prompt`` as the kiosk ``app`` shows it (a phase listener)."""

        def on_phase(old, new) -> None:
            prompt = getattr(app.screen, "prompt", "")
            if prompt:
                self.say(prompt)

        app.add_phase_listener(on_phase)

    def stop(self) -> None:
        """Stop speaking now and drop any prompt waiting to be said."""
        with self._wake:
            self._pending = None
            if self._proc is not None and self._proc.poll() is None:
                self._proc.kill()

    def close(self, timeout: float = 2.0) -> None:
        """Stop speaking and end the worker thread."""
        with self._wake:
            self._closed = True
            self._wake.notify()
        self.stop()
        if self._worker is not None:
            self._worker.join(timeout)

    def _run(self) -> None:
        while True:
            with self._wake:
                while self._pending is None and not self._closed:
                    self._wake.wait()
                if self._closed:
                    return
                text, self._pending = self._pending, None
            self._speak(text)

    def _speak(self, text: str) -> None:
        try:
            proc = subprocess.Popen(
                self.command(),
                stdin=subprocess.PIPE,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        except OSError as exc:
            log.warning("không chạy được %s (%s): tắt đọc lời nhắc", self.program, exc)
            self.program = None
            return
        with self._wake:
            self._proc = proc
            if self._pending is not None:  # a newer prompt came while this one was starting
                proc.kill()
        try:
            proc.communicate(text.encode("utf-8"))
        except (BrokenPipeError, OSError):
            proc.wait()  # killed before it read the text
        with self._wake:
            if self._proc is proc:
                self._proc = None
            self._spoken += 1
