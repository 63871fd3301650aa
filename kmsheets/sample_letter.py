"""A made-up letter of each kind, to show that a template renders without touching the workbook (`kmsheets
doctor`): the configured sender, one other agency, one person and one activity two weeks ahead, and the
request a reminder follows. Nothing here is real but the sender's [sender] settings."""

from __future__ import annotations

import datetime as dt
from typing import Any

from .config import Config
from .letters import PlannedLetter, letter_context, subject
from .model import Activity, Agency, Letter, Person, Programme
from .plan import Needed, reminder_key, request_key
from .thaidate import to_thai_digits

AGENCY, PERSON, ACTIVITY = "AG-SAMPLE", "P-SAMPLE", "A-SAMPLE"


def sample_context(config: Config, kind: str, today: dt.date) -> dict[str, Any]:
    """What a template of `kind` (request or reminder) is given for the sample letter, issued `today`."""
    prefix = config.sender.prefix or "ที่ ตัวอย่าง"

    def number(n: int) -> str:
        return f"{prefix}/{to_thai_digits(n) if config.letters.thai_digits else n}"

    request = request_key(ACTIVITY, AGENCY)
    # The sender is filed under the configured id, even an empty one: a letter needs the sender's row.
    programme = Programme(
        agencies={config.sender.agency_id: Agency(config.sender.agency_id, "สำนักงานตัวอย่าง",
                                                  "ผู้อำนวยการสำนักงานตัวอย่าง", "ถนนตัวอย่าง ตำบลตัวอย่าง",
                                                  "0 7500 0000"),
                  AGENCY: Agency(AGENCY, "องค์การบริหารส่วนตำบลตัวอย่าง", "นายกองค์การบริหารส่วนตำบลตัวอย่าง",
                                 "หมู่ที่ ๑", "0 7500 0001")},
        people={PERSON: Person(PERSON, "นางสาวตัวอย่าง ทดสอบระบบ", "facilitator", AGENCY, "นักวิชาการ")},
        activities={ACTIVITY: Activity(ACTIVITY, "เวทีแลกเปลี่ยนเรียนรู้ (ตัวอย่าง)", today + dt.timedelta(days=14),
                                       "09.00-12.00 น.", place="ศาลาประชาคม", tambon="ตัวอย่าง", staff=(PERSON,))},
        letters={request: Letter(request, number(1), 1, today, ACTIVITY, AGENCY, people=(PERSON,))})
    reminder = kind == "reminder"
    needed = Needed(reminder_key(request) if reminder else request, kind, ACTIVITY, AGENCY, (PERSON,),
                    follows=request if reminder else "")
    agency = programme.agencies[AGENCY]
    planned = PlannedLetter(needed, number(2), subject(needed, programme), agency.name, agency.head_title)
    return letter_context(programme, planned, today, config)
