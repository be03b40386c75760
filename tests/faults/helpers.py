"""Fault-test helpers: real processes (a kiosk-like recorder, a lock holder) driven line by line.

Test-only, and a module rather than fixtures: recorder_child.py (a process of its own) and
bench/bench_frozen_store.py (run outside pytest) use them as well as the fault tests."""

from __future__ import annotations

import os
import pwd
import queue
import signal
import sqlite3
import subprocess
import sys
import threading
import time
import traceback
from datetime import UTC, datetime
from pathlib import Path

from lobby.visit_record import AnswerRecord, VisitRecord
from tests.helpers_wait import wait_for

ROOT = Path(__file__).resolve().parents[2]


def make_visit(n: int = 0, **fields) -> VisitRecord:
    """A kiosk visit with one answer and Vietnamese text, as the kiosk builds it; visit ``n``
    is made ``n`` seconds (modulo a minute) after a fixed moment, so journal lines can be
    compared with stored ones. ``fields`` replace or add VisitRecord fields."""
    made = {
        "device_id": "kiosk-test",
        "channel": "kiosk",
        "created_at": datetime(2026, 11, 28, 3, 0, n % 60, tzinfo=UTC),
        "survey_key": "default",
        "survey_version": 1,
        "answers": (AnswerRecord("overall", "Ông/Bà hài lòng?", "hai_long", "Hài lòng", 1, True),),
        "comment": "Cán bộ nhiệt tình, chu đáo",
    }
    return VisitRecord(id=VisitRecord.new_id(), **{**made, **fields})


def visit_counts(db_path: Path) -> dict[str, int]:
    """Return how many rows the store's ``visits`` table holds per visit id (read-only)."""
    connection = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, timeout=10)
    try:
        return dict(connection.execute("SELECT id, COUNT(*) FROM visits GROUP BY id").fetchall())
    finally:
        connection.close()


def answer_count(db_path: Path) -> int:
    """Return how many answer rows the store holds (read-only)."""
    connection = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, timeout=10)
    try:
        return connection.execute("SELECT COUNT(*) FROM answers").fetchone()[0]
    finally:
        connection.close()


def as_nobody():
    """A preexec_fn that drops the child to the unprivileged user ``nobody``."""
    user = pwd.getpwnam("nobody")

    def drop() -> None:
        os.setgroups([])
        os.setgid(user.pw_gid)
        os.setuid(user.pw_uid)

    return drop


class Forked:
    """A forked copy of this process running ``target(argv)`` with pipes for its standard
    streams: a Popen-like handle. Used to drop privileges without exec, since the venv's
    interpreter may live where an unprivileged user cannot reach it."""

    def __init__(self, target, argv: list[str], preexec_fn=None) -> None:
        (r0, w0), (r1, w1), (r2, w2) = os.pipe(), os.pipe(), os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: never returns into the test runner
            code = 1
            try:
                for fd, target_fd in ((r0, 0), (w1, 1), (w2, 2)):
                    os.dup2(fd, target_fd)
                for fd in (r0, w0, r1, w1, r2, w2):
                    os.close(fd)
                sys.stdin = open(0, encoding="utf-8", closefd=False)  # noqa: SIM115
                sys.stdout = open(1, "w", encoding="utf-8", closefd=False)  # noqa: SIM115
                sys.stderr = open(2, "w", encoding="utf-8", closefd=False)  # noqa: SIM115
                if preexec_fn is not None:
                    preexec_fn()
                target(argv)
                code = 0
            except SystemExit as exc:
                code = exc.code if isinstance(exc.code, int) else 1
            except BaseException:
                traceback.print_exc()
            finally:
                for stream in (sys.stdout, sys.stderr):
                    try:
                        stream.flush()
                    except OSError:
                        pass
                os._exit(code)
        for fd in (r0, w1, w2):
            os.close(fd)
        self.pid, self.args, self.returncode = pid, argv, None
        self.stdin = open(w0, "w", encoding="utf-8")  # noqa: SIM115
        self.stdout = open(r1, encoding="utf-8")  # noqa: SIM115
        self.stderr = open(r2, encoding="utf-8")  # noqa: SIM115

    def poll(self) -> int | None:
        """Return the exit status, or None while it runs."""
        if self.returncode is None:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                self.returncode = os.waitstatus_to_exitcode(status)
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        """Wait for the exit (subprocess.TimeoutExpired after ``timeout``)."""
        deadline = None if timeout is None else time.monotonic() + timeout
        while self.poll() is None:
            if deadline is not None and time.monotonic() > deadline:
                raise subprocess.TimeoutExpired(self.args, timeout)
            time.sleep(0.01)
        return self.returncode

    def kill(self) -> None:
        """Send SIGKILL."""
        if self.poll() is None:
            os.kill(self.pid, signal.SIGKILL)


def run_forked(target, argv: list[str], preexec_fn=None, timeout: float = 20.0) -> int:
    """Run ``target(argv)`` in a forked child (after ``preexec_fn``) and return its exit status."""
    child = Forked(target, argv, preexec_fn)
    child.stdin.close()
    try:
        return child.wait(timeout)
    finally:
        child.kill()
        child.stdout.close()
        child.stderr.close()


class Process:
    """A child process whose stdout lines are read with deadlines (stderr kept for messages)."""

    def __init__(self, args: list[str] | Forked, preexec_fn=None) -> None:
        if isinstance(args, Forked):
            self.popen = args
        else:
            self.popen = subprocess.Popen(
                args,
                cwd=ROOT,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                encoding="utf-8",
                preexec_fn=preexec_fn,
            )
        self.lines: queue.Queue[str] = queue.Queue()
        self.errors: list[str] = []
        self._pumps = [
            threading.Thread(target=self._pump, args=(stream, put), daemon=True)
            for stream, put in (
                (self.popen.stdout, self.lines.put),
                (self.popen.stderr, self.errors.append),
            )
        ]
        for pump in self._pumps:
            pump.start()

    @staticmethod
    def _pump(stream, put) -> None:
        for line in stream:
            put(line.rstrip("\n"))

    def send(self, line: str) -> None:
        """Write one command line to the child."""
        self.popen.stdin.write(line + "\n")
        self.popen.stdin.flush()

    def read(self, timeout: float = 20.0) -> str:
        """Return the child's next stdout line, failing (with its stderr) after ``timeout``."""
        try:
            return self.lines.get(timeout=timeout)
        except queue.Empty:
            raise AssertionError(
                f"no line from {self.popen.args[-3:]} in {timeout} s; exit {self.popen.poll()};"
                f" stderr:\n" + "\n".join(self.errors[-30:])
            ) from None

    def expect(self, prefix: str, timeout: float = 20.0) -> str:
        """Read the next line and check it starts with ``prefix``; return the rest."""
        line = self.read(timeout)
        assert line.startswith(prefix), f"expected {prefix!r}, got {line!r}; stderr:\n" + "\n".join(
            self.errors[-30:]
        )
        return line[len(prefix) :].strip()

    def logged(self, text: str, timeout: float = 10.0) -> str:
        """Wait until a stderr line contains ``text`` and return it."""
        return wait_for(
            lambda: next((line for line in self.errors if text in line), None),
            timeout,
            f"{text!r} on stderr",
        )

    def close(self, timeout: float = 20.0) -> int:
        """Close stdin, wait for the exit (killed if it hangs) and for its last output lines."""
        try:
            self.popen.stdin.close()
        except OSError:
            pass
        try:
            status = self.popen.wait(timeout)
        except subprocess.TimeoutExpired:
            self.popen.kill()
            self.popen.wait()
            raise AssertionError(f"{self.popen.args} did not exit within {timeout} s") from None
        self.drain()
        return status

    def drain(self, timeout: float = 10.0) -> None:
        """Wait until the exited child's output has all been read."""
        for pump in self._pumps:
            pump.join(timeout)


def recorder_process(
    url: str, journal: Path, *, fsize_limit: int | None = None, as_user=None
) -> Process:
    """Start the kiosk-like recorder process (tests/faults/recorder_child.py) on ``url`` and
    ``journal`` and wait until it is ready; ``as_user`` (a preexec_fn) runs it forked, without
    exec, after dropping privileges."""
    argv = [url, str(journal)]
    if fsize_limit is not None:
        argv += ["--fsize-limit", str(fsize_limit)]
    if as_user is not None:
        from tests.faults import recorder_child

        child = Process(Forked(recorder_child.main, argv, as_user))
    else:
        child = Process([sys.executable, "-m", "tests.faults.recorder_child", *argv])
    child.expect("ready")
    return child


class LockHolder:
    """Another process holding the SQLite write lock (BEGIN IMMEDIATE) until released."""

    SCRIPT = (
        "import sqlite3, sys\n"
        "c = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=10)\n"
        "c.execute('BEGIN IMMEDIATE')\n"
        "print('locked', flush=True)\n"
        "sys.stdin.read()\n"
        "c.execute('ROLLBACK')\n"
    )

    def __init__(self, db_path: Path) -> None:
        self.db_path = db_path
        self.process: Process | None = None

    def hold(self) -> None:
        """Start the holder and return once it holds the lock."""
        self.process = Process([sys.executable, "-c", self.SCRIPT, str(self.db_path)])
        self.process.expect("locked")

    def release(self) -> None:
        """Let the holder roll back and exit."""
        if self.process is not None:
            assert self.process.close() == 0, "\n".join(self.process.errors)
            self.process = None
