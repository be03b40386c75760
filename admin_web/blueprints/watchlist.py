"""The watchlist: officials and units rated under a threshold in a period (from the same figures
as the results pages), with acknowledgement, actions taken and their history; on a central server
of every site or of one (``?site=<code>``), each entry kept with its site."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectField, TextAreaField
from wtforms.fields.choices import SelectChoice

from admin_web.audit_log import audited_change
from admin_web.context import admin_state
from admin_web.periods import (
    KIND_LABELS,
    Period,
    PeriodError,
    current_period,
    custom_range,
    period_choices,
    resolve_period,
)
from admin_web.results_table import format_index, format_rate
from admin_web.site_picker import SiteView, site_view
from admin_web.site_scope import user_site_id
from lobby.store import Figures, WatchlistError
from lobby.store.watchlist import ACTION_KINDS, ACTION_LABELS, SUBJECT_KINDS

bp = Blueprint("watchlist", __name__, url_prefix="/watchlist")

MAX_PAGE_DAYS = 366
KIND_TITLES = {"official": "Cán bộ", "unit": "Đơn vị"}


@dataclass(frozen=True)
class Rule:
    """The watchlist's thresholds, from the settings."""

    rate: Decimal
    index: Decimal
    min_visits: int

    def reasons(self, figures: Figures) -> list[str]:
        """Return why these figures put a group on the watchlist (empty: they do not)."""
        if figures.answers < self.min_visits:
            return []
        return self.below(figures)

    def below(self, figures: Figures) -> list[str]:
        """Return which thresholds these figures are under, however few the visits."""
        found = []
        if figures.rate is not None and figures.rate < self.rate:
            found.append(f"tỷ lệ hài lòng {format_rate(figures.rate)} < {format_rate(self.rate)}")
        if figures.index is not None and figures.index < self.index:
            found.append(f"chỉ số {format_index(figures.index)} < {format_index(self.index)}")
        return found


@dataclass(frozen=True)
class Entry:
    """One official or unit on the watchlist of a period."""

    kind: str
    code: str
    name: str
    figures: Figures
    previous: Figures | None
    reasons: tuple[str, ...]
    ack: object | None
    site_id: int | None = None


class ActionForm(FlaskForm):
    """An action taken about an entry: its kind and a note."""

    period = HiddenField()
    action = SelectField(
        "Biện pháp",
        choices=[SelectChoice(k, ACTION_LABELS[k]) for k in ACTION_KINDS],
        validate_choice=False,  # the store refuses an unknown kind with a message
    )
    note = TextAreaField("Ghi chú (đã làm gì, với ai)")


class AckForm(FlaskForm):
    """Acknowledging an entry: only the period and the CSRF token."""

    period = HiddenField()


def rule_from(settings) -> Rule:
    """Return the thresholds set in ``[watchlist]``."""
    section = settings.watchlist
    return Rule(
        Decimal(str(section.rate_threshold)),
        Decimal(str(section.index_threshold)),
        int(section.min_visits),
    )


def kind_figures(store, period: Period, kinds=SUBJECT_KINDS, site_id=None) -> dict[str, list]:
    """Return the figures of a period per official and per unit (of one site, or of every
    site), read once for the watchlist and its list of officials with few visits."""
    return {
        kind: store.report_figures(period.first, period.last, kind, site_id=site_id)
        for kind in kinds
    }


def entries(
    store,
    rule: Rule,
    period: Period,
    kinds=SUBJECT_KINDS,
    previous=True,
    site_id: int | None = None,
    figures_of: dict[str, list] | None = None,
) -> list[Entry]:
    """Return the watchlist of a period (of one site, or of every site): flagged officials,
    then units, lowest rate first (``figures_of``: the period's kind_figures, if read)."""
    acks = store.watchlist_site_acks(period.code, site_id)
    before = period.previous()
    figures_of = figures_of or kind_figures(store, period, kinds, site_id)
    found = []
    for kind in kinds:
        figures = figures_of[kind]
        flagged = [(f, rule.reasons(f)) for f in figures if f.key is not None]
        flagged = [(f, why) for f, why in flagged if why]
        earlier = {}
        if previous and flagged:
            # The period before, of the flagged subjects' sites only (few, as a rule).
            sites = {"site_ids": {f.site_id for f, _why in flagged}} if site_id is None else {}
            earlier = {
                (f.key, f.site_id): f
                for f in store.report_figures(
                    before.first, before.last, kind, site_id=site_id, **sites
                )
            }
        for f, why in flagged:
            found.append(
                Entry(
                    kind,
                    f.key,
                    f.label or f.key,
                    f,
                    earlier.get((f.key, f.site_id)),
                    tuple(why),
                    acks.get((f.site_id, kind, f.key)),
                    f.site_id,
                )
            )
    return sorted(found, key=lambda e: (kinds.index(e.kind), e.figures.rate or 0, e.name))


@dataclass(frozen=True)
class FewVisits:
    """An official or unit under a threshold with too few visits to be on the watchlist."""

    kind: str
    name: str
    figures: Figures
    reasons: tuple[str, ...]


def under_min_visits(
    store,
    rule: Rule,
    period: Period,
    kinds=SUBJECT_KINDS,
    view: SiteView | None = None,
    figures_of: dict[str, list] | None = None,
) -> list[FewVisits]:
    """Return the officials, then units, under a threshold in a period but with fewer than the
    minimum visits: shown apart, so an empty watchlist does not hide them."""
    view = view or SiteView()
    figures_of = figures_of or kind_figures(store, period, kinds, view.site_id)
    found = []
    for kind in kinds:
        for f in figures_of[kind]:
            why = rule.below(f)
            if f.key is not None and why and f.answers < rule.min_visits:
                found.append(
                    FewVisits(kind, view.label(f.label or f.key, f.site_id), f, tuple(why))
                )
    return sorted(found, key=lambda e: (kinds.index(e.kind), e.figures.rate or 0, e.name))


def unacknowledged_count(state, site_id: int | None = None) -> int:
    """Return how many entries of this quarter's watchlist (of one site, or of every site)
    nobody has acknowledged yet."""
    period = current_period("quarter", state.today())
    rule = rule_from(state.settings)
    flagged = entries(state.store, rule, period, previous=False, site_id=site_id)
    return sum(1 for entry in flagged if entry.ack is None)


def _period(args) -> Period:
    """Return the period asked for (a code, a kind, a range); this quarter when none is."""
    state = admin_state()
    code = (args.get("period") or "").strip()
    if ".." in code:  # a custom range's code, as links and forms carry it
        first, _, last = code.partition("..")
        try:
            return custom_range(date.fromisoformat(first), date.fromisoformat(last))
        except ValueError:
            raise PeriodError(f"Kỳ báo cáo không hợp lệ: “{code[:30]}”.") from None
    if not any(args.get(k) for k in ("period", "kind", "from", "to")):
        return current_period("quarter", state.today())
    return resolve_period(args, state.today(), max_days=MAX_PAGE_DAYS)


def _subject(kind: str, code: str, view: SiteView) -> tuple[int, str]:
    """Return the site and name of the entry's official or unit (404 if there is none in the
    site filtered to, or the code is ambiguous across sites without a filter)."""
    if kind not in SUBJECT_KINDS:
        abort(404)
    found = admin_state().store.watchlist_subject(kind, code, view.site_id)
    if found is None:
        abort(404)
    return found


def period_label(code: str) -> str:
    """Return a stored period code in words ("Quý III/2026"), or the code if unreadable."""
    try:
        return _period({"period": code}).label
    except PeriodError:
        return code


def _render(template: str, **context):
    context.setdefault("view", SiteView())
    return render_template(
        template,
        kind_titles=KIND_TITLES,
        period_label=period_label,
        format_rate=format_rate,
        format_index=format_index,
        **context,
    )


@bp.get("")
def index():
    """List the officials and units under a threshold in a period (this quarter by default)."""
    state = admin_state()
    view = site_view(state)
    rule = rule_from(state.settings)
    try:
        period = _period(request.args)
    except PeriodError as exc:
        page = _render(
            "watchlist/index.html",
            error=str(exc),
            rule=rule,
            kinds=KIND_LABELS,
            choices=period_choices(state.today()),
            view=view,
        )
        return page, 400
    figures = kind_figures(state.store, period, site_id=view.site_id)
    return _render(
        "watchlist/index.html",
        error=None,
        rule=rule,
        kinds=KIND_LABELS,
        period=period,
        previous=period.previous(),
        entries=entries(state.store, rule, period, site_id=view.site_id, figures_of=figures),
        few=under_min_visits(state.store, rule, period, view=view, figures_of=figures),
        choices=period_choices(state.today()),
        ack_form=AckForm(period=period.code),
        view=view,
    )


@bp.route("/<kind>/<code>", methods=["GET", "POST"])
def entry(kind: str, code: str):
    """One official or unit: its figures in the period, acknowledging, actions and history."""
    state = admin_state()
    view = site_view(state)
    site, name = _subject(kind, code, view)
    here = view.query_of(site)
    rule = rule_from(state.settings)
    try:
        period = _period(request.form if request.method == "POST" else request.args)
    except PeriodError:
        abort(404)
    form = ActionForm(period=period.code)
    error = None
    if form.validate_on_submit():
        try:
            with audited_change():
                before = state.store.watchlist_acks(period.code, site).get((kind, code))
                row = state.store.record_watchlist_action(
                    kind,
                    code,
                    period.code,
                    form.action.data or "",
                    form.note.data or "",
                    current_user.username,
                    site,
                )
                state.store.audit(
                    current_user.username,
                    "watchlist.action",
                    f"{kind}:{code}",
                    {"period": period.code, "acknowledged": before is not None},
                    {"period": period.code, "action": row.kind, "note": row.note},
                )
        except WatchlistError as exc:
            error = str(exc)
        else:
            flash(f"Đã ghi biện pháp “{row.kind_label}” cho {name}.", "success")
            return redirect(
                url_for("watchlist.entry", kind=kind, code=code, period=period.code, **here)
            )
    figures = [
        f
        for f in state.store.report_figures(period.first, period.last, kind, site_id=site)
        if f.key == code
    ]
    previous = period.previous()
    earlier = [
        f
        for f in state.store.report_figures(previous.first, previous.last, kind, site_id=site)
        if f.key == code
    ]
    current = figures[0] if figures else None
    return _render(
        "watchlist/entry.html",
        kind=kind,
        code=code,
        name=name,
        rule=rule,
        period=period,
        previous=previous,
        figures=current,
        before=earlier[0] if earlier else None,
        reasons=rule.reasons(current) if current else [],
        ack=state.store.watchlist_acks(period.code, site).get((kind, code)),
        history=state.store.watchlist_history(kind, code, site),
        form=form,
        ack_form=AckForm(period=period.code),
        error=error,
        view=view,
        here=here,
        site_name=view.names.get(site, "") if view.central else "",
    ), (422 if error else 200)


@bp.post("/<kind>/<code>/ack")
def acknowledge(kind: str, code: str):
    """Mark an entry as seen by a leader for its period."""
    view = site_view()
    site, name = _subject(kind, code, view)
    here = view.query_of(site)
    form = AckForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        period = _period(request.form)
    except PeriodError:
        abort(404)
    state = admin_state()
    with audited_change():
        done = state.store.acknowledge_watchlist(
            kind, code, period.code, current_user.username, site
        )
        if done:
            state.store.audit(
                current_user.username,
                "watchlist.acknowledge",
                f"{kind}:{code}",
                {"period": period.code, "acknowledged": False},
                {"period": period.code, "acknowledged": True},
            )
    if done:
        flash(f"Đã ghi nhận: {name} ({period.label}).", "success")
    else:
        flash(f"{name} đã được ghi nhận trước đó ({period.label}).", "success")
    target = request.form.get("back")
    if target == "entry":
        return redirect(
            url_for("watchlist.entry", kind=kind, code=code, period=period.code, **here)
        )
    # Back to the list the form was on: every site's, or one site's.
    listed = request.form.get("listed_site", "").strip()[:32]
    back = {"site": listed} if listed else {}
    return redirect(url_for("watchlist.index", period=period.code, **back))


@bp.app_template_global("watchlist_unacknowledged")
def _unacknowledged_for_templates() -> int:
    """Template helper for the front page's tile (computed only where a template asks): the
    user's own site's entries, or every site's for a province-wide user."""
    return unacknowledged_count(admin_state(), user_site_id())
