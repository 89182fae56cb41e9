"""Read and check a transfer workbook (the dry run): every row and field, nothing written.

The workbook is opened with openpyxl's read-only mode and its rows are streamed, so
100,000 results are read without holding the sheet's cells. Every problem is kept as
(sheet, row, column, value, Thai message); rows that pass are kept normalised for the
import (lsq_core.transfer.importer), which runs only when there is no problem at all.
Results and activities, the big sheets, are kept as compact tuples
(``lsq_core.results_bulk.ResultRow``), and a value repeated down a column (a student number,
a subject code, a year, a score) is parsed once per sheet, not once per cell.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import IO

from flask import current_app

from lsq_core.extensions import db
from lsq_core.models import Classroom, Student, Subject
from lsq_core.models.org import AcademicYear, School, Term
from lsq_core.models.study import G_CODE
from lsq_core.results_bulk import ResultRow
from lsq_core.thai import digits_only, national_id_error, to_arabic_digits
from lsq_core.transfer.schema import MAX_CELL_CHARS, MAX_ROWS, SHEETS, Column, Sheet
from lsq_core.validation import ValidationFailed

#: refuse archives that unpack to more than this (zip bombs), or that compress better than RATIO
MAX_UNPACKED = 1_000_000_000
MAX_RATIO = 200
#: stop collecting problems after this many (the report says so)
MAX_PROBLEMS = 10_000
#: the column a duplicate row is reported at
DUPLICATE_COLUMN = {"students": "student_number", "classrooms": "room", "enrolments": "student_number",
                    "subjects": "code", "results": "subject_code", "activities": "subject_code",
                    "reading": "student_number", "characteristics": "item"}
#: sheets whose rows are kept as ResultRow tuples, not dicts (100,000 rows and more)
COMPACT = ("results", "activities")
#: at most this many distinct values of one column remembered while reading a sheet
PARSED_CACHE = 20_000
#: the columns the failed-rows workbook adds after the template's (accepted back on import)
FAILED_EXTRA = ("แถวในไฟล์เดิม", "ข้อผิดพลาด")
REPORT_HEADERS = ("แผ่นงาน", "แถว", "คอลัมน์", "ค่า", "ข้อความ")


@dataclass
class Problem:
    sheet: str
    row: int | None
    column: str
    value: str
    message: str

    def as_row(self) -> list:
        return [self.sheet, self.row if self.row is not None else "", self.column, self.value, self.message]


@dataclass
class Report:
    """The dry run's outcome: problems, rows per sheet, and the normalised rows for the import."""

    school_id: int | None = None
    problems: list[Problem] = field(default_factory=list)
    truncated: bool = False
    counts: dict[str, int] = field(default_factory=dict)
    #: normalised rows per sheet: dicts, or ResultRow tuples for the COMPACT sheets
    rows: dict[str, list] = field(default_factory=dict)
    failed_raw: dict[str, dict[int, list]] = field(default_factory=dict)
    fatal: bool = False  # the file itself could not be read
    #: natural keys of rows that failed: rows referring to them are not reported a second time
    failed_keys: dict[str, set] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problems

    def add(self, sheet: str, row: int | None, column: str, value, message: str, raw: list | None = None,
            sheet_key: str | None = None) -> None:
        if sheet_key is not None and row is not None and raw is not None:
            self.failed_raw.setdefault(sheet_key, {})[row] = raw
        if len(self.problems) >= MAX_PROBLEMS:
            self.truncated = True
            return
        text = "" if value is None else str(value)
        self.problems.append(Problem(sheet, row, column, text[:200], message))

    def table(self) -> str:
        """The problems as a plain-text table (what the CLI prints)."""
        lines = ["\t".join(REPORT_HEADERS)]
        for p in self.problems:
            lines.append("\t".join(str(v) for v in p.as_row()))
        if self.truncated:
            lines.append(f"… แสดงเพียง {MAX_PROBLEMS:,} รายการแรก")
        return "\n".join(lines)


class BadWorkbook(Exception):
    """The file is not a transfer workbook at all (Thai message)."""


# --- opening the file safely ----------------------------------------------------------------


def open_workbook(source: str | IO[bytes]):
    from openpyxl import load_workbook

    try:
        if not zipfile.is_zipfile(source):
            raise BadWorkbook("ไฟล์นี้ไม่ใช่ไฟล์ Excel (.xlsx) กรุณาบันทึกเป็น Excel Workbook (.xlsx) แล้วส่งใหม่")
        if hasattr(source, "seek"):
            source.seek(0)
        with zipfile.ZipFile(source) as archive:
            infos = archive.infolist()
            total = sum(i.file_size for i in infos)
            if total > MAX_UNPACKED or any(
                    i.file_size > 10_000_000 and i.file_size > MAX_RATIO * max(i.compress_size, 1) for i in infos):
                raise BadWorkbook("ไฟล์นี้ขยายตัวผิดปกติเมื่อเปิด (zip bomb) ระบบไม่เปิดไฟล์นี้")
            if "xl/workbook.xml" not in {i.filename for i in infos}:
                raise BadWorkbook("ไฟล์นี้ไม่ใช่ไฟล์ Excel (.xlsx) ที่ถูกต้อง (ไม่พบ xl/workbook.xml)")
        if hasattr(source, "seek"):
            source.seek(0)
        return load_workbook(source, read_only=True, data_only=False)
    except BadWorkbook:
        raise
    except Exception as exc:  # noqa: BLE001 - any damage in the file is the user's to fix, not a server error
        raise BadWorkbook(f"เปิดไฟล์ Excel ไม่ได้ ไฟล์อาจเสียหาย ({type(exc).__name__})") from exc


# --- cell values ----------------------------------------------------------------------------


class CellError(Exception):
    pass


def _text(value) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def parse_date(value) -> dt.date:
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        if value.year > 2400:  # a พ.ศ. year typed into a date cell
            try:
                return value.replace(year=value.year - 543)
            except ValueError as exc:
                raise CellError("วันที่ไม่ถูกต้อง") from exc
        return value
    text = to_arabic_digits(_text(value))
    m = re.fullmatch(r"(\d{1,2})[/\-.](\d{1,2})[/\-.](\d{4})", text)
    if m:
        day, month, year = int(m[1]), int(m[2]), int(m[3])
    else:
        m = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text)
        if not m:
            raise CellError("วันที่ต้องอยู่ในรูป วัน/เดือน/ปี เช่น 15/06/2555 (พ.ศ.) หรือ 15/06/2012 (ค.ศ.)")
        year, month, day = int(m[1]), int(m[2]), int(m[3])
    if year > 2400:
        year -= 543
    if not 1900 <= year <= 2200:
        raise CellError("ปีของวันที่ไม่ถูกต้อง")
    try:
        return dt.date(year, month, day)
    except ValueError as exc:
        raise CellError("ไม่มีวันที่นี้ในปฏิทิน") from exc


def parse_number(value, column: Column, integer: bool) -> Decimal | int:
    text = to_arabic_digits(_text(value)).replace(",", "")
    try:
        number = Decimal(text)
    except InvalidOperation as exc:
        raise CellError("ต้องเป็นจำนวนเต็ม" if integer else "ต้องเป็นตัวเลข") from exc
    if not number.is_finite():
        raise CellError("ต้องเป็นตัวเลข")
    if integer and number != number.to_integral_value():
        raise CellError("ต้องเป็นจำนวนเต็ม")
    if (column.low is not None and number < Decimal(str(column.low))) or \
            (column.high is not None and number > Decimal(str(column.high))):
        raise CellError(f"ต้องอยู่ระหว่าง {column.low:g}–{column.high:g}")
    if integer:
        return int(number)
    number = number.quantize(Decimal("0.01")) if number.as_tuple().exponent < -2 and \
        number == number.quantize(Decimal("0.01")) else number
    if number.as_tuple().exponent < -2:
        raise CellError("ทศนิยมได้ไม่เกิน 2 ตำแหน่ง")
    return number


def parse_choice(value, column: Column) -> str:
    text = to_arabic_digits(_text(value))
    for code, label in column.choices.items():
        if text.lower() == code.lower() or text == label:
            return code
    if text in column.aliases:
        return column.aliases[text]
    raise CellError("ต้องเป็นค่าใดค่าหนึ่งต่อไปนี้: " + ", ".join(column.choices.values()))


def parse_national_id(value) -> str:
    text = _text(value).upper()
    if text.startswith("G"):
        code = to_arabic_digits(text)
        if not G_CODE.match(code):
            raise CellError("รหัส G ต้องเป็นตัว G ตามด้วยตัวเลข 12 หลัก เช่น G644200000001")
        return code
    message = national_id_error(text)
    if message:
        raise CellError(message)
    return digits_only(text)


def normalise_grade(value) -> str:
    text = to_arabic_digits(_text(value))
    try:
        number = Decimal(text)
    except InvalidOperation:
        return text
    if not number.is_finite():
        return text
    return format(number.normalize(), "f") if number == number.to_integral_value() or \
        number.as_tuple().exponent >= -2 else text


class Context:
    """What the rows refer to: the school, its levels, the years and terms in the system."""

    def __init__(self, school: School):
        self.school = school
        state = current_app.extensions["lsq"]
        names = dict(state.education_types.level_choices())
        self.levels = {}
        for code in school.level_list:
            self.levels[code.lower()] = code
            self.levels[names.get(code, code)] = code
        self.level_names = names
        self.curricula = {c.identifier: c for c in state.curricula}
        self.years = {y: i for i, y in db.session.query(AcademicYear.id, AcademicYear.year)}
        self.terms = {(y, n): i for i, y, n in db.session.query(Term.id, AcademicYear.year, Term.number)
                      .join(AcademicYear, Term.academic_year_id == AcademicYear.id)}

    def parse(self, value, column: Column):
        if column.kind in ("text", "curriculum"):
            text = _text(value)
            if column.max_length and len(text) > column.max_length:
                raise CellError(f"ยาวเกิน {column.max_length} ตัวอักษร")
            if column.kind == "curriculum" and text not in self.curricula:
                raise CellError("ไม่รู้จักหลักสูตรนี้ ต้องเป็น " + ", ".join(self.curricula))
            return text
        if column.kind == "national_id":
            return parse_national_id(value)
        if column.kind == "date":
            return parse_date(value)
        if column.kind == "year":
            year = parse_number(value, Column("year", "", low=1900, high=2800), True)
            if year < 2400:
                year += 543
            if year not in self.years:
                raise CellError(f"ไม่มีปีการศึกษา {year} ในระบบ")
            return year
        if column.kind == "int":
            return parse_number(value, column, True)
        if column.kind == "decimal":
            return parse_number(value, column, False)
        if column.kind == "choice":
            return parse_choice(value, column)
        if column.kind == "level":
            text = to_arabic_digits(_text(value)).replace(" ", "")
            code = self.levels.get(text) or self.levels.get(text.lower())
            if code is None:
                raise CellError("สถานศึกษานี้ไม่ได้เปิดสอนระดับชั้นนี้ ต้องเป็น "
                                + ", ".join(self.level_names.get(c, c) for c in self.school.level_list))
            return code
        if column.kind == "grade":
            return normalise_grade(value)
        raise AssertionError(column.kind)


# --- the dry run ------------------------------------------------------------------------------


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def dry_run(source: str | IO[bytes], school: School) -> Report:
    """Check the workbook against the schema and the school's data; write nothing."""
    report = Report(school_id=school.id)
    try:
        wb = open_workbook(source)
    except BadWorkbook as exc:
        report.fatal = True
        report.add("", None, "", "", str(exc))
        return report
    try:
        with db.session.no_autoflush:
            _check(wb, school, report)
    except BadWorkbook as exc:
        report.fatal = True
        report.add("", None, "", "", str(exc))
    except Exception as exc:  # noqa: BLE001 - damaged XML inside the archive shows up while streaming
        if isinstance(exc, (KeyboardInterrupt, MemoryError)):
            raise
        report.fatal = True
        report.add("", None, "", "", f"อ่านไฟล์ Excel ไม่ได้ ไฟล์อาจเสียหาย ({type(exc).__name__})")
    finally:
        wb.close()
    return report


def _check(wb, school: School, report: Report) -> None:
    ctx = Context(school)
    names = set(wb.sheetnames)
    missing = [s.title for s in SHEETS if s.title not in names]
    for title in missing:
        report.add(title, None, "", "", f"ไม่พบแผ่นงาน '{title}' ในไฟล์ (ใช้แม่แบบจากระบบ ห้ามเปลี่ยนชื่อแผ่นงาน)")
    if missing:
        report.fatal = True
        return
    for sheet in SHEETS:
        rows = _read_sheet(wb[sheet.title], sheet, ctx, report)
        report.rows[sheet.key] = rows
        report.counts[sheet.key] = len(rows)
        if report.fatal:
            return
    _check_references(ctx, report)


def _read_sheet(ws, sheet: Sheet, ctx: Context, report: Report) -> list[dict]:
    rows_iter = ws.iter_rows()
    header = [c.value for c in next(rows_iter, ())]
    width = len(sheet.columns)
    got = [(_text(v) if not _blank(v) else "") for v in header[:width]] + [""] * max(0, width - len(header))
    header_ok = True
    for i, column in enumerate(sheet.columns):
        if got[i] != column.header:
            header_ok = False
            report.add(sheet.title, 1, column.header, got[i],
                       f"หัวคอลัมน์ที่ {i + 1} ต้องเป็น '{column.header}' (ใช้แม่แบบจากระบบ ห้ามแก้ไขหัวคอลัมน์)")
    extra = [v for v in header[width:] if not _blank(v) and _text(v) not in FAILED_EXTRA]
    if extra:
        header_ok = False
        report.add(sheet.title, 1, "", _text(extra[0]), "มีคอลัมน์เกินจากแม่แบบ")
    if not header_ok:
        report.fatal = True
        return []
    out = []
    seen_keys: dict[tuple, int] = {}
    unique_ids: dict[str, int] = {}
    compact = sheet.key in COMPACT
    #: per column, (type, cell value) → (parsed, None) or (None, message): ctx.parse depends on nothing else
    parsed_values: list[dict] = [{} for _ in sheet.columns]
    for number, cells in enumerate(rows_iter, start=2):
        cells = cells[:width]
        formulas = {i for i, c in enumerate(cells) if c.data_type == "f"}
        raw = [c.value for c in cells] + [None] * max(0, width - len(cells))
        if all(_blank(v) for v in raw):
            continue
        if number > MAX_ROWS:
            report.add(sheet.title, number, "", "", f"แผ่นงานมีเกิน {MAX_ROWS:,} แถว")
            report.fatal = True
            break
        record = {"_row": number}
        bad = False
        for index, (column, value) in enumerate(zip(sheet.columns, raw)):
            if isinstance(value, str) and len(value) > MAX_CELL_CHARS:
                report.add(sheet.title, number, column.header, value[:50] + "…",
                           f"ข้อความยาวเกิน {MAX_CELL_CHARS:,} ตัวอักษร", raw, sheet.key)
                bad = True
                continue
            if index in formulas:
                report.add(sheet.title, number, column.header, value,
                           "ห้ามใช้สูตรคำนวณ ให้คัดลอกแล้ววางเป็นค่า (Paste Values)", raw, sheet.key)
                bad = True
                continue
            if _blank(value):
                if column.required:
                    report.add(sheet.title, number, column.header, "", f"กรุณากรอก{column.header}", raw, sheet.key)
                    bad = True
                record[column.key] = None
                continue
            known = parsed_values[index]
            memo = known.get((type(value), value))
            if memo is None:
                try:
                    memo = (ctx.parse(value, column), None)
                except CellError as exc:
                    memo = (None, str(exc))
                if len(known) < PARSED_CACHE:
                    known[(type(value), value)] = memo
            if memo[1] is not None:
                report.add(sheet.title, number, column.header, value, memo[1], raw, sheet.key)
                bad = True
            else:
                record[column.key] = memo[0]
        if bad:
            if all(k in record for k in sheet.natural_key):
                report.failed_keys.setdefault(sheet.key, set()).add(tuple(record[k] for k in sheet.natural_key))
            continue
        key = tuple(record[k] for k in sheet.natural_key)
        if key in seen_keys:
            column = sheet.column(DUPLICATE_COLUMN[sheet.key])
            report.add(sheet.title, number, column.header, record[column.key],
                       f"ข้อมูลซ้ำกับแถวที่ {seen_keys[key]}", raw, sheet.key)
            continue
        seen_keys[key] = number
        if sheet.key == "students":
            nid = record["national_id"]
            if nid in unique_ids:
                report.add(sheet.title, number, sheet.column("national_id").header, nid,
                           f"เลขประจำตัวประชาชนซ้ำกับแถวที่ {unique_ids[nid]}", raw, sheet.key)
                report.failed_keys.setdefault(sheet.key, set()).add(key)
                continue
            unique_ids[nid] = number
        if compact:
            out.append(ResultRow(number, *(record[c.key] for c in sheet.columns)) if sheet.key == "results"
                       else ResultRow(number, *(record[c.key] for c in sheet.columns[:-1]),
                                      grade=record["grade"]))
            continue
        record["_raw"] = raw if sheet.key in ("students", "subjects", "classrooms") else None
        out.append(record)
    return out


def _model_errors(report: Report, sheet: Sheet, record: dict, obj) -> bool:
    """Run the model's own lsq_validate on a transient copy of the row; report per column."""
    try:
        obj.lsq_validate()
    except ValidationFailed as exc:
        for field_name, messages in exc.messages.items():
            index = next((i for i, c in enumerate(sheet.columns) if c.key == field_name), None)
            header = sheet.columns[index].header if index is not None else ""
            value = record["_raw"][index] if index is not None and record.get("_raw") else record.get(field_name)
            report.add(sheet.title, record["_row"], header, value, " ".join(messages), record["_raw"], sheet.key)
        return True
    return False


def _check_references(ctx: Context, report: Report) -> None:
    from lsq_core.transfer.schema import ENROLMENTS, STUDENTS, SUBJECTS

    school = ctx.school
    # students: the model's own rules (birth date, duplicates in the school, status date …)
    existing_students = {n: (i, nid) for i, n, nid in db.session.query(Student.id, Student.student_number,
                                                                      Student.national_id)
                         .filter(Student.school_id == school.id)}
    good_students = []
    for record in report.rows["students"]:
        fields = {c.key: record[c.key] for c in STUDENTS.columns}
        fields["status"] = fields["status"] or "studying"
        student = Student(school_id=school.id, education_type=school.education_type_list[0], **fields)
        if record["student_number"] in existing_students:
            student.id = existing_students[record["student_number"]][0]
        if not _model_errors(report, STUDENTS, record, student):
            good_students.append(record)
        else:
            report.failed_keys.setdefault("students", set()).add((record["student_number"],))
    report.rows["students"] = good_students
    known_students = set(existing_students) | {r["student_number"] for r in report.rows["students"]}

    # classrooms
    existing_rooms = {(y, lv, r) for y, lv, r in db.session.query(AcademicYear.year, Classroom.level, Classroom.room)
                      .join(AcademicYear, Classroom.academic_year_id == AcademicYear.id)
                      .filter(Classroom.school_id == school.id)}
    known_rooms = existing_rooms | {(r["year"], r["level"], r["room"]) for r in report.rows["classrooms"]}

    # subjects: the plugin's rules through the model (code pattern, learning area, credits …)
    existing_subjects = {code: (i, kind) for i, code, kind in db.session.query(Subject.id, Subject.code, Subject.kind)
                         .filter(Subject.school_id == school.id)}
    good_subjects = []
    for record in report.rows["subjects"]:
        fields = {c.key: record[c.key] for c in SUBJECTS.columns}
        subject = Subject(school_id=school.id, **fields)
        if record["code"] in existing_subjects:
            subject.id = existing_subjects[record["code"]][0]
        if not _model_errors(report, SUBJECTS, record, subject):
            good_subjects.append(record)
        else:
            report.failed_keys.setdefault("subjects", set()).add((record["code"],))
    report.rows["subjects"] = good_subjects
    subject_kinds = {code: kind for code, (_i, kind) in existing_subjects.items()}
    subject_kinds.update({r["code"]: r["kind"] for r in report.rows["subjects"]})
    subject_curricula = dict(db.session.query(Subject.code, Subject.curriculum).filter(Subject.school_id == school.id))
    subject_curricula.update({r["code"]: r["curriculum"] for r in report.rows["subjects"]})

    def keep(sheet_key, predicate):
        sheet = next(s for s in SHEETS if s.key == sheet_key)
        kept = []
        compact = sheet_key in COMPACT
        for stored in report.rows[sheet_key]:
            if compact:
                record = dict(zip(ResultRow._fields, stored))
                record["_row"] = stored.row
            else:
                record = stored
            if report.failed_keys and _refers_to_failed(record, report.failed_keys):
                continue  # its own row is reported; this one is checked again once that is corrected
            problem = predicate(record)
            if problem:
                column_key, message = problem
                column = sheet.column(column_key)
                report.add(sheet.title, record["_row"], column.header, record.get(column_key), message,
                           _raw_of(record, sheet), sheet.key)
            else:
                kept.append(stored._replace(term_id=record["term_id"]) if compact else record)
        report.rows[sheet_key] = kept

    def student_ref(record):
        if record["student_number"] not in known_students:
            return ("student_number", "ไม่พบเลขประจำตัวนักเรียนนี้ในแผ่นงาน นักเรียน หรือในระบบ")
        return None

    def enrolment_check(record):
        if (record["year"], record["level"], record["room"]) not in known_rooms:
            return ("room", f"ไม่พบห้อง {ctx.level_names.get(record['level'], record['level'])}/{record['room']} "
                            f"ปีการศึกษา {record['year']} ในแผ่นงาน ห้องเรียน หรือในระบบ")
        return student_ref(record)

    keep("enrolments", enrolment_check)
    room_years: dict[tuple, int] = {}
    for record in report.rows["enrolments"]:
        key = (record["year"], record["student_number"])
        if key in room_years:
            report.add(ENROLMENTS.title, record["_row"], ENROLMENTS.column("student_number").header,
                       record["student_number"],
                       f"นักเรียนคนนี้อยู่ห้องอื่นในปีการศึกษาเดียวกันแล้ว (แถวที่ {room_years[key]})",
                       _raw_of(record, ENROLMENTS), ENROLMENTS.key)
        room_years[key] = record["_row"]

    scales = {}

    def scale_of(code):
        curriculum = ctx.curricula.get(subject_curricula.get(code))
        if curriculum is None:
            return None
        if curriculum.education_type not in scales:
            scales[curriculum.education_type] = current_app.extensions["lsq"].grading_scales.for_education_type(
                curriculum.education_type)
        return scales[curriculum.education_type]

    windows: dict[tuple, str | None] = {}

    def window_problem(term_id, code):
        from lsq_core.entry_windows import education_type_of, extension_for, window_for
        from lsq_core.thai import thai_today

        curriculum = subject_curricula.get(code)
        key = (term_id, curriculum)
        if key not in windows:
            term = db.session.get(Term, term_id)
            window = window_for(term, education_type_of(Subject(curriculum=curriculum)))
            today = thai_today()
            windows[key] = None if window.is_open(today) or extension_for(school.id, term_id, today) else \
                f"{term!r} ไม่เปิดให้บันทึกผลการเรียนตามปฏิทินการดำเนินงาน (ขอขยายเวลาจากเจ้าพนักงานทะเบียน อปท.)"
        return windows[key]

    def result_check(activities):
        def check(record):
            problem = student_ref(record)
            if problem:
                return problem
            code = record["subject_code"]
            kind = subject_kinds.get(code)
            if kind is None:
                return ("subject_code", "ไม่พบรหัสวิชานี้ในแผ่นงาน รายวิชา หรือในระบบ")
            if activities and kind != "activity":
                return ("subject_code", "รหัสนี้ไม่ใช่กิจกรรมพัฒนาผู้เรียน ให้กรอกในแผ่นงาน ผลการเรียน")
            if not activities and kind == "activity":
                return ("subject_code", "รหัสนี้เป็นกิจกรรมพัฒนาผู้เรียน ให้กรอกในแผ่นงาน กิจกรรมพัฒนาผู้เรียน")
            term_id = ctx.terms.get((record["year"], record["term"]))
            if term_id is None:
                return ("term", f"ไม่มีภาคเรียนที่ {record['term']} ปีการศึกษา {record['year']} ในระบบ")
            record["term_id"] = term_id
            if record.get("room") is not None and record.get("level") is None:
                return ("level", "กรอกห้องแล้วต้องกรอกระดับชั้นด้วย")
            if record.get("room") is not None and (record["year"], record["level"], record["room"]) not in known_rooms:
                return ("room", "ไม่พบห้องนี้ในแผ่นงาน ห้องเรียน หรือในระบบ")
            scale = scale_of(code)
            grade = record.get("grade")
            if scale is None:
                return ("subject_code", "ไม่พบเกณฑ์การให้ผลการเรียนของหลักสูตรของรายวิชานี้")
            allowed = scale.allowed_grades(kind)
            if grade is not None and grade not in allowed:
                what = "ผลการประเมินกิจกรรม" if kind == "activity" else "ผลการเรียน"
                return ("grade", f"{what}ต้องเป็น {', '.join(allowed)}")
            if not activities:
                if record.get("score") is None and grade is None:
                    return ("grade", "กรุณากรอกคะแนนหรือผลการเรียน")
            closed = window_problem(term_id, code)
            if closed:
                return ("term", closed)
            return None
        return check

    keep("results", result_check(False))
    keep("activities", result_check(True))
    keep("reading", student_ref)
    keep("characteristics", student_ref)


def _refers_to_failed(record: dict, failed: dict[str, set]) -> bool:
    if "student_number" in record and (record["student_number"],) in failed.get("students", ()):
        return True
    if "subject_code" in record and (record["subject_code"],) in failed.get("subjects", ()):
        return True
    room = (record.get("year"), record.get("level"), record.get("room"))
    return room in failed.get("classrooms", ())


def _raw_of(record: dict, sheet: Sheet) -> list:
    """The row as it could be written back for correction (normalised values when the raw ones were not kept)."""
    if record.get("_raw") is not None:
        return record["_raw"]
    return [record.get(c.key) for c in sheet.columns]


def failed_rows_workbook(report: Report, out) -> None:
    """A workbook of the rows that failed, each sheet with its headers plus a column saying why."""
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    messages: dict[tuple[str, int], list[str]] = {}
    for p in report.problems:
        if p.row is not None:
            messages.setdefault((p.sheet, p.row), []).append(f"{p.column}: {p.message}" if p.column else p.message)
    for sheet in SHEETS:
        ws = wb.create_sheet(sheet.title)
        ws.append(sheet.headers + list(FAILED_EXTRA))
        for row, raw in sorted(report.failed_raw.get(sheet.key, {}).items()):
            values = [text_cell(ws, _plain(v)) for v in raw]
            ws.append(values + [row, " / ".join(messages.get((sheet.title, row), []))])
    wb.save(out)


def text_cell(ws, value):
    """A value for a write-only sheet; text that starts with "=" stays text, never a live formula."""
    if isinstance(value, str) and value.startswith("="):
        from openpyxl.cell import WriteOnlyCell

        cell = WriteOnlyCell(ws, value=value)
        cell.data_type = "s"
        return cell
    return value


def _plain(value):
    if isinstance(value, str) and len(value) > MAX_CELL_CHARS:
        return value[:MAX_CELL_CHARS]
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/") + str(value.year + 543)
    if isinstance(value, Decimal):
        return float(value)
    return value
