"""What the registry teaches, on a workbook with a known history (tests/workbooks.py HISTORY), against figures
worked out by hand: days from sent to endorsed, due dates at lead_days = 7, p90 as pandas' linear quantile."""

import dataclasses
import datetime as dt
import math

import pandas as pd
import pytest

from kmsheets.backends.xlsx import XlsxBackend
from kmsheets.config import WorkbookConfig
from kmsheets.lessons import AGENCY_COLUMNS, learned_lead_days, registry_lessons, suggested_lead_days
from kmsheets.model import Letter, Programme
from kmsheets.validate import validate
from workbooks import HISTORY_TODAY, history_grids, write_workbook


@pytest.fixture
def history(tmp_path):
    path = write_workbook(tmp_path / "history.xlsx", history_grids())
    validation = validate(XlsxBackend(path, WorkbookConfig(source=str(path))).read(), today=HISTORY_TODAY)
    assert validation.problems == ()
    return validation.programme


def rows(table):
    """The table as plain rows, NaN as None, so a comparison with hand-written rows is exact."""
    return [tuple(None if isinstance(v, float) and math.isnan(v) else v for v in row)
            for row in table.itertuples(index=False)]


def test_every_figure_per_agency(history):
    lessons = registry_lessons(history, lead_days=7, today=HISTORY_TODAY)
    assert tuple(lessons.agencies.columns) == AGENCY_COLUMNS
    assert rows(lessons.agencies) == [
        # AG01: days 2, 3, 5, 4, 2; every one endorsed by its due date (H03 and H06 on the day itself);
        # F01's request waits. p90 = 4 + 0.6 * (5 - 4) = 4.6, so lead_days 7 stays.
        ("AG01", "องค์การบริหารส่วนตำบลท่าศาลา", 6, 6, 5, 5, 0, 3.0, 4.6, 7),
        # AG02: days 8, 12, 16, 10, 14; late for H01, H04 and H07; H05 missed. p90 = 14 + 0.6 * 2 = 15.2 -> 16.
        ("AG02", "สำนักงานเกษตรอำเภอท่าศาลา", 7, 7, 5, 2, 1, 12.0, 15.2, 16),
        # AG03: days 6 and 9 only, so lead_days; C01 was cancelled (not missed); F02's request is unsent.
        ("AG03", "โรงพยาบาลส่งเสริมสุขภาพตำบลกลาย", 4, 3, 2, 2, 0, 7.5, 8.7, 7),
    ]


def test_every_figure_per_month(history):
    lessons = registry_lessons(history, lead_days=7, today=HISTORY_TODAY)
    assert rows(lessons.months) == [
        # month, requests, known, on_time, on_time_rate, missed, changes, cancellations
        ("2026-09", 4, 4, 3, 0.75, 0, 0, 0),   # AG02 late for H01
        ("2026-10", 5, 5, 3, 0.6, 1, 0, 0),    # AG02 late for H04, H05 missed
        ("2026-11", 5, 4, 3, 0.75, 0, 0, 0),   # AG02 late for H07; C01's request (cancelled) is not known
        ("2026-12", 3, 0, 0, None, 0, 0, 0),   # nothing due yet (F01 is due on 6 December)
    ]


def test_a_period_takes_the_letters_of_activities_in_it(history):
    lessons = registry_lessons(history, lead_days=7, today=HISTORY_TODAY, since=dt.date(2026, 10, 1),
                               until=dt.date(2026, 10, 31))
    assert rows(lessons.agencies) == [
        ("AG01", "องค์การบริหารส่วนตำบลท่าศาลา", 1, 1, 1, 1, 0, 5.0, 5.0, 7),
        ("AG02", "สำนักงานเกษตรอำเภอท่าศาลา", 3, 3, 2, 1, 1, 14.0, 15.6, 7),  # two endorsements in October only
        ("AG03", "โรงพยาบาลส่งเสริมสุขภาพตำบลกลาย", 1, 1, 1, 1, 0, 9.0, 9.0, 7),
    ]
    assert rows(lessons.months) == [("2026-10", 5, 5, 3, 0.6, 1, 0, 0)]


def test_json_has_exactly_the_agreed_keys_and_plain_values(history):
    document = registry_lessons(history, lead_days=7, today=HISTORY_TODAY).as_dict()
    assert set(document) == {"agencies", "months"}
    assert all(tuple(agency) == AGENCY_COLUMNS for agency in document["agencies"])
    assert document["agencies"][1]["suggested_lead_days"] == 16 and type(document["agencies"][1]["missed"]) is int
    assert document["months"][-1]["on_time_rate"] is None


def test_change_and_cancellation_notices_are_counted_by_month(history):
    notices = {"H06/AG02/C1": "change", "H07/AG01/C1": "change", "F02/AG03/X": "cancel"}
    letters = dict(history.letters)
    for key, kind in notices.items():
        activity, agency = key.split("/")[:2]
        letters[key] = dataclasses.replace(letters[f"{activity}/{agency}"], key=key, kind=kind, endorsed=None)
    lessons = registry_lessons(dataclasses.replace(history, letters=letters), lead_days=7, today=HISTORY_TODAY)
    assert [(m, r, c, x) for m, r, *_, c, x in rows(lessons.months)] == [
        ("2026-09", 4, 0, 0), ("2026-10", 5, 0, 0), ("2026-11", 5, 2, 0), ("2026-12", 3, 0, 1)]
    assert rows(lessons.agencies) == rows(registry_lessons(history, lead_days=7, today=HISTORY_TODAY).agencies)


def test_learned_lead_days_come_from_every_endorsed_request(history):
    assert learned_lead_days(history, 7) == {"AG00": 7, "AG01": 7, "AG02": 16, "AG03": 7}
    assert learned_lead_days(history, 10) == {"AG00": 10, "AG01": 10, "AG02": 16, "AG03": 10}
    assert learned_lead_days(history, 20)["AG02"] == 20  # never fewer than lead_days


def test_learning_leaves_out_what_says_nothing_of_speed(history):
    letters = dict(history.letters)
    # An endorsement typed before the sending date (validation warns) and one without a sent date: no speed.
    letters["H01/AG03"] = Letter("H01/AG03", "x/90", 90, dt.date(2026, 9, 1), "H01", "AG03", sent=dt.date(2026, 9, 5),
                                 endorsed=dt.date(2026, 9, 1))
    letters["H03/AG03"] = Letter("H03/AG03", "x/91", 91, dt.date(2026, 9, 1), "H03", "AG03",
                                 endorsed=dt.date(2026, 9, 30))
    # A reminder is not a request, whatever its dates.
    letters["H06/AG03/R"] = Letter("H06/AG03/R", "x/92", 92, dt.date(2026, 11, 1), "H06", "AG03", kind="reminder",
                                   sent=dt.date(2026, 11, 1), endorsed=dt.date(2026, 11, 30))
    programme = dataclasses.replace(history, letters=letters)
    assert learned_lead_days(programme, 7)["AG03"] == 7  # still two usable endorsements
    agency = registry_lessons(programme, lead_days=7, today=HISTORY_TODAY).agencies.set_index("agency_id").loc["AG03"]
    assert (agency["requests"], agency["endorsed"], agency["median_days"]) == (6, 4, 7.5)


def test_p90_rounds_up_to_whole_days_without_a_spurious_day():
    assert suggested_lead_days(pd.Series([10.0, 10.0, 10.0]), 7) == 10
    assert suggested_lead_days(pd.Series([8.0, 9.0, 10.0, 11.0, 15.0]), 7) == 14  # p90 = 11 + 0.6 * 4 = 13.4
    assert suggested_lead_days(pd.Series([30.0, 30.0, float("nan")]), 7) == 7  # two endorsements are too few


def test_an_empty_registry_gives_empty_tables():
    lessons = registry_lessons(Programme(), lead_days=7, today=HISTORY_TODAY)
    assert lessons.as_dict() == {"agencies": [], "months": []}
    assert learned_lead_days(Programme(), 7) == {}
