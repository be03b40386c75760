"""HSTS behind an https address, reports that are never downloaded removed after a while, and
password hashing that a burst of anonymous logins cannot turn into hundreds of megabytes."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

from admin_web import create_app
from admin_web.blueprints.reports import JOBS_KEY
from lobby.settings import load_settings
from tests.admin.helpers import ROOT, Browser
from tests.admin.web_client import WebClient
from tests.helpers_wait import wait_for

MIB = 1024 * 1024
ARGON2_MEMORY = 64 * MIB


def test_an_https_public_url_adds_hsts_and_plain_http_does_not(write_config, store):
    for public_url, hsts in (("https://quantri.example.vn", True), ("", False)):
        settings = load_settings(write_config(f'[admin]\npublic_url = "{public_url}"\n'))
        response = create_app(settings, store, {"TESTING": True}).test_client().get("/login")
        assert ("Strict-Transport-Security" in response.headers) is hsts, public_url
        if hsts:
            assert response.headers["Strict-Transport-Security"] == "max-age=31536000"
        # The setup link never leaves for another site; this site's forms keep their Referer.
        assert response.headers["Referrer-Policy"] == "same-origin"


def test_a_report_never_downloaded_is_removed_from_the_temporary_folder(
    settings, store, password_hash
):
    store.create_user("lanhdao", password_hash, role="leader")
    app = create_app(settings, store, {"TESTING": True, "REPORT_FILE_SECONDS": 2})
    leader = Browser(app.test_client())
    assert leader.login("lanhdao").status_code == 302
    response = leader.post("/reports/jobs/2026-Q4.docx")
    assert response.status_code == 202
    status_url = response.get_json()["status"]
    jobs, _lock = app.extensions[JOBS_KEY]
    (job,) = jobs.values()
    wait_for(lambda: job.done, 60, "the report to be made")
    assert job.error is None and job.path
    download = leader.get(status_url).get_json()["download"]
    wait_for(lambda: not os.path.exists(job.path), 20, "the unclaimed report to be removed")
    assert leader.get(download).status_code == 404
    assert leader.get(status_url).status_code == 404


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _peak_rss(pid: int) -> int:
    """Return the process's peak resident memory so far (VmHWM), in bytes."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024
    raise AssertionError("no VmHWM")


def test_a_burst_of_anonymous_logins_hashes_at_most_two_at_a_time(write_config):
    port = _free_port()
    config = write_config(f"[admin]\nport = {port}\n")
    server = subprocess.Popen(
        [sys.executable, "-m", "admin_web", "--config", str(config), "serve"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
    )
    try:
        url = f"http://127.0.0.1:{port}"
        wait_for(lambda: _answers(url), 60, "the admin server to answer", every=0.2)
        clients = [WebClient(url) for _ in range(8)]
        pages = [c.request("/login")[2] for c in clients]  # sessions and CSRF tokens first
        before = _peak_rss(server.pid)
        statuses: list[int] = []
        start = threading.Barrier(len(clients))

        def guess(client: WebClient, page: str, n: int) -> None:
            from tests.admin.helpers import csrf_from

            form = {
                "csrf_token": csrf_from(page),
                "username": f"khong-co-{n}",
                "password": "x" * 20,
            }
            start.wait()
            statuses.append(client.request("/login", form)[0])

        threads = [
            threading.Thread(target=guess, args=(c, p, n))
            for n, (c, p) in enumerate(zip(clients, pages, strict=True))
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(120)
        grown = _peak_rss(server.pid) - before
    finally:
        server.terminate()
        server.wait(20)
    assert statuses == [401] * 8  # all answered, none turned away
    # Two hashes at once take 2 × 64 MiB; four (one per server thread) would take 4 × 64 MiB.
    assert grown < 3 * ARGON2_MEMORY, f"peak memory grew by {grown // MIB} MiB"


def _answers(url: str) -> bool:
    try:
        return WebClient(url).request("/login")[0] == 200
    except OSError:
        time.sleep(0.1)
        return False
