"""A vote made on the kiosk's touchscreen appears in the admin's CSV export."""

from __future__ import annotations

import csv
import io

import pygame

from admin_web import create_app
from admin_web.accounts import create_account
from kiosk.app import KioskApp
from lobby import clock
from lobby.survey import load_survey
from tests.admin.helpers import Browser
from tests.kiosk_driver import Driver


def test_a_touch_vote_on_the_kiosk_is_in_the_csv_export(settings, store):
    pygame.display.init()
    try:
        surface = pygame.display.set_mode((1280, 800))
        survey = load_survey(settings.path(settings.kiosk.survey))
        visitor = Driver(KioskApp(settings, store, survey, surface))
        visitor.open_rating()
        visitor.touch(visitor.button_centre(3))  # "Không hài lòng"
    finally:
        pygame.display.quit()

    create_account(store, "lan", "mat-khau-rat-dai", "mat-khau-rat-dai")
    staff = Browser(create_app(settings=settings, store=store).test_client())
    staff.login("lan", "mat-khau-rat-dai")
    today = clock.local_day(clock.utcnow()).strftime("%d/%m/%Y")
    response = staff.get(f"/results/export.csv?from={today}&to={today}")

    assert response.status_code == 200
    body = response.get_data().decode("utf-8")
    assert body.startswith("\ufeff")
    header, *rows = list(csv.reader(io.StringIO(body.lstrip("\ufeff"))))
    assert len(rows) == 1
    assert rows[0][10:] == ["overall", survey.overall.text, "Không hài lòng", "Không", "Không"]
    assert visitor.app.device_id in rows[0]
    # The store kept a visit whose overall answer was not satisfied when it was given.
    day = clock.local_day(clock.utcnow())
    (visit,) = store.iter_visits(day, day)
    assert visit.id == rows[0][0] and visit.channel == "kiosk"
    assert (visit.overall.level_key, visit.overall.satisfied) == ("khong_hai_long", False)
