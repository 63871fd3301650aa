"""The overdue-endorsement rule, table by table: every flag, every boundary day."""

import datetime as dt

import pytest

from kmsheets.flags import SEVERITY, Flag, Rule, activity_flag, compute_flags
from kmsheets.messages import message
from kmsheets.model import Activity, Agency, Letter, Person, Programme

DAY = dt.date(2026, 12, 20)  # the activity; due_by = 13 Dec (lead 7); DUE_SOON from 10 Dec (warn 3)


def programme(*, status="planned", sent=dt.date(2026, 12, 1), endorsed=None, letters=True, staff=("P01", "P02")):
    agencies = {"AG00": Agency("AG00", "สำนักงานพัฒนาชุมชนจังหวัด", "พัฒนาการจังหวัด"),
                "AG01": Agency("AG01", "อบต.ท่าศาลา", "นายกองค์การบริหารส่วนตำบลท่าศาลา", phone="075-222222"),
                "AG02": Agency("AG02", "สำนักงานเกษตรอำเภอ", "เกษตรอำเภอท่าศาลา")}
    people = {"P01": Person("P01", "นางสาวสมใจ รักดี", "facilitator", "AG00"),
              "P02": Person("P02", "นายสมศักดิ์ มีสุข", "facilitator", "AG01"),
              "P03": Person("P03", "นายเกษตร ดีงาม", "facilitator", "AG02")}
    activities = {"A01": Activity("A01", "เวทีแลกเปลี่ยนเรียนรู้", DAY, status=status, staff=staff)}
    registry = {"A01/AG01": Letter("A01/AG01", "นศ ๐๐๑๗.๒/๑", 1, dt.date(2026, 12, 1), "A01", "AG01",
                                   people=("P02",), sent=sent, endorsed=endorsed)} if letters else {}
    return Programme(agencies, people, activities, registry)


def flags_on(today, language="en", **kwargs):
    found = compute_flags(programme(**kwargs), Rule(today, sender_agency="AG00"))
    return {(f.tab, f.key): (f.flag, f.said(language)) for f in found}


@pytest.mark.parametrize("today, kwargs, flag", [
    (dt.date(2026, 12, 1), {}, "WAITING"),
    (dt.date(2026, 12, 9), {}, "WAITING"),                  # the day before due_by - warn_days
    (dt.date(2026, 12, 10), {}, "DUE_SOON"),                # due_by - warn_days
    (dt.date(2026, 12, 13), {}, "DUE_SOON"),                # due_by itself
    (dt.date(2026, 12, 14), {}, "OVERDUE"),                 # the day after due_by
    (DAY, {}, "OVERDUE"),                                   # the activity day
    (DAY + dt.timedelta(days=1), {}, "MISSED"),             # the day after
    (dt.date(2026, 12, 1), {"sent": None}, "UNSENT"),
    (dt.date(2026, 12, 11), {"sent": None}, "DUE_SOON"),    # due soon comes before unsent
    (dt.date(2026, 12, 15), {"endorsed": dt.date(2026, 12, 14)}, "ENDORSED"),
    (DAY + dt.timedelta(days=5), {"endorsed": dt.date(2026, 12, 14)}, "ENDORSED"),
    (dt.date(2026, 12, 15), {"status": "cancelled"}, "CANCELLED"),
    (dt.date(2026, 12, 15), {"status": "cancelled", "endorsed": dt.date(2026, 12, 14)}, "CANCELLED"),
], ids=lambda v: str(v) if not isinstance(v, dict) else ",".join(v) or "-")
def test_letter_flag(today, kwargs, flag):
    assert flags_on(today, **kwargs)[("letters", "A01/AG01")][0] == flag
    assert flags_on(today, **kwargs)[("activities", "A01")][0] == flag


def test_notes_say_what_to_do_and_whom_to_call():
    notes = flags_on(dt.date(2026, 12, 16))
    assert notes[("letters", "A01/AG01")] == (
        "OVERDUE", "endorsement 3 days late: phone the นายกองค์การบริหารส่วนตำบลท่าศาลา 075-222222")
    soon = flags_on(dt.date(2026, 12, 11))[("letters", "A01/AG01")][1]
    assert soon.startswith("endorsement due by 13 Dec 2026 (2 days left)")
    assert flags_on(dt.date(2026, 12, 12))[("letters", "A01/AG01")][1].startswith(
        "endorsement due by 13 Dec 2026 (1 day left)")


def test_thai_notes_use_thai_digits_and_thai_dates():
    found = flags_on(dt.date(2026, 12, 16), language="th")
    assert found[("letters", "A01/AG01")][1] == "เลยกำหนดเกษียน ๓ วัน: โทรติดตาม นายกองค์การบริหารส่วนตำบลท่าศาลา 075-222222"
    assert flags_on(dt.date(2026, 12, 11), language="th")[("letters", "A01/AG01")][1].startswith(
        "ต้องเกษียนภายใน ๑๓ ธ.ค. ๖๙ (อีก ๒ วัน)")


def test_a_needed_letter_missing_from_the_registry_flags_the_activity():
    found = flags_on(dt.date(2026, 12, 1), letters=False)
    assert found[("activities", "A01")][0] == "NO_LETTER"
    assert "อบต.ท่าศาลา" in found[("activities", "A01")][1]


def test_no_letter_outranks_due_soon_but_not_overdue():
    staff = ("P01", "P02", "P03")  # AG02's letter is missing
    assert flags_on(dt.date(2026, 12, 1), staff=staff)[("activities", "A01")][0] == "NO_LETTER"
    assert flags_on(dt.date(2026, 12, 11), staff=staff)[("activities", "A01")][0] == "NO_LETTER"
    assert flags_on(dt.date(2026, 12, 15), staff=staff)[("activities", "A01")][0] == "OVERDUE"


def test_an_activity_held_today_still_needs_its_request():
    """A letter must follow even a phone call made that morning: the day itself is not past."""
    assert flags_on(DAY, letters=False)[("activities", "A01")][0] == "NO_LETTER"


def test_an_activity_shows_the_most_severe_of_its_letters_flags():
    """MISSED outranks CHANGED, which outranks OVERDUE, and so on down SEVERITY."""
    activity = programme().activities["A01"]
    rule = Rule(DAY, sender_agency="AG00")
    for worse, better in zip(SEVERITY, SEVERITY[1:]):
        letters = [Flag("letters", "A01/AG01", better, message("note_missed")),
                   Flag("letters", "A01/AG02", worse, message("note_missed"))]
        assert activity_flag(rule, activity, letters, [], programme()).flag == worse
    assert SEVERITY.index("MISSED") < SEVERITY.index("CHANGED") < SEVERITY.index("OVERDUE")


def test_past_activities_need_no_new_letter_and_own_staff_none_at_all():
    assert flags_on(DAY + dt.timedelta(days=1), letters=False)[("activities", "A01")] == ("", "")
    assert flags_on(dt.date(2026, 12, 1), letters=False, staff=("P01",))[("activities", "A01")] == ("", "")


def test_a_reminder_is_settled_when_its_request_is_endorsed():
    base = programme(endorsed=dt.date(2026, 12, 12))
    reminder = Letter("A01/AG01/R", "นศ ๐๐๑๗.๒/๒", 2, dt.date(2026, 12, 11), "A01", "AG01", kind="reminder")
    both = Programme(base.agencies, base.people, base.activities, {**base.letters, reminder.key: reminder})
    found = {f.key: f.flag for f in compute_flags(both, Rule(dt.date(2026, 12, 15), sender_agency="AG00"))}
    assert found["A01/AG01/R"] == "ENDORSED"
