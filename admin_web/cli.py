"""Command line: ``python -m admin_web [--config PATH] [serve | create-admin USERNAME |
create-user USERNAME --role ROLE | import-officials FILE.csv |
demo-data [--responses N] [--seed S] [--force] | backup [FILE] | restore FILE | migrate |
create-site CODE NAME | maintain]``."""

from __future__ import annotations

import argparse
import gc
import getpass
import logging
import os
import signal
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from sqlalchemy.exc import SQLAlchemyError

from admin_web.accounts import AccountError, account_view, create_account
from admin_web.app import create_app
from admin_web.roles import ROLE_LABELS, ROLES
from admin_web.server import make_server
from admin_web.setup import display_host, setup_link_message, tls_notice
from lobby.backup import BackupError, make_backup, restore_backup
from lobby.demo_data import RealVisitsPresent, write_demo_data
from lobby.file_modes import secure_store_files
from lobby.officials_csv import OfficialsCsvError, read_officials_csv
from lobby.settings import CONFIG_EXIT_STATUS, DEFAULT_CONFIG_PATH, ConfigError, load_settings
from lobby.store import Store, StoreError

FAILURE = 1
ASSETS = Path(__file__).resolve().parent.parent / "assets"


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser of the admin web's command line."""
    parser = argparse.ArgumentParser(
        prog="python -m admin_web",
        description="Trang quản trị (admin web) của phần mềm sảnh chờ.",
    )
    parser.add_argument(
        "--config", default=DEFAULT_CONFIG_PATH, help="config file (default: config.toml)"
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    serve = commands.add_parser(
        "serve", help="serve the admin web on [admin] host and port (default)"
    )
    serve.add_argument(
        "--exit-with-parent",
        action="store_true",
        help="stop when the process that started this one ends (run_kiosk.py uses it)",
    )
    create = commands.add_parser(
        "create-admin",
        help="create an administrator; the password is read twice (from standard input if piped)",
    )
    create.add_argument("username")
    user = commands.add_parser(
        "create-user",
        help="create an account with a role; the password is read twice (from standard input if"
        " piped)",
    )
    user.add_argument("username")
    user.add_argument("--role", required=True, choices=ROLES, help="admin, editor or leader")
    officials = commands.add_parser(
        "import-officials",
        help="add or update officials from a CSV file (code,name,title,unit,counter,photo)",
    )
    officials.add_argument("file", help="CSV file, UTF-8; photo paths relative to it")
    demo = commands.add_parser(
        "demo-data",
        help="fill the store with a demo office: units, counters, 300 officials and N visits",
    )
    demo.add_argument("--responses", type=int, default=20000, help="visits to add (default 20000)")
    demo.add_argument("--seed", type=int, default=1, help="same seed, same data (default 1)")
    demo.add_argument("--force", action="store_true", help="add even if real visits are stored")
    backup = commands.add_parser(
        "backup",
        help="write a checked copy of the store (SQLite: online backup while it is in use;"
        " PostgreSQL: pg_dump) into FILE or the [backup] folder, keeping the newest [backup] keep",
    )
    backup.add_argument("file", nargs="?", help="where to write it (default: the backup folder)")
    restore = commands.add_parser(
        "restore",
        help="replace the stopped SQLite store by a checked backup; the replaced store is kept"
        " beside it, renamed with the time",
    )
    restore.add_argument("file", help="a backup written by the backup command")
    commands.add_parser("migrate", help="bring the store up to this version's migrations")
    site = commands.add_parser(
        "create-site",
        help="on the central server: add a site (an office forwarding to it) and print its token"
        " once",
    )
    site.add_argument("code", help="short code of the site: lower-case letters, digits, '-'")
    site.add_argument("name", help='the office\'s name, e.g. "UBND xã Tân Phú"')
    commands.add_parser(
        "maintain",
        help="nightly, on the central server's PostgreSQL: rewrite the result tallies in key"
        " order (locks them while it runs) so the province's pages stay fast",
    )
    return parser


def read_password_twice(stdin: TextIO) -> tuple[str, str]:
    """Read a new password and its confirmation: hidden prompts on a terminal, else two lines."""
    if stdin.isatty():
        return getpass.getpass("Mật khẩu: "), getpass.getpass("Nhập lại mật khẩu: ")
    first, second = stdin.readline(), stdin.readline()
    if not first or not second:
        raise AccountError("Cần nhập mật khẩu hai lần, mỗi lần một dòng.")
    return first.rstrip("\r\n"), second.rstrip("\r\n")


def create_admin(settings, username: str, stdin: TextIO, role: str = "admin") -> int:
    """Create an account (an administrator unless ``role`` says otherwise); return the status."""
    try:
        password, confirm = read_password_twice(stdin)
        secure_store_files(settings)
        store = Store.open(settings.store_url, tz_name=settings.office.timezone)
        try:
            with store.unit_of_work():  # the account and its audit row, or neither
                user_id = create_account(store, username, password, confirm, role=role)
                row = store.get_user(user_id)
                after = account_view(row)
                store.audit("(dòng lệnh)", "user.create", f"user:{user_id}", None, after)
        finally:
            store.close()
    except (AccountError, StoreError) as exc:
        print(f"Không tạo được tài khoản: {exc}", file=sys.stderr)
        return FAILURE
    print(f"Đã tạo tài khoản {ROLE_LABELS[role].lower()} “{row.username}”.")
    return 0


def import_officials(settings, path: str) -> int:
    """Import officials from a CSV file in one transaction; return the process exit status."""
    try:
        rows = read_officials_csv(path)
    except OfficialsCsvError as exc:
        print(f"Không nhập được danh sách cán bộ: {exc}. Chưa nhập dòng nào.", file=sys.stderr)
        return CONFIG_EXIT_STATUS
    store = Store.open(settings.store_url, tz_name=settings.office.timezone)
    try:
        added, updated = store.upsert_officials(rows)
    except ValueError as exc:
        print(f"Không nhập được danh sách cán bộ: {exc}. Chưa nhập dòng nào.", file=sys.stderr)
        return CONFIG_EXIT_STATUS
    finally:
        store.close()
    print(f"Đã nhập {len(rows)} cán bộ: {added} thêm mới, {updated} cập nhật.")
    return 0


def progress_printer(stream: TextIO) -> Callable[[int, int], None]:
    """Return a progress callback: a bar redrawn in place on a terminal, else a line per 10 %."""
    shown = [-1]

    def show(done: int, total: int) -> None:
        share = done / total if total else 1.0
        if stream.isatty():
            filled = int(share * 30)
            bar = "#" * filled + "-" * (30 - filled)
            end = "\n" if done >= total else ""
            stream.write(f"\r[{bar}] {share:6.1%}  {done:,}/{total:,} lượt{end}")
        elif int(share * 10) > shown[0]:
            shown[0] = int(share * 10)
            stream.write(f"{share:.0%}: {done:,}/{total:,} lượt\n")
        stream.flush()

    return show


def demo_data(settings, responses: int, seed: int, force: bool) -> int:
    """Fill the store with demo data; return the exit status (2 when real visits are stored)."""
    if responses < 0:
        print("Số lượt (--responses) không được âm.", file=sys.stderr)
        return CONFIG_EXIT_STATUS
    base = Path(settings.path(settings.kiosk.survey)).read_text(encoding="utf-8")
    full = (ASSETS / "survey-full.toml").read_text(encoding="utf-8")
    secure_store_files(settings)
    store = Store.open(settings.store_url, tz_name=settings.office.timezone)
    try:
        summary = write_demo_data(
            store, base, full, responses, seed, force=force, progress=progress_printer(sys.stderr)
        )
    except RealVisitsPresent:
        print(
            "Kho dữ liệu đã có lượt đánh giá thật: không thêm dữ liệu mẫu để khỏi lẫn với số"
            " liệu thật. Dùng --force nếu thật sự muốn thêm.",
            file=sys.stderr,
        )
        return CONFIG_EXIT_STATUS
    finally:
        store.close()
    print(
        f"Đã thêm dữ liệu mẫu: {summary.officials} cán bộ, {summary.visits:,} lượt đánh giá,"
        f" {summary.answers:,} câu trả lời (khảo sát {summary.survey_key},"
        f" phiên bản {', '.join(map(str, summary.versions))})."
    )
    return 0


def _count(number: int) -> str:
    return f"{number:,}".replace(",", ".")


def _megabytes(size: int) -> str:
    return f"{size / 1_000_000:.1f}".replace(".", ",") + " MB"


def backup(settings, file: str | None) -> int:
    """Write a checked backup of the store; return the process exit status."""
    try:
        done = make_backup(settings, Path(file) if file else None)
    except BackupError as exc:
        print(f"Chưa sao lưu được: {exc}", file=sys.stderr)
        return FAILURE
    held = "" if done.visits is None else f", {_count(done.visits)} lượt đánh giá"
    revision = f", phiên bản dữ liệu {done.revision}" if done.revision else ""
    print(f"Đã sao lưu kho dữ liệu vào {done.path} ({_megabytes(done.size)}{held}{revision}).")
    print("Kiểm tra tệp sao lưu: tốt.")
    if done.removed:
        print(
            f"Đã xoá {len(done.removed)} bản sao lưu cũ (giữ {settings.backup.keep} bản mới nhất)."
        )
    return 0


def restore(settings, file: str) -> int:
    """Restore the stopped store from a backup; return the process exit status."""
    try:
        done = restore_backup(settings, Path(file))
    except BackupError as exc:
        print(f"Chưa khôi phục: {exc}", file=sys.stderr)
        return FAILURE
    print(
        f"Đã khôi phục kho dữ liệu từ {done.source} ({_count(done.visits)} lượt đánh giá,"
        f" phiên bản dữ liệu {done.revision})."
    )
    if done.kept_aside:
        print(f"Kho dữ liệu cũ được giữ lại ở {done.kept_aside}.")
    return 0


def migrate(settings) -> int:
    """Apply pending migrations to the store; return the process exit status."""
    from lobby.store import db

    secure_store_files(settings)
    engine = db.make_engine(settings.store_url)
    try:
        before = db.current_revision(engine)
        store = Store.open(settings.store_url, tz_name=settings.office.timezone)
        store.close()
        after = db.current_revision(engine)
    finally:
        engine.dispose()
    if before == after:
        print(f"Kho dữ liệu đã ở phiên bản mới nhất ({after}).")
    else:
        print(f"Đã nâng kho dữ liệu từ phiên bản {before or '(trống)'} lên {after}.")
    return 0


def create_site(settings, code: str, name: str) -> int:
    """Create a site on the central server and print its token once; return the exit status
    (2 for a code that is taken or malformed, or on a server that is not the central one)."""
    if settings.central.role != "central":
        print(
            "Chỉ tạo được cơ quan trên máy chủ trung tâm: tệp cấu hình phải có [central]"
            ' role = "central".',
            file=sys.stderr,
        )
        return CONFIG_EXIT_STATUS
    store = Store.open(settings.store_url, tz_name=settings.office.timezone)
    try:
        with store.unit_of_work():  # the site, its token and the audit row, or none of them
            row, token = store.create_site(code, name, "(dòng lệnh)")
            after = {"code": row.code, "name": row.name}
            store.audit("(dòng lệnh)", "site.create", f"site:{row.code}", None, after)
    except ValueError as exc:
        print(f"Không tạo được cơ quan: {exc}", file=sys.stderr)
        return CONFIG_EXIT_STATUS
    finally:
        store.close()
    print(f"Đã tạo cơ quan “{row.name}” (mã {row.code}).")
    print("Mã truy cập của cơ quan (chỉ hiện một lần, hãy chép ngay vào [central] token trong")
    print("tệp cấu hình của máy ở cơ quan đó):")
    print(token)
    return 0


def maintain(settings) -> int:
    """Rewrite the central store's result tallies in key order; return the exit status (0 with
    nothing to do on SQLite)."""
    from lobby.store import db
    from lobby.store.maintenance import order_tallies

    engine = db.make_engine(settings.store_url)
    try:
        seconds = order_tallies(engine)
    except SQLAlchemyError as exc:
        print(f"Không sắp xếp lại được bảng tổng hợp kết quả: {exc}", file=sys.stderr)
        return FAILURE
    finally:
        engine.dispose()
    if seconds is None:
        print("Kho SQLite không cần bảo trì này (chỉ máy chủ trung tâm dùng PostgreSQL cần).")
    else:
        print(f"Đã sắp xếp lại bảng tổng hợp kết quả theo khóa trong {seconds:.0f} giây.")
    return 0


def run_server(settings) -> int:
    """Serve the admin web in the foreground until Ctrl+C; return the process exit status."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    app = create_app(settings)
    # What start-up made lives as long as the server: kept out of the collector's full passes,
    # which otherwise walk it again in the middle of a big page (the province's watchlist).
    gc.collect()
    gc.freeze()
    host, port = settings.admin.host, settings.admin.port
    try:
        server = make_server(app, host, port)
    except OSError as exc:
        print(f"Không mở được cổng {host}:{port}: {exc}", file=sys.stderr)
        return FAILURE
    print(f"Trang quản trị: http://{display_host(host)}:{server.port}/", flush=True)
    notice = tls_notice(settings)
    if notice:
        print(notice, flush=True)
    message = setup_link_message(app, port=server.port)
    if message:
        print(message, flush=True)
    # A service manager stops us with SIGTERM: treat it like Ctrl+C so requests finish cleanly.
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        server.run()
    except (KeyboardInterrupt, SystemExit):
        pass
    finally:
        server.close()
    return 0


def _exit_with_parent(poll_seconds: float = 1.0) -> None:
    """Stop this server (as SIGTERM does) once the process that started it is gone, so a kiosk
    killed outright never leaves an admin holding the port its restart needs."""
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(poll_seconds)
        os.kill(os.getpid(), signal.SIGTERM)

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status (2 for a broken config)."""
    for stream in (sys.stdout, sys.stderr):
        # A Windows console may not speak UTF-8: never crash on a Vietnamese message.
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    args = build_parser().parse_args(argv)
    # Files this process creates (store, keys, var/) are for its owner only.
    if os.name == "posix":
        os.umask(0o077)
    try:
        settings = load_settings(args.config)
        if args.command == "create-admin":
            return create_admin(settings, args.username, sys.stdin)
        if args.command == "create-user":
            return create_admin(settings, args.username, sys.stdin, role=args.role)
        if args.command == "import-officials":
            return import_officials(settings, args.file)
        if args.command == "demo-data":
            return demo_data(settings, args.responses, args.seed, args.force)
        if args.command == "backup":
            return backup(settings, args.file)
        if args.command == "restore":
            return restore(settings, args.file)
        if args.command == "migrate":
            return migrate(settings)
        if args.command == "create-site":
            return create_site(settings, args.code, args.name)
        if args.command == "maintain":
            return maintain(settings)
        if getattr(args, "exit_with_parent", False):
            _exit_with_parent()
        return run_server(settings)
    except ConfigError as exc:
        print(exc, file=sys.stderr)
        return CONFIG_EXIT_STATUS
    except StoreError as exc:
        print(exc, file=sys.stderr)
        return FAILURE
