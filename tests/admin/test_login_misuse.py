"""Logins against misuse: addresses seen through a trusted proxy only, limits that stop a
guesser without locking the owner out, and failed logins traced in both logs."""

from __future__ import annotations

import json
import logging

from admin_web import create_app
from lobby.settings import load_settings
from tests.admin.helpers import PASSWORD, Browser
from tests.admin.web_client import WebClient, served

WRONG = "doan-sai-mat-khau"


def _login_ips(store) -> list[str]:
    return [json.loads(e.after)["ip"] for e in store.audit_entries(action="login")]


def test_behind_the_trusted_proxy_each_staff_pc_counts_as_its_own_address(
    write_config, store, password_hash
):
    store.create_user("quantri", password_hash)
    settings = load_settings(write_config('[admin]\ntrusted_proxy = "127.0.0.1"\n'))
    app = create_app(settings, store, {"TESTING": True, "LOGIN_MAX_FAILURES": 2})
    with served(app) as url:
        guesser = {"X-Forwarded-For": "10.1.1.7"}
        for _ in range(2):
            assert WebClient(url, guesser).login("quantri", WRONG) == 401
        assert WebClient(url, guesser).login("quantri", PASSWORD) == 429
        seen_as = url.replace("http://", "https://", 1)  # the address the staff PC opened
        clerk = WebClient(
            url,
            {
                "X-Forwarded-For": "10.1.1.8",
                "X-Forwarded-Proto": "https",
                "Referer": f"{seen_as}/login",
            },
        )
        assert clerk.login("quantri", PASSWORD) == 302  # another PC behind the same proxy
    assert _login_ips(store) == ["10.1.1.8"]
    failed = store.audit_entries(action="login.failed")
    assert json.loads(failed[0].after)["last_address"] == "10.1.1.7"


def test_forwarded_headers_from_any_other_address_are_ignored(write_config, store, password_hash):
    store.create_user("quantri", password_hash)
    settings = load_settings(write_config('[admin]\ntrusted_proxy = "192.0.2.10"\n'))
    app = create_app(settings, store, {"TESTING": True, "LOGIN_MAX_FAILURES": 2})
    with served(app) as url:
        for n in range(2):
            spoofed = {"X-Forwarded-For": f"10.9.9.{n}"}
            assert WebClient(url, spoofed).login("quantri", WRONG) == 401
        # Claiming yet another address does not help: the real address has failed twice.
        assert WebClient(url, {"X-Forwarded-For": "10.9.9.9"}).login("quantri", PASSWORD) == 429
    with served(create_app(settings, store, {"TESTING": True})) as url:
        assert WebClient(url, {"X-Forwarded-For": "10.9.9.9"}).login("quantri", PASSWORD) == 302
    assert _login_ips(store) == ["127.0.0.1"]


def _from(app, address: str) -> Browser:
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return Browser(client)


def test_a_stranger_failing_from_many_addresses_does_not_lock_the_owner_out(
    settings, store, password_hash
):
    store.create_user("quantri", password_hash)
    app = create_app(settings, store, {"TESTING": True})  # the default limits
    for n in range(21):
        assert _from(app, f"10.2.0.{n}").login("quantri", WRONG).status_code == 401
    assert _from(app, "10.2.0.3").login("quantri", PASSWORD).status_code == 429
    assert _from(app, "10.2.1.1").login("quantri", PASSWORD).status_code == 302  # the owner


def test_one_address_trying_many_names_is_stopped(settings, store, password_hash):
    store.create_user("quantri", password_hash)
    app = create_app(settings, store, {"TESTING": True})
    codes = [_from(app, "10.3.0.1").login(f"ten{n:02d}", WRONG).status_code for n in range(40)]
    assert codes[:30] == [401] * 30 and codes[30:] == [429] * 10
    assert _from(app, "10.3.0.1").login("quantri", PASSWORD).status_code == 429
    assert _from(app, "10.3.0.2").login("quantri", PASSWORD).status_code == 302


def test_failed_logins_are_traced_in_the_server_log_and_once_per_burst_in_the_audit_log(
    settings, store, password_hash, caplog
):
    store.create_user("quantri", password_hash)
    app = create_app(settings, store, {"TESTING": True})
    caplog.set_level(logging.WARNING, logger="admin_web")
    for n in range(12):
        assert _from(app, f"10.4.0.{n % 3}").login("quantri", WRONG).status_code == 401
    lines = [r.getMessage() for r in caplog.records if "failed login" in r.getMessage()]
    assert len(lines) == 12
    assert "'quantri' from 10.4.0.2 (12 in this burst, from 3 addresses)" in lines[-1]
    rows = store.audit_entries(action="login.failed")
    assert len(rows) == 2  # the burst's 1st and 10th failure, not twelve rows
    tenth, first = (json.loads(r.after) for r in rows)
    assert first["failures"] == 1 and tenth["failures"] == 10 and tenth["addresses"] == 3
    assert {r.target for r in rows} == {"tên: quantri"}
    assert _from(app, "10.4.9.9").login("quantri", PASSWORD).status_code == 302
