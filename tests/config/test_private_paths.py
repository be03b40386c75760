"""The store set-up tightens only what it creates: folders it makes are 0700, files 0600; a
folder or file that was there keeps its mode (with a warning when others can read it), and a
file setting that names a folder is a config error naming the key.

Every test works in its own temporary tree: the system's folders are never touched.
"""

from __future__ import annotations

import logging
import os
import socket
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from admin_web.secret_key import load_or_create_secret_key
from lobby.file_modes import check_file_setting, secure_store_files
from lobby.settings import ConfigError, load_settings

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")


def mode(path: Path) -> int:
    """Return the permission bits of ``path``."""
    return stat.S_IMODE(path.stat().st_mode)


def warnings_about(caplog, path: Path) -> list[str]:
    """Return the warnings logged that name ``path``."""
    return [
        r.getMessage()
        for r in caplog.records
        if r.levelno == logging.WARNING and str(path) in r.getMessage()
    ]


def store_settings(write_config, database: Path):
    """Return settings whose SQLite store is ``database`` (an absolute path)."""
    return load_settings(write_config(f'[store]\nurl = "sqlite:///{database}"\n'))


def test_a_store_in_an_existing_shared_folder_leaves_the_folder_alone_and_warns(
    write_config, tmp_path, caplog
):
    shared = tmp_path / "srv"  # stands for /var: a folder the product did not make
    shared.mkdir()
    shared.chmod(0o755)
    settings = store_settings(write_config, shared / "lobby.db")
    with caplog.at_level(logging.WARNING, logger="lobby.file_modes"):
        secure_store_files(settings)
    assert mode(shared) == 0o755
    assert mode(shared / "lobby.db") == 0o600  # made by the product: private from the start
    (warning,) = warnings_about(caplog, shared)
    assert "Thư mục" in warning and "755" in warning and "không đổi quyền" in warning


def test_folders_the_store_set_up_makes_are_private_and_an_existing_private_one_is_quiet(
    write_config, tmp_path, caplog
):
    database = tmp_path / "data" / "lobby" / "var" / "lobby.db"
    settings = store_settings(write_config, database)
    tmp_path.chmod(0o751)
    old_umask = os.umask(0o022)
    try:
        with caplog.at_level(logging.WARNING, logger="lobby.file_modes"):
            secure_store_files(settings)
            secure_store_files(settings)  # a second start: the folders are its own, 0700
    finally:
        os.umask(old_umask)
    for folder in (tmp_path / "data", tmp_path / "data" / "lobby", database.parent):
        assert mode(folder) == 0o700, folder
    assert mode(database) == 0o600
    assert mode(tmp_path) == 0o751  # the folder that was there already is left alone
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]


def test_an_existing_store_readable_by_others_keeps_its_mode_with_a_warning(
    write_config, tmp_path, caplog
):
    folder = tmp_path / "var"
    folder.mkdir(mode=0o700)
    database = folder / "lobby.db"
    database.write_bytes(b"")
    database.chmod(0o644)
    settings = store_settings(write_config, database)
    with caplog.at_level(logging.WARNING, logger="lobby.file_modes"):
        secure_store_files(settings)
    assert mode(database) == 0o644
    (warning,) = warnings_about(caplog, database)
    assert "chmod 600" in warning
    assert mode(folder) == 0o700


def test_a_key_file_setting_naming_a_folder_is_a_config_error_and_the_folder_keeps_its_mode(
    write_config, tmp_path
):
    shared = tmp_path / "shared-tmp"  # stands for /tmp
    shared.mkdir()
    shared.chmod(0o1777)
    settings = load_settings(write_config(f'[admin]\nsecret_key_file = "{shared}"\n'))
    secure_store_files(settings)
    with pytest.raises(ConfigError) as raised:
        load_or_create_secret_key(settings.path(settings.admin.secret_key_file))
    assert "[admin] secret_key_file" in str(raised.value) and "folder" in str(raised.value)
    assert mode(shared) == 0o1777


def test_a_key_file_made_in_missing_folders_is_private_and_an_existing_one_is_kept(
    tmp_path, caplog
):
    key_path = tmp_path / "keys" / "inner" / "admin_secret_key"
    key = load_or_create_secret_key(key_path)
    assert len(key) == 64 and mode(key_path) == 0o600
    assert mode(key_path.parent) == mode(key_path.parent.parent) == 0o700
    key_path.chmod(0o644)
    with caplog.at_level(logging.WARNING, logger="lobby.file_modes"):
        assert load_or_create_secret_key(key_path) == key
    assert mode(key_path) == 0o644
    assert warnings_about(caplog, key_path)


def test_the_admin_server_with_a_folder_as_key_file_exits_2_naming_the_key(write_config, tmp_path):
    shared = tmp_path / "shared-tmp"
    shared.mkdir()
    shared.chmod(0o1777)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    config = write_config(f'[admin]\nport = {port}\nsecret_key_file = "{shared}"\n')
    result = subprocess.run(
        [sys.executable, "-m", "admin_web", "--config", str(config), "serve"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2, result.stderr
    assert "[admin] secret_key_file" in result.stderr
    assert "Traceback" not in result.stderr
    assert mode(shared) == 0o1777


def test_a_journal_setting_naming_a_folder_is_a_config_error_naming_the_key(write_config, tmp_path):
    journal = tmp_path / "journal-folder"
    journal.mkdir()
    settings = load_settings(write_config(f'[kiosk]\njournal = "{journal}"\n', name="k.toml"))
    with pytest.raises(ConfigError) as raised:
        check_file_setting(settings, "kiosk", "journal")
    assert "[kiosk] journal" in str(raised.value) and "k.toml" in str(raised.value)
    ok = load_settings(write_config(f'[kiosk]\njournal = "{journal / "j.jsonl"}"\n'))
    assert check_file_setting(ok, "kiosk", "journal") == journal / "j.jsonl"


def test_run_kiosk_with_a_folder_as_journal_exits_2_naming_the_key(write_config, tmp_path):
    journal = tmp_path / "journal-folder"
    journal.mkdir()
    survey = ROOT / "assets" / "survey.toml"
    config = write_config(
        f'[sign]\nenabled = false\n[admin]\nenabled = false\n[kiosk]\nsurvey = "{survey}"\n'
        f'journal = "{journal}"\n'
    )
    env = dict(os.environ, SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy")
    result = subprocess.run(
        [sys.executable, str(ROOT / "run_kiosk.py"), "--config", str(config), "--windowed"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2, result.stderr
    assert "[kiosk] journal" in result.stderr and str(journal) in result.stderr
    assert "là một thư mục" in result.stderr
    assert "Traceback" not in result.stderr
