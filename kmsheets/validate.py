"""Row checks: every cell that is wrong, with its tab, row, field, A1 address, value, and what would be right.

`validate` takes the tables as read and returns the typed programme (every row without errors) and the
problems found. It does no I/O.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import asdict, dataclass, field
from typing import Callable, Iterable, Mapping, TypeVar

from .messages import say
from .chains import request_key
from .facts import parse_facts
from .ledger import parse_reservation
from .model import Activity, Agency, FaultyLetter, Letter, Person, Programme
from .plan import letter_serial
from .schema import KINDS, ROLES, STATUSES, SYNC_FIELDS, normalize_header
from .tables import Row, Table, Workbook, key_text, letter_key_text, row_key, shortened, text
from .thaidate import BE_OFFSET, DateError, be_year, format_day, parse_date, parse_time_range, to_arabic_digits
from .thaitext import is_thai, what_differs

ERROR, WARNING = "error", "warning"
_LIST_SEPARATORS = re.compile(r"[,;、\s]+")
MAX_CHARS = 1000  # the most a data cell may hold: no id, name, title, address or subject needs more
# An id names letter files (ACTIVITY-AGENCY, each Thai letter three bytes of a file name's 255) and keys.
MAX_ID_CHARS = 32
_NOT_IN_IDS = re.compile(r"[/\\\x00-\x1f\x7f\x85\u2028\u2029]")  # path separators, line breaks, controls
# A date further than this from today is a slip (a bare number, a year Sheets read as 19yy), not a plan.
PLAUSIBLE_DAYS = 2 * 365 + 1


@dataclass(frozen=True)
class Problem:
    severity: str  # error or warning
    tab: str  # the tab's title
    row: int
    field: str
    cell: str  # A1 address
    value: str
    message: str
    key: str = ""  # the row's id, when it has one
    header: str = ""  # the column's header text, as the sheet spells it

    def __str__(self) -> str:
        shown = shortened(self.value)
        return f"{self.tab}!{self.cell} [{self.field}] '{shown}': {self.message}"

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


@dataclass(frozen=True)
class Validation:
    programme: Programme
    problems: tuple[Problem, ...] = ()

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == WARNING]


T = TypeVar("T")


@dataclass
class _Checker:
    language: str
    today: dt.date
    problems: list[Problem] = field(default_factory=list)
    error_count: int = 0

    def report(self, table: Table, row: Row, field_name: str, key: str, severity: str = ERROR,
               value: object = None, **params: object) -> None:
        self.error_count += severity == ERROR
        shown = shortened(text(row[field_name]) if value is None else str(value))
        header = text(table.header[table.columns[field_name]])
        message = say(self.language, key, field=header, value=shown, **params)
        if not shown.isascii() and (differs := what_differs(shown)):
            # Decomposed Thai looks like the standard form: say what differs, or the message would seem wrong.
            message += " " + say(self.language, "typed_differs", differs=differs)
        self.problems.append(Problem(severity, table.title, row.number, field_name,
                                     table.cell(row.number, field_name), shown, message,
                                     key_text(row[table.tab.key]), header))

    def rows(self, table: Table, parse: Callable[[Table, Row], T | None]) -> dict[str, T]:
        """Parse each row; a row with an error is left out, and an id seen before is an error.

        Records are keyed by their own id (a registry row by its key as it should be written)."""
        parsed: dict[str, T] = {}
        first_row: dict[str, int] = {}
        for row in table.rows:
            before = self.error_count
            self.unmerged(table, row)
            if table.tab.key == "id":
                self.sound_id(table, row)
            record = parse(table, row)
            key = row_key(table.tab.name, row[table.tab.key])
            if key and key in first_row:
                self.report(table, row, table.tab.key, "duplicate_id", other=first_row[key])
            elif key:
                first_row[key] = row.number
            if record is not None and self.error_count == before:
                parsed[_record_key(record)] = record
        return parsed

    def unmerged(self, table: Table, row: Row) -> None:
        """A data cell inside a merged range is an error: the range shows one value over cells that read empty."""
        for name, merged in table.merged.get(row.number, {}).items():
            self.report(table, row, name, "merged_cell", range=str(merged))

    def sound_id(self, table: Table, row: Row) -> None:
        """An id fit to name a file and a registry key: short, without a slash or a line break."""
        typed = row.text(table.tab.key)
        if len(key_text(typed)) > MAX_ID_CHARS:
            self.report(table, row, table.tab.key, "id_too_long", length=len(key_text(typed)), limit=MAX_ID_CHARS)
        elif _NOT_IN_IDS.search(typed):
            self.report(table, row, table.tab.key, "id_bad_character")

    def required(self, table: Table, row: Row, *names: str) -> bool:
        missing = [name for name in names if not row.text(name)]
        for name in missing:
            self.report(table, row, name, "required")
        return not missing

    def plain_cells(self, table: Table, row: Row) -> bool:
        """No formula and no overlong text in the row's data cells (the flag and note are kmsheets')."""
        # Formulas are read as formulas: one that computes an id or a date (or fetches one, IMPORTXML)
        # would let the sheet change a letter without anyone typing it.
        wrong = 0
        for name in table.columns:
            value = row[name]
            if name in SYNC_FIELDS or not isinstance(value, str):
                continue
            if value.startswith("="):
                self.report(table, row, name, "formula")
            elif len(value) > MAX_CHARS:
                self.report(table, row, name, "too_long", length=len(value), limit=MAX_CHARS)
            else:
                continue
            wrong += 1
        return not wrong

    def date(self, table: Table, row: Row, name: str) -> dt.date | None:
        """The cell's date; None, with the error reported, when it cannot be read for certain or lies more
        than two years from today (a slip: never a date to flag)."""
        value = row[name]
        if value is None or not row.text(name):
            return None
        forms = say(self.language, "date_forms")
        number = isinstance(value, (int, float)) and not isinstance(value, bool)
        if number and not (math.isfinite(value) and abs(value) < 10 ** 6):  # beyond, date arithmetic overflows
            self.report(table, row, name, "bad_serial", forms=forms)
            return None
        try:
            day = parse_date(value)
        except DateError as error:
            # A number is a spreadsheet date serial; 0 or -3 is none that a team means.
            if number:
                self.report(table, row, name, "bad_serial", forms=forms)
            else:
                self.report(table, row, name, "bad_date", reason=say(self.language, error.reason, **error.params),
                            forms=forms)
            return None
        if abs((day - self.today).days) > PLAUSIBLE_DAYS:
            bare = number or row.text(name).isdigit()
            self.report(table, row, name, "date_far", date=format_day(day, self.language),
                        today=format_day(self.today, self.language), hint=self.far_date_hint(day, bare))
            return None
        return day

    def far_date_hint(self, day: dt.date, bare: bool) -> str:
        """What the team most likely typed, for a date far from today; `bare`: the cell holds a number alone."""
        if bare and day.year < 1910:  # 5, or 2569: a number alone, counted in days from 1900
            return say(self.language, "hint_number", example=_typed_form(self.today))
        if 1900 <= day.year < 2000:
            # Sheets reads a typed 15/12/69 as 1969: the team meant BE 2569.
            try:
                meant = day.replace(year=2500 + day.year % 100 - BE_OFFSET)
            except ValueError:  # 29 February of a year that has none
                meant = None
            if meant is not None and abs((meant - self.today).days) <= PLAUSIBLE_DAYS:
                return say(self.language, "hint_two_digit_year", yy=f"{day.year % 100:02d}", year=day.year,
                           example=_typed_form(meant))
        return say(self.language, "hint_check_year")

    def choice(self, table: Table, row: Row, name: str, choices: Mapping[str, str], default: str) -> str:
        """The value the cell names; `choices` maps each word (folded by `normalize_header`) to its value."""
        typed = row.text(name)
        if not typed:
            return default
        found = choices.get(normalize_header(typed))
        if found is None:
            # the words of the message's language: a Thai reader is not offered 'planned', nor the reverse
            words = [word for word in choices if is_thai(word) == (self.language == "th")]
            self.report(table, row, name, "bad_choice", choices=", ".join(words or choices))
            return default
        return found


def exit_code(problems: Iterable[Problem]) -> int:
    """What a command that skipped the rows at fault exits with: 1 when any problem is an error, else 0."""
    return 1 if any(p.severity == ERROR for p in problems) else 0


def _words(choices: Mapping[str, str]) -> dict[str, str]:
    """Every word that names a value, the values themselves included, folded for matching."""
    return {normalize_header(word): value for word, value in {**choices, **{v: v for v in choices.values()}}.items()}


_ROLES, _STATUSES, _KINDS = _words(ROLES), _words(STATUSES), _words(KINDS)


def id_list(value: object) -> tuple[str, ...]:
    """'P01, P07 P09' -> ('P01', 'P07', 'P09')."""
    return tuple(key_text(part) for part in _LIST_SEPARATORS.split(text(value)) if key_text(part))


def _typed_form(day: dt.date) -> str:
    """A date the way a team types it: 15/12/2569."""
    return f"{day.day}/{day.month}/{be_year(day)}"


def validate(workbook: Workbook, language: str = "th", *, today: dt.date) -> Validation:
    """Check every row of every tab and every reference between them, as of `today` (a date far from it is an
    error, an endorsement after it a warning)."""
    check = _Checker(language, today)
    agencies = check.rows(workbook["agencies"], lambda t, r: _agency(check, t, r))
    people = check.rows(workbook["people"], lambda t, r: _person(check, t, r))
    activities = check.rows(workbook["activities"], lambda t, r: _activity(check, t, r))
    letters = check.rows(workbook["letters"], lambda t, r: _letter(check, t, r))
    _check_numbers(check, workbook["letters"])
    people = _keep(people, workbook["people"], check, lambda p: _refs(p.agency_id), "agency_id", agencies,
                   workbook["agencies"].title, known=_all_ids(workbook["agencies"]))
    activities = _keep(activities, workbook["activities"], check, lambda a: a.staff, "staff", people,
                       workbook["people"].title, known=_all_ids(workbook["people"]))
    letters = _keep(letters, workbook["letters"], check, lambda l: (l.activity_id,), "activity_id", activities,
                    workbook["activities"].title, known=_all_ids(workbook["activities"]), removed=_made_with_facts)
    letters = _keep(letters, workbook["letters"], check, lambda l: (l.agency_id,), "agency_id", agencies,
                    workbook["agencies"].title, known=_all_ids(workbook["agencies"]))
    letters = _keep(letters, workbook["letters"], check, lambda l: l.people, "people", people,
                    workbook["people"].title, known=_all_ids(workbook["people"]), removed=_made_with_facts)
    activities = _without_double_bookings(check, workbook["activities"], activities, people)
    kept = {row_key("letters", key) for key in letters}
    faulty_letters = tuple(
        FaultyLetter(key_text(row["key"]), letter_serial(row.text("number")), _date_or_none(row["issued"]),
                     key_text(row["activity_id"]), key_text(row["agency_id"]))
        for row in workbook["letters"].rows if row_key("letters", row["key"]) not in kept)
    faulty = {name: frozenset(_all_ids(workbook[name]) - set(records)) for name, records in
              (("agencies", agencies), ("people", people), ("activities", activities))}
    programme = Programme(agencies, people, activities, letters, faulty_letters, faulty)
    return Validation(programme, tuple(check.problems))


def _record_key(record: object) -> str:
    return record.key if isinstance(record, Letter) else record.id  # type: ignore[attr-defined]


def _date_or_none(value: object) -> dt.date | None:
    """A date where one can be read for certain, without reporting anything (the row is reported already)."""
    try:
        return parse_date(value) if value is not None else None
    except ValueError:  # a DateError
        return None


def _agency(check: _Checker, table: Table, row: Row) -> Agency | None:
    if not (check.plain_cells(table, row) and check.required(table, row, "id", "name", "head_title")):
        return None
    return Agency(key_text(row["id"]), row.text("name"), row.text("head_title"), row.text("address"),
                  row.text("phone"), row.text("email"))


def _person(check: _Checker, table: Table, row: Row) -> Person | None:
    if not (check.plain_cells(table, row) and check.required(table, row, "id", "name", "role")):
        return None
    role = check.choice(table, row, "role", _ROLES, "")
    if role == "facilitator" and not row.text("agency_id"):
        check.report(table, row, "agency_id", "no_agency", severity=WARNING)
    return Person(key_text(row["id"]), row.text("name"), role, key_text(row["agency_id"]),
                  row.text("position"), row.text("tambon"), row.text("phone"), row.text("email"))


def _activity(check: _Checker, table: Table, row: Row) -> Activity | None:
    if not (check.plain_cells(table, row) and check.required(table, row, "id", "title", "date")):
        return None
    date = check.date(table, row, "date")
    start = end = None
    if row.text("time"):
        try:
            start, end = parse_time_range(row["time"])
        except DateError as error:
            check.report(table, row, "time", "bad_time", reason=say(check.language, error.reason, **error.params))
    status = check.choice(table, row, "status", _STATUSES, "planned")
    if date is None:
        return None
    if status == "done" and date > check.today:
        check.report(table, row, "status", "done_in_future", severity=WARNING, date=format_day(date, check.language),
                     today=format_day(check.today, check.language))
    return Activity(key_text(row["id"]), row.text("title"), date, row.text("time"), start, end,
                    row.text("place"), row.text("tambon"), id_list(row["staff"]), status,
                    text(row["flag"]), text(row["note"]))


def _letter(check: _Checker, table: Table, row: Row) -> Letter | None:
    if not (check.plain_cells(table, row)
            and check.required(table, row, "key", "number", "issued", "activity_id", "agency_id")):
        return None
    issued, sent, endorsed = (check.date(table, row, name) for name in ("issued", "sent", "endorsed"))
    kind = check.choice(table, row, "kind", _KINDS, "request")
    serial = letter_serial(row.text("number"))
    if serial is None:
        check.report(table, row, "number", "bad_number", example="นศ ๐๐๑๗.๒/๑๒")
    activity_id, agency_id = key_text(row["activity_id"]), key_text(row["agency_id"])
    typed = key_text(row["key"])
    key = canonical_key(typed, kind, activity_id, agency_id)
    if key is None:
        check.report(table, row, "key", "bad_key", expected=_key_forms(kind, activity_id, agency_id))
    elif key != typed:
        check.report(table, row, "key", "key_written_differently", severity=WARNING, canonical=key)
    if sent and endorsed and endorsed < sent:
        check.report(table, row, "endorsed", "endorsed_before_sent", severity=WARNING)
    if endorsed and endorsed > check.today:
        check.report(table, row, "endorsed", "endorsed_in_future", severity=WARNING,
                     date=format_day(endorsed, check.language), today=format_day(check.today, check.language))
    facts_text = text(row["facts"])
    facts = parse_facts(facts_text) if facts_text.strip() else None
    if facts_text.strip() and facts is None:
        check.report(table, row, "facts", "bad_facts", severity=WARNING)
    if issued is None or serial is None or key is None:
        return None
    return Letter(key, row.text("number"), serial, issued, activity_id, agency_id, kind,
                  id_list(row["people"]), row.text("subject"), row.text("doc"), sent, endorsed,
                  text(row["flag"]), text(row["note"]), facts, facts_text, parse_reservation(row.text("doc")))


_KEY_TAILS = {"request": "", "reminder": r"(/C\d+)?/R", "change": r"/C\d+", "cancel": r"/X\d*"}


def canonical_key(typed: str, kind: str, activity_id: str, agency_id: str) -> str | None:
    """The registry key as it should be written for the row's kind, activity and agency, when what was typed
    is safely the same (letter_key_text: case, spaces, a dash for the slash); None when it is not."""
    base = request_key(activity_id, agency_id)
    folded, folded_base = letter_key_text(typed), letter_key_text(base)
    if not folded.startswith(folded_base) or not re.fullmatch(_KEY_TAILS[kind], folded[len(folded_base):]):
        return None
    return base + folded[len(folded_base):]


def _key_forms(kind: str, activity_id: str, agency_id: str) -> str:
    base = request_key(activity_id, agency_id)
    return {"request": base, "reminder": f"{base}/R", "change": f"{base}/C1", "cancel": f"{base}/X"}[kind]


def _check_numbers(check: _Checker, table: Table) -> None:
    """A letter number is issued once a year (numbers run per Buddhist-Era year, DOMAIN): the same number on
    two rows issued in the same year is an error on the second."""
    first: dict[tuple[int, str], int] = {}
    for row in table.rows:
        number = to_arabic_digits(re.sub(r"\s+", "", row.text("number")))
        issued = _date_or_none(row["issued"])  # unreadable: an error of its own on the row
        if not number or issued is None:
            continue
        year = be_year(issued)
        if (year, number) in first:
            check.report(table, row, "number", "duplicate_number", other=first[year, number], year=year)
        else:
            first[year, number] = row.number


def _all_ids(table: Table) -> set[str]:
    """Every id typed in a tab, with or without errors in its row (those are reported on their own row)."""
    return {key_text(row[table.tab.key]) for row in table.rows if key_text(row[table.tab.key])}


def _refs(value: str) -> tuple[str, ...]:
    return (value,) if value else ()


def _keep(records: dict[str, T], table: Table, check: _Checker, refs: Callable[[T], Iterable[str]],
          field_name: str, targets: Mapping[str, object], target_title: str,
          known: set[str] | None = None, removed: Callable[[T], bool] = lambda record: False) -> dict[str, T]:
    """Drop the records whose `field_name` names an id that no row of the target tab has; except where
    `removed(record)` says the row was there and has since been deleted: then a warning, and the record stays."""
    rows = table.by_key()
    kept = {}
    for key, record in records.items():
        unknown = [ref for ref in refs(record) if ref not in targets and ref not in (known or set())]
        gone = bool(unknown) and removed(record)
        for ref in unknown:
            check.report(table, rows[row_key(table.tab.name, key)], field_name, "gone_ref" if gone else "unknown_ref",
                         severity=WARNING if gone else ERROR, ref=ref, target=target_title)
        if not unknown or gone:
            kept[key] = record
    return kept


def _made_with_facts(letter: Letter) -> bool:
    """A letter whose facts are kept was made, or seen, when what it names was in the schedule: a name the
    schedule no longer has was deleted since (a schedule change), not mistyped."""
    return letter.facts is not None


def _without_double_bookings(check: _Checker, table: Table, activities: dict[str, Activity],
                             people: Mapping[str, Person]) -> dict[str, Activity]:
    """A person on two activities of the same day at overlapping times: an error on the later row."""
    rows = table.by_key()
    booked: dict[tuple[str, dt.date], list[Activity]] = {}
    clashing: set[str] = set()
    for activity in activities.values():
        if activity.status == "cancelled":
            continue
        for person in activity.staff:
            for other in booked.get((person, activity.date), []):
                if _overlap(activity, other):
                    name = people[person].name if person in people else person
                    check.report(table, rows[activity.id], "staff", "double_booked", person=name, other=other.id)
                    clashing.add(activity.id)
            booked.setdefault((person, activity.date), []).append(activity)
    return {key: a for key, a in activities.items() if key not in clashing}


def _overlap(one: Activity, other: Activity) -> bool:
    """Times overlap; an activity without a time takes the whole day."""
    if one.start is None or other.start is None:
        return True
    one_end = one.end or one.start
    other_end = other.end or other.start
    return one.start < other_end and other.start < one_end or one.start == other.start
