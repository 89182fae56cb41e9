"""Write the transfer workbook: empty (the template) or filled with a school's data.

openpyxl's write-only mode streams rows to the file, so a school's 100,000 results
never sit in memory as cells; the rows come from queries read in batches.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import IO, Iterator

from flask import current_app
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font, PatternFill

from lsq_core.extensions import db
from lsq_core.models import Classroom, Enrollment, Result, Student, Subject, TraitAssessment
from lsq_core.models.org import AcademicYear, School, Term
from lsq_core.transfer.reader import text_cell
from lsq_core.transfer.schema import (
    EXPLANATION_HEADERS, EXPLANATION_TITLE, KIND_LABELS, SHEETS, Column, Sheet,
)

HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
BATCH = 2000


def level_names() -> dict[str, str]:
    return dict(current_app.extensions["lsq"].education_types.level_choices())


def allowed_values(column: Column, school: School | None) -> str:
    """What a column accepts, in Thai, for the explanation sheet."""
    state = current_app.extensions["lsq"]
    if column.kind == "choice":
        return ", ".join(f"{label} ({code})" for code, label in column.choices.items())
    if column.kind == "level":
        names = level_names()
        codes = school.level_list if school is not None else list(names)
        return ", ".join(names.get(c, c) for c in codes)
    if column.kind == "curriculum":
        types = school.education_type_list if school is not None else None
        return ", ".join(f"{c.identifier} = {c.name_th}" for c in state.curricula
                         if types is None or c.education_type in types)
    if column.kind == "grade":
        parts = []
        for scale in state.grading_scales:
            parts.append(f"{scale.name_th}: รายวิชา {' '.join(scale.allowed_grades('basic'))}; "
                         f"กิจกรรม {' '.join(scale.allowed_grades('activity'))}")
        return "; ".join(parts)
    if column.low is not None or column.high is not None:
        return f"{column.low:g}–{column.high:g}"
    return ""


def explanation_rows(school: School | None) -> Iterator[list[str]]:
    for sheet in SHEETS:
        yield [sheet.title, "", "", "", sheet.description]
        for column in sheet.columns:
            values = allowed_values(column, school)
            text = " — ".join(part for part in (column.help, values) if part)
            yield [sheet.title, column.header, "จำเป็น" if column.required else "", KIND_LABELS[column.kind], text]
    yield ["", "", "", "", ""]
    yield ["ทั่วไป", "", "", "", "แถวแรกของแต่ละแผ่นงานเป็นหัวคอลัมน์ ห้ามแก้ไขหรือสลับ แถวว่างจะถูกข้าม "
           "ตัวเลขไทยหรืออารบิกใช้ได้ วันที่กรอกเป็น พ.ศ. หรือ ค.ศ. ได้ การนำเข้าซ้ำจะปรับปรุงข้อมูลเดิมตาม"
           "เลขประจำตัวนักเรียน/รหัสวิชา/ปีการศึกษาและภาคเรียน ไม่เพิ่มข้อมูลซ้ำ"]


def _header_row(ws, headers):
    cells = []
    for header in headers:
        cell = WriteOnlyCell(ws, value=header)
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
        cells.append(cell)
    return cells


def _cell(value):
    if isinstance(value, Decimal):
        return float(value) if value != value.to_integral_value() else int(value)
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/") + str(value.year + 543)  # พ.ศ. as text: Excel has no BE dates
    return value


def write_workbook(out: IO[bytes] | str, school: School | None = None, filled: bool = False) -> dict[str, int]:
    """Write the workbook to ``out``; returns how many data rows each sheet got."""
    wb = Workbook(write_only=True)
    counts = {}
    for sheet in SHEETS:
        ws = wb.create_sheet(sheet.title)
        ws.append(_header_row(ws, sheet.headers))
        n = 0
        if filled and school is not None:
            for row in ROWS[sheet.key](school):
                ws.append([text_cell(ws, _cell(v)) for v in row])
                n += 1
        counts[sheet.key] = n
    ws = wb.create_sheet(EXPLANATION_TITLE)
    ws.append(_header_row(ws, EXPLANATION_HEADERS))
    for row in explanation_rows(school):
        ws.append(row)
    wb.save(out)
    return counts


# --- rows of a school's data, in the schema's column order ------------------------------------


def _student_rows(school) -> Iterator[list]:
    sheet = SHEETS[0]
    query = db.session.query(Student).filter(Student.school_id == school.id).order_by(Student.student_number)
    for s in query.yield_per(BATCH):
        row = []
        for column in sheet.columns:
            value = getattr(s, column.key)
            if column.kind == "choice":
                value = column.choices.get(value, value)
            elif column.kind == "level" and value:
                value = level_names().get(value, value)
            row.append(value)
        yield row


def _classroom_rows(school) -> Iterator[list]:
    names = level_names()
    query = (db.session.query(AcademicYear.year, Classroom.level, Classroom.room, Classroom.homeroom_teacher)
             .join(AcademicYear, Classroom.academic_year_id == AcademicYear.id)
             .filter(Classroom.school_id == school.id)
             .order_by(AcademicYear.year, Classroom.level, Classroom.room))
    for year, level, room, teacher in query:
        yield [year, names.get(level, level), room, teacher]


def _enrolment_rows(school) -> Iterator[list]:
    from lsq_core.models.study import ENROLLMENT_OUTCOMES

    names = level_names()
    query = (db.session.query(AcademicYear.year, Classroom.level, Classroom.room, Student.student_number,
                              Enrollment.number, Enrollment.outcome)
             .join(Classroom, Enrollment.classroom_id == Classroom.id)
             .join(AcademicYear, Classroom.academic_year_id == AcademicYear.id)
             .join(Student, Enrollment.student_id == Student.id)
             .filter(Classroom.school_id == school.id)
             .order_by(AcademicYear.year, Classroom.level, Classroom.room, Enrollment.number,
                       Student.student_number))
    for year, level, room, number, position, outcome in query.yield_per(BATCH):
        yield [year, names.get(level, level), room, number, position,
               ENROLLMENT_OUTCOMES.get(outcome, outcome) if outcome else None]


def _subject_rows(school) -> Iterator[list]:
    from lsq_core.models.results import SUBJECT_KINDS

    for s in db.session.query(Subject).filter(Subject.school_id == school.id).order_by(Subject.code):
        yield [s.code, s.name_th, s.name_en, s.curriculum, s.group, SUBJECT_KINDS.get(s.kind, s.kind),
               s.credits, s.hours, s.activity_type]


def _result_query(school, activities: bool):
    query = (db.session.query(Student.student_number, Subject.code, AcademicYear.year, Term.number, Result.level,
                              Classroom.room, Result.score, Result.attendance, Result.grade)
             .join(Student, Result.student_id == Student.id)
             .join(Subject, Result.subject_id == Subject.id)
             .join(Term, Result.term_id == Term.id)
             .join(AcademicYear, Term.academic_year_id == AcademicYear.id)
             .outerjoin(Classroom, Result.classroom_id == Classroom.id)
             .filter(Student.school_id == school.id)
             .order_by(AcademicYear.year, Term.number, Student.student_number, Subject.code))
    kind = Subject.kind == "activity"
    return query.filter(kind if activities else ~kind)


def _result_rows(school) -> Iterator[list]:
    names = level_names()
    for number, code, year, term, level, room, score, attendance, grade in \
            _result_query(school, False).yield_per(BATCH):
        yield [number, code, year, term, names.get(level, level) if level else None, room, score, attendance, grade]


def _activity_rows(school) -> Iterator[list]:
    names = level_names()
    for number, code, year, term, level, room, _score, _attendance, grade in \
            _result_query(school, True).yield_per(BATCH):
        yield [number, code, year, term, names.get(level, level) if level else None, room, grade]


def _trait_query(school, kind):
    return (db.session.query(Student.student_number, AcademicYear.year, TraitAssessment.item, TraitAssessment.level)
            .join(Student, TraitAssessment.student_id == Student.id)
            .join(AcademicYear, TraitAssessment.academic_year_id == AcademicYear.id)
            .filter(Student.school_id == school.id, TraitAssessment.kind == kind)
            .order_by(AcademicYear.year, Student.student_number, TraitAssessment.item))


def _reading_rows(school) -> Iterator[list]:
    from lsq_core.models.results import TRAIT_LEVELS

    for number, year, _item, level in _trait_query(school, "rtw").yield_per(BATCH):
        yield [number, year, TRAIT_LEVELS.get(level, level)]


def _characteristic_rows(school) -> Iterator[list]:
    from lsq_core.models.results import TRAIT_LEVELS

    for number, year, item, level in _trait_query(school, "char").yield_per(BATCH):
        yield [number, year, item, TRAIT_LEVELS.get(level, level)]


ROWS = {
    "students": _student_rows, "classrooms": _classroom_rows, "enrolments": _enrolment_rows,
    "subjects": _subject_rows, "results": _result_rows, "activities": _activity_rows,
    "reading": _reading_rows, "characteristics": _characteristic_rows,
}


def sheet_for(key: str) -> Sheet:
    return next(s for s in SHEETS if s.key == key)
