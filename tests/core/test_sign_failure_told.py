"""A sign service that keeps stopping is told once on the admin's front page, at once, and the
warning goes when the service runs again.

A real child process that dies at start (as a broken sign driver would), the real supervisor and
run_kiosk's listener writing into the real SQLite store, and the admin web on that store.
"""

from __future__ import annotations

import sys

import run_kiosk
from admin_web import create_app
from admin_web.passwords import hash_password
from lobby.store.sign import SIMULATED_SIGN_ID
from lobby.supervisor import REPORT_AFTER, ChildProcess, Supervisor
from tests.admin.helpers import PASSWORD, Browser
from tests.helpers_wait import wait_for

DIES_AT_START = "import sys; print('lỗi trình điều khiển bảng', file=sys.stderr); sys.exit(3)"


def test_a_sign_service_that_keeps_stopping_is_told_on_the_front_page(settings, store, tmp_path):
    assert not settings.sign.port  # the simulated sign: its status row is "simulated"
    told: list[str] = []

    def tell(name: str, message: str) -> None:
        told.append(message)
        run_kiosk._tell_failure(settings, name, message)

    supervisor = Supervisor(max_backoff=0.2, stable_seconds=30, on_failing=tell)
    supervisor.add(
        "sign",
        lambda: ChildProcess([sys.executable, "-c", DIES_AT_START], tmp_path / "sign.alive"),
        run_kiosk.SIGN_LABEL,
    )
    try:
        wait_for(
            lambda: supervisor.check() or supervisor.failures("sign") >= REPORT_AFTER + 2,
            60,
            "the sign service failing again and again",
        )
    finally:
        supervisor.stop()
    assert len(told) == 1  # told once, however many times it failed

    store.create_user("quantri", hash_password(PASSWORD), role="admin")
    staff = Browser(create_app(settings, store, test_config={"TESTING": True}).test_client())
    assert staff.login("quantri").status_code == 302
    page = staff.get("/").get_data(as_text=True)
    assert 'id="sign-warning"' in page
    assert "Dịch vụ bảng LED liên tục dừng" in page and "lỗi trình điều khiển bảng" in page

    # The service runs again: its first heartbeat clears what its supervisor recorded.
    store.report_sign_heartbeat(SIMULATED_SIGN_ID, "")
    assert 'id="sign-warning"' not in staff.get("/").get_data(as_text=True)
