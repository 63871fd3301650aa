"""The overdue-endorsement rule (pure): registry rows and activities in, one flag and note each out.

due_by = activity date - lead_days. For each registry row, the first that applies:
CANCELLED (the activity was cancelled or removed, or the agency's people were all withdrawn; a letter that
went out then needs a cancellation notice, and its note says so) · SUPERSEDED (a later change notice asks
for consent instead) · CHANGED (the letter no longer says what will happen) · ENDORSED · MISSED (the
activity day passed) · OVERDUE (today > due_by) · DUE_SOON (today >= due_by - warn_days) · UNSENT · WAITING.
An activity's flag is the most severe of its letters' (NO_LETTER: a needed request is not in the registry).
With [endorsement] learn, lead_days is each agency's own (kmsheets.lessons.learned_lead_days).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Callable, Mapping

from .chains import Chain, Held, chains
from .facts import Difference, difference, facts_now
from .messages import Message, message
from .model import Activity, Facts, Letter, Programme
from .plan import needed_requests

# Most severe first: an activity shows the first of these that any of its letters has.
SEVERITY = ("MISSED", "CHANGED", "OVERDUE", "NO_LETTER", "DUE_SOON", "UNSENT", "WAITING", "ENDORSED")


@dataclass(frozen=True)
class Flag:
    tab: str  # letters or activities
    key: str
    flag: str  # a code of SEVERITY, CANCELLED or SUPERSEDED; "" for nothing to say
    note: Message | None = None  # said in the sheet's language when it is written

    def said(self, language: str) -> str:
        return self.note.say(language).strip() if self.note else ""


@dataclass(frozen=True)
class Rule:
    today: dt.date
    lead_days: int = 7
    warn_days: int = 3
    sender_agency: str = ""
    lead_days_by_agency: Mapping[str, int] = field(default_factory=dict)  # agency id -> learned lead days

    def lead_days_for(self, agency_id: str) -> int:
        return self.lead_days_by_agency.get(agency_id, self.lead_days)

    def due_by(self, activity: Activity, agency_id: str) -> dt.date:
        return activity.date - dt.timedelta(days=self.lead_days_for(agency_id))


def compute_flags(programme: Programme, rule: Rule) -> list[Flag]:
    """Every registry row's flag, then every activity's. Rows that depend on a row with errors are left as
    they are: what they should say cannot be known until the error is fixed."""
    held = Held.of(programme)
    letters: list[Flag] = []
    for pair, chain in chains(programme).items():
        if pair not in held:
            letters += chain_flags(rule, chain, programme)
    by_activity: dict[str, list[Flag]] = {}
    for flag in letters:
        by_activity.setdefault(programme.letters[flag.key].activity_id, []).append(flag)
    missing: dict[str, list[str]] = {}
    for needed in needed_requests(programme, rule.sender_agency, rule.today):
        if needed.key not in programme.letters and (needed.activity_id, needed.agency_id) not in held:
            missing.setdefault(needed.activity_id, []).append(needed.agency_id)
    activities = [activity_flag(rule, activity, by_activity.get(activity.id, []), missing.get(activity.id, []),
                                programme) for activity in programme.activities.values()
                  if activity.id not in held.activities]
    return letters + activities


def chain_flags(rule: Rule, chain: Chain, programme: Programme) -> list[Flag]:
    """The flag of each letter of one chain."""
    activity = programme.activities.get(chain.activity_id)
    now = facts_now(programme, activity, chain.agency_id) if activity is not None else None
    return [letter_flag(rule, letter, chain, activity, now, programme) for letter in chain.letters]


def letter_flag(rule: Rule, letter: Letter, chain: Chain, activity: Activity | None, now: Facts | None,
                programme: Programme) -> Flag:
    """The flag of one registry row, and the note saying what to do and whom to call."""
    lead_days = rule.lead_days_for(letter.agency_id)

    def flag(name: str, note: str, **params: object) -> Flag:
        said = message(note, **params)
        if name in ("OVERDUE", "DUE_SOON") and lead_days != rule.lead_days:  # the learned lead set the date: say so
            said = message("note_learned_lead", note=said, days=lead_days,
                           date=rule.due_by(activity, letter.agency_id))
        return Flag("letters", letter.key, name, said)

    if activity is None or activity.status == "cancelled" or now is None or not now.people:
        return _not_needed(rule, letter, chain, activity, flag)
    if chain.closed:
        # People of this agency are on the activity again after a cancellation notice went to it.
        return flag("CHANGED", "note_needed_again") if letter is chain.latest else flag(
            "CANCELLED", "note_cancelled_by", number=chain.latest.number)
    if letter.key in chain.void:
        return flag("CANCELLED", "note_do_not_send")
    replaced = chain.superseded_by(letter)
    if replaced is not None:
        return flag("SUPERSEDED", "note_superseded", number=replaced.number, key=replaced.key)
    if letter.kind != "cancel" and (letter is chain.latest or letter.sent is None) and rule.today <= activity.date:
        changed = difference(letter.facts, now) if letter.facts is not None else None
        if changed:
            return flag("CHANGED", "note_changed_sent" if letter.sent else "note_changed_unsent",
                        changes=describe(changed, programme))
    if letter.kind == "change" and letter.sent is None and not chain.asks(letter):
        # A notice for information (a new place, people no longer needed): the endorsement holds, but the
        # agency does not know until the notice goes.
        return flag("UNSENT", "note_notice_unsent")
    endorser = chain.endorsement(letter)
    endorsed = endorser.endorsed if endorser is not None else letter.endorsed
    agency = programme.agencies.get(letter.agency_id)
    head = agency.head_title if agency else letter.agency_id
    phone = agency.phone if agency else ""
    due_by = rule.due_by(activity, letter.agency_id)
    if endorsed:
        return flag("ENDORSED", "note_endorsed", date=endorsed)
    if rule.today > activity.date:
        return flag("MISSED", "note_missed")
    if rule.today > due_by:
        return flag("OVERDUE", "note_overdue", days=(rule.today - due_by).days, head=head, phone=phone)
    if rule.today >= due_by - dt.timedelta(days=rule.warn_days):
        return flag("DUE_SOON", "note_due_soon", date=due_by, days=(due_by - rule.today).days,
                    head=head, phone=phone)
    if letter.sent is None:
        return flag("UNSENT", "note_unsent", date=due_by - dt.timedelta(days=rule.warn_days))
    return flag("WAITING", "note_waiting", date=due_by)


def _not_needed(rule: Rule, letter: Letter, chain: Chain, activity: Activity | None,
                flag: Callable[..., Flag]) -> Flag:
    """A letter whose request no longer stands: the activity was cancelled or removed, or no one of the agency
    is on it any more. What went out is withdrawn by one cancellation notice; what did not is not sent."""
    if letter.kind == "cancel":
        return flag("CANCELLED", "note_cancel_sent", date=letter.sent) if letter.sent else flag(
            "UNSENT", "note_cancel_unsent")
    notice = chain.latest if chain.closed else None
    if letter.sent is None:
        return flag("CANCELLED", "note_do_not_send")
    if notice is not None:
        return flag("CANCELLED", "note_cancelled_by", number=notice.number)
    day = activity.date if activity is not None else letter.facts.date if letter.facts else None
    if day is None or day < rule.today:
        return flag("CANCELLED", "note_cancelled")
    if activity is not None and activity.status != "cancelled" and letter is chain.latest_sent:
        return flag("CHANGED", "note_withdrawn_notice_needed")
    return flag("CANCELLED", "note_cancel_notice_needed")


def describe(changed: Difference, programme: Programme) -> list[Message]:
    """What changed, for people: 'วันที่ ๒๗ ธ.ค. ๖๙ → ๑๐ ม.ค. ๗๐; สถานที่ ศาลา → วัด; เพิ่ม นายก'."""
    before, after = changed.before, changed.after

    def names(ids: tuple[str, ...]) -> str:
        return ", ".join(programme.people[p].name if p in programme.people else p for p in ids)

    parts = []
    for name in changed.changed:
        if name == "date":
            parts.append(message("change_date", old=before.date, new=after.date))
        elif name == "time":
            parts.append(message("change_time", old=before.time or "-", new=after.time or "-"))
        elif name == "place":
            parts.append(message("change_place", old=before.place or "-", new=after.place or "-"))
    if changed.added:
        parts.append(message("change_added", names=names(changed.added)))
    if changed.withdrawn:
        parts.append(message("change_withdrawn", names=names(changed.withdrawn)))
    return parts


def activity_flag(rule: Rule, activity: Activity, letters: list[Flag], missing: list[str],
                  programme: Programme) -> Flag:
    """The most severe flag among the activity's letters; its note gathers the notes of that flag."""
    if activity.status == "cancelled":
        owed = [_agency_name(programme, programme.letters[f.key].agency_id) for f in letters
                if f.note is not None and f.note.key == "note_cancel_notice_needed"]
        note = message("note_activity_cancel_notices", agencies=", ".join(dict.fromkeys(owed))) if owed \
            else message("note_cancelled")
        return Flag("activities", activity.id, "CANCELLED", note)
    candidates = [(f.flag, f.note) for f in letters if f.flag in SEVERITY]
    if missing:
        names = ", ".join(_agency_name(programme, a) for a in missing)
        candidates.append(("NO_LETTER", message("note_no_letter", agencies=names)))
    if not candidates:
        return Flag("activities", activity.id, "")
    worst = min(candidates, key=lambda c: SEVERITY.index(c[0]))[0]
    return Flag("activities", activity.id, worst,
                message("joined", items=[note for flag, note in candidates if flag == worst and note]))


def _agency_name(programme: Programme, agency_id: str) -> str:
    return programme.agencies[agency_id].name if agency_id in programme.agencies else agency_id
