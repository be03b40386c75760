"""The command line: create-admin reads the password twice; a broken config exits with status 2."""

from __future__ import annotations

import os
import sys

from admin_web import create_app
from lobby.settings import load_settings
from lobby.store import Store
from tests.admin.helpers import PASSWORD, Browser, run_cli


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
    assert "ít nhất 12 ký tự" in result.stderr
    assert store.count_users() == 0


def test_a_broken_config_exits_2_naming_the_key(write_config):
    config = write_config('[admin]\nport = "tám nghìn"\n')
    for args in (("create-admin", "alice"), ("serve",), ()):
        result = run_cli(config, *args, stdin=f"{PASSWORD}\n{PASSWORD}\n")
        assert result.returncode == 2, args
        assert "[admin] port" in result.stderr


def test_create_user_gives_the_role_asked_for_and_that_role_only(write_config):
    config = write_config("")
    result = run_cli(
        config, "create-user", "bientap", "--role", "editor", stdin=f"{PASSWORD}\n{PASSWORD}\n"
    )
    assert result.returncode == 0, result.stderr
    settings = load_settings(config)
    store = Store.open(settings.store_url)
    try:
        assert store.get_user_by_name("bientap").role == "editor"
        assert [e.action for e in store.audit_entries()] == ["user.create"]
        browser = Browser(create_app(settings, store, {"TESTING": True}).test_client())
        assert browser.login("bientap").status_code == 302
        assert browser.get("/sign").status_code == 200
        assert browser.get("/results").status_code == 403
    finally:
        store.close()


def test_create_user_refuses_an_unknown_role_and_a_common_password(write_config, store):
    config = write_config("")
    unknown = run_cli(config, "create-user", "a", "--role", "boss", stdin=f"{PASSWORD}\n" * 2)
    assert unknown.returncode == 2 and "boss" in unknown.stderr
    common = "password1234\npassword1234\n"
    result = run_cli(config, "create-user", "b", "--role", "leader", stdin=common)
    assert result.returncode == 1 and "phổ biến" in result.stderr
    assert store.count_users() == 0


def test_the_store_it_creates_and_var_are_private(write_config, tmp_path):
    config = write_config("")
    result = run_cli(config, "create-admin", "alice", stdin=f"{PASSWORD}\n{PASSWORD}\n")
    assert result.returncode == 0, result.stderr
    if sys.platform == "win32":
        return
    assert os.stat(tmp_path / "var").st_mode & 0o777 == 0o700
    files = list((tmp_path / "var").glob("lobby.db*"))
    assert files
    for path in files:
        assert os.stat(path).st_mode & 0o777 == 0o600, path
