"""What a periodic evaluation report says: the results pages' figures for a period and the one
before it, the watchlist, and the periods that can be reported on.

Every number comes from ``store.report_figures`` (lobby/store/reports.py), the SQL behind the
results pages, so the report, the results page and the CSV export agree. On a central server a
report covers one site (``SiteView.site_id``) or every site, the province's report then with a
table of the sites.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

from admin_web.charts import distinct_labels
from admin_web.periods import Period, parse_period
from admin_web.results_table import format_index, format_rate, group_label
from admin_web.site_picker import SiteView
from lobby.clock import format_date
from lobby.store import report_context
from lobby.store.report_context import CaseCounts, Comment, ReportNotes
from lobby.store.reports import Figures, SiteSummary

# Only quarters, halves and years are reports; anything else is not a report's name.
_REPORT_CODE = re.compile(r"(\d{4})(?:-(Q[1-4]|H[12]))?")
ROMAN = ("I", "II", "III", "IV")

# Watchlist thresholds when the settings have no [watchlist] section (the registry's defaults).
DEFAULT_RATE_THRESHOLD = 70.0
DEFAULT_INDEX_THRESHOLD = 60.0
DEFAULT_MIN_VISITS = 20


COMMENT_CHARS = 220
# Phone numbers (9 to 12 digits, maybe spaced or dotted, maybe +84) are never quoted.
_PHONE = re.compile(r"(?:\+?84|0)(?:[\s.\-]?\d){8,11}\b|\d(?:[\s.\-]?\d){8,}")
LETTER_KINDS = {"xin_loi": "Thư xin lỗi", "cam_on": "Thư cảm ơn"}

# Characters XML 1.0 (so DOCX and XLSX) cannot hold.
_NOT_XML = re.compile("[\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\ufffe\\uffff]")


def xml_text(text: str) -> str:
    """Return ``text`` without the control characters a document cannot hold."""
    return _NOT_XML.sub("", text)


def report_period(code: str) -> Period | None:
    """Return the quarter, half year or year named by ``code`` ("2026-Q3", "2026-H1", "2026"),
    or None when the name is anything else (lower case, spaces, months, a year before 2000…)."""
    match = _REPORT_CODE.fullmatch(code)
    if match is None or not 2000 <= int(match.group(1)) <= 2099:
        return None
    period = parse_period(code)
    return period if period.kind in ("quarter", "half", "year") else None


def period_title(period: Period) -> str:
    """Return the period as written in a report's title ("Quý III năm 2026")."""
    year = period.first.year
    if period.kind == "quarter":
        return f"Quý {ROMAN[(period.first.month - 1) // 3]} năm {year}"
    if period.kind == "half":
        return f"6 tháng {'đầu' if period.first.month <= 6 else 'cuối'} năm {year}"
    return f"Năm {year}"


def rate_text(rate: Decimal | None) -> str:
    """Return a rate the Vietnamese way ("72,5%")."""
    return format_rate(rate)


def index_text(index: Decimal | None) -> str:
    """Return an index the Vietnamese way ("81,3")."""
    return format_index(index)


def change_text(now: Decimal | None, before: Decimal | None, unit: str = "") -> str:
    """Return the change between two figures ("+2,5 điểm %", "−1,0", "–" if one is missing)."""
    if now is None or before is None:
        return "–"
    delta = now - before
    sign = "+" if delta > 0 else ("−" if delta < 0 else "±")
    return f"{sign}{abs(delta):.1f}".replace(".", ",") + unit


@dataclass(frozen=True)
class Row:
    """One group of a table: the label shown, its figures and the previous period's."""

    label: str
    now: Figures
    before: Figures | None


@dataclass(frozen=True)
class WatchEntry:
    """An official or unit under a watchlist threshold, and what was done about it."""

    kind: str  # "official" or "unit"
    label: str
    figures: Figures
    reasons: str
    actions: tuple[str, ...] = ()


@dataclass
class ReportData:
    """Everything a report shows, gathered once for the DOCX and the XLSX."""

    period: Period
    previous: Period
    parent: str
    office: str
    today: date
    totals: Figures
    before: Figures
    satisfied_levels: tuple[str, ...]
    groups: dict[str, list[Row]] = field(default_factory=dict)
    watch: list[WatchEntry] = field(default_factory=list)
    watch_source: str = ""
    thresholds: tuple[float, float, int] = (0.0, 0.0, 0)
    repeats: int = 0
    cases: CaseCounts | None = None
    letters: dict[str, int] = field(default_factory=dict)
    reasons: list[tuple[str, int]] = field(default_factory=list)
    comments: list[Comment] = field(default_factory=list)
    notes: ReportNotes = field(default_factory=ReportNotes)
    site_name: str = ""  # the one site reported on, on a central server; "" otherwise
    sites: list[SiteSummary] = field(default_factory=list)  # the province's table of sites

    @property
    def title(self) -> str:
        """Return the period as written in the title ("Quý III năm 2026")."""
        return period_title(self.period)

    @property
    def about(self) -> str:
        """Return the title with the site reported on ("Quý III năm 2026 – Sở Tư pháp")."""
        return f"{self.title} – {self.site_name}" if self.site_name else self.title


def _rows(store, by: str, period: Period, previous: Period, view: SiteView) -> list[Row]:
    site = view.site_id
    now = store.report_figures(period.first, period.last, by, site_id=site)
    earlier = store.report_figures(previous.first, previous.last, by, site_id=site)
    before = {(f.key, f.site_id): f for f in earlier}
    labels = [view.label(group_label(by, f.key, f.label), f.site_id) for f in now]
    if by in ("official", "unit"):  # two officials of one name: their codes tell them apart
        labels = distinct_labels(labels, [f.key or "" for f in now])
    return [
        Row(label, f, before.get((f.key, f.site_id))) for label, f in zip(labels, now, strict=True)
    ]


def _rate_order(summary: SiteSummary) -> tuple:
    rate = summary.figures.rate
    return (rate is None, -(rate or 0), summary.name, summary.code)


def site_rows(store, period: Period, include_repeats: bool = False) -> list[SiteSummary]:
    """Return the province's table of sites for ``period``: visits, rate, index, the change
    against the previous period, open cases and letters sent; best rate first, sites without
    visits last."""
    previous = period.previous()
    found = store.site_summaries(
        period.first, period.last, (previous.first, previous.last), include_repeats=include_repeats
    )
    return sorted(found, key=_rate_order)


def thresholds(settings) -> tuple[float, float, int]:
    """Return the watchlist's (rate %, index, minimum visits), from [watchlist] when it exists."""
    section = getattr(settings, "watchlist", None)
    return (
        float(getattr(section, "rate_threshold", DEFAULT_RATE_THRESHOLD)),
        float(getattr(section, "index_threshold", DEFAULT_INDEX_THRESHOLD)),
        int(getattr(section, "min_visits", DEFAULT_MIN_VISITS)),
    )


def _under(figures: Figures, limits: tuple[float, float, int]) -> str:
    rate_limit, index_limit, least = limits
    if figures.answers < least:
        return ""
    reasons = []
    if figures.rate is not None and figures.rate < Decimal(str(rate_limit)):
        reasons.append(f"tỷ lệ hài lòng {rate_text(figures.rate)} < {_number(rate_limit)}%")
    if figures.index is not None and figures.index < Decimal(str(index_limit)):
        reasons.append(f"chỉ số {index_text(figures.index)} < {_number(index_limit)}")
    return "; ".join(reasons)


def _number(value: float) -> str:
    return (f"{value:.1f}".rstrip("0").rstrip(".")).replace(".", ",")


def _actions(
    store, kind: str, code: str, period: Period, site_id: int | None = None
) -> tuple[str, ...]:
    """Return the actions the watchlist recorded about a subject for periods inside ``period``."""
    found = []
    for action in reversed(store.watchlist_history(kind, code, site_id=site_id)):
        try:
            about = parse_period(action.period_code)
        except ValueError:
            continue
        if about.first <= period.last and about.last >= period.first:
            note = f": {action.note}" if action.note else ""
            found.append(f"{action.kind_label} ({format_date(action.at)}){note}")
    return tuple(found)


def _watch(store, settings, groups: dict[str, list[Row]], period: Period, limits, view):
    """Return the watchlist entries of the period and where they came from: the watchlist
    pages (their rule and recorded actions) when present, else the thresholds here."""
    try:
        from admin_web.blueprints.watchlist import entries, rule_from
    except ImportError:
        entries = None
    if entries is not None and hasattr(store, "watchlist_history"):
        found = entries(store, rule_from(settings), period, previous=False, site_id=view.site_id)
        return [
            WatchEntry(
                e.kind,
                view.label(e.name, e.site_id),
                e.figures,
                "; ".join(e.reasons),
                _actions(store, e.kind, e.code, period, e.site_id),
            )
            for e in found
        ], "watchlist"
    result = []
    for kind in ("official", "unit"):
        for row in groups[kind]:
            reasons = _under(row.now, limits)
            if reasons and row.now.key is not None:
                result.append(WatchEntry(kind, row.label, row.now, reasons))
    return result, "figures"


def period_counts(store, period: Period, site_id: int | None = None) -> tuple[int, int]:
    """Return the visits and answers of a period, repeats included (as in the raw data)."""
    return store.period_counts(period.first, period.last, site_id)


def report_years(store, site_id: int | None = None) -> list[int]:
    """Return the years that have visits, newest first."""
    return store.visit_years(site_id)


def anonymised(text: str, limit: int = COMMENT_CHARS) -> str:
    """Return a citizen's comment fit to quote: phone numbers masked, one line, at most
    ``limit`` characters (cut at a word, with "…")."""
    text = " ".join(xml_text(_PHONE.sub("[số điện thoại]", text)).split())
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(",.;:") + "…"


def _due_before(settings, today: date):
    """The moment before which an open case is overdue (the cases page's rule)."""
    from admin_web.blueprints.main import overdue_moment

    try:
        return overdue_moment(settings, today)
    except AttributeError:  # settings without [cases] (a bare namespace): the default 5 days
        return datetime.combine(today - timedelta(days=7), time(0), UTC)


def _context(
    store, settings, data: ReportData, reason_labels: dict[str, str], site: int | None = None
) -> None:
    """Add the cases, letters, reasons, comments and the leader's sections to ``data``."""
    first, last = data.period.first, data.period.last
    due = _due_before(settings, data.today)
    data.cases = report_context.case_counts(store, first, last, due, site_id=site)
    data.letters = report_context.letters_issued(store, first, last, site_id=site)
    data.reasons = [
        (reason_labels.get(key, key), n)
        for key, n in report_context.reason_counts(store, first, last, site_id=site)
    ]
    data.comments = [
        Comment(c.day, c.level, c.about, anonymised(c.text))
        for c in report_context.comment_sample(store, first, last, site_id=site)
    ]
    data.notes = report_context.report_notes(store, data.period.code, site_id=site)


def gather(
    store,
    settings,
    period: Period,
    today: date,
    satisfied_levels=(),
    reason_labels=None,
    view: SiteView | None = None,
) -> ReportData:
    """Return the figures of ``period`` and the previous period, grouped as the report shows,
    with the cases, letters, reasons and comments of the period (``reason_labels`` names the
    survey's reason keys); of the site ``view`` filters to, or of every site (on a central
    server with the table of sites)."""
    view = view or SiteView()
    site = view.site_id
    previous = period.previous()
    (totals,) = store.report_figures(period.first, period.last, site_id=site)
    (before,) = store.report_figures(previous.first, previous.last, site_id=site)
    groups = {
        by: _rows(store, by, period, previous, view)
        for by in ("unit", "official", "question", "channel")
    }
    limits = thresholds(settings)
    data = ReportData(
        period=period,
        previous=previous,
        parent=settings.office.parent,
        office=settings.office.name,
        today=today,
        totals=totals,
        before=before,
        satisfied_levels=tuple(satisfied_levels),
        groups=groups,
        thresholds=limits,
        repeats=store.count_repeats(period.first, period.last, site_id=site),
        site_name=view.site.name if view.site else "",
        sites=site_rows(store, period) if view.province else [],
    )
    data.watch, data.watch_source = _watch(store, settings, groups, period, limits, view)
    _context(store, settings, data, dict(reason_labels or {}), site)
    return data
