"""The workbook's four tabs, their fields, and the header texts (Thai or English) that name each field.

Headers are matched by text, never by position: teams reorder, insert and rename columns freely.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Sequence

from .thaitext import fold


@dataclass(frozen=True)
class Field:
    name: str
    thai: str
    english: str
    required: bool = False
    date: bool = False

    def header(self, language: str) -> str:
        """The column's header text in `language`: 'วันที่', or 'Date'."""
        return self.thai if language == "th" else self.english


    def label(self, language: str) -> str:
        """How a message names the column: 'วันที่' in Thai; 'วันที่' (Date) in English, whose reader may meet
        the Thai header in the sheet and may type either."""
        return f"'{self.thai}'" if language == "th" else f"'{self.thai}' ({self.english})"


@dataclass(frozen=True)
class ColumnNames:
    """Columns as a message names them (Field.label), in the message's language."""

    fields: tuple[Field, ...]

    def say(self, language: str) -> str:
        return ", ".join(field.label(language) for field in self.fields)


@dataclass(frozen=True)
class Tab:
    name: str
    title: str  # the default tab title
    key: str  # the field that identifies a row
    fields: tuple[Field, ...]

    def field(self, name: str) -> Field:
        for field in self.fields:
            if field.name == name:
                return field
        raise KeyError(name)


AGENCIES = Tab(
    "agencies", "หน่วยงาน", "id",
    (
        Field("id", "รหัสหน่วยงาน", "Agency ID", required=True),
        Field("name", "ชื่อหน่วยงาน", "Name", required=True),
        Field("head_title", "ตำแหน่งหัวหน้าหน่วยงาน", "Head's position", required=True),
        Field("address", "ที่อยู่", "Address"),
        Field("phone", "โทรศัพท์", "Phone"),
        Field("email", "อีเมล", "Email"),
    ),
)
PEOPLE = Tab(
    "people", "ทีมงาน", "id",
    (
        Field("id", "รหัส", "ID", required=True),
        Field("name", "ชื่อ-สกุล", "Name", required=True),
        Field("role", "บทบาท", "Role", required=True),
        Field("agency_id", "รหัสหน่วยงาน", "Agency ID"),
        Field("position", "ตำแหน่ง", "Position"),
        Field("tambon", "ตำบล", "Tambon"),
        Field("phone", "โทรศัพท์", "Phone"),
        Field("email", "อีเมล", "Email"),
    ),
)
ACTIVITIES = Tab(
    "activities", "กำหนดการ", "id",
    (
        Field("id", "รหัสกิจกรรม", "Activity ID", required=True),
        Field("title", "กิจกรรม", "Activity", required=True),
        Field("date", "วันที่", "Date", required=True, date=True),
        Field("time", "เวลา", "Time"),
        Field("place", "สถานที่", "Place"),
        Field("tambon", "ตำบล", "Tambon"),
        Field("staff", "ผู้ร่วมทีม", "Staff"),
        Field("status", "สถานะ", "Status"),
        Field("flag", "การติดตาม", "Flag", required=True),
        Field("note", "หมายเหตุการติดตาม", "Flag note", required=True),
    ),
)
LETTERS = Tab(
    "letters", "ทะเบียนหนังสือส่ง", "key",
    (
        Field("key", "รหัสอ้างอิง", "Key", required=True),
        Field("number", "เลขที่หนังสือ", "Number", required=True),
        Field("issued", "ลงวันที่", "Issued", required=True, date=True),
        Field("kind", "ประเภท", "Kind"),
        Field("activity_id", "รหัสกิจกรรม", "Activity ID", required=True),
        Field("agency_id", "ถึงหน่วยงาน", "To agency", required=True),
        Field("people", "บุคลากรที่ขอ", "People requested"),
        Field("subject", "เรื่อง", "Subject"),
        Field("doc", "เอกสาร", "Document"),
        Field("sent", "วันที่ส่ง", "Sent", date=True),
        Field("endorsed", "วันที่เกษียน", "Endorsed", date=True),
        Field("flag", "การติดตาม", "Flag", required=True),
        Field("note", "หมายเหตุการติดตาม", "Flag note", required=True),
        Field("facts", "ข้อมูลที่แจ้งในหนังสือ", "Letter facts"),  # kmsheets adds the column where it is missing
    ),
)

TABS: dict[str, Tab] = {tab.name: tab for tab in (AGENCIES, PEOPLE, ACTIVITIES, LETTERS)}

# Fields kmsheets itself writes into rows people made; every other cell of those rows belongs to people.
SYNC_FIELDS = ("flag", "note", "facts")

ROLES = {
    "คุณเอื้อ": "sponsor",
    "คุณอำนวย": "facilitator",
    "คุณกิจ": "practitioner",
    "คุณลิขิต": "recorder",
    "คุณประสาน": "coordinator",
    "แกนนำ": "leader",
}
STATUSES = {"planned": "planned", "cancelled": "cancelled", "done": "done",
            "ตามแผน": "planned", "ยกเลิก": "cancelled", "เสร็จสิ้น": "done", "ดำเนินการแล้ว": "done"}
# Letter kinds: the registry's ประเภท column says them in Thai or English.
KIND_LABELS = {"request": ("ขอความอนุเคราะห์", "request"), "reminder": ("ติดตาม", "reminder"),
               "change": ("แจ้งเปลี่ยนแปลง", "change"), "cancel": ("แจ้งยกเลิก", "cancel")}
KINDS = {label: kind for kind, labels in KIND_LABELS.items() for label in labels}


def kind_label(kind: str, language: str) -> str:
    """How the registry names a letter kind: 'ขอความอนุเคราะห์', or 'request' in English."""
    return KIND_LABELS[kind][0 if language == "th" else 1]


def normalize_header(text: object) -> str:
    """Fold a header cell, a tab title, a role or a status for matching: Thai text in its one form
    (`thaitext.fold`), case, zero-width characters, and every run of spaces."""
    return fold("".join(ch for ch in str(text or "") if unicodedata.category(ch) != "Cf")).casefold()


def matching_title(wanted: str, titles: Sequence[str]) -> str | None:
    """The tab among `titles` that is `wanted`, however its Thai was typed: 'กําหนดการ' (ํ + า) is 'กำหนดการ'.
    A title spelled exactly as wanted comes first."""
    if wanted in titles:
        return wanted
    folded = normalize_header(wanted)
    return next((title for title in titles if normalize_header(title) == folded), None)


def header_names(tab: Tab, extra: dict[str, list[str]] | None = None) -> dict[str, str]:
    """Map every accepted header text (normalized) of `tab` to its field name; `extra` adds a team's renames."""
    names: dict[str, str] = {}
    for field in tab.fields:
        for text in (field.thai, field.english, field.name, *(extra or {}).get(field.name, [])):
            names[normalize_header(text)] = field.name
    return names
