"""A real central server (the admin web as a process, on PostgreSQL) and real site stores, for
the forwarding tests, the fault tests and the benchmarks: a module, not fixtures, so processes
and bench scripts outside pytest can use it too."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import func, select

from lobby.store import Store
from lobby.store.models import Counter, Official, ResultTally, Unit, Visit
from lobby.visit_record import AnswerRecord, VisitRecord
from tests.helpers_wait import wait_for

ROOT = Path(__file__).resolve().parents[2]
SURVEY = ROOT / "assets" / "survey.toml"
START_SECONDS = 60


def free_port() -> int:
    """Return a TCP port of 127.0.0.1 nobody listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _answers(satisfied: bool) -> tuple[AnswerRecord, ...]:
    level = ("hai_long", "Hài lòng", 1) if satisfied else ("khong_hai_long", "Không hài lòng", 3)
    return (
        AnswerRecord("overall", "Ông/Bà có hài lòng không?", *level, satisfied),
        AnswerRecord("thai_do", "Thái độ phục vụ?", "tot", "Tốt", 0, True),
    )


def make_visit(n: int, *, device: str = "kiosk-a", official: str | None = "cb01", **fields):
    """A kiosk visit ``n`` minutes after a fixed morning (every fourth one unsatisfied)."""
    made = {
        "device_id": device,
        "channel": "kiosk",
        "created_at": datetime(2026, 11, 30, 1, 0, tzinfo=UTC) + timedelta(minutes=n),
        "survey_key": "default",
        "survey_version": 1,
        "answers": _answers(n % 4 != 0),
        "official_code": official,
        "reasons": ("cham",) if n % 4 == 0 else (),
    }
    return VisitRecord(id=VisitRecord.new_id(), **{**made, **fields})


def record_visits(store: Store, visits) -> None:
    """Write many visits into a site's store in one transaction (each as ``record_visit`` would,
    repeat flags and tallies included): a backlog of hundreds in a fraction of a second."""
    from lobby.store.visits import _insert_visit

    with store.connection() as connection:
        for visit in visits:
            _insert_visit(connection, visit, 5.0, store.tz_name)


def add_people(store: Store, site_id: int, prefix: str = "") -> None:
    """Give a site one unit, one counter and two officials (cb01, cb02) in ``store``."""
    now = datetime.now(UTC)
    with store.session() as s:
        unit = Unit(site_id=site_id, code="mot-cua", name=f"{prefix}Bộ phận một cửa", active=True)
        s.add(unit)
        s.flush()
        counter = Counter(site_id=site_id, code="quay-1", name="Quầy 1", unit_id=unit.id)
        s.add(counter)
        s.flush()
        for code, name in (("cb01", "Nguyễn Văn An"), ("cb02", "Trần Thị Bình")):
            s.add(
                Official(
                    site_id=site_id,
                    code=code,
                    full_name=f"{prefix}{name}",
                    title="Chuyên viên",
                    unit_id=unit.id,
                    counter_id=counter.id,
                    active=True,
                    created_at=now,
                    updated_at=now,
                )
            )


def central_visits(store: Store, site_id: int) -> int:
    """Return how many visits of a site a (central) store holds."""
    with store.session() as s:
        return s.scalar(select(func.count()).where(Visit.site_id == site_id))


# A tally row without its store-specific ids (site_id, ref_id), as two stores can compare it.
TALLY_COLUMNS = (
    ResultTally.dimension,
    ResultTally.span,
    ResultTally.day,
    ResultTally.group_key,
    ResultTally.survey_key,
    ResultTally.survey_version,
    ResultTally.question_key,
    ResultTally.level_key,
    ResultTally.level_index,
    ResultTally.satisfied,
    ResultTally.is_repeat,
    ResultTally.n,
)


def tally_rows(store: Store, site_id: int) -> list[tuple]:
    """Return a site's tally rows without their store-specific ids (site_id, ref_id), sorted."""
    t = ResultTally
    with store.session() as s:
        rows = s.execute(select(*TALLY_COLUMNS).where(t.site_id == site_id)).all()
    return sorted(tuple(row) for row in rows)


class Central:
    """The admin web serving ``[central] role = "central"`` on a PostgreSQL database, as its own
    process (``python -m admin_web --config central.toml serve``)."""

    def __init__(self, folder: Path, store_url: str) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.folder = folder
        self.store_url = store_url
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.config = folder / "central.toml"
        self.config.write_text(
            f'[store]\nurl = "{store_url}"\n'
            f'[kiosk]\nsurvey = "{SURVEY}"\n'
            f'[admin]\nhost = "127.0.0.1"\nport = {self.port}\n'
            '[sign]\nenabled = false\n[central]\nrole = "central"\n',
            encoding="utf-8",
        )
        self.log = folder / "central.log"
        self.process: subprocess.Popen | None = None
        self.store = Store.open(store_url)

    def start(self) -> Central:
        """Start the server process and wait until it answers."""
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "admin_web", "--config", str(self.config), "serve"],
                cwd=ROOT,
                stdout=log,
                stderr=subprocess.STDOUT,
                env={**os.environ, "PYTHONUNBUFFERED": "1"},
            )
        wait_for(self._answers, START_SECONDS, f"the central server on {self.url}", every=0.2)
        return self

    def _answers(self) -> bool:
        if self.process is not None and self.process.poll() is not None:
            raise AssertionError(f"the central server stopped: {self.log.read_text()[-2000:]}")
        try:
            with urllib.request.urlopen(self.url + "/login", timeout=5) as reply:
                return reply.status == 200
        except (urllib.error.URLError, OSError):
            return False

    def stop(self) -> None:
        """Stop the server process (SIGTERM, then SIGKILL) and close the test's store."""
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=15)
        self.store.close()


@dataclass
class Site:
    """One office: its SQLite store, its config naming the central server, its id there."""

    code: str
    site_id: int
    token: str
    config: Path
    store: Store

    def sync_once(self, *extra: str, timeout: float = 120) -> subprocess.CompletedProcess:
        """Run ``python -m lobby.sync --config ... --once``; return the finished process."""
        return run_sync(self.config, "--once", *extra, timeout=timeout)


def write_site_config(folder: Path, central_url: str, token: str, **central) -> Path:
    """Write a site's config.toml (SQLite store in ``folder``) forwarding to ``central_url``;
    ``central`` are further or other [central] keys."""
    folder.mkdir(parents=True, exist_ok=True)
    keys = {"url": central_url, "token": token, "retry_max_seconds": 2.0}
    keys.update({"request_timeout_seconds": 10.0, **central})
    lines = "".join(f"{key} = {json.dumps(value)}\n" for key, value in keys.items())
    config = folder / "config.toml"
    config.write_text(
        f'[store]\nurl = "sqlite:///{folder / "lobby.db"}"\n'
        f'[kiosk]\nsurvey = "{SURVEY}"\n[central]\n{lines}',
        encoding="utf-8",
    )
    return config


def new_site(
    central: Central, folder: Path, code: str, name: str, *, url: str | None = None, **settings
) -> Site:
    """Create a site on the central server and its own store and config in ``folder``; the
    site talks to ``url`` (a proxy in front of the server, say), else to the server itself;
    ``settings`` are further [central] keys (batch_size=5...)."""
    row, token = central.store.create_site(code, name, by="kiem-thu")
    config = write_site_config(folder, url or central.url, token, **settings)
    return Site(code, row.id, token, config, Store.open(f"sqlite:///{folder / 'lobby.db'}"))


def start_sync(config: Path, log: Path) -> subprocess.Popen:
    """Start the forwarder as a service (rounds until stopped), its console into ``log``."""
    with log.open("ab") as out:
        return subprocess.Popen(
            [sys.executable, "-m", "lobby.sync", "--config", str(config)],
            cwd=ROOT,
            stdout=out,
            stderr=subprocess.STDOUT,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )


def start_sync_once(config: Path) -> subprocess.Popen:
    """Start ``python -m lobby.sync --once`` without waiting (text pipes for its console)."""
    return subprocess.Popen(
        [sys.executable, "-m", "lobby.sync", "--config", str(config), "--once"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )


def run_sync(config: Path, *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    """Run the forwarder's command line with ``config``; return the finished process."""
    return subprocess.run(
        [sys.executable, "-m", "lobby.sync", "--config", str(config), *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
