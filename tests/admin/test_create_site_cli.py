"""``python -m admin_web create-site CODE NAME``: a real process creates a site on the central
server and prints its token once; a taken or malformed code, or a server that is not the
central one, is refused with exit status 2."""

from __future__ import annotations

import re

import pytest

from lobby.settings import load_settings
from lobby.store import Store
from tests.admin.helpers import run_cli

CENTRAL = '[central]\nrole = "central"\n'
TOKEN = re.compile(r"^(lobby_\S+)$", re.M)


@pytest.fixture
def central_config(write_config):
    return write_config(CENTRAL)


def _open(config) -> Store:
    return Store.open(load_settings(config).store_url)


def test_create_site_prints_its_token_once_and_the_token_names_the_site(central_config):
    done = run_cli(central_config, "create-site", "xa-tan-phu", "UBND xã Tân Phú")
    assert done.returncode == 0, done.stderr
    assert "Đã tạo cơ quan “UBND xã Tân Phú” (mã xa-tan-phu)" in done.stdout
    assert "chỉ hiện một lần" in done.stdout
    tokens = TOKEN.findall(done.stdout)
    assert len(tokens) == 1, done.stdout
    store = _open(central_config)
    try:
        site = store.site_for_token(tokens[0])
        assert site is not None and site.code == "xa-tan-phu" and site.name == "UBND xã Tân Phú"
        (entry,) = store.audit_entries(action="site.create")
        assert entry.target == "site:xa-tan-phu" and entry.username == "(dòng lệnh)"
        # Only the hash is kept: the token itself is nowhere in the audit log.
        assert tokens[0] not in f"{entry.before} {entry.after}"
    finally:
        store.close()


def test_a_taken_code_is_refused_with_status_2_and_nothing_changes(central_config):
    assert run_cli(central_config, "create-site", "so-tu-phap", "Sở Tư pháp").returncode == 0
    again = run_cli(central_config, "create-site", "so-tu-phap", "Sở khác")
    assert again.returncode == 2
    assert "Không tạo được cơ quan" in again.stderr and "đã có" in again.stderr
    assert not TOKEN.findall(again.stdout)
    store = _open(central_config)
    try:
        assert store.site_by_code("so-tu-phap").name == "Sở Tư pháp"
    finally:
        store.close()


@pytest.mark.parametrize("code", ["xã tân phú", "a" * 33, ""])
def test_a_malformed_code_is_refused_with_status_2(central_config, code):
    done = run_cli(central_config, "create-site", code, "UBND xã Tân Phú")
    assert done.returncode == 2
    assert "Mã cơ quan chỉ gồm" in done.stderr
    store = _open(central_config)
    try:
        assert [s.code for s in store.site_list()] == ["local"]
    finally:
        store.close()


def test_a_site_store_refuses_to_create_sites(write_config):
    done = run_cli(write_config(""), "create-site", "xa-tan-phu", "UBND xã Tân Phú")
    assert done.returncode == 2
    assert 'role = "central"' in done.stderr
