"""The survey editor keeps the survey's switches: rating on the idle screen, the rest asked only
after a low rating, and "Không áp dụng" on a criterion survive a save made from the page as
shown (each one labelled in Vietnamese with its help text)."""

from __future__ import annotations

from dataclasses import replace
from html.parser import HTMLParser

from lobby.survey import Question, survey_from_text, survey_to_toml
from tests.admin.helpers import csrf_from


class FormFields(HTMLParser):
    """The fields a browser would post from the page's survey form, as the page fills them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.fields: dict[str, str] = {}
        self.labels: dict[str, str] = {}
        self._select: str | None = None
        self._textarea: str | None = None
        self._label: str | None = None
        self._in_form = False

    def handle_starttag(self, tag, attrs):
        """Collect inputs, the selected options, textareas and labels inside the survey form."""
        a = dict(attrs)
        if tag == "form" and a.get("id") == "survey-form":
            self._in_form = True
        if not self._in_form:
            return
        name = a.get("name")
        if tag == "input" and name and a.get("type") != "submit":
            if a.get("type") != "checkbox" or "checked" in a:
                self.fields[name] = a.get("value") or ""
        elif tag == "select":
            self._select = name
        elif tag == "option" and self._select and "selected" in a:
            self.fields[self._select] = a.get("value") or ""
        elif tag == "textarea":
            self._textarea = name
            self.fields[name] = ""
        elif tag == "label":
            self._label = a.get("for")
            self.labels[self._label] = ""

    def handle_endtag(self, tag):
        """Close a select, textarea, label or the form."""
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "label":
            self._label = None
        elif tag == "form":
            self._in_form = False

    def handle_data(self, data):
        """Keep a textarea's text and a label's words."""
        if self._textarea:
            self.fields[self._textarea] += data
        if self._label:
            self.labels[self._label] += data


def page_fields(html: str) -> FormFields:
    """Return the survey form of an editor page."""
    parser = FormFields()
    parser.feed(html)
    return parser


def with_switches(survey):
    """Return ``survey`` with every switch on: a second criterion allowing "Không áp dụng"."""
    on_time = Question("dung_hen", "Hồ sơ được trả đúng hẹn không?", survey.overall.levels, True)
    return replace(
        survey,
        questions=(survey.overall, on_time),
        rate_on_idle=True,
        rest_after_low=True,
    )


def test_a_survey_with_its_switches_round_trips_through_the_editor(staff, store, current):
    survey, _ = current
    switched = with_switches(survey)
    first = store.add_survey_version(switched.id, survey_to_toml(switched), "kiểm thử")
    page = staff.get("/survey").get_data(as_text=True)
    form = page_fields(page)
    assert form.fields.get("rate_on_idle") == "1" and form.fields.get("rest_after_low") == "1"
    assert form.fields.get("q-1-not_applicable") == "1"
    assert "q-0-not_applicable" not in form.labels, "the overall question has no such switch"
    assert form.labels["rate_on_idle"] == "Đánh giá ngay trên màn hình chờ"
    assert form.labels["rest_after_low"] == "Chỉ hỏi các câu sau khi chưa hài lòng"
    assert "Không áp dụng" in form.labels["q-1-not_applicable"]
    for hint in ("rate_on_idle-hint", "rest_after_low-hint", "q-1-not_applicable-hint"):
        assert f'id="{hint}"' in page and f'aria-describedby="{hint}"' in page
    # An edit of one label, saved from the page as shown: every switch is kept.
    data = dict(form.fields)
    data["q-0-l-0-label"] = "Rất hài lòng!"
    data |= {"action": "save", "csrf_token": csrf_from(page)}
    response = staff.client.post("/survey", data=data)
    assert response.status_code == 302, response.get_data(as_text=True)
    latest = store.latest_survey_version(switched.id)
    assert latest.version == first + 1
    saved = survey_from_text(latest.source, "saved")
    assert saved.rate_on_idle and saved.rest_after_low
    assert [q.not_applicable for q in saved.questions] == [False, True]
    levels = list(switched.overall.levels)
    levels[0] = replace(levels[0], label="Rất hài lòng!")
    overall = replace(switched.overall, levels=tuple(levels))
    assert saved == replace(switched, questions=(overall, switched.questions[1]))
    # Turned off on the page, they are off in the next version.
    page = staff.get("/survey").get_data(as_text=True)
    data = dict(page_fields(page).fields)
    for name in ("rate_on_idle", "rest_after_low", "q-1-not_applicable"):
        del data[name]
    data |= {"action": "save", "csrf_token": csrf_from(page)}
    assert staff.client.post("/survey", data=data).status_code == 302
    off = survey_from_text(store.latest_survey_version(switched.id).source, "off")
    assert not off.rate_on_idle and not off.rest_after_low
    assert not any(q.not_applicable for q in off.questions)


def test_the_version_page_says_which_switches_are_on(staff, store, current):
    survey, _ = current
    switched = with_switches(survey)
    version = store.add_survey_version(switched.id, survey_to_toml(switched), "kiểm thử")
    page = staff.get(f"/survey/versions/{version}").get_data(as_text=True)
    assert "<dt>Đánh giá ngay trên màn hình chờ</dt><dd>Có</dd>" in page
    assert "<dt>Chỉ hỏi các câu sau khi chưa hài lòng</dt><dd>Có</dd>" in page
    assert "có nút “Không áp dụng”" in page


def test_not_applicable_on_the_overall_question_is_refused_by_name(staff, store, current):
    survey, _ = current
    page = staff.get("/survey").get_data(as_text=True)
    data = dict(page_fields(page).fields)
    data |= {"q-0-not_applicable": "1", "action": "save", "csrf_token": csrf_from(page)}
    response = staff.client.post("/survey", data=data)
    assert response.status_code == 422
    assert "Câu hỏi 1: câu hỏi chung không có “Không áp dụng”" in response.get_data(as_text=True)
    assert store.latest_survey_version(survey.id) is None
