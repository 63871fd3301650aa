"""Letters follow the schedule (pure): every change after a letter was made, for unsent and sent letters alike.

One activity, A03 on 27 Dec 2026, asks AG01 for P02 and P03. The registry holds its request, with the facts
it stated. Then the schedule changes; the table says what the flags and the letter plan make of it.
"""

import dataclasses
import datetime as dt

import pytest

from kmsheets.chains import at_first_sight
from kmsheets.facts import Difference, difference, format_facts, parse_facts
from kmsheets.flags import Rule, compute_flags
from kmsheets.model import Activity, Agency, Facts, Letter, Person, Programme
from kmsheets.plan import plan_letters

TODAY = dt.date(2026, 12, 1)
DAY = dt.date(2026, 12, 27)
TOLD = Facts(DAY, "09.00-12.00 น.", "ศาลาหมู่บ้าน", ("P02", "P03"), "เวทีแลกเปลี่ยนเรียนรู้")


def programme(*, letters=(), **activity_changes) -> Programme:
    agencies = {a: Agency(a, f"หน่วยงาน {a}", f"หัวหน้า{a}", phone="075") for a in ("AG00", "AG01", "AG02")}
    people = {"P01": Person("P01", "นางสาวหนึ่ง", "facilitator", "AG00"),
              "P02": Person("P02", "นายสอง", "facilitator", "AG01"),
              "P03": Person("P03", "นางสาม", "facilitator", "AG01"),
              "P05": Person("P05", "นายห้า", "facilitator", "AG01")}
    activity = Activity("A03", TOLD.title, DAY, TOLD.time, place=TOLD.place, staff=("P01", "P02", "P03"))
    gone = activity_changes.pop("gone", False)
    activity = dataclasses.replace(activity, **activity_changes)
    return Programme(agencies, people, {} if gone else {"A03": activity}, {l.key: l for l in letters})


def letter(key="A03/AG01", serial=1, *, kind="request", sent=dt.date(2026, 11, 20), endorsed=None, facts=TOLD,
           issued=dt.date(2026, 11, 19)) -> Letter:
    return Letter(key, f"นศ/{serial}", serial, issued, "A03", "AG01", kind, facts.people if facts else (),
                  sent=sent, endorsed=endorsed, facts=facts)


def outcome(the_programme: Programme, today: dt.date = TODAY):
    """(flag of each registry row, flag of the activity, [(key, kind, remake) planned])."""
    the_programme, _ = at_first_sight(the_programme)
    found = compute_flags(the_programme, Rule(today, sender_agency="AG00"))
    letters = {f.key: f for f in found if f.tab == "letters"}
    activity = next((f for f in found if f.tab == "activities"), None)
    plan = plan_letters(the_programme, sender_agency="AG00", today=today,
                        flags={k: f.flag for k, f in letters.items()})
    return letters, activity, plan


NEW_DATE, NEW_TIME, NEW_PLACE = dt.date(2027, 1, 10), "13.00-16.00 น.", "วัดกลาง"
CHANGES = {
    "date": ({"date": NEW_DATE}, "วันที่ ๒๗ ธ.ค. ๖๙ → ๑๐ ม.ค. ๗๐", True),
    "time": ({"time": NEW_TIME}, "เวลา 09.00-12.00 น. → 13.00-16.00 น.", True),
    "place": ({"place": NEW_PLACE}, "สถานที่ ศาลาหมู่บ้าน → วัดกลาง", False),
    "person added": ({"staff": ("P01", "P02", "P03", "P05")}, "เพิ่ม นายห้า", True),
    "person withdrawn": ({"staff": ("P01", "P02")}, "ถอน นางสาม", False),
}


@pytest.mark.parametrize("change", CHANGES)
def test_an_unsent_letter_whose_facts_changed_is_flagged_and_made_again_under_its_number(change):
    edit, said, _ = CHANGES[change]
    letters, activity, plan = outcome(programme(letters=[letter(sent=None)], **edit))
    assert letters["A03/AG01"].flag == activity.flag == "CHANGED"
    assert letters["A03/AG01"].said("th").startswith(said)
    assert "ก่อนส่ง" in letters["A03/AG01"].said("th")
    assert [(n.key, n.kind, n.remake) for n in plan] == [("A03/AG01", "request", True)]
    assert plan[0].facts == difference(TOLD, plan[0].facts).after and difference(TOLD, plan[0].facts)


@pytest.mark.parametrize("change", CHANGES)
def test_a_sent_letter_whose_facts_changed_gets_one_change_notice(change):
    edit, said, asks = CHANGES[change]
    letters, activity, plan = outcome(programme(letters=[letter()], **edit))
    assert letters["A03/AG01"].flag == activity.flag == "CHANGED"
    assert said in letters["A03/AG01"].said("th") and "แจ้งเปลี่ยนแปลง" in letters["A03/AG01"].said("th")
    assert [(n.key, n.kind, n.follows, n.before) for n in plan] == [("A03/AG01/C1", "change", "A03/AG01", TOLD)]
    assert difference(plan[0].before, plan[0].facts).asks_endorsement is asks


def test_english_notes_say_the_change_in_english():
    letters, _, _ = outcome(programme(letters=[letter()], date=NEW_DATE, place=NEW_PLACE))
    assert letters["A03/AG01"].said("en").startswith(
        "date 27 Dec 2026 → 10 Jan 2027; place ศาลาหมู่บ้าน → วัดกลาง: this letter went out")


@pytest.mark.parametrize("sent", [None, dt.date(2026, 11, 20)], ids=["unsent", "sent"])
def test_every_person_of_the_agency_withdrawn(sent):
    letters, activity, plan = outcome(programme(letters=[letter(sent=sent)], staff=("P01",)))
    if sent is None:  # never told: simply not sent
        assert (letters["A03/AG01"].flag, letters["A03/AG01"].note.key) == ("CANCELLED", "note_do_not_send")
        assert plan == []
    else:
        assert (letters["A03/AG01"].flag, letters["A03/AG01"].note.key) == ("CHANGED", "note_withdrawn_notice_needed")
        assert activity.flag == "CHANGED"
        assert [(n.key, n.kind, n.reason, n.people, n.follows) for n in plan] == [
            ("A03/AG01/X", "cancel", "withdrawn", ("P02", "P03"), "A03/AG01")]


@pytest.mark.parametrize("edit", [{"status": "cancelled"}, {"gone": True}], ids=["cancelled", "row deleted"])
@pytest.mark.parametrize("sent", [None, dt.date(2026, 11, 20)], ids=["unsent", "sent"])
def test_the_activity_cancelled_or_removed(edit, sent):
    letters, activity, plan = outcome(programme(letters=[letter(sent=sent)], **edit))
    flag = letters["A03/AG01"]
    assert flag.flag == "CANCELLED"
    if sent is None:
        assert flag.note.key == "note_do_not_send" and plan == []
    else:
        assert flag.note.key == "note_cancel_notice_needed"
        assert [(n.key, n.kind, n.reason, n.facts) for n in plan] == [("A03/AG01/X", "cancel", "cancelled", TOLD)]
    if "status" in edit:
        assert activity.flag == "CANCELLED"
        assert ("หน่วยงาน AG01" in activity.said("th")) is (sent is not None)


def test_once_the_cancellation_notice_is_registered_nothing_more_is_needed():
    notice = letter("A03/AG01/X", 2, kind="cancel", sent=None, issued=dt.date(2026, 12, 1))
    letters, activity, plan = outcome(programme(letters=[letter(), notice], status="cancelled"))
    assert (letters["A03/AG01"].flag, letters["A03/AG01"].note.key) == ("CANCELLED", "note_cancelled_by")
    assert (letters["A03/AG01/X"].flag, letters["A03/AG01/X"].note.key) == ("UNSENT", "note_cancel_unsent")
    assert plan == [] and activity.note.key == "note_cancelled"
    sent = dataclasses.replace(notice, sent=dt.date(2026, 12, 2))
    letters, _, _ = outcome(programme(letters=[letter(), sent], status="cancelled"))
    assert letters["A03/AG01/X"].flag == "CANCELLED"


def change_notice(facts, *, n=1, sent=dt.date(2026, 12, 2), endorsed=None):
    return letter(f"A03/AG01/C{n}", 1 + n, kind="change", sent=sent, endorsed=endorsed, facts=facts,
                  issued=dt.date(2026, 12, 1))


def test_a_new_place_keeps_the_endorsement_a_new_day_asks_for_it_again():
    endorsed = letter(endorsed=dt.date(2026, 11, 25))
    moved = dataclasses.replace(TOLD, place=NEW_PLACE)
    letters, activity, plan = outcome(programme(letters=[endorsed, change_notice(moved)], place=NEW_PLACE))
    assert letters["A03/AG01"].flag == letters["A03/AG01/C1"].flag == activity.flag == "ENDORSED"
    assert plan == []
    later = dataclasses.replace(TOLD, date=NEW_DATE)
    letters, activity, plan = outcome(programme(letters=[endorsed, change_notice(later)], date=NEW_DATE))
    assert (letters["A03/AG01"].flag, letters["A03/AG01"].note.params["key"]) == ("SUPERSEDED", "A03/AG01/C1")
    assert letters["A03/AG01/C1"].flag == activity.flag == "WAITING"
    assert plan == []


def test_a_late_change_notice_that_asks_gets_the_reminder():
    later = dataclasses.replace(TOLD, date=dt.date(2026, 12, 10))
    letters, _, plan = outcome(programme(letters=[letter(), change_notice(later)], date=later.date),
                               today=dt.date(2026, 12, 5))
    assert letters["A03/AG01/C1"].flag == "OVERDUE" and letters["A03/AG01"].flag == "SUPERSEDED"
    assert [(n.key, n.follows) for n in plan] == [("A03/AG01/C1/R", "A03/AG01/C1")]


def test_a_second_change_after_a_notice_went_out_is_the_next_notice_from_what_that_one_said():
    later = dataclasses.replace(TOLD, date=NEW_DATE)
    letters, _, plan = outcome(programme(letters=[letter(), change_notice(later)], date=NEW_DATE,
                                         place=NEW_PLACE))
    assert letters["A03/AG01/C1"].flag == "CHANGED"
    assert [(n.key, n.before, n.follows) for n in plan] == [("A03/AG01/C2", later, "A03/AG01/C1")]


def test_an_unsent_change_notice_follows_the_schedule_and_is_void_when_it_goes_back():
    later = dataclasses.replace(TOLD, date=NEW_DATE)
    unsent = change_notice(later, sent=None)
    _, _, plan = outcome(programme(letters=[letter(), unsent], date=NEW_DATE, place=NEW_PLACE))
    assert [(n.key, n.remake, n.before) for n in plan] == [("A03/AG01/C1", True, TOLD)]
    letters, activity, plan = outcome(programme(letters=[letter(), unsent]))  # back to what the request said
    assert (letters["A03/AG01/C1"].flag, letters["A03/AG01/C1"].note.key) == ("CANCELLED", "note_do_not_send")
    assert letters["A03/AG01"].flag == activity.flag == "WAITING" and plan == []


def test_people_needed_again_after_a_cancellation_notice():
    notice = letter("A03/AG01/X", 2, kind="cancel", issued=dt.date(2026, 11, 25))
    letters, _, plan = outcome(programme(letters=[letter(), notice]))
    assert letters["A03/AG01/X"].flag == "CHANGED" and letters["A03/AG01"].flag == "CANCELLED"
    assert [(n.key, n.kind, n.people) for n in plan] == [("A03/AG01/C1", "change", ("P02", "P03"))]
    assert difference(plan[0].before, plan[0].facts).added == ("P02", "P03")


def test_rows_from_before_facts_were_kept_take_the_schedule_at_first_sight():
    letters, activity, plan = outcome(programme(letters=[letter(facts=None)], date=NEW_DATE))
    assert letters["A03/AG01"].flag == activity.flag == "WAITING" and plan == []
    _, recorded = at_first_sight(programme(letters=[letter(facts=None)], date=NEW_DATE))
    assert recorded["A03/AG01"].date == NEW_DATE


def test_a_past_activity_needs_no_notice():
    letters, _, plan = outcome(programme(letters=[letter()], place=NEW_PLACE), today=DAY + dt.timedelta(days=1))
    assert letters["A03/AG01"].flag == "MISSED" and plan == []


@pytest.mark.parametrize("language", ["th", "en"])
def test_facts_are_written_for_people_and_read_back_in_either_language(language):
    facts = Facts(DAY, "9:00 - 12:00", "ศาลา\nหมู่ ๓", ("P02", "P03"), "เวที")
    text = format_facts(facts, language)
    assert len(text.splitlines()) == 5 and ("วันที่" in text) is (language == "th")
    back = parse_facts(text)
    assert back == dataclasses.replace(facts, place="ศาลา หมู่ ๓")
    assert not difference(facts, back)  # the same time and place, however typed


def test_text_that_is_not_facts_is_none():
    assert parse_facts("ส่งทางไปรษณีย์แล้ว") is None
    assert parse_facts("วันที่: พรุ่งนี้") is None


def test_a_time_typed_another_way_is_no_change():
    assert not difference(TOLD, dataclasses.replace(TOLD, time="9:00 - 12:00"))
    assert difference(TOLD, dataclasses.replace(TOLD, time="ทั้งวัน")).changed == ("time",)
    assert isinstance(difference(TOLD, TOLD), Difference)


def test_an_unsent_notice_of_a_new_place_is_not_shown_as_endorsed():
    """The request was endorsed; the place moved; letters made C1 (information, keeps the endorsement).
    C1 has not gone out: the row and the activity must say 'send it', not 'endorsed'."""
    endorsed = letter(endorsed=dt.date(2026, 11, 25))
    moved = dataclasses.replace(TOLD, place=NEW_PLACE)
    letters, activity, _ = outcome(programme(letters=[endorsed, change_notice(moved, sent=None)], place=NEW_PLACE))
    assert letters["A03/AG01/C1"].flag == "UNSENT"
    assert activity.flag == "UNSENT"


def test_an_unsent_cancellation_notice_is_void_when_the_people_are_needed_again():
    """Status set to cancelled by mistake; cron's letters made X; the coordinator puts the status back before
    X went out. Nothing has changed for the agency: X is not to be sent, the request stands, no notice."""
    notice = letter("A03/AG01/X", 2, kind="cancel", sent=None, issued=dt.date(2026, 11, 25))
    letters, _, plan = outcome(programme(letters=[letter(), notice]))
    assert plan == []
    assert letters["A03/AG01/X"].flag == "CANCELLED"
    assert letters["A03/AG01"].flag == "WAITING"


def test_a_second_withdrawal_after_the_people_were_asked_again_is_told():
    """request (sent) -> X (sent) -> C1 asking again (sent) -> all withdrawn again: the agency was last told
    'we need them' by C1, so it must be told again; X (before C1) does not cancel C1."""
    x = letter("A03/AG01/X", 2, kind="cancel", issued=dt.date(2026, 11, 25))
    again = letter("A03/AG01/C1", 3, kind="change", issued=dt.date(2026, 11, 26))
    letters, _, plan = outcome(programme(letters=[letter(), x, again], staff=("P01",)))
    assert letters["A03/AG01/C1"].note.key == "note_withdrawn_notice_needed"
    assert [(n.key, n.kind, n.follows) for n in plan] == [("A03/AG01/X2", "cancel", "A03/AG01/C1")]


def test_a_pair_whose_request_row_is_gone_but_whose_reminder_remains_gets_its_request_or_no_no_letter():
    """The request's row was deleted from the registry by mistake; its reminder's row is still there. The
    activity says NO_LETTER (a needed request is not in the registry), so letters should make it."""
    reminder = letter("A03/AG01/R", 2, kind="reminder")
    letters, activity, plan = outcome(programme(letters=[reminder]))
    assert activity.flag == "NO_LETTER" and [n.key for n in plan] == ["A03/AG01"]


def test_an_unsent_reminder_is_not_remade_in_the_run_that_supersedes_it():
    """The request went out and was chased by a reminder not sent yet; then the day moved. The run makes C1,
    which asks anew: the reminder of the old request is superseded, not worth re-rendering with the new day."""
    reminder = letter("A03/AG01/R", 2, kind="reminder", sent=None, issued=dt.date(2026, 11, 28))
    _, _, plan = outcome(programme(letters=[letter(), reminder], date=NEW_DATE))
    assert [(n.key, n.remake) for n in plan] == [("A03/AG01/C1", False)]
