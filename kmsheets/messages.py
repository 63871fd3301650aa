"""Every sentence kmsheets says to people, in Thai and English, in one catalogue."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Mapping

from .thaidate import format_date, to_thai_digits

CATALOGUE: dict[str, tuple[str, str]] = {
    # validation
    "required": ("ต้องกรอก{field}", "'{field}' is required"),
    "bad_date": ("อ่านวันที่ไม่ได้: {reason}; {forms}", "not a date: {reason}; {forms}"),
    "bad_serial": ("ตัวเลข {value} ไม่ใช่วันที่ (วันที่ในสเปรดชีตต้องอยู่ระหว่างปี พ.ศ. 2443 ถึง 2743): {forms}",
                   "the number {value} is not a date (a spreadsheet date falls between 1900 and 2200): {forms}"),
    "date_forms": ("กรอกเป็น 2/11/2569, 2 พ.ย. 2569, ๒ พฤศจิกายน ๒๕๖๙ หรือ 2026-11-02",
                   "write it as 2/11/2569, 2 Nov 2026, 2 November 2026 or 2026-11-02"),
    "bad_time": ("อ่านเวลาไม่ได้: {reason}", "not a time: {reason}"),
    "formula": ("ช่องข้อมูลมีสูตร {value}: กรอกค่าโดยตรง ไม่ใช้สูตร",
                "the cell holds a formula, {value}: type the value itself"),
    "too_long": ("{field} ยาว {length} ตัวอักษร แต่ช่องหนึ่งรับได้ไม่เกิน {limit} ตัวอักษร: ย่อให้สั้นลง",
                 "'{field}' is {length} characters long; a cell may hold at most {limit} characters: shorten it"),
    "bad_choice": ("{field} '{value}' ไม่มีในรายการ: ใช้ {choices}", "'{field}' '{value}' is not one of {choices}"),
    "duplicate_id": ("รหัส '{value}' ซ้ำกับแถว {other}", "the id '{value}' is also on row {other}"),
    "duplicate_number": ("เลขที่หนังสือ '{value}' ซ้ำกับแถว {other} ในปี พ.ศ. {year} เดียวกัน",
                         "letter number '{value}' is also on row {other}, in the same year (BE {year})"),
    "gone_ref": ("'{ref}' ไม่อยู่ในแท็บ {target} แล้ว: ถือว่าถูกลบหลังทำหนังสือ (กำหนดการเปลี่ยน) ไม่ใช่พิมพ์ผิด",
                 "'{ref}' is no longer in the {target} tab: taken as removed since the letter was made (a schedule "
                 "change), not a typing slip"),
    "unknown_ref": ("ไม่พบ '{ref}' ในแท็บ {target}", "'{ref}' is not in the {target} tab"),
    "bad_number": ("เลขที่หนังสือ '{value}' ต้องลงท้ายด้วย /เลขลำดับ เช่น {example}",
                   "letter number '{value}' must end in /N, e.g. {example}"),
    "bad_key": ("รหัสอ้างอิง '{value}' ไม่ตรงกับรหัสกิจกรรม หน่วยงาน และประเภทของแถว: ควรเป็น {expected}",
                "the key '{value}' does not match the row's activity, agency and kind: it should be {expected}"),
    "key_written_differently": ("รหัสอ้างอิง '{value}' เขียนต่างจากรูปแบบ (ตัวพิมพ์ ช่องว่าง หรือขีด): kmsheets อ่านเป็น {canonical} "
                                "แก้ให้ตรงได้", "the key '{value}' is written differently (case, spaces or a dash): "
                                "kmsheets reads it as {canonical}; correct it to that"),
    "bad_facts": ("kmsheets อ่านข้อความในช่องนี้ไม่ได้ จะบันทึกกำหนดการขณะนี้ลงแทน (ช่องนี้ kmsheets เป็นผู้เขียน)",
                  "kmsheets cannot read this cell; it will record the schedule as it is now instead (kmsheets "
                  "writes this column)"),
    "no_agency": ("คุณอำนวยต้องมีรหัสหน่วยงาน จึงจะทำหนังสือขอตัวได้",
                  "a facilitator needs an agency id before a letter can request them"),
    "double_booked": ("{person} ถูกจัดไว้ในกิจกรรม {other} วันเดียวกันในเวลาที่ทับกัน",
                      "{person} is also booked on {other} the same day at an overlapping time"),
    "endorsed_before_sent": ("วันที่เกษียนก่อนวันที่ส่ง", "endorsed before it was sent"),
    # messy sheets (issue 12): dates far from today or in the future, merged cells, ids unfit for file names,
    # text typed in another Unicode form; and why a date or time cannot be read (thaidate.DateError's reasons)
    "date_empty": ("ไม่ได้กรอกวันที่", "the date is empty"),
    "date_unreadable": ("ไม่รู้จักรูปแบบวันที่ '{typed}'", "cannot read '{typed}' as a date"),
    "date_no_such_day": ("เดือน {month} ไม่มีวันที่ {day}", "day {day} of month {month} does not exist"),
    "date_year_unsure": ("ปี {year} ไม่ใช่ปี พ.ศ. หรือ ค.ศ. ที่แน่ชัด",
                         "the year {year} is neither Buddhist Era nor Common Era for certain"),
    "date_not_a_month": ("'{word}' ไม่ใช่ชื่อเดือน", "'{word}' is not a month"),
    "date_serial_year": ("ถ้าเป็นเลขวันที่ของสเปรดชีต จะตกในปี ค.ศ. {year}", "as a spreadsheet serial it is the year {year}"),
    "time_unreadable": ("ไม่รู้จักรูปแบบเวลา '{typed}': กรอกเป็น 09.00-12.00 น. หรือ 13.30 น.",
                        "cannot read '{typed}' as a time; write it as 09.00-12.00 or 13.30"),
    "time_out_of_range": ("ชั่วโมงต้องอยู่ระหว่าง 0-23 และนาทีระหว่าง 0-59", "hours run 0-23 and minutes 0-59"),
    "time_backwards": ("เวลาสิ้นสุดอยู่ก่อนเวลาเริ่ม", "it ends before it starts"),
    "bad_date_option": ("{option} '{value}' อ่านเป็นวันที่ไม่ได้: {reason}; {forms}",
                        "{option} '{value}' is not a date: {reason}; {forms}"),
    "date_far": ("{date} ห่างจากวันนี้ ({today}) เกินสองปี: {hint}",
                 "{date} is more than two years from today ({today}): {hint}"),
    "hint_number": ("ในช่องมีแต่ตัวเลข ซึ่งสเปรดชีตนับเป็นวันที่: กรอกวันที่ให้ครบ วัน/เดือน/ปี เช่น {example}",
                    "the cell holds a number alone, which a spreadsheet counts as a date: type the whole date, "
                    "day/month/year, e.g. {example}"),
    "hint_two_digit_year": ("พิมพ์ปีเป็น พ.ศ. สองหลักหรือเปล่า? ชีตอ่านปี {yy} เป็น ค.ศ. {year} "
                            "ให้พิมพ์ปี พ.ศ. ครบสี่หลัก เช่น {example}",
                            "was the year typed as two Buddhist-Era digits? The sheet took {yy} for {year}: type "
                            "the Buddhist-Era year in full, e.g. {example}"),
    "hint_check_year": ("ตรวจปีอีกครั้ง (พ.ศ. = ค.ศ. + 543)", "check the year (Buddhist Era = Common Era + 543)"),
    "endorsed_in_future": ("วันที่เกษียน {date} ยังมาไม่ถึง (วันนี้ {today})",
                           "endorsed on {date}, which is after today ({today})"),
    "done_in_future": ("สถานะ '{value}' แต่วันกิจกรรม {date} ยังมาไม่ถึง (วันนี้ {today})",
                       "marked '{value}', but its date, {date}, is after today ({today})"),
    "merged_cell": ("ช่องนี้อยู่ในเซลล์ที่ผสานไว้ {range} ซึ่งมีค่าอยู่ที่ช่องแรกช่องเดียว ช่องอื่นอ่านได้ว่าง: "
                    "ยกเลิกการผสานเซลล์ แล้วกรอกค่าให้ทุกช่อง",
                    "the cell is part of the merged range {range}, which holds a value in its first cell only and "
                    "reads as empty elsewhere: unmerge it and fill in each cell"),
    "id_too_long": ("รหัสยาว {length} ตัวอักษร เกิน {limit}: รหัสใช้ตั้งชื่อไฟล์หนังสือและรหัสอ้างอิง ให้ย่อลง",
                    "the id is {length} characters long, more than {limit}: ids name letter files and registry "
                    "keys; shorten it"),
    "id_bad_character": ("รหัสต้องไม่มี / หรือ \\ หรือการขึ้นบรรทัดใหม่ เพราะรหัสใช้ตั้งชื่อไฟล์หนังสือและรหัสอ้างอิง",
                         "an id may not hold /, \\ or a line break: ids name letter files and registry keys"),
    "typed_differs": ("(พิมพ์ต่างจากรูปมาตรฐาน: {differs})", "(typed in another form: {differs})"),
    # flag notes
    "note_cancelled": ("กิจกรรมยกเลิก", "activity cancelled"),
    "note_endorsed": ("เกษียนแล้ว {date}", "endorsed {date}"),
    "note_missed": ("เลยวันกิจกรรมแล้ว ยังไม่ได้เกษียน", "the activity day passed without endorsement"),
    "note_overdue": ("เลยกำหนดเกษียน {days} วัน: โทรติดตาม {head} {phone}",
                     "endorsement {days} day{days_s} late: phone the {head} {phone}"),
    "note_due_soon": ("ต้องเกษียนภายใน {date} (อีก {days} วัน): โทรติดตาม {head} {phone}",
                      "endorsement due by {date} ({days} day{days_s} left): phone the {head} {phone}"),
    "note_unsent": ("ยังไม่ได้ส่งหนังสือ: ส่งก่อน {date}", "letter not sent yet: send it before {date}"),
    "note_waiting": ("รอเกษียน ภายใน {date}", "waiting for endorsement, due by {date}"),
    "note_no_letter": ("ยังไม่มีหนังสือถึง {agencies}: รัน kmsheets letters",
                       "no letter yet to {agencies}: run kmsheets letters"),
    "joined": ("{items}", "{items}"),
    # flag notes when the schedule changed after a letter was made (flags.py)
    "note_changed_unsent": ("{changes}: รัน kmsheets letters เพื่อทำหนังสือฉบับนี้ใหม่ด้วยเลขที่เดิม ก่อนส่ง",
                            "{changes}: run kmsheets letters to re-make this letter under its number before "
                            "sending it"),
    "note_changed_sent": ("{changes}: หนังสือส่งไปแล้ว ต้องแจ้งเปลี่ยนแปลง: รัน kmsheets letters",
                          "{changes}: this letter went out, so the agency must be told: run kmsheets letters "
                          "for a change notice"),
    "change_date": ("วันที่ {old} → {new}", "date {old} → {new}"),
    "change_time": ("เวลา {old} → {new}", "time {old} → {new}"),
    "change_place": ("สถานที่ {old} → {new}", "place {old} → {new}"),
    "change_added": ("เพิ่ม {names}", "added {names}"),
    "change_withdrawn": ("ถอน {names}", "withdrawn {names}"),
    "note_notice_unsent": ("ยังไม่ได้ส่งหนังสือแจ้งฉบับนี้: ส่งให้หน่วยงานทราบ (การเกษียนเดิมยังใช้ได้)",
                           "this notice has not gone out: send it so the agency knows (the endorsement holds)"),
    "note_superseded": ("ใช้หนังสือที่ {number} ({key}) แทนฉบับนี้", "replaced by letter {number} ({key})"),
    "note_do_not_send": ("ไม่ต้องใช้หนังสือฉบับนี้แล้ว: อย่าส่ง", "this letter is no longer needed: do not send it"),
    "note_cancelled_by": ("ยกเลิกแล้วด้วยหนังสือที่ {number}", "withdrawn by letter {number}"),
    "note_cancel_notice_needed": ("หนังสือส่งไปแล้ว ต้องแจ้งยกเลิก: รัน kmsheets letters",
                                  "this letter went out: run kmsheets letters for a cancellation notice"),
    "note_withdrawn_notice_needed": ("ถอนบุคลากรของหน่วยงานนี้ออกจากกิจกรรมทั้งหมดแล้ว หนังสือส่งไปแล้ว ต้องแจ้งยกเลิก: "
                                     "รัน kmsheets letters",
                                     "everyone of this agency was withdrawn from the activity, and this letter "
                                     "went out: run kmsheets letters for a cancellation notice"),
    "note_needed_again": ("มีบุคลากรของหน่วยงานนี้ในกิจกรรมอีกครั้งหลังแจ้งยกเลิก: รัน kmsheets letters "
                          "เพื่อแจ้งเปลี่ยนแปลง",
                          "people of this agency are on the activity again after the cancellation notice: run "
                          "kmsheets letters for a change notice"),
    "note_cancel_unsent": ("ยังไม่ได้ส่งหนังสือแจ้งยกเลิก: ส่งโดยเร็ว", "cancellation notice not sent yet: send it now"),
    "note_cancel_sent": ("ส่งหนังสือแจ้งยกเลิกแล้ว {date}", "cancellation notice sent {date}"),
    "note_activity_cancel_notices": ("กิจกรรมยกเลิก ต้องส่งหนังสือแจ้งยกเลิกถึง {agencies}: รัน kmsheets letters",
                                     "activity cancelled: cancellation notices are needed for {agencies}: run "
                                     "kmsheets letters"),
    # lead days learned per agency ([endorsement] learn): why a note's date is earlier than lead_days makes it
    "note_learned_lead": ("{note} (หน่วยงานนี้เกษียนภายใน ~{days} วัน จึงต้องส่งก่อน {date})",
                          "{note} (this agency endorses within ~{days} days, so letters to it must go out by {date})"),
    # flag labels: what the flag column shows for each code (flaglabels.py reads any of them back)
    "flag_missed": ("เลยวันกิจกรรม", "Activity day passed"),
    "flag_changed": ("กำหนดการเปลี่ยน", "Schedule changed"),
    "flag_overdue": ("เลยกำหนดเกษียน", "Endorsement overdue"),
    "flag_no_letter": ("ยังไม่มีหนังสือ", "No letter yet"),
    "flag_due_soon": ("ใกล้กำหนดเกษียน", "Endorsement due soon"),
    "flag_unsent": ("ยังไม่ส่งหนังสือ", "Letter not sent"),
    "flag_waiting": ("รอเกษียน", "Awaiting endorsement"),
    "flag_endorsed": ("เกษียนแล้ว", "Endorsed"),
    "flag_cancelled": ("ยกเลิก", "Cancelled"),
    "flag_superseded": ("มีฉบับใหม่แทน", "Replaced by a newer letter"),
    # kmsheets format: what it writes into the workbook for its editors, its report, init and doctor
    "format_owned": ("kmsheets เขียนคอลัมน์นี้เอง: สิ่งที่พิมพ์ทับจะถูกเขียนแทนเมื่อ kmsheets รันครั้งถัดไป",
                     "kmsheets writes this column itself: anything typed over it is replaced at its next run"),
    "format_choice_error": ("เลือกค่าจากรายการ (ลูกศรที่มุมขวาของช่อง)",
                            "choose a value from the list (the arrow at the cell's right)"),
    "format_agency_error": ("ใช้รหัสหน่วยงานที่มีในแท็บ '{tab}'", "use an agency id from the tab '{tab}'"),
    "format_date_warning": ("ช่องนี้ไม่ใช่วันที่ของสเปรดชีต: วันที่ที่พิมพ์เป็นข้อความ เช่น ๒ พ.ย. ๒๕๖๙ ใช้ได้ (กด ใช่) "
                            "kmsheets validate จะอ่านให้",
                            "this is not a spreadsheet date: a date typed as text, such as 2/11/2569, is fine "
                            "(choose Yes); kmsheets validate reads it"),
    "format_header_row": ("แถวหัวตาราง (แถว ๑): ตรึงไว้และเป็นตัวหนา", "header row (row 1): frozen and bold"),
    "format_drop_down": ("รายการให้เลือก: {values}", "drop-down: {values}"),
    "format_agency_drop_down": ("รายการให้เลือกจากรหัสในแท็บ '{tab}'", "drop-down of the ids in the tab '{tab}'"),
    "format_date_check": ("ตรวจว่าเป็นวันที่ (เตือน ไม่ห้าม)", "checked as a date (a warning, not a refusal)"),
    "format_flag_colours": ("สีตามสถานะการติดตาม", "coloured by flag"),
    "format_owned_column": ("คอลัมน์ของ kmsheets: เตือนก่อนพิมพ์ทับ", "kmsheets' column: a warning before typing over it"),
    "col_format": ("รูปแบบ", "format"),
    "summary_format": ("จัดรูปแบบ {tabs} แท็บแล้ว แทนกฎเดิมของ kmsheets {replaced} รายการ ไม่มีค่าในช่องใดเปลี่ยน",
                       "formatted {tabs} tabs, replacing {replaced} earlier kmsheets rules; no cell value changed"),
    "summary_format_dry": ("ทดลอง: จะจัดรูปแบบ {tabs} แท็บ แทนกฎเดิมของ kmsheets {replaced} รายการ (ยังไม่ได้เขียน)",
                           "dry run: would format {tabs} tabs, replacing {replaced} earlier kmsheets rules "
                           "(nothing written)"),
    "format_file_changed": ("{path} ถูกแก้ระหว่างที่ kmsheets จัดรูปแบบ จึงยังไม่ได้เขียน: รัน kmsheets format อีกครั้ง",
                            "{path} changed while kmsheets formatted it, so nothing was written: run "
                            "`kmsheets format` again"),
    "format_failed": ("{error}; ไม่รู้ว่ารูปแบบถูกเขียนแล้วหรือยัง: รัน kmsheets format อีกครั้ง ซึ่งจะแทนกฎของ kmsheets "
                      "ทุกข้อโดยไม่ซ้ำ",
                      "{error}; whether the formatting landed is unknown: run `kmsheets format` again, which "
                      "replaces every kmsheets rule without doubling any"),
    "init_step_format": ("จัดรูปแบบชีตให้ทีมงาน: สีสถานะ รายการให้เลือก และคอลัมน์ที่ kmsheets เขียน",
                         "prepare the sheet for its editors: flag colours, drop-downs, kmsheets' own columns marked"),
    "doctor_format": ("รูปแบบชีต", "sheet formatting"),
    "doctor_formatted": ("จัดรูปแบบแล้ว (kmsheets format): สี รายการให้เลือก และคอลัมน์ที่ป้องกัน",
                         "formatted (kmsheets format): colours, drop-downs and protected columns"),
    "doctor_not_formatted": ("ยังไม่ได้จัดรูปแบบ: ไม่มีสีสถานะ รายการให้เลือก หรือการป้องกันคอลัมน์ของ kmsheets",
                             "not formatted yet: no flag colours, drop-downs or protection of kmsheets' columns"),
    "doctor_fix_format": ("รัน kmsheets format (ไม่เปลี่ยนค่าในช่องใด รันซ้ำได้)",
                          "run kmsheets format (it changes no cell's value, and may be run again)"),
    # the config file (config.py) and the language: every mistake names the key and what is allowed (issue 14)
    "config_missing": ("ไม่มีไฟล์ตั้งค่า {path}: คัดลอก config.example.toml เป็น config.toml หรือระบุ --config PATH "
                       "หรือตั้ง KMSHEETS_CONFIG",
                       "no config file at {path}: copy config.example.toml to config.toml, or pass --config PATH, "
                       "or set KMSHEETS_CONFIG"),
    "config_not_toml": ("{path} ไม่ใช่ TOML ที่ถูกต้อง: ผิดที่บรรทัด {line} ตัวอักษรที่ {column}",
                        "{path} is not valid TOML: the mistake is at line {line}, column {column}"),
    "config_not_toml_end": ("{path} ไม่ใช่ TOML ที่ถูกต้อง: ไฟล์จบก่อนข้อความครบ",
                            "{path} is not valid TOML: the file ends before its text is complete"),
    "config_unreadable": ("อ่าน {path} ไม่ได้: {why}", "cannot read {path}: {why}"),
    "config_unknown_keys": ("{origin}: ไม่รู้จัก {keys}; ที่ใช้ได้: {allowed}", "{origin}: unknown key(s) {keys}; "
                            "allowed: {allowed}"),
    "config_unknown_section_keys": ("{origin}: ไม่รู้จัก {keys} ในหมวด [{section}]; ที่ใช้ได้: {allowed}",
                                    "{origin}: unknown key(s) in [{section}]: {keys}; allowed: {allowed}"),
    "config_bad_language": ("{origin}: language = {value}; ใช้ \"th\" หรือ \"en\"",
                            "{origin}: language = {value}; write \"th\" or \"en\""),
    "config_not_a_table": ("{origin}: [{section}] ต้องเป็นหมวดที่มีคีย์อยู่ข้างใน",
                           "{origin}: [{section}] must be a table of keys"),
    "config_not_boolean": ("{where} = {value}; ใช้ true หรือ false", "{where} = {value}; write true or false"),
    "config_not_number": ("{where} = {value}; ใส่ตัวเลข", "{where} = {value}; write a number"),
    "config_negative": ("{where} = {value}; ใส่ตัวเลขศูนย์ขึ้นไป", "{where} = {value}; write a number of zero or more"),
    "config_not_text": ("{where} = {value}; เขียนเป็นข้อความในเครื่องหมายคำพูด",
                        "{where} = {value}; write it as text in quotes"),
    "config_unknown_tabs": ("{origin}: [workbook.tabs] รู้จัก {tabs} ไม่รู้จัก {unknown}",
                            "{origin}: [workbook.tabs] knows {tabs}, not {unknown}"),
    "config_bad_header_tab": ("{origin}: [workbook.headers] ใช้คีย์แบบ activities.date ไม่ใช่ {tab}",
                              "{origin}: [workbook.headers] takes keys like activities.date, not {tab}"),
    "config_unknown_field": ("{origin}: [workbook.headers] {tab}.{field}: แท็บ {tab} ไม่มีช่อง {field}; "
                             "ช่องที่มีคือ {fields}",
                             "{origin}: [workbook.headers] {tab}.{field}: {tab} has no field {field}; "
                             "its fields are {fields}"),
    "config_no_source": ("{origin}: [workbook] source ว่าง: ใส่ที่อยู่ไฟล์ .xlsx หรือ URL หรือรหัสของ Google Sheet",
                         "{origin}: [workbook] source is empty; give a .xlsx path or a Google Sheets URL or key"),
    "config_bad_output": ("{origin}: [letters] output = {value}; ใช้ \"local\" หรือ \"google\"",
                          "{origin}: [letters] output = {value}; write \"local\" or \"google\""),
    "config_concurrency": ("{origin}: [letters] concurrency ต้องเป็น 1 ขึ้นไป",
                           "{origin}: [letters] concurrency must be 1 or more"),
    "config_bad_drive_scope": ("{origin}: [google] drive_scope = {value}; ใช้ {allowed}",
                               "{origin}: [google] drive_scope = {value}; write {allowed}"),
    "config_retries": ("{origin}: [google] retries นับทุกครั้งที่ลอง รวมครั้งแรก: ใส่ 1 ขึ้นไป",
                       "{origin}: [google] retries counts every attempt, the first too: write 1 or more"),
    "or": ("{first} หรือ {second}", "{first} or {second}"),
    "holds_config": ("ค่าตั้งของ kmsheets", "the kmsheets configuration"),
    "holds_service_key": ("กุญแจส่วนตัวของบัญชีบริการ", "the service account's private key"),
    "holds_login": ("การเข้าสู่ระบบ Google ของคุณ", "your Google login"),
    "holds_oauth_client": ("รหัสลับของ OAuth client", "the OAuth client's secret"),
    "log_readable_by_others": ("ผู้ใช้อื่นในเครื่องนี้อ่าน {path} ({holds}) ได้: รัน {command}",
                               "{path} ({holds}) can be read by other users of this computer; run: {command}"),
    # why the system refused a file operation (errors.os_reason): its own text is English on every system
    "os_no_permission": ("ไม่มีสิทธิ์", "permission denied"),
    "os_not_found": ("ไม่มีไฟล์หรือโฟลเดอร์นี้", "no such file or folder"),
    "os_is_folder": ("เป็นโฟลเดอร์ ไม่ใช่ไฟล์", "it is a folder, not a file"),
    "os_not_a_folder": ("บางส่วนของที่อยู่ไม่ใช่โฟลเดอร์", "a part of the path is not a folder"),
    "os_disk_full": ("ดิสก์เต็ม", "the disk is full"),
    "os_quota": ("ใช้พื้นที่ดิสก์เกินโควตา", "the disk quota is used up"),
    "os_read_only_file_system": ("ระบบไฟล์อ่านได้อย่างเดียว", "the file system is read-only"),
    "os_busy": ("ไฟล์กำลังถูกใช้งาน", "the file is in use"),
    "os_name_too_long": ("ชื่อไฟล์ยาวเกินไป", "the file name is too long"),
    "os_disk_failed": ("ดิสก์อ่านหรือเขียนผิดพลาด", "the disk failed to read or write"),
    "os_exists": ("มีไฟล์ชื่อนี้อยู่แล้ว", "a file of that name exists already"),
    "os_other": ("ระบบปฏิเสธ (รหัส {code})", "the system refused ({code})"),
    # Google key files (google_api.read_key_file): why one cannot be used, and its fix; the credentials loader
    # raises key_file_unusable, doctor shows the problem and the fix on their own
    "key_file_unusable": ("{setting}: {problem}; {fix}", "{setting}: {problem}; {fix}"),
    "key_file_missing": ("{path}: ไม่มีไฟล์นี้", "{path}: there is no such file"),
    "key_file_no_permission": ("{path}: อ่านไม่ได้ (ไม่มีสิทธิ์อ่าน)", "{path}: it cannot be read (no permission)"),
    "key_file_unreadable": ("{path}: อ่านไม่ได้ ({error})", "{path}: it cannot be read ({error})"),
    "key_file_not_json": ("{path}: ไม่ใช่ JSON ที่ถูกต้อง (บรรทัด {line} คอลัมน์ {column})",
                          "{path}: it is not valid JSON (line {line}, column {column})"),
    "key_file_not_utf8": ("{path}: ไม่ใช่ JSON ที่ถูกต้อง (ไม่ใช่ข้อความ UTF-8)", "{path}: it is not valid JSON (not UTF-8 text)"),
    "key_file_not_object": ("{path}: ไม่ใช่ออบเจกต์ JSON", "{path}: it is not a JSON object"),
    "key_file_is_service_account": ("{path}: เป็นไฟล์กุญแจ JSON ของบัญชีบริการ (ใช้กับ [google] credentials)",
                                    "{path}: it is a service account's JSON key (that goes in [google] credentials)"),
    "key_file_is_authorized_user": ("{path}: เป็นไฟล์การเข้าสู่ระบบ Google ที่บันทึกไว้ (ใช้กับ [google] oauth_token)",
                                    "{path}: it is a saved personal Google login (that goes in [google] oauth_token)"),
    "key_file_is_oauth_client": ("{path}: เป็นไฟล์ OAuth client (ใช้กับ [google] oauth_client เมื่อ credentials = \"oauth\")",
                                 "{path}: it is an OAuth client file (that goes in [google] oauth_client, with "
                                 "credentials = \"oauth\")"),
    "key_file_is_other": ("{path}: เป็นไฟล์ JSON ชนิดอื่น", "{path}: it is a JSON file of another kind"),
    "key_file_missing_fields": ("{path}: ไม่มี {fields}", "{path}: it has no {fields}"),
    "key_file_not_text": ("{path}: {fields} ต้องเป็นข้อความ", "{path}: its {fields} should be text"),
    "key_file_bad_private_key": ("{path}: private_key อ่านไม่ได้ ไม่ใช่กุญแจส่วนตัวที่ใช้ได้",
                                 "{path}: its private_key is not a readable private key"),
    "key_file_fix_service_account": ("ดาวน์โหลดกุญแจ JSON ของบัญชีบริการจาก Google Cloud Console มาไว้ที่ {path} "
                                     "(README หัวข้อ \"Google set-up\") หรือตั้ง credentials = \"oauth\"",
                                     "download the service account's JSON key from the Google Cloud Console to {path} "
                                     "(README: Google set-up), or write credentials = \"oauth\""),
    "key_file_fix_oauth_client": ("ดาวน์โหลด OAuth client (ประเภท Desktop app) จาก Google Cloud Console มาไว้ที่ {path}",
                                  "download an OAuth client (type Desktop app) from the Google Cloud Console to {path}"),
    "key_file_fix_authorized_user": ("ลบ {path} แล้วรัน kmsheets validate หนึ่งครั้งบนเครื่องที่มีเบราว์เซอร์ เพื่อเข้าสู่ระบบ Google ใหม่",
                                     "delete {path} and run kmsheets validate once on a computer with a browser, to "
                                     "sign in to Google afresh"),
    # kmsheets doctor: what each check is called
    "doctor_config": ("ไฟล์ตั้งค่า", "config file"),
    "doctor_sender": ("ผู้ส่งหนังสือ [sender]", "letter sender [sender]"),
    "doctor_credentials": ("สิทธิ์เข้าใช้ Google", "Google credentials"),
    "doctor_workbook": ("สมุดงาน", "workbook"),
    "doctor_tab": ("แท็บ '{title}'", "tab '{title}'"),
    "doctor_sender_row": ("แถวหน่วยงานของผู้ส่ง", "the sender's agency row"),
    "doctor_folder": ("โฟลเดอร์เก็บหนังสือ", "letters folder"),
    "doctor_template": ("แม่แบบหนังสือ {kind}", "letter template {kind}"),
    "doctor_clock": ("นาฬิกาและเขตเวลา", "clock and time zone"),
    # kmsheets doctor: findings
    "doctor_fix": ("วิธีแก้: {fix}", "fix: {fix}"),
    "doctor_summary": ("ผ่าน {passed} จาก {total} รายการ", "{passed} of {total} checks passed"),
    "doctor_not_checked": ("ยังตรวจไม่ได้ เพราะสิทธิ์เข้าใช้ Google ยังใช้ไม่ได้",
                           "not checked: the Google credentials do not work yet"),
    "doctor_config_read": ("อ่าน {path} ได้; สมุดงาน: {source}", "read {path}; workbook: {source}"),
    "doctor_config_given": ("ได้รับค่าตั้งแล้ว; สมุดงาน: {source}", "configuration given; workbook: {source}"),
    "doctor_sender_missing": ("ยังไม่ได้กรอก {keys} ในหมวด [sender] ซึ่งหนังสือทุกฉบับต้องใช้",
                              "[sender] lacks {keys}, which every letter needs"),
    "doctor_sender_ok": ("หน่วยงาน {agency}, ที่ {prefix}, ลงนามโดย {signatory}",
                         "agency {agency}, number prefix {prefix}, signed by {signatory}"),
    "doctor_shared_file": ("ผู้ใช้อื่นในเครื่องนี้อ่าน {path} ได้ (สิทธิ์กลุ่มหรือผู้อื่นเปิดอยู่)",
                           "{path} is readable by other users of this computer (group or others have access)"),
    "doctor_service_key_ok": ("{path}: บัญชีบริการ {account}, เจ้าของเท่านั้นที่อ่านได้",
                              "{path}: service account {account}, readable by its owner only"),
    "doctor_no_login": ("ยังไม่ได้เข้าสู่ระบบ Google: ไม่มี {path}", "no Google login yet: no {path}"),
    "doctor_oauth_ok": ("การเข้าสู่ระบบบันทึกไว้ที่ {path}, เจ้าของเท่านั้นที่อ่านได้",
                        "a login is saved at {path}, readable by its owner only"),
    "doctor_workbook_read_only": ("อ่าน {path} ได้ แต่เขียนไม่ได้ (kmsheets ต้องเขียนสถานะติดตามและทะเบียนหนังสือ)",
                                  "{path} can be read but not written (kmsheets writes flags and the registry)"),
    "doctor_workbook_ok": ("เปิด {what} ได้ มี {tabs} แท็บ", "{what} opens; it has {tabs} tabs"),
    "doctor_no_tab": ("ไม่มีแท็บ '{title}'; แท็บที่มีคือ {tabs}", "there is no tab '{title}'; its tabs are {tabs}"),
    "doctor_near_tab": ("; แท็บ '{near}' ชื่อคล้ายกัน", "; the tab '{near}' has a similar name"),
    "doctor_no_header": ("ไม่มีคอลัมน์ {label} ในแถวหัวตาราง (แถว 1)", "no column {label} in the header row (row 1)"),
    "doctor_near_header": ("หัวคอลัมน์ {cell} '{typed}' คล้าย {label} แต่ไม่ตรงกัน จึงไม่ถูกอ่าน",
                           "header {cell} '{typed}' looks like {label} but is not it, so it is not read"),
    "doctor_tab_ok": ("พบหัวคอลัมน์ที่รู้จัก {found} คอลัมน์; ข้อมูล {rows} แถว",
                      "{found} known columns found; {rows} rows"),
    "doctor_sender_row_ok": ("[sender] agency_id = {id} อยู่แถว {row}: {name}", "[sender] agency_id = {id} is row {row}: {name}"),
    "doctor_no_sender_row": ("[sender] agency_id = '{id}' ไม่มีในแท็บ '{title}' (รหัสที่มี: {ids})",
                             "[sender] agency_id = '{id}' is not in the tab '{title}' (its ids: {ids})"),
    "doctor_folder_not_dir": ("{path} เป็นไฟล์ ไม่ใช่โฟลเดอร์", "{path} is a file, not a folder"),
    "doctor_folder_read_only": ("เขียนลงใน {path} ไม่ได้", "{path} cannot be written to"),
    "doctor_folder_ok": ("เขียนหนังสือลงใน {path} ได้", "letters can be written to {path}"),
    "doctor_folder_will_make": ("ยังไม่มี {path}; จะสร้างให้เมื่อออกหนังสือครั้งแรก",
                                "{path} does not exist yet; it will be made with the first letters"),
    "doctor_no_drive_folder": ("ไม่พบโฟลเดอร์ Drive {id} (Google ตอบ {status}): ไม่มีอยู่ หรือไม่ได้แชร์ให้บัญชีนี้",
                               "Drive folder {id} not found (Google answered {status}): it does not exist, "
                               "or it is not shared with this account"),
    "doctor_not_a_folder": ("{id} ('{name}') ไม่ใช่โฟลเดอร์", "{id} ('{name}') is not a folder"),
    "doctor_drive_read_only": ("เปิดโฟลเดอร์ Drive '{name}' ({id}) ได้ แต่เพิ่มไฟล์ไม่ได้",
                               "Drive folder '{name}' ({id}) is visible but files cannot be added to it"),
    "doctor_drive_ok": ("โฟลเดอร์ Drive '{name}' ({id}) เปิดได้และเพิ่มไฟล์ได้",
                        "Drive folder '{name}' ({id}) is reachable and writable"),
    "doctor_template_ok": ("{path} สร้างหนังสือตัวอย่างได้ ({size} KB, {ms} มิลลิวินาที)",
                           "{path} renders a sample letter ({size} KB, {ms} ms)"),
    "doctor_no_zone": ("ไม่พบข้อมูลเขตเวลา {zone} ในเครื่องนี้", "the time zone {zone} is not known on this computer"),
    "doctor_clock_ok": ("ขณะนี้ {date} เวลา {time} น. ({zone}); เขตเวลาของเครื่อง: {local}; "
                        "ตรวจความเที่ยงของนาฬิกาแบบออฟไลน์ไม่ได้ โปรดดูว่าตรงกับนาฬิกาจริง",
                        "now {date}, {time} ({zone}); this computer's zone: {local}; whether the clock is right "
                        "cannot be checked offline: compare it with a real clock"),
    # kmsheets doctor: fixes
    "doctor_fix_as_said": ("ทำตามที่ข้อความข้างต้นบอก", "do as the message says"),
    "doctor_fix_unexpected": ("ข้อผิดพลาดที่ไม่คาดคิด: แจ้งผู้ดูแล kmsheets พร้อมข้อความนี้",
                              "an unexpected error: report it to kmsheets' maintainers with this message"),
    "doctor_fix_credentials_first": ("แก้สิทธิ์เข้าใช้ Google ก่อน แล้วรัน kmsheets doctor อีกครั้ง",
                                     "fix the Google credentials first, then run kmsheets doctor again"),
    "doctor_fix_config": ("แก้ไฟล์ตั้งค่าตามข้อความ (ทุกคีย์มีอธิบายใน config.example.toml)",
                          "correct the config file as the message says (config.example.toml explains every key)"),
    "doctor_fix_sender": ("เพิ่มในหมวด [sender] ของไฟล์ตั้งค่า: {lines}", "add to [sender] in the config file: {lines}"),
    "doctor_fix_login": ("รัน kmsheets validate หนึ่งครั้งบนเครื่องที่มีเบราว์เซอร์ เพื่อเข้าสู่ระบบ Google",
                         "run kmsheets validate once on a computer with a browser, to log in to Google"),
    "doctor_fix_chmod": ("chmod 600 {path}", "chmod 600 {path}"),
    "doctor_fix_source": ("แก้ [workbook] source ให้ชี้ไปที่ไฟล์ .xlsx หรือ URL ของ Google Sheet",
                          "set [workbook] source to an .xlsx file, or a Google Sheets URL"),
    "doctor_fix_permissions": ("ให้ผู้ใช้ที่รัน kmsheets มีสิทธิ์เขียน {path} (และโฟลเดอร์ที่เก็บ)",
                               "let the user running kmsheets write {path} (and its folder)"),
    "doctor_fix_share_sheet": ("แชร์ชีตให้ {account} เป็นผู้แก้ไข (Editor) และตรวจรหัสชีตใน [workbook] source",
                               "share the sheet with {account} as Editor, and check the key in [workbook] source"),
    "doctor_fix_rename_tab": ("เปลี่ยนชื่อแท็บ '{near}' เป็น '{title}' หรือตั้ง [workbook.tabs] {name} = \"{near}\"",
                              "rename the tab '{near}' to '{title}', or write [workbook.tabs] {name} = \"{near}\""),
    "doctor_fix_add_tab": ("เพิ่มแท็บ '{title}' ที่แถว 1 เป็นหัวตาราง หรือถ้าใช้ชื่ออื่น ตั้ง [workbook.tabs] {name} = \"ชื่อแท็บ\"",
                           "add a tab '{title}' with its header in row 1, or name yours in [workbook.tabs] "
                           "{name} = \"title\""),
    "doctor_fix_rename_header": ("แก้ {cell} '{typed}' เป็น '{wanted}' หรือตั้ง [workbook.headers] {tab}.{field} = \"{typed}\"",
                                 "rename {cell} '{typed}' to '{wanted}', or write [workbook.headers] "
                                 "{tab}.{field} = \"{typed}\""),
    "doctor_fix_add_header": ("เพิ่มคอลัมน์ชื่อ '{wanted}' ในแถว 1", "add a column headed '{wanted}' to row 1"),
    "doctor_fix_sender_row": ("เพิ่มแถวของหน่วยงานผู้ส่งในแท็บ '{title}' หรือแก้ [sender] agency_id ให้ตรงกับรหัสที่มี",
                              "add the sender's own row to the tab '{title}', or set [sender] agency_id to its id"),
    "doctor_fix_folder": ("ตั้ง [letters] folder เป็นโฟลเดอร์", "set [letters] folder to a folder"),
    "doctor_fix_folder_id": ("ตั้ง [letters] folder เป็นรหัสโฟลเดอร์ Drive (ส่วนท้ายของ URL โฟลเดอร์)",
                             "set [letters] folder to a Drive folder's id (the end of the folder's URL)"),
    "doctor_fix_share_folder": ("แชร์โฟลเดอร์ให้ {account} เป็นผู้แก้ไข (ในไดรฟ์ที่แชร์: ผู้จัดการเนื้อหา) "
                                "บัญชีบริการไม่มีพื้นที่ Drive ของตัวเอง โฟลเดอร์จึงต้องอยู่ในไดรฟ์ที่แชร์ (Shared Drive)",
                                "share the folder with {account} as Editor (Content manager in a Shared Drive); "
                                "a service account owns no Drive storage, so the folder must be in a Shared Drive"),
    "doctor_fix_drive_scope": ("ถ้าแชร์แล้ว: ด้วย [google] drive_scope = \"drive.file\" kmsheets เห็นเฉพาะไฟล์ที่ตัวเองสร้าง "
                               "ให้ตั้ง drive_scope = \"drive\" (บัญชีบริการเห็นเฉพาะสิ่งที่แชร์ให้)",
                               "if it is shared already: with [google] drive_scope = \"drive.file\" kmsheets sees "
                               "only files it made; set drive_scope = \"drive\" (a service account sees only what "
                               "is shared with it)"),
    "doctor_fix_share_folder_person": ("ตรวจรหัสโฟลเดอร์ใน [letters] folder และให้บัญชีที่เข้าสู่ระบบมีสิทธิ์แก้ไขโฟลเดอร์",
                                       "check the id in [letters] folder, and give the logged-in account Editor "
                                       "access to the folder"),
    "doctor_fix_zone": ("ติดตั้งข้อมูลเขตเวลา: pip install tzdata (หรือ apt-get install tzdata)",
                        "install the time zone data: pip install tzdata (or apt-get install tzdata)"),
    # kmsheets doctor on office computers: a secret in a folder others read (Windows), the workbook open
    "doctor_in_shared_folder": ("{path} อยู่ในโฟลเดอร์ที่ผู้อื่นอ่านได้ (นอกโฟลเดอร์ผู้ใช้ของคุณ บนแชร์ในเครือข่าย "
                                "หรือในโฟลเดอร์ที่ OneDrive, Dropbox หรือ Google Drive ซิงก์)",
                                "{path} is in a folder other people can read (outside your own user folder, on a "
                                "network share, or synced by OneDrive, Dropbox or Google Drive)"),
    "doctor_fix_move_secret": ("ย้ายไฟล์ไปไว้ในโฟลเดอร์ของคุณเองที่ไม่ได้ซิงก์ เช่น %LOCALAPPDATA%\\kmsheets "
                               "แล้วแก้ที่อยู่ไฟล์ในไฟล์ตั้งค่า",
                               "move it into a folder of your own that is not synced, such as "
                               "%LOCALAPPDATA%\\kmsheets, and give its new path in the config"),
    "doctor_workbook_open": ("สมุดงานเปิดอยู่ใน Excel หรือ LibreOffice", "workbook open in Excel or LibreOffice"),
    "doctor_open_in_office": ("{path} เปิดอยู่ใน {program} (มีไฟล์ล็อก {lock} อยู่ข้างกัน): kmsheets จะไม่เขียนจนกว่าจะปิด",
                              "{path} is open in {program} (its lock file {lock} is beside it): kmsheets will not "
                              "write it until it is closed"),
    "doctor_fix_close_workbook": ("ปิดสมุดงานใน {program} ถ้าไม่ได้เปิดไว้ที่ใดเลย ให้ลบ {lock} ซึ่งค้างจากการปิดโปรแกรมผิดปกติ",
                                  "close the workbook in {program}; if it is open nowhere, delete {lock}, left by a "
                                  "crash"),
    # official letters: the sender's address lines, the Garuda emblem, PDF page numbers (issue 13)
    "config_not_lines": ("{where} = {value}: เขียนเป็นรายการบรรทัดในเครื่องหมายคำพูด เช่น [\"ศาลากลางจังหวัด\", \"ถนนราชดำเนิน\"]",
                         "{where} = {value}: write a list of lines in quotes, e.g. [\"City Hall\", \"Ratchadamnoen Road\"]"),
    "emblem_missing": ("ไม่พบไฟล์ตราครุฑ {path} ([letters] emblem)", "the emblem image {path} ([letters] emblem) does not exist"),
    "emblem_unreadable": ("อ่านไฟล์ตราครุฑ {path} ไม่ได้: {why}", "the emblem image {path} cannot be read: {why}"),
    "emblem_not_image": ("{path} ([letters] emblem) ไม่ใช่ไฟล์ภาพที่ใส่ในหนังสือได้: ใช้ PNG, JPEG, GIF, BMP หรือ TIFF",
                         "{path} ([letters] emblem) is not an image a letter can hold: use PNG, JPEG, GIF, BMP or TIFF"),
    "doctor_emblem": ("ตราครุฑ [letters] emblem", "Garuda emblem [letters] emblem"),
    "doctor_emblem_unset": ("ยังไม่ได้ตั้ง: หนังสือเว้นที่ไว้ ๓ ซม. แต่ไม่มีตราครุฑ",
                            "not set: letters keep 3 cm of room but print no emblem"),
    "doctor_emblem_preprinted": ("พิมพ์บนกระดาษที่มีตราครุฑแล้ว: หนังสือเว้นที่ไว้ให้",
                                 "printed on paper that bears the emblem: letters keep its room"),
    "doctor_emblem_ok": ("{path}: สูง ๓ ซม. กลางหน้าแรก", "{path}: 3 cm high, centred on page 1"),
    "pdf_failed": ("LibreOffice ทำ PDF ของ {path} ไม่ได้ (รหัส {code}) {error}",
                   "LibreOffice could not make a PDF of {path} (exit code {code}) {error}"),
    "pdf_timeout": ("LibreOffice ไม่ตอบภายใน {seconds} วินาที ขณะทำ PDF ของ {path}",
                    "LibreOffice gave no answer in {seconds} s while making a PDF of {path}"),
    "doctor_fix_emblem": ("ตั้ง [letters] emblem = \"garuda.png\" (ไฟล์ภาพตราครุฑของสำนักงาน) หรือ emblem = \"preprinted\" "
                          "ถ้าพิมพ์บนกระดาษที่มีตราครุฑอยู่แล้ว",
                          "write [letters] emblem = \"garuda.png\" (your office's emblem image), or emblem = \"preprinted\" "
                          "for paper that already bears it"),
    # letter templates that cannot be used (render.py); Jinja's own words are quoted, as values (issue 14)
    "template_missing": ("ไม่มีแม่แบบหนังสือ {path}: สร้างด้วย scripts/make_templates.py หรือตั้ง [letters] templates "
                         "เป็นโฟลเดอร์ที่มี request.docx, reminder.docx, change.docx และ cancel.docx",
                         "letter template {path} does not exist; make it with scripts/make_templates.py or set "
                         "[letters] templates to the folder that holds request.docx, reminder.docx, change.docx "
                         "and cancel.docx"),
    "template_unreadable": ("อ่านแม่แบบหนังสือ {path} ไม่ได้: {why}", "letter template {path} cannot be read: {why}"),
    "template_not_docx": ("แม่แบบหนังสือ {path} ไม่ใช่เอกสาร Word (.docx)",
                          "letter template {path} is not a Word document (.docx)"),
    "template_broken_tag": ("แม่แบบหนังสือ {path}: แท็ก Jinja เสียใกล้บรรทัด {line} (Jinja: {jinja}){near}",
                            "letter template {path}: a Jinja tag is broken near line {line} (Jinja: {jinja}){near}"),
    "template_paragraph": ("; ย่อหน้านั้นคือ {text}", "; the paragraph reads: {text}"),
    "template_near": ("; ใกล้ข้อความ {text}", "; near: {text}"),
    "template_unknown_name": ("แม่แบบหนังสือ {path} ใช้ชื่อที่หนังสือไม่มี (Jinja: {jinja}): ชื่อที่ใช้ได้อธิบายไว้ใน "
                              "kmsheets/render.py",
                              "letter template {path} uses a name the letter does not have (Jinja: {jinja}); the "
                              "names are listed in kmsheets/render.py"),
    "template_unfillable": ("กรอกแม่แบบหนังสือ {path} ไม่ได้ (Jinja: {jinja})",
                            "letter template {path} cannot be filled (Jinja: {jinja})"),
    # a local workbook that cannot be opened (backends/xlsx.py)
    "workbook_missing": ("[workbook] source: ไม่มีไฟล์ {path}", "[workbook] source: there is no file {path}"),
    "workbook_unreadable": ("อ่าน {path} ไม่ได้: {why}", "cannot read {path}: {why}"),
    "workbook_not_xlsx": ("{path} ไม่ใช่ไฟล์ .xlsx ({error})", "{path} is not an .xlsx workbook ({error})"),
    "workbook_tab_unreadable": ("{path}: อ่านแท็บ '{tab}' ไม่ได้ ({part}: {error}): เปิดไฟล์ใน Excel หรือ LibreOffice "
                                "แล้วบันทึกใหม่",
                                "{path}: the tab '{tab}' cannot be read ({part}: {error}); open the file in Excel or "
                                "LibreOffice and save it again"),
    "xlsx_not_zip": ("ไม่ใช่แพ็กเกจ ZIP อย่างที่ไฟล์ .xlsx เป็น", "it is not a ZIP package, as an .xlsx file is"),
    "xlsx_bad_xml": ("XML เสียที่บรรทัด {line} ตัวอักษรที่ {column}", "its XML is broken at line {line}, column {column}"),
    "xlsx_part_missing": ("ไม่มีส่วน {part} ในแพ็กเกจ", "the package has no part {part}"),
    "xlsx_no_sheet_data": ("แท็บไม่มีส่วนข้อมูล '<sheetData>'", "a tab has no data part '<sheetData>'"),
    "xlsx_malformed": ("โครงสร้างข้อมูลผิดรูป", "its structure is malformed"),
    # the workbook's shape (SheetError), and cells a write had to skip
    "header_twice": ("แท็บ '{tab}': หัวคอลัมน์ {first} '{first_text}' และ {second} '{second_text}' เป็นคอลัมน์ {column} "
                     "เหมือนกัน: คอลัมน์หนึ่งมีได้ครั้งเดียว ให้เปลี่ยนชื่อหรือลบอันใดอันหนึ่ง",
                     "tab '{tab}': the header cells {first} '{first_text}' and {second} '{second_text}' both name "
                     "the column {column}; each column may appear once: rename or delete one of them"),
    "tab_empty": ("แท็บ '{tab}' ว่าง (แถว 1 ไม่มีอะไร): แถว 1 ต้องเป็นแถวหัวตาราง มีอย่างน้อยคอลัมน์ {wanted}",
                  "tab '{tab}' is empty (its row 1 is blank): row 1 must be the header row, with at least the "
                  "columns {wanted}"),
    "no_column": ("แท็บ '{tab}' ไม่มีคอลัมน์ {wanted}; แถวหัวตาราง (แถว 1) มี {found}",
                  "tab '{tab}' has no column {wanted}; its header row (row 1) has {found}"),
    "no_column_merged": ("แท็บ '{tab}' ไม่มีคอลัมน์ {wanted}; แถวหัวตาราง (แถว 1) มี {found}; ช่อง {gaps} ว่าง "
                         "(หัวตารางที่ผสานเซลล์ไว้ มีข้อความแค่ช่องแรก: ยกเลิกการผสานเซลล์ แล้วใส่หัวให้ทุกคอลัมน์)",
                         "tab '{tab}' has no column {wanted}; its header row (row 1) has {found}; blank in row 1: {gaps} "
                         "(merged header cells keep their text only in the first cell: unmerge them and give each "
                         "column its own header)"),
    "no_tab": ("{workbook} ไม่มีแท็บ {wanted}; แท็บที่มีคือ {tabs}", "{workbook} has no tab {wanted}; its tabs are: {tabs}"),
    "locked": ("kmsheets อีกตัว (โปรเซส {holder}) กำลังเขียน {source} อยู่ รอบนี้จึงไม่ได้เขียนอะไร รันใหม่ภายหลังได้อย่างปลอดภัย",
               "another kmsheets run (pid {holder}) is writing to {source}; this run wrote nothing. It is safe "
               "to run again later"),
    "skip_column_gone": ("คอลัมน์ {column} หายไประหว่างที่ kmsheets ทำงาน", "the {column} column is gone"),
    "skip_row_gone": ("แถวนี้ถูกลบไประหว่างที่ kmsheets ทำงาน", "the row is gone"),
    "skip_id_twice": ("รหัสนี้อยู่หลายแถว ({rows}): แก้รหัสให้ไม่ซ้ำ", "the id is on rows {rows}"),
    "skip_id_moved": ("คอลัมน์รหัสถูกย้ายระหว่างที่ kmsheets ทำงาน: รอบถัดไปจะเขียนให้",
                      "the id column moved while kmsheets ran; the next run writes it"),
    # the registry as a ledger, and adding rows or documents that may have landed unheard (ledger.py, retry.py)
    "not_landed": ("{what}: ลอง {attempts} ครั้งแล้วไม่สำเร็จ และตรวจแล้วไม่พบว่าบันทึกไว้ (ครั้งสุดท้าย: {last})",
                   "{what} failed {attempts} time{attempts_s}, and it is not there (last: {last})"),
    "google_refused": ("{what}: Google ตอบ {status} {answer}; {hint}", "{what}: Google answered {status} {answer}; {hint}"),
    "hint_credentials": ("Google ไม่รับสิทธิ์เข้าใช้: ตรวจ [google] credentials",
                         "the credentials were refused; check [google] credentials"),
    "hint_share": ("บัญชีนี้ไม่มีสิทธิ์เห็น: แชร์ให้อีเมลของบัญชีบริการเป็นผู้แก้ไข (Editor)",
                   "the account may not see it; share it with the service account's e-mail address (Editor)"),
    "hint_not_found": ("ไม่พบสเปรดชีต ไฟล์ หรือโฟลเดอร์นี้: ตรวจรหัสในไฟล์ตั้งค่า",
                       "no such spreadsheet, file or folder; check the key or id in the config"),
    "hint_folder_not_found": ("ไม่พบโฟลเดอร์หนังสือ หรือ kmsheets มองไม่เห็น: ตรวจ [letters] folder; ถ้าคนเป็นผู้สร้างโฟลเดอร์ "
                              "[google] drive_scope = \"drive.file\" จะเห็นเฉพาะไฟล์ที่ kmsheets สร้างเอง ให้ตั้ง "
                              "drive_scope = \"drive\" (README หัวข้อ \"Google set-up\")",
                              "no such letters folder, or kmsheets cannot see it: check [letters] folder; if a person "
                              "made the folder, [google] drive_scope = \"drive.file\" sees only files kmsheets made: "
                              "set drive_scope = \"drive\" (README: Google set-up)"),
    "hint_later": ("ลองใหม่ภายหลัง", "try again later"),
    "what_append_rows": ("การเพิ่มแถวในแท็บ '{tab}'", "adding rows to the tab '{tab}'"),
    "what_upload": ("การอัปโหลดหนังสือ {key}", "uploading letter {key}"),
    # Google's sign-in and requests failing (google_api.py, retry.py), said in the config's language (issue 14)
    "google_request_failed": ("{what}: {problem}", "{what}: {problem}"),
    "sign_in_refused": ("Google ไม่รับการเข้าสู่ระบบ: {reason} ตรวจ [google] credentials",
                        "Google refused the sign-in: {reason}; check [google] credentials"),
    "sign_in_unreachable": ("ติดต่อบริการเข้าสู่ระบบของ Google ที่ {host} ไม่ได้ ({error}): ลองใหม่ภายหลัง",
                            "could not reach Google's sign-in service at {host} ({error}); try again later"),
    "sign_in_token_endpoint": ("ปลายทางที่ขอโทเคน", "its token endpoint"),
    "what_read_sheet": ("การอ่าน {source}", "reading {source}"),
    "what_drive_folder": ("โฟลเดอร์ Drive {folder}", "Drive folder {folder}"),
    "unknown_after_no_answer": ("{what}: การเชื่อมต่อขาดก่อน Google ตอบ ({error})",
                                "{what}: the connection failed before Google answered ({error})"),
    "unknown_after_server_error": ("{what}: Google ตอบ HTTP {status}", "{what}: Google answered HTTP {status}"),
    "retries_exhausted": ("{what}: ลอง {attempts} ครั้งแล้วไม่สำเร็จ ครั้งสุดท้าย: {last}",
                          "{what} failed {attempts} time{attempts_s}; last: {last}"),
    "failure_no_answer": ("ไม่มีคำตอบ ({error})", "no answer ({error})"),
    "failure_http": ("HTTP {status} {answer}", "HTTP {status} {answer}"),
    "id_column_moved": ("คอลัมน์รหัสของแท็บ '{tab}' ถูกย้ายระหว่างที่ kmsheets ทำงาน จึงยังไม่ได้เพิ่มแถวใด",
                        "the id column of the tab '{tab}' moved while kmsheets ran, so no row was added to it"),
    "reservation_given_back": ("เลขนี้ไม่ได้ใช้: กำหนดการกลับเป็นอย่างที่แจ้งไว้เดิม จึงไม่ได้ทำหนังสือ",
                               "number not used: the schedule went back to what the agency had been told, so no "
                               "letter was made"),
    "reserved_words": ("จองเลขแล้ว กำลังทำเอกสาร", "number reserved, document being made"),
    # Google or the disk failing past the retries (AccessError): what happened, and what to rerun
    "sync_failed": ("{error}; ไม่มีช่องใดถูกเขียนค้างครึ่งทาง: รัน kmsheets sync อีกครั้ง",
                    "{error}; nothing was half-written: run `kmsheets sync` again"),
    "letters_failed_early": ("{error}; ยังไม่ได้จองเลขหรือทำหนังสือฉบับใด: รัน kmsheets letters อีกครั้ง",
                             "{error}; no number was reserved and no letter made: run `kmsheets letters` again"),
    "letters_failed_making": ("{error}; จองเลขไว้ในทะเบียนหนังสือส่งแล้ว ทำหนังสือแล้ว {made} จาก {planned} ฉบับ: "
                              "รัน kmsheets letters อีกครั้ง จะทำฉบับที่เหลือด้วยเลขที่ที่จองไว้",
                              "{error}; the numbers are reserved in the send registry and {made} of {planned} "
                              "letters were made: run `kmsheets letters` again; it makes the rest under the numbers "
                              "reserved for them"),
    "letters_failed_registering": ("{error}; ทำหนังสือครบ {planned} ฉบับแล้ว แต่ยังใส่ลิงก์ในทะเบียนไม่ครบ: รัน kmsheets "
                                   "letters อีกครั้ง จะใส่ลิงก์ให้ โดยไม่ทำหนังสือซ้ำ",
                                   "{error}; all {planned} letters were made, but not all their links are in the "
                                   "registry yet: run `kmsheets letters` again; it fills them in without making the "
                                   "letters twice"),
    "ledger_unsettled": ("อ่านทะเบียนหนังสือส่ง {rounds} ครั้งแล้ว ยังมี kmsheets ที่อื่นจองเลขชนกันอยู่ จึงยังไม่ได้ทำหนังสือ",
                         "read the send registry {rounds} times and other kmsheets runs still take the same numbers, "
                         "so no letter was made"),
    "sender_not_an_agency": ("[sender] agency_id = '{id}' ไม่ใช่แถวที่ถูกต้องของแท็บหน่วยงาน: ใส่รหัสหน่วยงานของผู้ส่งเอง",
                             "[sender] agency_id = '{id}' is not a valid row of the agencies tab; write the id of "
                             "your own office there"),
    "unknown_activities": ("--activity {ids}: ไม่มีกิจกรรมนี้ในกำหนดการ หรือแถวของกิจกรรมมีข้อผิดพลาด (kmsheets validate "
                           "บอกว่าผิดตรงไหน)", "--activity {ids}: no such activity in the schedule, or its row has "
                           "errors (kmsheets validate says which)"),
    # the lock, and files that cannot be written (lock.py, files.py)
    "locked_unknown": ("kmsheets อีกตัวกำลังเขียน {source} อยู่ รอบนี้จึงไม่ได้เขียนอะไร รันใหม่ภายหลังได้อย่างปลอดภัย",
                       "another kmsheets run is writing to {source}; this run wrote nothing. It is safe to run "
                       "again later"),
    "lock_foreign": ("ไฟล์ล็อก {path} เป็นของผู้ใช้อื่น เปิดหรือลบไม่ได้: ถ้าไม่มี kmsheets ตัวใดทำงานอยู่ "
                     "ให้ผู้ใช้นั้นหรือผู้ดูแลระบบลบไฟล์นี้",
                     "the lock file {path} belongs to another user and cannot be opened or removed: if no "
                     "kmsheets run is going on, let that user or an administrator delete it"),
    "lock_unwritable": ("สร้างไฟล์ล็อก {path} ไม่ได้ ({error}): ให้ผู้ใช้ที่รัน kmsheets เขียนในโฟลเดอร์ {folder} ได้",
                        "cannot make the lock file {path} ({error}): let the user running kmsheets write in "
                        "{folder}"),
    "open_in_office": ("{path} เปิดอยู่ใน {program} (มีไฟล์ล็อก {lock} อยู่ข้างกัน): ปิดสมุดงานใน {program} ก่อน "
                       "แล้วรันใหม่ kmsheets ยังไม่ได้แก้ไขสมุดงาน ถ้าไม่ได้เปิดไว้ที่ใดเลย แสดงว่า {program} "
                       "ปิดตัวผิดปกติขณะเปิดไฟล์อยู่: ให้ลบ {lock}",
                       "{path} is open in {program} (its lock file {lock} is beside it): close the workbook in "
                       "{program}, then run again; kmsheets did not change it. If it is open nowhere, {program} "
                       "crashed with it open: delete {lock}"),
    "file_in_use": ("{path} เปิดอยู่ในโปรแกรมอื่น (Excel, Word หรือ LibreOffice) Windows จึงไม่ให้เขียนทับ: "
                    "ปิดไฟล์ในโปรแกรมนั้นก่อน แล้วรันใหม่",
                    "{path} is open in another program (Excel, Word or LibreOffice), so Windows does not let it "
                    "be replaced: close it there, then run again"),
    "cannot_write": ("เขียน {path} ไม่ได้: {error}", "cannot write {path}: {error}"),
    "cannot_make_folder": ("สร้างโฟลเดอร์ {path} ไม่ได้: {error}", "cannot make the folder {path}: {error}"),
    "file_read_only": ("{path} เป็นไฟล์อ่านอย่างเดียว (สิทธิ์ {mode}) แต่ kmsheets ต้องเขียนลงไป: "
                       "เปิดสิทธิ์เขียนให้ไฟล์ หรือใช้ --dry-run เพื่อดูโดยไม่เขียน",
                       "{path} is read-only (mode {mode}), and kmsheets must write to it: make it writable, "
                       "or use --dry-run to look without writing"),
    "read_only_file_system": ("{path} อยู่บนระบบไฟล์แบบอ่านอย่างเดียว kmsheets จึงเขียนไม่ได้: "
                              "เมานต์ใหม่ให้เขียนได้ หรือย้ายไปไว้ที่อื่น",
                              "{path} is on a read-only file system, so kmsheets cannot write there: mount it "
                              "read-write, or move it elsewhere"),
    "file_not_writable": ("ผู้ใช้นี้เขียน {path} ไม่ได้: ให้ผู้ใช้ที่รัน kmsheets มีสิทธิ์เขียนไฟล์นี้",
                          "this user cannot write {path}: let the user running kmsheets write it"),
    "folder_not_writable": ("ผู้ใช้นี้สร้างไฟล์ในโฟลเดอร์ {path} ไม่ได้: ให้ผู้ใช้ที่รัน kmsheets มีสิทธิ์เขียนโฟลเดอร์นี้",
                            "this user cannot make files in {path}: let the user running kmsheets write to "
                            "that folder"),
    "not_a_folder": ("{path} ไม่ใช่โฟลเดอร์ (มีไฟล์ชื่อนี้อยู่): ตั้ง [letters] folder เป็นโฟลเดอร์ หรือย้ายไฟล์นั้นออกไป",
                     "{path} is not a folder (a file has its name): set [letters] folder to a folder, or move "
                     "that file away"),
    # --pdf and --open on office computers (publishers/pdf.py, the CLI)
    "no_pdf_maker": ("--pdf ต้องใช้ LibreOffice หรือ Microsoft Word: ติดตั้ง LibreOffice (ฟรี จาก libreoffice.org; บน Linux: "
                     "apt-get install libreoffice-writer) หรือถ้ามี Word บน Windows หรือ macOS: pip install "
                     "\"kmsheets[word]\" หรือไม่ใส่ --pdf แล้วสั่งบันทึกไฟล์ .docx เป็น PDF จาก Word, LibreOffice "
                     "หรือ Google Docs",
                     "--pdf needs LibreOffice or Microsoft Word: install LibreOffice (free, from libreoffice.org; on "
                     "Linux: apt-get install libreoffice-writer), or, with Word on Windows or macOS, pip install "
                     "\"kmsheets[word]\"; or leave out --pdf and save the .docx files as PDF from Word, LibreOffice "
                     "or Google Docs"),
    "pdf_none_came_out": ("ไม่มีไฟล์ PDF ออกมา", "no PDF came out"),
    "pdf_failed_word": ("Word ทำ PDF ของ {path} ไม่ได้: {error}", "Word could not make a PDF of {path}: {error}"),
    "open_failed": ("เปิด {place} ไม่ได้บนเครื่องนี้: เปิดเองได้ที่ {place}",
                    "{place} could not be opened on this computer: open it yourself"),
    # the command line mistyped (usage.py): click's own words are English only (issue 14)
    "usage_hint": ("ดูวิธีใช้: {command}", "for help: {command}"),
    "usage_no_command": ("ไม่มีคำสั่ง '{name}'; คำสั่งที่มีคือ {commands}",
                         "there is no command '{name}'; the commands are {commands}"),
    "usage_missing_command": ("ยังไม่ได้ระบุคำสั่ง; คำสั่งที่มีคือ {commands}", "no command given; the commands are {commands}"),
    "usage_no_option": ("{command} ไม่มีตัวเลือก {option}", "{command} has no option {option}"),
    "usage_no_option_near": ("{command} ไม่มีตัวเลือก {option}: หมายถึง {near} หรือเปล่า",
                             "{command} has no option {option}; did you mean {near}?"),
    "usage_needs_value": ("ตัวเลือก {option} ต้องมีค่าตามหลัง", "the option {option} needs a value after it"),
    "usage_takes_no_value": ("ตัวเลือก {option} ไม่รับค่า", "the option {option} takes no value"),
    "usage_not_a_choice": ("{option} '{value}' ไม่มีในรายการ: ใช้ {choices}", "{option} '{value}' is not one of {choices}"),
    "usage_not_a_folder": ("{option} {path} เป็นไฟล์ ไม่ใช่โฟลเดอร์", "{option} {path} is a file, not a folder"),
    "usage_extra_arguments": ("{command} ไม่รับ '{args}'", "{command} does not take '{args}'"),
    "usage_missing_value": ("ยังไม่ได้ระบุ {option}", "{option} is missing"),
    "usage_bad_value": ("{option}: ใช้ค่านี้ไม่ได้ ({error})", "{option}: the value cannot be used ({error})"),
    "usage_other": ("ใช้คำสั่งไม่ถูกต้อง ({error})", "the command line is wrong ({error})"),
    # log lines on stderr (issue 14): the level and time stay as they are, the message is said like any other
    "log_reading": ("กำลังอ่าน {source}", "reading {source}"),
    "log_flags_computed": ("คำนวณสถานะการติดตาม {flags} รายการ ต้องเปลี่ยน {cells} ช่อง พบปัญหา {problems} รายการ",
                           "{flags} flag{flags_s} computed, {cells} cell{cells_s} to change, {problems} "
                           "problem{problems_s}"),
    "log_wrote_cells": ("เขียนแล้ว {cells} ช่อง ข้าม {skipped} ช่อง", "wrote {cells} cell{cells_s}, skipped {skipped}"),
    "log_letters_to_make": ("ต้องทำหนังสือ {letters} ฉบับ (ทำใหม่ด้วยเลขที่เดิม {remade} ฉบับ)",
                            "{letters} letter{letters_s} to make ({remade} made again under their numbers)"),
    "log_taken_meanwhile": ("kmsheets อีกตัวทำหนังสือเหล่านี้ไปแล้ว {letters} ฉบับ และใช้เลขที่ไปแล้ว {numbers} เลข "
                            "ระหว่างที่รอบนี้ทำงาน: {which}",
                            "another run took {letters} of these letters and {numbers} of their numbers meanwhile: "
                            "{which}"),
    "log_second_document": ("หนังสือ {key} มีเอกสารฉบับที่สอง {second} ({name}): เก็บ {kept} ไว้ ย้ายฉบับที่สองไปถังขยะ",
                            "letter {key} has a second document {second} ({name}); keeping {kept}, moving the second "
                            "to the trash"),
    "log_added_column": ("เพิ่มคอลัมน์ '{header}' ในแท็บ '{tab}' ที่ {cell}",
                         "added the column '{header}' to the tab '{tab}' at {cell}"),
    "log_already_there": ("{key} มีอยู่แล้วในแท็บ '{tab}' (kmsheets อีกตัวเพิ่มไว้ระหว่างนี้): ไม่เพิ่มซ้ำ",
                          "{key} is already in the tab '{tab}' (another run added it meanwhile): not added twice"),
    "log_made": ("ทำแล้ว {number}  {link}", "made {number}  {link}"),
    # command summaries (report.py) and the CLI
    "severity_error": ("ผิด", "error"),
    "severity_warning": ("เตือน", "warning"),
    "col_severity": ("ระดับ", "level"),
    "col_cell": ("ช่อง", "cell"),
    "col_field": ("คอลัมน์", "field"),
    "col_value": ("ค่าในช่อง", "value"),
    "col_problem": ("ปัญหาและวิธีแก้", "problem and fix"),
    "col_tab": ("แท็บ", "tab"),
    "col_id": ("รหัส", "id"),
    "col_old": ("เดิม", "was"),
    "col_new": ("ใหม่", "now"),
    "col_reason": ("เหตุที่ข้าม", "why skipped"),
    "col_number": ("ที่", "number"),
    "col_kind": ("ประเภท", "kind"),
    "col_to": ("ถึง", "to"),
    "col_subject": ("เรื่อง", "subject"),
    "col_document": ("เอกสาร", "document"),
    "remade": ("{kind} (ทำใหม่ เลขที่เดิม)", "{kind} (made again, same number)"),
    "dry_run_mark": ("(ทดลอง ยังไม่ได้ทำ)", "(dry run: not made)"),
    "summary_validate": ("ข้อผิดพลาด {errors} รายการ คำเตือน {warnings} รายการ",
                         "{errors} errors, {warnings} warnings"),
    "summary_sync": ("เขียนแล้ว {cells} ช่อง ข้าม {skipped} ช่อง แถวที่มีข้อผิดพลาด {errors} แถว (ไม่ได้เขียน)",
                     "changed {cells} cells; {skipped} skipped; {errors} rows with errors (left as they were)"),
    "summary_sync_dry": ("ทดลอง: จะเขียน {cells} ช่อง (ยังไม่ได้เขียน) แถวที่มีข้อผิดพลาด {errors} แถว",
                         "dry run: would change {cells} cells (nothing written); {errors} rows with errors"),
    "summary_letters": ("ทำหนังสือแล้ว {letters} ฉบับ ลงทะเบียนหนังสือส่งแล้ว แถวที่มีข้อผิดพลาด {errors} แถว",
                        "made and registered {letters} letters; {errors} rows with errors"),
    "summary_letters_dry": ("ทดลอง: จะทำหนังสือ {letters} ฉบับ (ยังไม่ได้ทำ) แถวที่มีข้อผิดพลาด {errors} แถว",
                            "dry run: would make {letters} letters (nothing made); {errors} rows with errors"),
    # kmsheets report: what the registry teaches (lessons.py), its tables, files and charts
    "lesson_agency_id": ("รหัสหน่วยงาน", "agency id"),
    "lesson_name": ("หน่วยงาน", "agency"),
    "lesson_requests": ("หนังสือขอ", "requests"),
    "lesson_sent": ("ส่งแล้ว", "sent"),
    "lesson_endorsed": ("เกษียนแล้ว", "endorsed"),
    "lesson_on_time": ("ทันกำหนด", "on time"),
    "lesson_missed": ("เลยวันกิจกรรม", "missed"),
    "lesson_median_days": ("วันถึงเกษียน (มัธยฐาน)", "median days"),
    "lesson_p90_days": ("วันถึงเกษียน (๙๐%)", "90th percentile days"),
    "lesson_suggested_lead_days": ("ควรขอล่วงหน้า (วัน)", "suggested lead days"),
    "lesson_month": ("เดือน (วันกิจกรรม)", "month (of the activity)"),
    "lesson_known": ("ทราบผลแล้ว", "outcome known"),
    "lesson_on_time_rate": ("อัตราทันกำหนด", "on-time rate"),
    "lesson_changes": ("แจ้งเปลี่ยนแปลง", "changes"),
    "lesson_cancellations": ("แจ้งยกเลิก", "cancellations"),
    "lesson_sheet_agencies": ("รายหน่วยงาน", "By agency"),
    "lesson_sheet_months": ("รายเดือน", "By month"),
    "summary_report": ("หนังสือขอ {requests} ฉบับ ถึง {agencies} หน่วยงาน; บันทึกตารางและแผนภูมิไว้ที่ {folder} "
                       "แถวที่มีข้อผิดพลาด {errors} แถว (ไม่ได้นับ)",
                       "{requests} requests to {agencies} agencies; tables and charts written to {folder}; "
                       "{errors} rows with errors (left out)"),
    "report_not_written": ("บันทึกรายงานลงใน {folder} ไม่ได้: {error}", "cannot write the report into {folder}: {error}"),
    "chart_days_title": ("จำนวนวันตั้งแต่ส่งหนังสือจนได้เกษียน แต่ละหน่วยงาน",
                         "Days from sending a request to its endorsement, by agency"),
    "chart_days_axis": ("วัน (แท่ง: มัธยฐาน, เส้น: จนถึง ๙๐% ของหนังสือ)", "days (bar: median; line: on to 90% of letters)"),
    "chart_days_bar": ("มัธยฐาน {median} วัน, ๙๐% ภายใน {p90} วัน (เกษียน {endorsed} ฉบับ)",
                       "median {median} days, 90% within {p90} ({endorsed} endorsed)"),
    "chart_days_suggested": (": ควรขอล่วงหน้า {days} วัน", "; ask {days} days ahead"),
    "chart_lead": ("กำหนดเกษียน {days} วันก่อนกิจกรรม", "endorsement due {days} days before the activity"),
    "chart_on_time_title": ("หนังสือขอที่เกษียนทันกำหนด รายเดือน (ตามวันกิจกรรม)",
                            "Requests endorsed on time, by month of the activity"),
    "chart_on_time_axis": ("ร้อยละที่ทันกำหนด", "on time"),
    "chart_on_time_bar": ("{on_time} จาก {known}", "{on_time} of {known}"),
    "chart_not_due": ("ยังไม่ถึงกำหนด", "not due yet"),
    "chart_missed": ("เลยวันกิจกรรม {missed}", "missed {missed}"),
    "chart_no_data": ("ยังไม่มีข้อมูลในช่วงนี้", "no data for this period"),
    # long tables summarised on the terminal (report.py)
    "col_count": ("จำนวน", "count"),
    "rows_shown": ("แสดง {shown} แถวแรกจากทั้งหมด {total} แถว: ใช้ --json เพื่อดูครบทุกแถว",
                   "the first {shown} of {total} rows are shown; --json gives them all"),
    "progress_letters": ("กำลังทำหนังสือ", "making letters"),
    "opening": ("เปิด {place}", "opening {place}"),
    "init_done": ("สร้าง {config} และ {workbook} แล้ว ต่อไป:", "wrote {config} and {workbook}. Next:"),
    "init_done_google": ("สร้าง {config} แล้ว (ชีต Google {sheet}) ต่อไป:", "wrote {config} (Google sheet {sheet}). Next:"),
    "init_step_validate": ("ตรวจข้อมูลทุกแถว", "check every row"),
    "init_step_letters": ("ทำหนังสือราชการที่กำหนดการต้องใช้ (ทดลองก่อนด้วย --dry-run)",
                          "make the letters the schedule needs (try --dry-run first)"),
    "init_step_sync": ("เขียนสถานะการเกษียนกลับลงชีต (ตั้งให้ cron รันทุกชั่วโมง)",
                       "write endorsement flags back into the sheet (let cron run it hourly)"),
    "init_step_doctor": ("ตรวจการตั้งค่า Google: ไฟล์กุญแจ การแชร์ชีตและโฟลเดอร์", 
                         "check the Google set-up: key file, sheet and folder sharing"),
    "init_not_a_sheet": ("--google {value} ไม่ใช่ URL หรือรหัสของ Google Sheet: คัดลอกจากแถบที่อยู่ของชีต {example}",
                         "--google {value} is not a Google Sheets URL or key; copy it from the sheet's address: "
                         "{example}"),
    "init_exists": ("มี {path} อยู่แล้ว: ใช้ --force ถ้าต้องการเขียนทับ หรือเลือกโฟลเดอร์อื่น",
                    "{path} already exists: add --force to overwrite it, or choose another folder"),
}


@dataclass(frozen=True)
class Message:
    """A sentence of the catalogue not said yet: its key and its parameters, said at the edge in a language."""

    key: str
    params: Mapping[str, Any] = field(default_factory=dict)

    def say(self, language: str) -> str:
        return say(language, self.key, **self.params)

    def __str__(self) -> str:  # where nothing says it in a language (a log without the CLI's formatter)
        return self.say("en")


def message(key: str, /, **params: Any) -> Message:
    return Message(key, params)


def say(language: str, key: str, /, **params: Any) -> str:
    """The sentence `key` in `language` ("th" or "en").

    Parameters are said in the language too: numbers in Thai digits in Thai (and `{name_s}` is "s" after an
    English number other than 1), dates as '๒๗ ธ.ค. ๖๙' or '27 Dec 2026', a Message (or anything else with a
    `say(language)`, such as schema.ColumnNames) as its sentence, and a list of Messages as their sentences
    joined by '; '.
    """
    thai, english = CATALOGUE[key]
    said = {name: _said(language, value) for name, value in params.items()}
    if language == "th":
        return thai.format(**said)
    plurals = {f"{name}_s": "" if value == 1 else "s" for name, value in params.items()
               if isinstance(value, int) and not isinstance(value, bool)}
    return english.format(**said, **plurals)


def _said(language: str, value: Any) -> Any:
    # a Message, or another thing said in the language (schema.ColumnNames); not a runtime Protocol, whose
    # isinstance costs microseconds a parameter, and notes at 50,000 rows have many
    if hasattr(type(value), "say"):
        return value.say(language)
    if isinstance(value, (list, tuple)) and value and all(isinstance(v, Message) for v in value):
        return "; ".join(dict.fromkeys(v.say(language) for v in value))
    if isinstance(value, dt.date):
        return format_date(value, short=True, language=language)
    if isinstance(value, int) and not isinstance(value, bool) and language == "th":
        return to_thai_digits(value)
    return value
