"""docs/adding-a-kiosk-step.md names files and code that exist: a rename that leaves the guide
behind fails here."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GUIDE = (ROOT / "docs" / "adding-a-kiosk-step.md").read_text(encoding="utf-8")

# What the guide tells a maintainer to change, as module and attribute path.
NAMED = [
    ("kiosk.flow", "Phase"),
    ("kiosk.flow", "STEPS"),
    ("kiosk.flow", "FOLLOW_UP"),
    ("kiosk.flow", "State"),
    ("kiosk.flow", "Flow.may_show"),
    ("kiosk.flow", "Flow._enabled"),
    ("kiosk.flow", "Flow._skip"),
    ("kiosk.flow", "Flow._confirm"),
    ("kiosk.flow", "Flow._edit"),
    ("kiosk.flow", "Flow._commit"),
    ("kiosk.intents", "CommitVisit"),
    ("kiosk.intents", "Edited"),
    ("kiosk.intents", "Picked"),
    ("kiosk.intents", "ToggleReason"),
    ("kiosk.phase_screens", "SCREENS"),
    ("kiosk.phase_screens", "SCREEN_NAMES"),
    ("kiosk.phase_screens", "_arguments"),
    ("kiosk.phase_screens", "screen_set"),
    ("kiosk.phase_screens", "make_screen"),
    ("kiosk.screens.step", "StepScreen.build"),
    ("kiosk.screens.step", "StepScreen.sync"),
    ("kiosk.screens.step", "StepScreen.draw_body"),
    ("kiosk.screens.keypad", "DossierScreen"),
    ("kiosk.visit_to_record", "build_visit"),
    ("lobby.survey", "survey_from_text"),
    ("lobby.survey", "survey_to_toml"),
    ("lobby.visit_record", "RETIRED_FIELDS"),
    ("lobby.visit_record", "VisitRecord.from_json"),
    ("lobby.visit_limits", "DOSSIER_MAX"),
    ("lobby.store.visits", "VisitRow"),
    ("admin_web.csv_export", "HEADER"),
    ("admin_web.csv_export", "answer_rows"),
    ("admin_web.blueprints.paper", "LIMITS"),
]


def test_every_file_the_guide_names_exists():
    paths = re.findall(r"`((?:kiosk|lobby|admin_web|assets|tests)/[\w/.\-]+)`", GUIDE)
    assert len(paths) > 25
    assert [path for path in paths if not (ROOT / path).exists()] == []


@pytest.mark.parametrize(("module", "name"), NAMED)
def test_the_code_the_guide_names_exists(module, name):
    assert name.rsplit(".", 1)[-1] in GUIDE
    found = importlib.import_module(module)
    for part in name.split("."):
        found = getattr(found, part)
