"""Every answer of a period as rows for a spreadsheet, formatted by the database itself.

One SQL join (visits, answers, officials, units, counters) gives one row per answer, oldest visit
first. The database also formats the cells: dates in the office's time zone, channels and yes/no
in Vietnamese, and text a spreadsheet could read as a formula (starting with = + - @ …) prefixed
with a single quote. On PostgreSQL the CSV is the server's own ``COPY … TO STDOUT``; on SQLite
the rows go straight from the driver's cursor to ``csv.writer``. Either way the rows are streamed:
memory stays flat for a year of a million visits.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import Engine

# A spreadsheet treats a cell starting with one of these as a formula (OWASP CSV injection);
# the full-width forms are included because some spreadsheets normalise them.
FORMULA_STARTS = "=+-@\t\r\n＝＋－＠"
CHANNEL_LABELS = {"kiosk": "Máy đánh giá", "paper": "Phiếu giấy", "web": "Trang web"}
HEADER = (
    "Mã lượt",
    "Thời gian",
    "Ngày",
    "Thiết bị",
    "Kênh",
    "Mã cán bộ",
    "Cán bộ",
    "Đơn vị",
    "Quầy",
    "Mã hồ sơ",
    "Mã câu hỏi",
    "Câu hỏi",
    "Mức đánh giá",
    "Hài lòng",
    "Bấm lặp",
)
# For a sheet: the columns unique to a visit (its id, the dossier code typed at the kiosk),
# written inline; the other texts repeat and go to the shared-strings table.
INLINE_COLUMNS = (0, 9)
# Characters XML 1.0 cannot hold (dropped from a sheet's text), as a character class's ranges
# (NUL never reaches SQL text).
CONTROL_CHARS = "\x01-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff"
BATCH_ROWS = 5000
CHUNK_BYTES = 1 << 16
EXCEL_EPOCH_JULIAN = 2415018.5  # julianday('1899-12-30'): Excel's day 0 (dates after 1900-03-01)


def fixed_offset(tz_name: str, first: date, last: date) -> int | None:
    """Return the time zone's UTC offset in seconds if it is the same on every day of the
    period (a day wider each side), else None (a zone changing its clocks in the period)."""
    tz = ZoneInfo(tz_name)
    offsets = {
        datetime.combine(first + timedelta(days=n), time(12), tz).utcoffset()
        for n in range(-1, (last - first).days + 2)
    }
    if len(offsets) != 1:
        return None
    return int(offsets.pop().total_seconds())


class _Sql:
    """The pieces of the export's SELECT in one database's dialect."""

    def __init__(self, dialect: str, tz_name: str, offset: int | None) -> None:
        self.dialect = dialect
        self.tz_name = tz_name
        self.offset = offset  # None: SQLite with a zone changing its clocks (see _local_times)

    def param(self, name: str) -> str:
        return f"%({name})s" if self.dialect == "postgresql" else f":{name}"

    def safe(self, column: str) -> str:
        """The column as text, '' for NULL, a quote before a formula's first character."""
        if self.dialect == "postgresql":
            starts = ", ".join(f"'{c}'" for c in FORMULA_STARTS)
            formula = f"left({column}, 1) IN ({starts})"
        else:  # GLOB, the cheapest test in SQLite ("-" last in the class stands for itself)
            formula = f"{column} GLOB '[{FORMULA_STARTS.replace('-', '')}-]*'"
        return f"CASE WHEN {formula} THEN '''' || {column} ELSE coalesce({column}, '') END"

    def xml(self, column: str) -> str:
        """Like ``safe``, escaped for XML text (replaced only where a special character is)."""
        text = self.safe(column)
        escaped = text
        for raw, entity in (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;")):
            escaped = f"replace({escaped}, '{raw}', '{entity}')"
        if self.dialect == "postgresql":
            special = f"{column} ~ '[&<>]'"
        else:
            special = f"{column} GLOB '*[&<>]*'"
        return f"CASE WHEN {special} THEN {escaped} ELSE {text} END"

    def has_control(self, column: str) -> str:
        """1 when the text holds a character XML cannot hold, else 0."""
        chars = CONTROL_CHARS
        if self.dialect == "postgresql":
            return f"CASE WHEN {column} ~ '[{chars}]' THEN 1 ELSE 0 END"
        return f"CASE WHEN {column} GLOB '*[{chars}]*' THEN 1 ELSE 0 END"

    def local_time_text(self) -> str:
        if self.dialect == "postgresql":
            local = f"(v.created_at AT TIME ZONE 'UTC' AT TIME ZONE {self.param('tz')})"
            return f"to_char({local}, 'DD/MM/YYYY HH24:MI:SS')"
        if self.offset is None:
            return "v.created_at"
        return f"strftime('%d/%m/%Y %H:%M:%S', v.created_at, '{self.offset:+d} seconds')"

    def day_text(self) -> str:
        if self.dialect == "postgresql":
            return "to_char(v.local_day, 'DD/MM/YYYY')"
        return "strftime('%d/%m/%Y', v.local_day)"

    def local_time_serial(self) -> str:
        """The visit's local time as an Excel serial number, to the second."""
        if self.dialect == "postgresql":
            local = f"(v.created_at AT TIME ZONE 'UTC' AT TIME ZONE {self.param('tz')})"
            return f"round(extract(epoch from {local}))::float8 / 86400 + 25569"
        if self.offset is None:
            return "v.created_at"
        seconds = (
            f"round((julianday(v.created_at, '{self.offset:+d} seconds')"
            f" - {EXCEL_EPOCH_JULIAN}) * 86400)"
        )
        return f"{seconds} / 86400.0"

    def day_serial(self) -> str:
        if self.dialect == "postgresql":
            return "(v.local_day - DATE '1899-12-30')"
        return f"CAST(julianday(v.local_day) - {EXCEL_EPOCH_JULIAN} AS INTEGER)"

    @staticmethod
    def channel() -> str:
        cases = " ".join(f"WHEN '{code}' THEN '{label}'" for code, label in CHANNEL_LABELS.items())
        return f"CASE v.channel {cases} ELSE v.channel END"

    @staticmethod
    def yes(column: str) -> str:
        return f"CASE WHEN {column} THEN 'Có' ELSE 'Không' END"


_TEXT_SOURCES = (
    "v.id",
    None,
    None,
    "v.device_id",
    None,
    "v.official_code",
    "o.full_name",
    "coalesce(u.name, v.unit_code)",
    "coalesce(c.name, v.counter_code)",
    "v.dossier_code",
    "a.question_key",
    "a.question_text",
    "a.level_label",
)
_FROM = (
    " FROM visits v JOIN answers a ON a.visit_id = v.id"
    " LEFT JOIN officials o ON o.id = v.official_id"
    " LEFT JOIN units u ON u.id = v.unit_id"
    " LEFT JOIN counters c ON c.id = v.counter_id"
)


def _where(sql: _Sql, one_site: bool = False) -> str:
    # The moments bound the days a day wider each side, so the database walks the
    # (created_at, id) index in order instead of sorting the whole period.
    site = f" AND v.site_id = {sql.param('site')}" if one_site else ""
    return (
        f" WHERE v.local_day >= {sql.param('first')} AND v.local_day <= {sql.param('last')}"
        f" AND v.created_at >= {sql.param('start')} AND v.created_at < {sql.param('end')}{site}"
        " ORDER BY v.created_at, v.id, a.position"
    )


def _select(sql: _Sql, for_xlsx: bool, one_site: bool = False) -> str:
    columns = []
    for position, source in enumerate(_TEXT_SOURCES):
        if source is not None and not for_xlsx:
            columns.append(sql.safe(source))
        elif source is not None:  # the few repeated texts are escaped once, as shared strings
            columns.append(sql.xml(source) if position in INLINE_COLUMNS else source)
        elif position == 1:
            columns.append(sql.local_time_serial() if for_xlsx else sql.local_time_text())
        elif position == 2:
            columns.append(sql.day_serial() if for_xlsx else sql.day_text())
        else:
            columns.append(sql.channel())
    columns += [sql.yes("a.satisfied"), sql.yes("v.is_repeat")]
    if for_xlsx:
        columns.append(sql.has_control("v.id || coalesce(v.dossier_code, '')"))
    return "SELECT " + ", ".join(columns) + _FROM + _where(sql, one_site)


def _params(dialect: str, tz_name: str, first: date, last: date) -> dict:
    tz = ZoneInfo(tz_name)
    start = datetime.combine(first - timedelta(days=1), time(0), tz).astimezone(ZoneInfo("UTC"))
    end = datetime.combine(last + timedelta(days=2), time(0), tz).astimezone(ZoneInfo("UTC"))
    start, end = start.replace(tzinfo=None), end.replace(tzinfo=None)
    if dialect == "sqlite":  # stored as SQLAlchemy writes DateTime and Date on SQLite
        return {
            "first": first.isoformat(),
            "last": last.isoformat(),
            "start": start.isoformat(sep=" "),
            "end": end.isoformat(sep=" "),
        }
    return {
        "first": first,
        "last": last,
        "start": start,
        "end": end,
        "tz": tz_name,
    }


RAW_COLUMNS = (
    "v.id, v.created_at, v.local_day, v.device_id, v.channel, v.official_code, o.full_name,"
    " coalesce(u.name, v.unit_code), coalesce(c.name, v.counter_code), v.dossier_code,"
    " a.question_key, a.question_text, a.level_label, a.satisfied, v.is_repeat"
)


def plain_statement(dialect: str, tz_name: str, first: date, last: date) -> tuple[str, dict]:
    """Return the export's join selecting the stored values as they are (no formatting): the
    baseline bench/bench_exports.py measures the export against."""
    sql = _Sql(dialect, tz_name, 0)
    return "SELECT " + RAW_COLUMNS + _FROM + _where(sql), _params(dialect, tz_name, first, last)


def _driver_rows(engine: Engine, statement: str, params: dict) -> Iterator[list[tuple]]:
    """Yield the statement's rows in batches from the driver's own cursor, in one snapshot."""
    with engine.connect() as connection:
        driver = connection.connection.dbapi_connection
        # PostgreSQL: a server-side cursor, or the driver would fetch every row at once.
        named = engine.dialect.name == "postgresql"
        cursor = driver.cursor("answer_export") if named else driver.cursor()
        try:
            cursor.execute(statement, params)
            while batch := cursor.fetchmany(BATCH_ROWS):
                yield batch
        finally:
            cursor.close()
            connection.rollback()


def _statement(engine: Engine, tz_name: str, first: date, last: date, for_xlsx: bool, site_id=None):
    dialect = engine.dialect.name
    if dialect not in ("sqlite", "postgresql"):
        raise ValueError(f"no answer export for the {dialect!r} database")
    offset = fixed_offset(tz_name, first, last) if dialect == "sqlite" else 0
    sql = _Sql(dialect, tz_name, offset)
    params = _params(dialect, tz_name, first, last)
    if site_id is not None:
        params["site"] = site_id
    return _select(sql, for_xlsx, site_id is not None), params, offset is None


def _local_times(batch: list[tuple], tz_name: str, for_xlsx: bool) -> list[tuple]:
    """Convert the raw UTC times of a batch here (SQLite cannot follow a zone's clock changes)."""
    tz, utc = ZoneInfo(tz_name), ZoneInfo("UTC")
    converted = []
    for row in batch:
        moment = datetime.fromisoformat(row[1]).replace(tzinfo=utc).astimezone(tz)
        if for_xlsx:
            local = moment.replace(tzinfo=None) - datetime(1899, 12, 30)
            value: object = round(local.total_seconds()) / 86400
        else:
            value = moment.strftime("%d/%m/%Y %H:%M:%S")
        converted.append((row[0], value, *row[2:]))
    return converted


def csv_bytes(
    engine: Engine, tz_name: str, first: date, last: date, site_id: int | None = None
) -> Iterator[bytes]:
    """Yield the answers of the office days ``first``..``last`` (of one site, or of every site)
    as CSV lines (UTF-8, no header), in pieces of about 64 KiB."""
    statement, params, python_times = _statement(
        engine, tz_name, first, last, for_xlsx=False, site_id=site_id
    )
    if engine.dialect.name == "postgresql":
        yield from _copy_csv(engine, statement, params)
        return
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    for batch in _driver_rows(engine, statement, params):
        writer.writerows(_local_times(batch, tz_name, False) if python_times else batch)
        yield buffer.getvalue().encode("utf-8")
        buffer.seek(0)
        buffer.truncate()


def _copy_csv(engine: Engine, statement: str, params: dict) -> Iterator[bytes]:
    """Yield PostgreSQL's ``COPY (statement) TO STDOUT`` in CSV, gathered into larger pieces."""
    with engine.connect() as connection:
        driver = connection.connection.dbapi_connection
        try:
            with (
                driver.cursor() as cursor,
                cursor.copy(f"COPY ({statement}) TO STDOUT WITH (FORMAT csv)", params) as copy,
            ):
                pending, size = [], 0
                for data in copy:
                    pending.append(bytes(data))
                    size += len(data)
                    if size >= CHUNK_BYTES:
                        yield b"".join(pending)
                        pending, size = [], 0
                if pending:
                    yield b"".join(pending)
        finally:
            connection.rollback()


def xlsx_rows(
    engine: Engine, tz_name: str, first: date, last: date, site_id: int | None = None
) -> Iterator[list[tuple]]:
    """Yield the answers of ``first``..``last`` (of one site, or of every site) in batches of
    tuples for a sheet, in HEADER's
    order: the visit id and dossier code escaped for XML and neutralised, the other texts as
    stored (or in Vietnamese: channel, yes/no), the time and the day as Excel serial numbers
    (local time), then 1 if the id or dossier code holds a character XML cannot hold."""
    statement, params, python_times = _statement(
        engine, tz_name, first, last, for_xlsx=True, site_id=site_id
    )
    for batch in _driver_rows(engine, statement, params):
        yield _local_times(batch, tz_name, True) if python_times else batch
