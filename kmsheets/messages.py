"""Every sentence kmsheets says to people, in Thai and English, in one catalogue."""

from __future__ import annotations

from typing import Any

from .thaidate import to_thai_digits

CATALOGUE: dict[str, tuple[str, str]] = {
    # validation
    "required": ("ต้องกรอก{field}", "{field} is required"),
    "bad_date": ("อ่านวันที่ไม่ได้: {reason}; {forms}", "not a date: {reason}; {forms}"),
    "bad_serial": ("ตัวเลข {value} ไม่ใช่วันที่ (วันที่ในสเปรดชีตต้องอยู่ระหว่างปี พ.ศ. 2443 ถึง 2743): {forms}",
                   "the number {value} is not a date (a spreadsheet date falls between 1900 and 2200): {forms}"),
    "date_forms": ("กรอกเป็น 2/11/2569, 2 พ.ย. 2569, ๒ พฤศจิกายน ๒๕๖๙ หรือ 2026-11-02",
                   "write it as 2/11/2569, 2 พ.ย. 2569, ๒ พฤศจิกายน ๒๕๖๙ or 2026-11-02"),
    "bad_time": ("อ่านเวลาไม่ได้: {reason}", "not a time: {reason}"),
    "formula": ("ช่องข้อมูลมีสูตร {value}: กรอกค่าโดยตรง ไม่ใช้สูตร",
                "the cell holds a formula, {value}: type the value itself"),
    "too_long": ("{field} ยาว {length} ตัวอักษร แต่ช่องหนึ่งรับได้ไม่เกิน {limit} ตัวอักษร: ย่อให้สั้นลง",
                 "{field} is {length} characters long; a cell may hold at most {limit} characters: shorten it"),
    "bad_choice": ("{field} '{value}' ไม่มีในรายการ: ใช้ {choices}", "{field} '{value}' is not one of {choices}"),
    "duplicate_id": ("รหัส '{value}' ซ้ำกับแถว {other}", "the id '{value}' is also on row {other}"),
    "duplicate_number": ("เลขที่หนังสือ '{value}' ซ้ำกับแถว {other}", "letter number '{value}' is also on row {other}"),
    "unknown_ref": ("ไม่พบ '{ref}' ในแท็บ {target}", "'{ref}' is not in the {target} tab"),
    "bad_number": ("เลขที่หนังสือ '{value}' ต้องลงท้ายด้วย /เลขลำดับ เช่น {example}",
                   "letter number '{value}' must end in /N, e.g. {example}"),
    "bad_key": ("รหัสอ้างอิง '{value}' ต้องเป็น รหัสกิจกรรม/รหัสหน่วยงาน คือ {expected}",
                "key '{value}' must be ACTIVITY/AGENCY, here {expected}"),
    "no_agency": ("คุณอำนวยต้องมีรหัสหน่วยงาน จึงจะทำหนังสือขอตัวได้",
                  "a facilitator needs an agency id before a letter can request them"),
    "double_booked": ("{person} ถูกจัดไว้ในกิจกรรม {other} วันเดียวกันในเวลาที่ทับกัน",
                      "{person} is also booked on {other} the same day at an overlapping time"),
    "endorsed_before_sent": ("วันที่เกษียนก่อนวันที่ส่ง", "endorsed before it was sent"),
    # flag notes
    "note_cancelled": ("กิจกรรมยกเลิก", "activity cancelled"),
    "note_endorsed": ("เกษียนแล้ว {date}", "endorsed {date}"),
    "note_missed": ("เลยวันกิจกรรมแล้ว ยังไม่ได้เกษียน", "the activity day passed without endorsement"),
    "note_overdue": ("เลยกำหนดเกษียน {days} วัน: โทรติดตาม {head} {phone}",
                     "endorsement {days} days late: phone the {head} {phone}"),
    "note_due_soon": ("ต้องเกษียนภายใน {date} (อีก {days} วัน): โทรติดตาม {head} {phone}",
                      "endorsement due by {date} ({days} days left): phone the {head} {phone}"),
    "note_unsent": ("ยังไม่ได้ส่งหนังสือ: ส่งก่อน {date}", "letter not sent yet: send it before {date}"),
    "note_waiting": ("รอเกษียน ภายใน {date}", "waiting for endorsement, due by {date}"),
    "note_no_letter": ("ยังไม่มีหนังสือถึง {agencies}: รัน kmsheets letters",
                       "no letter yet to {agencies}: run kmsheets letters"),
}


def say(language: str, key: str, **params: Any) -> str:
    """The sentence `key` in `language` ("th" or "en"), with Thai digits for numbers in Thai."""
    thai, english = CATALOGUE[key]
    if language == "th":
        params = {name: to_thai_digits(value) if isinstance(value, int) else value
                  for name, value in params.items()}
        return thai.format(**params)
    return english.format(**params)
