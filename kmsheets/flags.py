"""The overdue-endorsement rule (pure): registry rows and activities in, one flag and note each out.

due_by = activity date - lead_days. For each registry row, the first that applies: CANCELLED (activity
cancelled), ENDORSED, MISSED (the activity day passed), OVERDUE (today > due_by), DUE_SOON (today >=
due_by - warn_days), UNSENT (no sent date), WAITING. An activity's flag is the most severe of its letters'
(NO_LETTER: a needed request is not in the registry). With [endorsement] learn, lead_days is the agency's own.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Mapping

from .config import Config
from .messages import say
from .model import Activity, Letter, Programme
from .plan import needed_requests, request_key
from .thaidate import format_date

# Most severe first: an activity shows the first of these that any of its letters has.
SEVERITY = ("MISSED", "OVERDUE", "NO_LETTER", "DUE_SOON", "UNSENT", "WAITING", "ENDORSED")


@dataclass(frozen=True)
class Flag:
    tab: str  # letters or activities
    key: str
    flag: str
    note: str


@dataclass(frozen=True)
class Rule:
    today: dt.date
    lead_days: int = 7
    warn_days: int = 3
    language: str = "th"
    sender_agency: str = ""
    thai_digits: bool = True
    lead_days_by_agency: Mapping[str, int] = field(default_factory=dict)  # agency id -> learned lead days

    @classmethod
    def from_config(cls, config: Config, today: dt.date, programme: Programme | None = None) -> "Rule":
        """The configured rule; with [endorsement] learn, each agency's lead days learned from `programme`."""
        learned: Mapping[str, int] = {}
        if config.endorsement.learn and programme is not None:
            from .lessons import learned_lead_days  # pandas: loaded only when learning is on

            learned = learned_lead_days(programme, config.endorsement.lead_days)
        return cls(today, config.endorsement.lead_days, config.endorsement.warn_days, config.language,
                   config.sender.agency_id, config.letters.thai_digits, learned)

    def lead_days_for(self, agency_id: str) -> int:
        return self.lead_days_by_agency.get(agency_id, self.lead_days)

    def due_by(self, activity: Activity, agency_id: str) -> dt.date:
        return activity.date - dt.timedelta(days=self.lead_days_for(agency_id))

    def date(self, day: dt.date) -> str:
        return format_date(day, short=True, thai_digits=self.thai_digits and self.language == "th")


def letter_flag(rule: Rule, letter: Letter, activity: Activity, programme: Programme) -> Flag:
    """The flag of one registry row, and the note saying what to do and whom to call."""
    endorsed = letter.endorsed or _request_endorsed(letter, programme)
    due_by = rule.due_by(activity, letter.agency_id)
    lead_days = rule.lead_days_for(letter.agency_id)
    agency = programme.agencies.get(letter.agency_id)
    head = agency.head_title if agency else letter.agency_id
    phone = agency.phone if agency else ""

    def flag(name: str, key: str, **params: object) -> Flag:
        note = say(rule.language, key, **params).strip()
        if name in ("OVERDUE", "DUE_SOON") and lead_days != rule.lead_days:  # the learned lead set the date: say so
            note = say(rule.language, "note_learned_lead", note=note, days=lead_days, date=rule.date(due_by))
        return Flag("letters", letter.key, name, note)

    if activity.status == "cancelled":
        return flag("CANCELLED", "note_cancelled")
    if endorsed:
        return flag("ENDORSED", "note_endorsed", date=rule.date(endorsed))
    if rule.today > activity.date:
        return flag("MISSED", "note_missed")
    if rule.today > due_by:
        return flag("OVERDUE", "note_overdue", days=(rule.today - due_by).days, head=head, phone=phone)
    if rule.today >= due_by - dt.timedelta(days=rule.warn_days):
        return flag("DUE_SOON", "note_due_soon", date=rule.date(due_by), days=(due_by - rule.today).days,
                    head=head, phone=phone)
    if letter.sent is None:
        return flag("UNSENT", "note_unsent", date=rule.date(due_by - dt.timedelta(days=rule.warn_days)))
    return flag("WAITING", "note_waiting", date=rule.date(due_by))


def _request_endorsed(letter: Letter, programme: Programme) -> dt.date | None:
    """A reminder is settled when the request it follows is endorsed."""
    if letter.kind != "reminder":
        return None
    request = programme.letters.get(request_key(letter.activity_id, letter.agency_id))
    return request.endorsed if request else None


def compute_flags(programme: Programme, rule: Rule) -> list[Flag]:
    """Every registry row's flag, then every activity's."""
    letters = [letter_flag(rule, letter, programme.activities[letter.activity_id], programme)
               for letter in programme.letters.values() if letter.activity_id in programme.activities]
    by_activity: dict[str, list[Flag]] = {}
    for flag in letters:
        by_activity.setdefault(programme.letters[flag.key].activity_id, []).append(flag)
    missing: dict[str, list[str]] = {}
    for needed in needed_requests(programme, rule.sender_agency, rule.today):
        if needed.key not in programme.letters:
            missing.setdefault(needed.activity_id, []).append(needed.agency_id)
    activities = [activity_flag(rule, activity, by_activity.get(activity.id, []), missing.get(activity.id, []),
                                programme) for activity in programme.activities.values()]
    return letters + activities


def activity_flag(rule: Rule, activity: Activity, letters: list[Flag], missing: list[str],
                  programme: Programme) -> Flag:
    """The most severe flag among the activity's letters; its note gathers the notes of that flag."""
    if activity.status == "cancelled":
        return Flag("activities", activity.id, "CANCELLED", say(rule.language, "note_cancelled"))
    candidates = [(f.flag, f.note) for f in letters if f.flag in SEVERITY]
    if missing:
        names = ", ".join(programme.agencies[a].name if a in programme.agencies else a for a in missing)
        candidates.append(("NO_LETTER", say(rule.language, "note_no_letter", agencies=names)))
    if not candidates:
        return Flag("activities", activity.id, "", "")
    worst = min(candidates, key=lambda c: SEVERITY.index(c[0]))[0]
    notes = dict.fromkeys(note for flag, note in candidates if flag == worst)
    return Flag("activities", activity.id, worst, "; ".join(notes))
