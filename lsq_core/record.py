"""A student's whole record as one JSON-ready dict, built for many students at once.

``GET /api/v1/student/<id>/record`` returns it for one student; documents and
exports take it for a whole school. A fixed number of queries whatever the
number of students: students, subjects and terms, the result rows, the grouped
sums of lsq_core.gpa, the trait assessments and the latest enrolment. Result
rows are read with Core (no ORM objects) and their numbers formatted straight
from the database's values, because this runs over hundreds of thousands of rows.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from flask import current_app
from sqlalchemy import select, type_coerce
from sqlalchemy.types import NullType

from lsq_core import gpa as G  # noqa: N812
from lsq_core.grading import fmt
from lsq_core.graduation import StudentSummary
from lsq_core.models import AcademicYear, Subject
from lsq_core.models.org import Term
from lsq_core.models.results import Result, TraitAssessment
from lsq_core.models.org import School
from lsq_core.models.study import Classroom, Enrollment, Student, prefix_for

CHUNK = 900  # stays under SQLite's bound-parameter limit
KIND_ORDER = {"basic": 0, "additional": 1, "activity": 2}


def _chunks(ids):
    ids = list(ids)
    for start in range(0, len(ids), CHUNK):
        yield ids[start:start + CHUNK]


class _Numbers:
    """Format raw database numbers (SQLite floats, PostgreSQL Decimals) as exact strings, cached."""

    def __init__(self, places: int):
        self.places = places
        self.cache: dict = {None: None}

    def __call__(self, value):
        try:
            return self.cache[value]
        except KeyError:
            if isinstance(value, Decimal):
                text = format(value.quantize(Decimal(1).scaleb(-self.places)), "f")
            else:
                text = f"{value:.{self.places}f}"
            self.cache[value] = text
            return text


def build_records(session, student_ids) -> dict[int, dict]:
    records: dict[int, dict] = {}
    subjects, terms = _subjects(session, student_ids), _terms(session)
    for chunk in _chunks(student_ids):
        records.update(_build(session, chunk, subjects, terms))
    return records


def _subjects(session, student_ids):
    schools = select(Student.school_id).where(Student.id.in_(list(student_ids)[:CHUNK])).distinct()
    query = session.execute(select(Subject.id, Subject.code, Subject.name_th, Subject.group, Subject.kind,
                                   Subject.credits, Subject.hours).where(Subject.school_id.in_(schools)))
    return {row.id: (row.code, row.name_th, row.group, row.kind, fmt(row.credits), row.hours, row.credits)
            for row in query}


def _terms(session):
    return {row.id: (row.year, row.number) for row in session.execute(
        select(Term.id, Term.number, AcademicYear.year).join(AcademicYear, AcademicYear.id == Term.academic_year_id))}


def _build(session, ids, subjects, terms) -> dict[int, dict]:
    state = current_app.extensions["lsq"]
    today = dt.date.today()
    students = {row.id: row for row in session.execute(
        select(Student.id, Student.student_number, Student.national_id, Student.prefix_override, Student.sex,
               Student.birth_date, Student.first_name, Student.last_name, Student.status,
               Student.education_type, School.name_th.label("school"))
        .join(School, School.id == Student.school_id).where(Student.id.in_(ids)))}
    rows = _result_rows(session, ids)
    sums = G.term_sums(session, ids)
    term_gpa = {key: G.divide(num, den) for key, (num, den) in sums.items()}
    area_kind = G.area_and_kind_sums(session, ids)
    by_area = G.area_gpas(session, ids, sums=area_kind)
    credit_totals = G.credits(session, ids, sums=area_kind)
    traits = defaultdict(dict)
    for tr in session.execute(select(TraitAssessment.student_id, TraitAssessment.kind, TraitAssessment.item,
                                     TraitAssessment.level, AcademicYear.year)
                              .join(AcademicYear, AcademicYear.id == TraitAssessment.academic_year_id)
                              .where(TraitAssessment.student_id.in_(ids)).order_by(AcademicYear.year)):
        traits[tr.student_id][(tr.kind, tr.item)] = (tr.level, tr.year)
    latest_level = {}
    for student_id, level, year in session.execute(
            select(Enrollment.student_id, Classroom.level, AcademicYear.year)
            .join(Classroom, Classroom.id == Enrollment.classroom_id)
            .join(AcademicYear, AcademicYear.id == Classroom.academic_year_id)
            .where(Enrollment.student_id.in_(ids)).order_by(AcademicYear.year)):
        latest_level[student_id] = level

    score_text = _Numbers(2)
    grouped: dict[int, dict[tuple, list]] = defaultdict(dict)
    rows_of = defaultdict(list)
    rules = {sid: state.graduation_rules.for_level(level) for sid, level in latest_level.items()}
    needs_summary = {sid for sid, rule in rules.items() if rule is not None}
    missing = {row[2] for row in rows} - subjects.keys()  # other schools' subjects (transfers, several schools)
    if missing:
        subjects.update(_subjects_by_id(session, list(missing)))
    for row in rows:
        student_id, term_id, level = row[0], row[1], row[3]
        subject = subjects[row[2]]
        if student_id in needs_summary:
            rows_of[student_id].append((row, subject))
        bucket = grouped[student_id].get((term_id, level))
        if bucket is None:
            bucket = grouped[student_id][(term_id, level)] = []
        bucket.append((KIND_ORDER.get(subject[3], 3), subject[0], row, subject))
    terms_of, term_keys = {}, {}
    for student_id, buckets in grouped.items():
        ordered = sorted(buckets.items(), key=lambda kv: terms[kv[0][0]])
        student_terms, keys = [], []
        for (term_id, level), bucket in ordered:
            year, number = terms[term_id]
            bucket.sort(key=lambda entry: (entry[0], entry[1]))
            results = []
            for _rank, _code, row, subject in bucket:
                item = {"subject_code": subject[0], "subject_name": subject[1], "learning_area": subject[2],
                        "kind": subject[3], "credits": subject[4], "hours": subject[5],
                        "score": score_text(row[4]), "grade": row[5]}
                if row[6] is not None:
                    item["original_grade"] = row[6]
                    item["remedy"] = row[7]
                if row[10] != "entry":
                    item["source"] = row[10]
                results.append(item)
            student_terms.append({"academic_year": year, "term": number, "level": level, "results": results,
                                  "gpa": fmt(term_gpa.get((student_id, term_id)))})
            keys.append((term_id, level, year, number))
        terms_of[student_id], term_keys[student_id] = student_terms, keys

    five = G.upper_secondary_terms(term_keys, 5)
    six = G.upper_secondary_terms(term_keys, 6)
    records = {}
    for sid, student in students.items():
        credits_raw = credit_totals.get(sid, {})
        rtw = traits[sid].get(("rtw", 0))
        char = traits[sid].get(("char", 0))
        record = {
            "student": {"id": sid, "student_number": student.student_number, "national_id": student.national_id,
                        "name": (student.prefix_override or prefix_for(student.sex, student.birth_date, today))
                        + f"{student.first_name} {student.last_name}",
                        "status": student.status, "school": student.school},
            "education_type": student.education_type,
            "level": latest_level.get(sid),
            "terms": terms_of.get(sid, []),
            "years": _year_gpas(sums, sid, term_keys.get(sid, [])),
            "gpax": fmt(G.window_gpa(sums, sid, [t[0] for t in term_keys.get(sid, [])])),
            "gpa_by_area": {area: fmt(value) for area, value in sorted(by_area.get(sid, {}).items())},
            "credits": {key: fmt(value) for key, value in credits_raw.items()},
            "reading_thinking_writing": rtw[0] if rtw else None,
            "characteristics": char[0] if char else None,
        }
        if five.get(sid):
            record["gpax_5_terms"] = fmt(G.window_gpa(sums, sid, five[sid]))
            record["gpax_6_terms"] = fmt(G.window_gpa(sums, sid, six[sid])) if len(six[sid]) == 6 else None
        level = latest_level.get(sid)
        rule = rules.get(sid)
        if rule is not None:
            summary = summarise(sid, level, rule.stage_levels, rows_of[sid], rtw, char)
            reasons = rule.check(summary)
            record["graduation"] = {"level": level, "eligible": not reasons, "reasons": reasons}
        else:
            record["graduation"] = None
        records[sid] = record
    return records


def _year_gpas(sums, student_id, term_keys) -> list[dict]:
    """GPA per academic year: the exact term sums of the year added, then divided once."""
    years: dict[int, list[int]] = {}
    for term_id, _level, year, _number in term_keys:
        years.setdefault(year, []).append(term_id)
    return [{"academic_year": year, "gpa": fmt(G.window_gpa(sums, student_id, term_ids))}
            for year, term_ids in sorted(years.items())]


def _subjects_by_id(session, subject_ids):
    query = session.execute(select(Subject.id, Subject.code, Subject.name_th, Subject.group, Subject.kind,
                                   Subject.credits, Subject.hours).where(Subject.id.in_(subject_ids)))
    return {row.id: (row.code, row.name_th, row.group, row.kind, fmt(row.credits), row.hours, row.credits)
            for row in query}


def _result_rows(session, ids):
    """The result rows of some students, in no particular order, numbers raw as the driver gives them.

    Read through the DBAPI cursor: over a school's 180,000 rows SQLAlchemy's result
    layer costs as much as the database itself.
    """
    R = Result.__table__  # noqa: N806
    r = R.c
    query = (
        select(r.student_id, r.term_id, r.subject_id, r.level, _raw(r.score), r.grade, r.original_grade,
               r.remedy_kind, _raw(r.credits_studied), _raw(r.credits_earned), r.source)
        .select_from(R)
        .where(r.student_id.in_(ids)))
    connection = session.connection()
    compiled = query.compile(dialect=connection.dialect, compile_kwargs={"render_postcompile": True})
    cursor = connection.connection.driver_connection.cursor()
    try:
        if connection.dialect.paramstyle == "qmark":
            cursor.execute(str(compiled), [compiled.params[name] for name in compiled.positiontup])
        else:
            cursor.execute(str(compiled), compiled.params)
        return cursor.fetchall()
    finally:
        cursor.close()


def _raw(column):
    """The column's value as the driver returns it, without SQLAlchemy's Decimal conversion."""
    return type_coerce(column, NullType()).label(column.key)


def summarise(student_id, level, stage_levels, rows, rtw, char) -> StudentSummary:
    """What a graduation rule reads, from one student's (result row, subject) pairs in the stage's levels."""
    summary = StudentSummary(student_id=student_id, level=level)
    # raw driver values (SQLite floats of 0.5 steps, which binary represents exactly, or
    # PostgreSQL Decimals) are added as they come and made Decimal once at the end
    totals = defaultdict(int)
    saw_activity = False
    for row, subject in rows:
        if row[3] not in stage_levels:
            continue
        code, kind, weight = subject[0], subject[3], subject[6] if subject[6] is not None else subject[5]
        grade = row[5]
        if kind == "activity":
            saw_activity = True
            if grade != "ผ":
                summary.activities_not_passed.append((code, grade or "-"))
            continue
        earned = row[9] or 0
        totals[f"{kind}_studied"] += row[8] or 0
        totals[f"{kind}_earned"] += earned
        if grade in ("ร", "มส"):
            summary.pending.append((code, grade))
        elif grade is None or (kind == "basic" and earned == 0 and weight):
            (summary.failed_basic if kind == "basic" else summary.failed_additional).append((code, grade or "-"))
    summary.credits = {key: Decimal(str(value)).quantize(Decimal("0.1")) for key, value in totals.items()}
    summary.activities_missing = not saw_activity
    summary.rtw = rtw[0] if rtw else None
    summary.characteristics = char[0] if char else None
    return summary
