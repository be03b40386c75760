"""The appliance installer run into a directory tree (``--root``): what it puts where and with
which modes, units that ``systemd-analyze verify`` accepts with every command they start
present, a second run that changes nothing, an upgrade that backs the store up before it
migrates, and an uninstaller that takes away what the installer put there.

The tree starts as a small Debian machine: systemd's own units, the programs the units start
(cage, logger, env, sh) and the Python the virtualenv points at, copied from this machine."""

from __future__ import annotations

import hashlib
import os
import shlex
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

import run_kiosk
from admin_web.cli import build_parser as admin_parser
from lobby.settings import load_settings
from lobby.store import Store
from signage.__main__ import build_parser as signage_parser
from tests.appliance.visit_writer import make_visit

REPO = Path(__file__).resolve().parents[2]
UNITS = (
    "congso-lobby.target",
    "congso-lobby-kiosk.service",
    "congso-lobby-sign.service",
    "congso-lobby-admin.service",
    "congso-lobby-backup.service",
    "congso-lobby-backup.timer",
)
NOT_SHIPPED = ("tests", "bench", ".venv", ".git", "var", "test-artefacts", "build")
SYSTEM_UNITS = Path("/usr/lib/systemd/system")
DATA = "var/lib/congso-lobby"


def snapshot_source(target: Path) -> Path:
    """Copy the program's source (no tests, caches or local data) to ``target``: the tree an
    office downloads, fixed while other work goes on in the repository."""
    ignore = shutil.ignore_patterns(
        *NOT_SHIPPED, "__pycache__", "*.pyc", "*.egg-info", ".*_cache", ".hypothesis"
    )
    shutil.copytree(REPO, target, ignore=ignore)
    return target


def base_python() -> Path:
    """Return the interpreter a virtualenv made by this test's Python links to."""
    return Path(getattr(sys, "_base_executable", sys.executable)).resolve()


def make_machine(root: Path) -> None:
    """Lay out ``root`` like a Debian machine before the installer runs."""
    for folder in ("etc/systemd/system", "etc/udev/rules.d", "etc/pam.d", "opt", "var/lib"):
        (root / folder).mkdir(parents=True)
    (root / "usr/local/sbin").mkdir(parents=True)
    shutil.copytree(SYSTEM_UNITS, root / SYSTEM_UNITS.relative_to("/"), symlinks=True)
    (root / "usr/bin").mkdir(parents=True, exist_ok=True)
    (root / "bin").symlink_to("usr/bin")
    for program in ("cage", "logger", "env", "sh"):
        shutil.copy2(shutil.which(program), root / "usr/bin" / program)
    python = base_python()
    (root / python.relative_to("/")).parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(python, root / python.relative_to("/"))


def tree_state(root: Path) -> dict[str, tuple]:
    """Return every path under ``root`` with its type, mode and content hash or link target."""
    state = {}
    for dirpath, dirnames, filenames in os.walk(root):
        for name in dirnames + filenames:
            path = Path(dirpath) / name
            info = path.lstat()
            if path.is_symlink():
                what = ("link", os.readlink(path))
            elif path.is_dir():
                what = ("dir",)
            else:
                what = ("file", hashlib.sha256(path.read_bytes()).hexdigest())
            state[str(path.relative_to(root))] = (*what, oct(info.st_mode & 0o7777))
    return state


def run(script: Path, *args: str) -> subprocess.CompletedProcess:
    """Run an installer script with this test's Python; fail with its output if it fails."""
    env = {**os.environ, "PYTHON": sys.executable}
    done = subprocess.run(
        [str(script), *args], env=env, capture_output=True, text=True, timeout=300, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done


def install(source: Path, root: Path, *options: str) -> subprocess.CompletedProcess:
    """Install from ``source`` into ``root`` using this test's virtualenv's packages."""
    script = source / "scripts/install.sh"
    return run(script, "--root", str(root), "--venv-from", sys.prefix, *options)


@pytest.fixture(scope="module")
def machine(tmp_path_factory):
    """A machine with the program installed once: its root, the source, the state before and
    the installer's output."""
    for program in ("systemd-analyze", "cage", "logger"):
        if shutil.which(program) is None:
            pytest.skip(f"{program} is missing: run scripts/system-deps.sh test")
    base = tmp_path_factory.mktemp("appliance")
    source = snapshot_source(base / "source")
    root = base / "root"
    make_machine(root)
    before = tree_state(root)
    first = install(source, root)
    return {"root": root, "source": source, "before": before, "output": first.stdout}


def test_the_installer_puts_code_settings_data_and_units_in_place(machine):
    root = machine["root"]
    mode = lambda relative: oct((root / relative).stat().st_mode & 0o777)  # noqa: E731
    assert mode("etc/congso-lobby") == "0o750"
    assert mode("etc/congso-lobby/config.toml") == "0o640"
    assert mode(DATA) == "0o700"
    assert mode(f"{DATA}/backups") == "0o700"
    assert mode(f"{DATA}/lobby.db") == "0o600"
    assert mode("usr/local/sbin/congso-lobby-admin") == "0o755"
    for unit in (*UNITS, "congso-lobby-failed@.service"):
        assert mode(f"etc/systemd/system/{unit}") == "0o644"
    assert (root / "opt/congso-lobby/app/run_kiosk.py").is_file()
    assert not (root / "opt/congso-lobby/app/tests").exists()
    assert (root / "etc/udev/rules.d/70-lobby-sign.rules").is_file()
    assert (root / "etc/pam.d/congso-lobby-kiosk").is_file()
    settings = load_settings(root / "etc/congso-lobby/config.toml")
    assert settings.store_url == "sqlite:////var/lib/congso-lobby/lobby.db"
    assert str(settings.path(settings.backup.folder)) == "/var/lib/congso-lobby/backups"
    output = machine["output"]
    assert "(--root) bỏ qua: useradd --system lobby" in output
    assert "(--root) bỏ qua: systemctl enable congso-lobby.target" in output
    revision = sqlite3.connect(root / DATA / "lobby.db").execute(
        "SELECT version_num FROM alembic_version"
    )
    assert revision.fetchone() is not None


def test_systemd_analyze_accepts_every_unit_with_every_command_present(machine):
    root = machine["root"]
    units = [*UNITS, "congso-lobby-failed@congso-lobby-kiosk.service"]
    done = subprocess.run(
        ["systemd-analyze", "verify", f"--root={root}", "--man=no", *units],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    # Unknown keys and bad values are only warned about: any line at all is a failure here.
    assert done.returncode == 0 and done.stderr == "" and done.stdout == "", done.stderr
    kiosk = (root / "etc/systemd/system/congso-lobby-kiosk.service").read_text()
    assert "Type=notify" in kiosk and "WatchdogSec=" in kiosk and "--kiosk-only" in kiosk


def test_every_service_is_locked_down_to_an_exposure_under_five(machine):
    services = [unit for unit in UNITS if unit.endswith(".service")]
    done = subprocess.run(
        ["systemd-analyze", "security", "--offline=true", f"--root={machine['root']}"]
        + ["--threshold=50", "--no-pager", *services],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr


def exec_start(unit: Path) -> list[str]:
    """Return the words of a unit's ExecStart= line."""
    (line,) = (x for x in unit.read_text().splitlines() if x.startswith("ExecStart="))
    return shlex.split(line.removeprefix("ExecStart="))


def test_every_unit_starts_a_command_line_the_program_accepts(machine):
    units = machine["root"] / "etc/systemd/system"
    kiosk = exec_start(units / "congso-lobby-kiosk.service")
    assert kiosk[:3] == ["/usr/bin/cage", "-d", "--"]
    python, script, *kiosk_args = kiosk[kiosk.index("/opt/congso-lobby/venv/bin/python") :]
    assert script == "/opt/congso-lobby/app/run_kiosk.py"
    assert (machine["root"] / script.lstrip("/")).is_file()
    assert run_kiosk.parse_args(kiosk_args).kiosk_only
    parsers = {"signage": signage_parser(), "admin_web": admin_parser()}
    for name in ("sign", "admin", "backup"):
        python, flag, module, *args = exec_start(units / f"congso-lobby-{name}.service")
        assert (python, flag) == ("/opt/congso-lobby/venv/bin/python", "-m")
        parsed = parsers[module].parse_args(args)
        assert parsed.config == "/etc/congso-lobby/config.toml"
        assert parsed.command == {"sign": "run", "admin": "serve", "backup": "backup"}[name]


def test_a_second_run_changes_nothing(machine):
    root = machine["root"]
    before = tree_state(root)
    again = install(machine["source"], root)
    assert tree_state(root) == before
    assert "không có gì thay đổi" in again.stdout


def test_the_signs_adapter_can_be_named_by_its_usb_ids_and_an_edited_rule_is_kept(machine):
    root, source = machine["root"], machine["source"]
    rule = root / "etc/udev/rules.d/70-lobby-sign.rules"
    usb = ("--sign-usb", "1A86:7523:A10KJ3NP")
    install(source, root, *usb)
    (line,) = [x for x in rule.read_text().splitlines() if not x.startswith("#")]
    assert 'ATTRS{idVendor}=="1a86", ATTRS{idProduct}=="7523", ATTRS{serial}=="A10KJ3NP"' in line
    assert 'SYMLINK+="lobby-sign", GROUP="lobby", MODE="0660"' in line
    assert "không có gì thay đổi" in install(source, root, *usb).stdout
    assert "không có gì thay đổi" in install(source, root).stdout
    assert "A10KJ3NP" in rule.read_text()
    refused = subprocess.run(
        [str(source / "scripts/install.sh"), "--root", str(root), "--sign-usb", "ttyUSB0"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert refused.returncode == 2 and "1a86:7523" in refused.stderr


def test_an_upgrade_backs_the_store_up_first_and_says_how_to_roll_back(machine, tmp_path):
    root = machine["root"]
    store = Store.open(f"sqlite:///{root / DATA / 'lobby.db'}")
    visit = make_visit(1)
    store.record_visit(visit)
    store.close()
    newer = tmp_path / "newer"
    shutil.copytree(machine["source"], newer)
    (newer / "README.md").write_text("# A newer version\n", encoding="utf-8")
    (newer / "docs/admin-behind-proxy.md").unlink()

    done = install(newer, root)

    assert f"Đã sao lưu kho dữ liệu vào {root}/var/lib/congso-lobby/backups/lobby-" in done.stdout
    assert "sudo congso-lobby-admin restore /var/lib/congso-lobby/backups/lobby-" in done.stdout
    (backup,) = (root / DATA / "backups").glob("lobby-*.sqlite")
    held = sqlite3.connect(f"file:{backup}?mode=ro", uri=True)
    assert held.execute("SELECT count(*) FROM visits WHERE id = ?", (visit.id,)).fetchone() == (1,)
    held.close()
    app = root / "opt/congso-lobby/app"
    assert (app / "README.md").read_text(encoding="utf-8") == "# A newer version\n"
    assert not (app / "docs/admin-behind-proxy.md").exists()
    assert "không có gì thay đổi" in install(newer, root).stdout


def test_an_upgrade_whose_backup_fails_stops_before_changing_anything(machine, tmp_path):
    root = machine["root"]
    database = root / DATA / "lobby.db"
    good = database.read_bytes()
    database.write_bytes(b"not a database" * 1000)
    app = root / "opt/congso-lobby/app"
    before = tree_state(app)
    newer = tmp_path / "newer"
    shutil.copytree(machine["source"], newer)
    (newer / "README.md").write_text("# Yet another version\n", encoding="utf-8")
    try:
        done = subprocess.run(
            [str(newer / "scripts/install.sh"), "--root", str(root), "--venv-from", sys.prefix],
            env={**os.environ, "PYTHON": sys.executable},
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
    finally:
        database.write_bytes(good)
    assert done.returncode == 1
    assert "không sao lưu được kho dữ liệu: chưa nâng cấp, chưa thay đổi gì" in done.stderr
    assert tree_state(app) == before


def test_the_uninstaller_removes_what_the_installer_put_there(machine):
    root, source, before = machine["root"], machine["source"], machine["before"]
    kept = run(source / "scripts/uninstall.sh", "--root", str(root))
    left = set(tree_state(root)) - set(before)
    assert left and all(p.startswith(("etc/congso-lobby", DATA)) for p in left), sorted(left)
    assert "giữ lại" in kept.stdout
    run(source / "scripts/uninstall.sh", "--root", str(root), "--purge")
    assert tree_state(root) == before
