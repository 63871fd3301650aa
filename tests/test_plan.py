import datetime as dt

from kmsheets.chains import at_first_sight
from kmsheets.model import Activity, Agency, FaultyLetter, Letter, Person, Programme
from kmsheets.plan import assign_numbers, letter_serial, needed_requests, plan_letters


def programme(letters=()):
    agencies = {a: Agency(a, f"หน่วยงาน {a}", f"หัวหน้า {a}") for a in ("AG00", "AG01", "AG02")}
    people = {"P01": Person("P01", "ก", "facilitator", "AG00"), "P02": Person("P02", "ข", "facilitator", "AG01"),
              "P03": Person("P03", "ค", "facilitator", "AG01"), "P04": Person("P04", "ง", "facilitator", "AG02"),
              "P05": Person("P05", "จ", "leader")}
    activities = {
        "A01": Activity("A01", "เวที", dt.date(2026, 12, 10), staff=("P01", "P02", "P03", "P04", "P05")),
        "A02": Activity("A02", "เยี่ยมบ้าน", dt.date(2026, 12, 12), staff=("P02",), status="cancelled"),
        "A03": Activity("A03", "บัญชีครัวเรือน", dt.date(2026, 11, 20), staff=("P02",)),
    }
    return at_first_sight(Programme(agencies, people, activities, {l.key: l for l in letters}))[0]


def letter(key, serial, issued=dt.date(2026, 11, 1), kind="request", sent=dt.date(2026, 11, 2)):
    activity, agency = key.split("/")[:2]
    return Letter(key, f"นศ ๐๐๑๗.๒/{serial}", serial, issued, activity, agency, kind, sent=sent)


def test_one_request_per_activity_and_other_agency_naming_its_people():
    needed = needed_requests(programme(), "AG00", dt.date(2026, 12, 1))
    assert [(n.key, n.people) for n in needed] == [("A01/AG01", ("P02", "P03")), ("A01/AG02", ("P04",))]


def test_the_plan_skips_registered_keys_and_narrows_to_activities():
    registered = programme([letter("A01/AG01", 1)])
    plan = plan_letters(registered, sender_agency="AG00", today=dt.date(2026, 12, 1), flags={})
    assert [n.key for n in plan] == ["A01/AG02"]
    assert plan_letters(registered, sender_agency="AG00", today=dt.date(2026, 12, 1), flags={},
                        activity_ids=["A02"]) == []


def test_a_reminder_follows_a_late_request_once():
    registered = programme([letter("A01/AG01", 1), letter("A01/AG02", 2)])
    flags = {"A01/AG01": "OVERDUE", "A01/AG02": "WAITING"}
    plan = plan_letters(registered, sender_agency="AG00", today=dt.date(2026, 12, 5), flags=flags,
                        kinds=("reminder",))
    assert [(n.key, n.kind, n.follows) for n in plan] == [("A01/AG01/R", "reminder", "A01/AG01")]
    unsent = programme([letter("A01/AG01", 1, sent=None)])
    assert plan_letters(unsent, sender_agency="AG00", today=dt.date(2026, 12, 5), flags=flags,
                        kinds=("reminder",)) == []
    again = programme([letter("A01/AG01", 1), letter("A01/AG01/R", 3, kind="reminder")])
    assert plan_letters(again, sender_agency="AG00", today=dt.date(2026, 12, 6), flags=flags,
                        kinds=("reminder",)) == []


def test_numbers_continue_within_a_be_year_and_restart_in_the_next():
    registered = [letter("A01/AG01", 7, issued=dt.date(2026, 12, 31))]
    plan = needed_requests(programme(), "AG00", dt.date(2026, 12, 1))
    on_31_december = assign_numbers(plan, registered, dt.date(2026, 12, 31), "นศ ๐๐๑๗.๒")
    assert list(on_31_december.values()) == ["นศ ๐๐๑๗.๒/๘", "นศ ๐๐๑๗.๒/๙"]
    on_1_january = assign_numbers(plan, registered, dt.date(2027, 1, 1), "นศ 0017.2", thai_digits=False)
    assert list(on_1_january.values()) == ["นศ 0017.2/1", "นศ 0017.2/2"]


def test_numbers_count_rows_with_errors_in_their_own_year_or_in_every_year_when_undated():
    plan = needed_requests(programme(), "AG00", dt.date(2026, 12, 1))
    faulty = [FaultyLetter("A09/AG01", 5, dt.date(2026, 6, 1), "A09", "AG01"),
              FaultyLetter("A08/AG01", 40, dt.date(2025, 6, 1), "A08", "AG01")]
    assert assign_numbers(plan, [letter("A00/AG01", 3)], dt.date(2026, 12, 1), "นศ", faulty=faulty) == {
        "A01/AG01": "นศ/๖", "A01/AG02": "นศ/๗"}
    undated = [FaultyLetter("A09/AG01", 9, None, "A09", "AG01")]
    assert list(assign_numbers(plan, [], dt.date(2027, 1, 2), "นศ", faulty=undated).values()) == ["นศ/๑๐", "นศ/๑๑"]


def test_letter_serial_reads_either_digit_set():
    assert letter_serial("นศ ๐๐๑๗.๒/๑๒") == 12
    assert letter_serial("นศ 0017.2/ 12 ") == 12
    assert letter_serial("นศ 0017.2") is None
