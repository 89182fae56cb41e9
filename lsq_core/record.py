"""A student's whole record as one JSON-ready dict, built for many students at once.

``GET /api/v1/student/<id>/record`` returns it for one student; documents and
exports take it for a whole school. A fixed number of queries whatever the
number of students: students, results, the grouped sums of lsq_core.gpa, the
trait assessments, the latest enrolment.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from flask import current_app
from sqlalchemy import select

from lsq_core import gpa as G  # noqa: N812
from lsq_core.grading import fmt
from lsq_core.graduation import StudentSummary
from lsq_core.models import AcademicYear, Subject
from lsq_core.models.org import Term
from lsq_core.models.results import Result, TraitAssessment
from lsq_core.models.study import Classroom, Enrollment, Student

CHUNK = 900  # stays under SQLite's bound-parameter limit


def _chunks(ids):
    ids = list(ids)
    for start in range(0, len(ids), CHUNK):
        yield ids[start:start + CHUNK]


def build_records(session, student_ids) -> dict[int, dict]:
    records: dict[int, dict] = {}
    for chunk in _chunks(student_ids):
        records.update(_build(session, chunk))
    return records


def _build(session, ids) -> dict[int, dict]:
    state = current_app.extensions["lsq"]
    students = {s.id: s for s in session.query(Student).filter(Student.id.in_(ids))}
    rows = session.execute(
        select(Result.student_id, Result.term_id, Result.level, Result.score, Result.grade,
               Result.original_grade, Result.remedy_kind, Result.credits_studied, Result.credits_earned,
               Subject.code, Subject.name_th, Subject.group, Subject.kind, Subject.credits, Subject.hours,
               Term.number, AcademicYear.year, Result.source)
        .join(Subject, Subject.id == Result.subject_id)
        .join(Term, Term.id == Result.term_id)
        .join(AcademicYear, AcademicYear.id == Term.academic_year_id)
        .where(Result.student_id.in_(ids))
        .order_by(Result.student_id, AcademicYear.year, Term.number, Subject.code)
    ).all()
    kind_rank = {"basic": 0, "additional": 1, "activity": 2}
    rows.sort(key=lambda r: (r.student_id, r.year, r.number, kind_rank.get(r.kind, 3), r.code))
    sums = G.term_sums(session, ids)
    term_gpa = {key: G.divide(num, den) for key, (num, den) in sums.items()}
    overall = G.gpax(session, ids)
    by_area = G.area_gpas(session, ids)
    credit_totals = G.credits(session, ids)
    traits = defaultdict(dict)
    for t in session.query(TraitAssessment.student_id, TraitAssessment.kind, TraitAssessment.item,
                           TraitAssessment.level, AcademicYear.year).join(AcademicYear).filter(
            TraitAssessment.student_id.in_(ids)).order_by(AcademicYear.year):
        traits[t.student_id][(t.kind, t.item)] = (t.level, t.year)
    latest_level = {}
    for student_id, level, year in session.execute(
            select(Enrollment.student_id, Classroom.level, AcademicYear.year)
            .join(Classroom, Classroom.id == Enrollment.classroom_id)
            .join(AcademicYear, AcademicYear.id == Classroom.academic_year_id)
            .where(Enrollment.student_id.in_(ids)).order_by(AcademicYear.year)):
        latest_level[student_id] = level

    terms_of = defaultdict(dict)
    term_keys = defaultdict(list)
    rows_of = defaultdict(list)
    for row in rows:
        rows_of[row.student_id].append(row)
        key = (row.year, row.number, row.level)
        term = terms_of[row.student_id].get(key)
        if term is None:
            term = {"academic_year": row.year, "term": row.number, "level": row.level, "results": [],
                    "gpa": fmt(term_gpa.get((row.student_id, row.term_id))), "_term_id": row.term_id}
            terms_of[row.student_id][key] = term
            term_keys[row.student_id].append((row.term_id, row.level, row.year, row.number))
        item = {"subject_code": row.code, "subject_name": row.name_th, "learning_area": row.group,
                "kind": row.kind, "credits": fmt(row.credits), "hours": row.hours,
                "score": fmt(row.score), "grade": row.grade}
        if row.original_grade is not None:
            item["original_grade"] = row.original_grade
            item["remedy"] = row.remedy_kind
        if row.source != "entry":
            item["source"] = row.source
        term["results"].append(item)

    five = G.upper_secondary_terms(term_keys, 5)
    six = G.upper_secondary_terms(term_keys, 6)
    window_ids = [sid for sid in ids if five.get(sid)]
    gpax5 = {sid: G.window_gpa(sums, sid, five[sid]) for sid in window_ids}
    gpax6 = {sid: G.window_gpa(sums, sid, six[sid]) for sid in window_ids}

    records = {}
    for sid, student in students.items():
        terms = list(terms_of[sid].values())
        for term in terms:
            term.pop("_term_id", None)
        credits_raw = credit_totals.get(sid, {})
        rtw = traits[sid].get(("rtw", 0))
        char = traits[sid].get(("char", 0))
        record = {
            "student": {"id": sid, "student_number": student.student_number, "national_id": student.national_id,
                        "name": student.full_name(), "status": student.status,
                        "school": student.school.name_th},
            "education_type": student.education_type,
            "level": latest_level.get(sid),
            "terms": terms,
            "gpax": fmt(overall.get(sid)),
            "gpa_by_area": {area: fmt(value) for area, value in sorted(by_area.get(sid, {}).items())},
            "credits": {key: fmt(value) for key, value in credits_raw.items()},
            "reading_thinking_writing": rtw[0] if rtw else None,
            "characteristics": char[0] if char else None,
        }
        if sid in gpax5:
            record["gpax_5_terms"] = fmt(gpax5[sid])
            record["gpax_6_terms"] = fmt(gpax6[sid]) if len(six[sid]) == 6 else None
        level = latest_level.get(sid)
        rule = state.graduation_rules.for_level(level) if level else None
        if rule is not None:
            summary = summarise(sid, level, rule.stage_levels, rows_of[sid], rtw, char)
            reasons = rule.check(summary)
            record["graduation"] = {"level": level, "eligible": not reasons, "reasons": reasons}
        else:
            record["graduation"] = None
        records[sid] = record
    return records


def summarise(student_id, level, stage_levels, rows, rtw, char) -> StudentSummary:
    """What a graduation rule reads, from one student's result rows in the stage's levels."""
    summary = StudentSummary(student_id=student_id, level=level)
    totals = defaultdict(lambda: Decimal(0))
    saw_activity = False
    for row in rows:
        if row.level not in stage_levels:
            continue
        if row.kind == "activity":
            saw_activity = True
            if row.grade != "ผ":
                summary.activities_not_passed.append((row.code, row.grade or "-"))
            continue
        totals[f"{row.kind}_studied"] += Decimal(row.credits_studied or 0)
        totals[f"{row.kind}_earned"] += Decimal(row.credits_earned or 0)
        if row.grade in ("ร", "มส"):
            summary.pending.append((row.code, row.grade))
        elif row.grade is None or (row.kind == "basic" and Decimal(row.credits_earned or 0) == 0
                                   and (row.credits or row.hours)):
            (summary.failed_basic if row.kind == "basic" else summary.failed_additional).append(
                (row.code, row.grade or "-"))
    summary.credits = dict(totals)
    summary.activities_missing = not saw_activity
    summary.rtw = rtw[0] if rtw else None
    summary.characteristics = char[0] if char else None
    return summary
