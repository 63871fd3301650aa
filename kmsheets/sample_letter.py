"""A made-up letter of each kind, to show that a template renders without touching the workbook (`kmsheets
doctor`): a made-up sender, one other agency, one person and one activity two weeks ahead, and the request
the other kinds follow. Nothing here is real but the [sender] settings and the emblem a letter prints."""

from __future__ import annotations

import datetime as dt
from typing import Any

from .chains import reminder_key, request_key
from .config import Config
from .letters import PlannedLetter, Sender, letter_context, subject
from .model import Activity, Agency, Facts, Letter, Person, Programme
from .plan import Needed
from .thaidate import to_thai_digits

AGENCY, PERSON, ACTIVITY = "AG-SAMPLE", "P-SAMPLE", "A-SAMPLE"


def sample_context(config: Config, kind: str, today: dt.date) -> dict[str, Any]:
    """What a template of `kind` (request, reminder, change or cancel) is given for the sample letter, issued
    `today`, numbered and signed as `config` says."""
    prefix = config.sender.prefix or "ที่ ตัวอย่าง"

    def number(n: int) -> str:
        return f"{prefix}/{to_thai_digits(n) if config.letters.thai_digits else n}"

    request = request_key(ACTIVITY, AGENCY)
    facts = Facts(today + dt.timedelta(days=14), "09.00-12.00 น.", "ศาลาประชาคม", (PERSON,),
                  "เวทีแลกเปลี่ยนเรียนรู้ (ตัวอย่าง)")
    programme = Programme(
        agencies={AGENCY: Agency(AGENCY, "องค์การบริหารส่วนตำบลตัวอย่าง", "นายกองค์การบริหารส่วนตำบลตัวอย่าง",
                                 "หมู่ที่ ๑", "0 7500 0001")},
        people={PERSON: Person(PERSON, "นางสาวตัวอย่าง ทดสอบระบบ", "facilitator", AGENCY, "นักวิชาการ")},
        activities={ACTIVITY: Activity(ACTIVITY, facts.title, facts.date, facts.time, place=facts.place,
                                       tambon="ตัวอย่าง", staff=(PERSON,))},
        letters={request: Letter(request, number(1), 1, today, ACTIVITY, AGENCY, people=(PERSON,), facts=facts,
                                 sent=today)})
    key = {"request": request, "reminder": reminder_key(request)}.get(kind, f"{request}/C1")
    before = Facts(facts.date - dt.timedelta(days=2), facts.time, facts.place, (PERSON,), facts.title)
    needed = Needed(key, kind, ACTIVITY, AGENCY, (PERSON,), facts, follows="" if kind == "request" else request,
                    before=before if kind == "change" else None, reason="cancelled" if kind == "cancel" else "")
    agency = programme.agencies[AGENCY]
    planned = PlannedLetter(needed, number(2), today, subject(needed, programme), agency.name, agency.head_title)
    sender = Sender("สำนักงานตัวอย่าง", "ถนนตัวอย่าง ตำบลตัวอย่าง", config.sender.phone or "0 7500 0000",
                    config.sender.unit or "สำนักงานตัวอย่าง", config.sender.signatory, config.sender.position,
                    emblem=str(config.emblem_image() or ""))
    return letter_context(planned, programme, sender, lead_days=config.endorsement.lead_days,
                          warn_days=config.endorsement.warn_days)
