"""The command line: create-admin reads the password twice; a broken config exits with status 2."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from admin_web import create_app
from lobby.settings import load_settings
from lobby.store import Store
from tests.admin.helpers import PASSWORD, Browser

ROOT = Path(__file__).resolve().parents[2]


def run_cli(config: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess:
    """Run ``python -m admin_web --config CONFIG ARGS`` with text on standard input."""
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [sys.executable, "-m", "admin_web", "--config", str(config), *args],
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=ROOT,
        env=env,
        timeout=60,
    )


def test_create_admin_makes_an_account_that_can_log_in(write_config):
    config = write_config("")
    result = run_cli(config, "create-admin", "alice", stdin=f"{PASSWORD}\n{PASSWORD}\n")
    assert result.returncode == 0, result.stderr
    assert "alice" in result.stdout
    settings = load_settings(config)
    store = Store.open(settings.store_url)
    try:
        user = store.get_user_by_name("alice")
        assert user.role == "admin"
        assert user.password_hash.startswith("$argon2")
        browser = Browser(create_app(settings, store, {"TESTING": True}).test_client())
        assert browser.login("alice").status_code == 302
        assert browser.get("/").status_code == 200
    finally:
        store.close()


def test_create_admin_refuses_mismatched_passwords(write_config, store):
    result = run_cli(
        write_config(""), "create-admin", "alice", stdin=f"{PASSWORD}\n{PASSWORD}-khac\n"
    )
    assert result.returncode != 0
    assert "không khớp" in result.stderr
    assert store.count_users() == 0


def test_create_admin_refuses_a_short_password(write_config, store):
    result = run_cli(write_config(""), "create-admin", "alice", stdin="ngan\nngan\n")
    assert result.returncode != 0
    assert "ít nhất 10 ký tự" in result.stderr
    assert store.count_users() == 0


def test_a_broken_config_exits_2_naming_the_key(write_config):
    config = write_config('[admin]\nport = "tám nghìn"\n')
    for args in (("create-admin", "alice"), ("serve",), ()):
        result = run_cli(config, *args, stdin=f"{PASSWORD}\n{PASSWORD}\n")
        assert result.returncode == 2, args
        assert "[admin] port" in result.stderr
