"""Try the central server on this machine: ``make central`` (or
``.venv/bin/python scripts/central_trial.py --config central.toml``).

Starts a throwaway PostgreSQL cluster (tests/pgserver.py, the one the tests use) on the port of
the config's ``[store] url``, creates its database, migrates it, offers to create an
administrator (only with a password the operator types: there is no default password), then
serves the admin web with ``[central] role = "central"`` until Ctrl+C; the cluster and its data
are deleted at the end. Not for production: docs/central-server.md says how to set one up.
"""

from __future__ import annotations

import argparse
import getpass
import signal
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from sqlalchemy.engine import make_url  # noqa: E402

from lobby.settings import CONFIG_EXIT_STATUS, ConfigError, load_settings  # noqa: E402
from tests.pgserver import PostgresServer, PostgresUnavailable  # noqa: E402

ADMIN = "admin"


def admin_command(config: str, *args: str, **options) -> subprocess.CompletedProcess:
    """Run ``python -m admin_web --config CONFIG ARGS`` and return it finished."""
    command = [sys.executable, "-m", "admin_web", "--config", config, *args]
    return subprocess.run(command, cwd=ROOT, check=False, **options)


def offer_admin(config: str) -> None:
    """Create the administrator ``admin`` if the operator types a password for it."""
    if not sys.stdin.isatty():
        print(
            "(không có bàn phím: bỏ qua tạo tài khoản; dùng đường dẫn thiết lập lần đầu bên dưới)"
        )
        return
    print(f"Tạo tài khoản quản trị “{ADMIN}” cho bản dùng thử: gõ mật khẩu (Enter để bỏ qua).")
    password = getpass.getpass("Mật khẩu: ")
    if not password:
        print("Bỏ qua: trang quản trị in đường dẫn thiết lập lần đầu để tạo tài khoản.")
        return
    confirm = getpass.getpass("Nhập lại mật khẩu: ")
    admin_command(config, "create-admin", ADMIN, input=f"{password}\n{confirm}\n", text=True)


def main() -> int:
    """Start the cluster, migrate, offer an administrator, serve; return the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--config", default="central.toml", help="the central server's config")
    args = parser.parse_args()
    try:
        settings = load_settings(args.config)
    except ConfigError as exc:
        print(exc, file=sys.stderr)
        return CONFIG_EXIT_STATUS
    url = make_url(settings.store_url)
    if settings.central.role != "central" or url.get_backend_name() != "postgresql":
        print(
            f'{args.config}: cần [central] role = "central" và [store] url PostgreSQL.',
            file=sys.stderr,
        )
        return CONFIG_EXIT_STATUS
    server = PostgresServer()
    server.port = url.port or 5432
    try:
        server.start()
    except PostgresUnavailable as exc:
        print(f"Không khởi động được PostgreSQL: {exc}", file=sys.stderr)
        return 1
    try:
        import psycopg

        with psycopg.connect(server.url("postgres"), autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{url.database}"')
        print(f"PostgreSQL dùng thử: {url.render_as_string(hide_password=True)}", flush=True)
        if admin_command(args.config, "migrate").returncode != 0:
            return 1
        offer_admin(args.config)
        host, port = settings.admin.host, settings.admin.port
        print(f"Máy chủ trung tâm: http://{host}:{port}/ (Ctrl+C để dừng)", flush=True)
        print(
            f"Tạo cơ quan: .venv/bin/python -m admin_web --config {args.config}"
            ' create-site xa-thu "UBND xã Thử"',
            flush=True,
        )
        serving = subprocess.Popen(
            [sys.executable, "-m", "admin_web", "--config", args.config, "serve"], cwd=ROOT
        )
        # Ctrl+C or SIGTERM (also when started in the background, where SIGINT is ignored):
        # stop the admin, then the cluster.
        for signum in (signal.SIGINT, signal.SIGTERM):
            signal.signal(signum, lambda _signum, _frame: serving.terminate())
        serving.wait()
        return 0
    finally:
        server.stop()
        print("Đã dừng và xoá PostgreSQL dùng thử.", flush=True)


if __name__ == "__main__":
    sys.exit(main())
