"""GPAX for university admission (CUPT/TCAS) and the Ministry's GPA text file.

Both files have one row per student of a school's ม.6 classrooms in an academic year,
with the GPAX and the GPA of each learning area over the SAME window of terms: the
5-term window (ม.4/1 … ม.6/1, for the early rounds) or the 6-term window (… ม.6/2).
The window of each student comes from lsq_core.gpa.upper_secondary_terms, as in the
student record (``gpax_5_terms`` / ``gpax_6_terms``), so the file and the record agree.

The database does the adding: one grouped query gives, per student, term and subject
group, Σ points × weight, Σ weight and the credits; the window's terms are then added
in exact Decimals and divided once, truncated to two places (lsq_core.grading.divide).

The official 34-field layout and the file naming are not public (domain basic_ed.md
§10.2). The fields below are ours, documented in docs/exports.md, and a site may
choose and order them (``GPAX_FIELDS``, ``MOE_GPA_FIELDS``) and name the files
(``GPAX_FILENAME``, ``MOE_GPA_FILENAME``) in its configuration.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from flask import current_app
from sqlalchemy import func, select

from lsq_core import gpa as G  # noqa: N812
from lsq_core.exports import Exporter, ExportError, Option, table_bytes
from lsq_core.grading import divide
from lsq_core.models import AcademicYear, Subject
from lsq_core.models.org import Term
from lsq_core.models.results import Result
from lsq_core.models.study import Classroom, Enrollment, Student
from lsq_core.thai import format_date_th

#: learning area in the file → the subject groups it adds up (the three foreign languages are one area)
DEFAULT_AREAS = {"ท": ["ท"], "ค": ["ค"], "ว": ["ว"], "ส": ["ส"], "พ": ["พ"], "ศ": ["ศ"], "ง": ["ง"],
                 "อ": ["อ", "จ", "ญ"]}
AREA_NAMES = {"ท": "ภาษาไทย", "ค": "คณิตศาสตร์", "ว": "วิทยาศาสตร์และเทคโนโลยี", "ส": "สังคมศึกษาฯ",
              "พ": "สุขศึกษาและพลศึกษา", "ศ": "ศิลปะ", "ง": "การงานอาชีพ", "อ": "ภาษาต่างประเทศ"}
#: the MoE affiliation code (รหัสสังกัด) of the Department of Local Administration
DLA_AFFILIATION = "30"
#: the final level of a programme whose applicants go to university → the three levels of its window
FINAL_LEVELS = {"m6": G.UPPER_SECONDARY, "pvc3": ("pvc1", "pvc2", "pvc3")}

#: field → Thai header; the area fields (credits_<area>, gpa_<area>) are added for each area
BASE_FIELDS = {
    "affiliation": "รหัสสังกัด",
    "school_moe_code": "รหัสสถานศึกษา (10 หลัก)",
    "school_code": "รหัสสถานศึกษา อปท.",
    "school_name": "ชื่อสถานศึกษา",
    "academic_year": "ปีการศึกษา",
    "level": "ชั้น",
    "room": "ห้อง",
    "number": "เลขที่",
    "student_number": "เลขประจำตัวนักเรียน",
    "national_id": "เลขประจำตัวประชาชน",
    "prefix": "คำนำหน้าชื่อ",
    "first_name": "ชื่อ",
    "last_name": "นามสกุล",
    "sex": "เพศ (1 ชาย 2 หญิง)",
    "birth_date": "วันเกิด (วว/ดด/ปปปป พ.ศ.)",
    "window": "จำนวนภาคเรียนที่ขอ",
    "terms_counted": "จำนวนภาคเรียนที่มีผลการเรียน",
    "credits_total": "หน่วยกิตรวม",
    "gpax": "GPAX",
}
DEFAULT_GPAX_FIELDS = [
    "affiliation", "school_moe_code", "school_name", "academic_year", "level", "room", "number", "student_number",
    "national_id", "prefix", "first_name", "last_name", "sex", "birth_date", "window", "terms_counted",
    "credits_total", "gpax",
    *[f"{kind}_{area}" for area in DEFAULT_AREAS for kind in ("credits", "gpa")],
]  # 18 + 8 × 2 = 34 fields
DEFAULT_GPAX_FILENAME = "GPAX{affiliation}_{moe_code}_{year}_{terms}terms.{ext}"
DEFAULT_MOE_GPA_FIELDS = [
    "affiliation", "school_moe_code", "national_id", "prefix", "first_name", "last_name", "sex", "birth_date",
    "level", "academic_year", "terms_counted", "credits_total", "gpax", *[f"gpa_{area}" for area in DEFAULT_AREAS],
]
DEFAULT_MOE_GPA_FILENAME = "GPAX{affiliation}_{moe_code}_46{year}_{last_term}.txt"
SEX_CODES = {"M": "1", "F": "2"}
LEVEL_NAMES = {"m6": "ม.6", "pvc3": "ปวช.3"}


def _config(name, default):
    value = current_app.config.get(name)
    return default if value in (None, "", []) else value


def areas() -> dict[str, list[str]]:
    return _config("GPAX_AREAS", DEFAULT_AREAS)


def field_headers() -> dict[str, str]:
    headers = dict(BASE_FIELDS)
    for area in areas():
        name = AREA_NAMES.get(area, area)
        headers[f"credits_{area}"] = f"หน่วยกิต {name}"
        headers[f"gpa_{area}"] = f"GPA {name}"
    return headers


def chosen_fields(setting: str, default: list[str]) -> list[str]:
    """The fields a site chose (in its order), every one checked against the catalogue."""
    fields = _config(setting, default)
    if isinstance(fields, str):
        fields = [f.strip() for f in fields.split(",") if f.strip()]
    known = field_headers()
    unknown = [f for f in fields if f not in known]
    if unknown:
        raise ExportError(f"ค่าตั้ง {setting} มีช่องที่ไม่รู้จัก: {', '.join(unknown)} "
                          f"(ช่องที่ใช้ได้: {', '.join(known)})")
    return list(fields)


def cohort_year(session, school, year: str) -> int:
    """The academic year asked for, or the latest in which the school has a ม.6 (or ปวช.3) classroom."""
    if year:
        if not year.isdigit():
            raise ExportError(f"ปีการศึกษา {year!r} ต้องเป็นตัวเลข พ.ศ. เช่น 2569")
        return int(year)
    latest = session.execute(select(func.max(AcademicYear.year)).join(
        Classroom, Classroom.academic_year_id == AcademicYear.id).where(
        Classroom.school_id == school.id, Classroom.level.in_(FINAL_LEVELS))).scalar()
    if latest is None:
        raise ExportError(f"{school.code} {school.name_th} ไม่มีห้องเรียนชั้น ม.6 หรือ ปวช.3")
    return latest


def _window_sums(session, student_ids):
    """student → {(term, level, year, number): {(group, kind): (Σ points × weight, Σ weight, credits)}},
    from one grouped query per chunk of students."""
    from lsq_core.record import _chunks

    r = Result.__table__.c
    exact = G.Memo(G._d)
    found: dict[int, dict] = defaultdict(lambda: defaultdict(dict))
    for chunk in _chunks(session, student_ids):
        query = (select(r.student_id, r.term_id, r.level, AcademicYear.year, Term.number, Subject.group,
                        Subject.kind, func.sum(r.points * r.gpa_weight), func.sum(r.gpa_weight),
                        func.sum(r.credits_studied))
                 .join(Subject, Subject.id == r.subject_id).join(Term, Term.id == r.term_id)
                 .join(AcademicYear, AcademicYear.id == Term.academic_year_id)
                 .where(G.among(session, r.student_id, chunk))
                 .group_by(r.student_id, r.term_id, r.level, AcademicYear.year, Term.number, Subject.group,
                           Subject.kind))
        for sid, term_id, level, year, number, group, kind, numerator, weight, studied in G.fetch(session, query):
            found[sid][(term_id, level, year, number)][(group, kind)] = (exact[numerator], exact[weight],
                                                                        exact[studied])
    return found


def gpax_rows(session, school, terms: int, year: str = "") -> tuple[int, list[dict]]:
    """(academic year, one dict per ม.6 or ปวช.3 student with every catalogue field) of a school."""
    academic_year = cohort_year(session, school, year)
    students = session.execute(
        select(Student, Classroom.room, Enrollment.number, Classroom.level)
        .join(Enrollment, Enrollment.student_id == Student.id)
        .join(Classroom, Classroom.id == Enrollment.classroom_id)
        .join(AcademicYear, AcademicYear.id == Classroom.academic_year_id)
        .where(Classroom.school_id == school.id, Classroom.level.in_(FINAL_LEVELS),
               AcademicYear.year == academic_year)
        .order_by(Classroom.level, Classroom.room, Enrollment.number, Student.student_number)).all()
    if not students:
        raise ExportError(f"{school.code} {school.name_th} ไม่มีผู้เรียนชั้น ม.6 หรือ ปวช.3 ในปีการศึกษา {academic_year}")
    sums = _window_sums(session, [s.id for s, *_rest in students])
    windows = {}
    for final, levels in FINAL_LEVELS.items():
        of_level = {s.id for s, _room, _number, level in students if level == final}
        windows.update(G.upper_secondary_terms({sid: list(by_term) for sid, by_term in sums.items()
                                                if sid in of_level}, terms, levels))
    area_groups = areas()
    affiliation = str(_config("MOE_AFFILIATION_CODE", DLA_AFFILIATION))
    today = dt.date.today()
    rows = []
    for student, room, number, final_level in students:
        by_term = sums.get(student.id, {})
        window = set(windows.get(student.id, []))
        totals: dict[str, list[Decimal]] = defaultdict(lambda: [G.ZERO, G.ZERO, G.ZERO])
        for (term_id, *_rest), groups in by_term.items():
            if term_id not in window:
                continue
            for (group, kind), (numerator, weight, studied) in groups.items():
                if kind == "activity":
                    continue
                for key in (group, None):  # the group, and the whole (GPAX)
                    total = totals[key]
                    total[0] += numerator
                    total[1] += weight
                    total[2] += studied
        row = {
            "affiliation": affiliation, "school_moe_code": school.moe_code, "school_code": school.code,
            "school_name": school.name_th, "academic_year": academic_year, "level": LEVEL_NAMES[final_level],
            "room": room, "number": number, "student_number": student.student_number,
            "national_id": student.national_id, "prefix": student.prefix(today), "first_name": student.first_name,
            "last_name": student.last_name, "sex": SEX_CODES.get(student.sex, ""),
            "birth_date": format_date_th(student.birth_date, "numeric"), "window": terms,
            "terms_counted": len(window), "credits_total": totals[None][2].quantize(G.ONE_PLACE),
            "gpax": divide(totals[None][0], totals[None][1]),
        }
        for area, groups in area_groups.items():
            numerator = sum((totals[g][0] for g in groups if g in totals), G.ZERO)
            weight = sum((totals[g][1] for g in groups if g in totals), G.ZERO)
            studied = sum((totals[g][2] for g in groups if g in totals), G.ZERO)
            row[f"credits_{area}"] = studied.quantize(G.ONE_PLACE) if studied else None
            row[f"gpa_{area}"] = divide(numerator, weight)
        rows.append(row)
    return academic_year, rows


TERMS = Option("terms", "จำนวนภาคเรียน", (("5", "5 ภาคเรียน (ม.4/1 – ม.6/1, ปวช.1/1 – ปวช.3/1)"),
                                          ("6", "6 ภาคเรียน (ม.4/1 – ม.6/2, ปวช.1/1 – ปวช.3/2)")), "5")
YEAR = Option("year", "ปีการศึกษา (พ.ศ.) ของชั้น ม.6 หรือ ปวช.3 (ว่าง = ปีล่าสุด)")


def _filename(pattern: str, school, year: int, terms: int, ext: str) -> str:
    affiliation = str(_config("MOE_AFFILIATION_CODE", DLA_AFFILIATION))
    try:
        return pattern.format(affiliation=affiliation, moe_code=school.moe_code, code=school.code, year=year,
                              terms=terms, last_term=1 if terms == 5 else 2, ext=ext)
    except (KeyError, IndexError, ValueError) as exc:
        raise ExportError(f"รูปแบบชื่อแฟ้ม {pattern!r} ใช้ไม่ได้: {exc}") from exc


def _one_school(exporter, schools):
    if len(schools) != 1:
        raise ExportError(f"{exporter.name_th} ส่งออกได้ครั้งละหนึ่งสถานศึกษา")
    return schools[0]


class GpaxExporter(Exporter):
    """GPAX and per-area GPA over the 5- or 6-term window, for CUPT/TCAS (CSV or Excel)."""

    def export(self, session, schools, options):
        school = _one_school(self, schools)
        kind, terms = self.kind(options), int(self.option(options, "terms"))
        year, rows = gpax_rows(session, school, terms, self.option(options, "year"))
        fields = chosen_fields("GPAX_FIELDS", DEFAULT_GPAX_FIELDS)
        headers = field_headers()
        data = table_bytes(kind, f"GPAX {terms} ภาคเรียน", [headers[f] for f in fields],
                           ([row[f] for f in fields] for row in rows))
        return _filename(_config("GPAX_FILENAME", DEFAULT_GPAX_FILENAME), school, year, terms, kind), data


class MoeGpaExporter(Exporter):
    """The Ministry's GPA text file as far as it is known: one line per student, fields joined by
    ``MOE_GPA_SEPARATOR`` (default "|"), no header line, CRLF, in ``MOE_GPA_ENCODING``
    (default UTF-8; "cp874" for TIS-620 readers). What is guessed: docs/exports.md."""

    def export(self, session, schools, options):
        school = _one_school(self, schools)
        terms = int(self.option(options, "terms"))
        self.kind(options)
        year, rows = gpax_rows(session, school, terms, self.option(options, "year"))
        fields = chosen_fields("MOE_GPA_FIELDS", DEFAULT_MOE_GPA_FIELDS)
        separator = str(_config("MOE_GPA_SEPARATOR", "|"))
        lines = [separator.join("" if row[f] is None else format(row[f], "f") if isinstance(row[f], Decimal)
                                else str(row[f]).replace(separator, " ") for f in fields) for row in rows]
        encoding = str(_config("MOE_GPA_ENCODING", "utf-8"))
        try:
            data = "".join(line + "\r\n" for line in lines).encode(encoding)
        except UnicodeEncodeError as exc:
            raise ExportError(f"มีอักขระที่เข้ารหัส {encoding} ไม่ได้: {exc.object[exc.start:exc.end]!r}") from exc
        return _filename(_config("MOE_GPA_FILENAME", DEFAULT_MOE_GPA_FILENAME), school, year, terms, "txt"), data
