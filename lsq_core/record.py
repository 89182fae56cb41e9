"""A student's whole record as one JSON-ready dict, built for many students at once.

``GET /api/v1/student/<id>/record`` returns it for one student; documents and
exports take it for a whole school (bench/student_records.py: 3,000 students,
180,000 results). A fixed number of queries whatever the number of students:
students, subjects and terms, the result rows, the grouped sums of lsq_core.gpa,
the trait assessments and the latest enrolment. Result rows come as plain tuples
from the DBAPI cursor and each distinct score is formatted once, because this
runs over hundreds of thousands of rows.
"""

from __future__ import annotations

import datetime as dt
import gc
from collections import defaultdict
from contextlib import contextmanager
from decimal import Decimal
from itertools import groupby
from operator import itemgetter

from flask import current_app
from sqlalchemy import String, cast, func, select

from lsq_core import gpa as G  # noqa: N812
from lsq_core.grading import TWO_PLACES, fmt
from lsq_core.graduation import StudentSummary
from lsq_core.models import AcademicYear, Subject
from lsq_core.models.org import Term
from lsq_core.models.results import Result, TraitAssessment
from lsq_core.models.org import School
from lsq_core.models.study import Classroom, Enrollment, Student, prefix_for

CHUNK = 900  # stays under SQLite's bound-parameter limit
ARRAY_CHUNK = 3000  # PostgreSQL takes a chunk as one array (gpa.among): a large school in one round of queries
KIND_ORDER = {"basic": 0, "additional": 1, "activity": 2}


def _chunks(session, ids):
    size = ARRAY_CHUNK if session.get_bind().dialect.name == "postgresql" else CHUNK
    ids = list(ids)
    for start in range(0, len(ids), size):
        yield ids[start:start + size]


def build_records(session, student_ids, levels=None) -> dict[int, dict]:
    """Records of many students; with ``levels``, only those levels' results and figures
    (a transcript of one stage: ปพ.1:พ reports ม.4–ม.6 and its GPAX is theirs)."""
    records: dict[int, dict] = {}
    with _collector_paused():
        subjects, terms = _subjects(session, student_ids), _terms(session)
        for chunk in _chunks(session, student_ids):
            records.update(_build(session, chunk, subjects, terms, levels))
    return records


@contextmanager
def _collector_paused():
    """Pause Python's cyclic garbage collector while a school's records are built.

    They are some half a million new dicts, lists and row tuples, none in a cycle;
    the collector would walk them again and again as they pile up (a fifth of the
    time). Reference counting still frees everything as usual.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _subjects(session, student_ids):
    schools = select(Student.school_id).where(Student.id.in_(list(student_ids)[:CHUNK])).distinct()
    query = session.execute(_subject_columns().where(Subject.school_id.in_(schools)))
    return {row.id: _subject_tuple(row) for row in query}


def _subject_columns():
    return select(Subject.id, Subject.code, Subject.name_th, Subject.group, Subject.kind, Subject.credits,
                  Subject.hours, Subject.theory_hours, Subject.practice_hours)


def _subject_tuple(row) -> tuple:
    """(code, name, group, kind, credits as text, hours, credits, ท-ป-น or None)."""
    tpn = None
    if row.theory_hours is not None or row.practice_hours is not None:
        credits = "-" if row.credits is None else fmt(row.credits.normalize())
        tpn = f"{row.theory_hours or 0}-{row.practice_hours or 0}-{credits}"
    return (row.code, row.name_th, row.group, row.kind, fmt(row.credits), row.hours, row.credits, tpn)


def _terms(session):
    return {row.id: (row.year, row.number) for row in session.execute(
        select(Term.id, Term.number, AcademicYear.year).join(AcademicYear, AcademicYear.id == Term.academic_year_id))}


def _build(session, ids, subjects, terms, levels=None) -> dict[int, dict]:
    state = current_app.extensions["lsq"]
    today = dt.date.today()
    students = {row.id: row for row in session.execute(
        select(Student.id, Student.student_number, Student.national_id, Student.prefix_override, Student.sex,
               Student.birth_date, Student.first_name, Student.last_name, Student.status,
               Student.education_type, Student.curriculum, Student.programme_id, Student.school_id,
               School.name_th.label("school"))
        .join(School, School.id == Student.school_id).where(G.among(session, Student.id, ids)))}
    rows = _result_rows(session, ids, levels)
    sums = G.term_sums(session, ids, levels)
    area_kind = G.area_and_kind_sums(session, ids, levels)
    by_area = G.area_gpas(session, ids, sums=area_kind)
    credit_totals = G.credits(session, ids, sums=area_kind)
    traits = defaultdict(dict)
    for tr in session.execute(select(TraitAssessment.student_id, TraitAssessment.kind, TraitAssessment.item,
                                     TraitAssessment.level, AcademicYear.year)
                              .join(AcademicYear, AcademicYear.id == TraitAssessment.academic_year_id)
                              .where(G.among(session, TraitAssessment.student_id, ids))
                              .order_by(AcademicYear.year)):
        traits[tr.student_id][(tr.kind, tr.item)] = (tr.level, tr.year)
    latest_level = latest_levels(session, ids)

    missing = set(map(itemgetter(2), rows)) - subjects.keys()  # other schools' subjects (transfers, …)
    if missing:
        subjects.update(_subjects_by_id(session, list(missing)))
    rules = {sid: state.graduation_rules.for_level(level) for sid, level in latest_level.items()}
    needs_summary = {sid for sid, rule in rules.items() if rule is not None}
    rows_of = defaultdict(list)
    if needs_summary:
        for row in rows:
            if row[0] in needs_summary:
                rows_of[row[0]].append((row, subjects[row[2]]))
    stage_credits = G.level_credits(session, list(needs_summary), levels) if needs_summary else {}
    programme_wide = [sid for sid in needs_summary if rules[sid].needs_programme_figures]
    by_level_group = G.level_group_sums(session, programme_wide) if programme_wide else {}
    policies = _policies(session, {students[sid].school_id for sid in programme_wide}) if programme_wide else {}
    gpa_text = G.Memo(lambda pair: fmt(G.divide(*pair)))
    terms_of, term_keys = _term_lists(rows, subjects, terms, sums, gpa_text)
    letters = Letters(state.grading_scales)

    six = G.upper_secondary_terms(term_keys, 6)
    records = {}
    for sid, student in students.items():
        credits_raw = credit_totals.get(sid, {})
        rtw = traits[sid].get(("rtw", 0))
        char = traits[sid].get(("char", 0))
        keys = term_keys.get(sid, [])
        record = {
            "student": {"id": sid, "student_number": student.student_number, "national_id": student.national_id,
                        "name": (student.prefix_override or prefix_for(student.sex, student.birth_date, today))
                        + f"{student.first_name} {student.last_name}",
                        "status": student.status, "school": student.school},
            "education_type": student.education_type,
            "level": latest_level.get(sid),
            "terms": terms_of.get(sid, []),
            "years": _year_gpas(sums, sid, keys, gpa_text),
            "gpax": gpa_text[G.window_sums(sums, sid, [t[0] for t in keys])],
            "gpa_by_area": {area: fmt(value) for area, value in sorted(by_area.get(sid, {}).items())},
            "credits": {key: fmt(value) for key, value in credits_raw.items()},
            "reading_thinking_writing": rtw[0] if rtw else None,
            "characteristics": char[0] if char else None,
        }
        if student.curriculum or student.programme_id:
            record.update(_programme_fields(student, area_kind.get(sid, {}), traits[sid]))
        if six.get(sid):
            window = six[sid]
            record["gpax_5_terms"] = gpa_text[G.window_sums(sums, sid, window[:5])]
            record["gpax_6_terms"] = gpa_text[G.window_sums(sums, sid, window)] if len(window) == 6 else None
        level = latest_level.get(sid)
        rule = rules.get(sid)
        if rule is not None:
            summary = summarise(sid, level, rule.stage_levels, rows_of[sid], stage_credits.get(sid, {}), rtw, char,
                                letters)
            if rule.needs_programme_figures:
                add_programme_figures(summary, rule, student, rows_of[sid], by_level_group.get(sid, {}), terms,
                                      traits[sid], policies.get((student.school_id, student.education_type), {}),
                                      letters)
            reasons = rule.check(summary)
            record["graduation"] = {"level": level, "eligible": not reasons, "reasons": reasons}
        else:
            record["graduation"] = None
        records[sid] = record
    return records


def _term_lists(rows, subjects, terms, sums, gpa_text):
    """student → their terms with results, in record order; student → [(term, level, year, number)].

    One sort of the chunk's rows on an integer key (student, term in time, level,
    subject in kind-then-code order) puts every term's results in place, so each
    result dict is built straight into its list.
    """
    term_rank = {term_id: rank for rank, term_id in enumerate(sorted(terms, key=lambda t: (terms[t], t)))}
    order = sorted(subjects, key=lambda s: (KIND_ORDER.get(subjects[s][3], 3), subjects[s][0], s))
    subject_rank = {subject_id: rank for rank, subject_id in enumerate(order)}
    levels = sorted(set(map(itemgetter(3), rows)), key=lambda level: level or "")
    level_rank = {level: rank for rank, level in enumerate(levels)}
    item_of = {subject_id: {"subject_code": s[0], "subject_name": s[1], "learning_area": s[2], "kind": s[3],
                            "credits": s[4], "hours": s[5], **({"tpn": s[7]} if s[7] else {})}
               for subject_id, s in subjects.items()}
    score_text = G.Memo(_score_text)
    n_terms, n_levels, n_subjects = len(term_rank), len(level_rank), len(subject_rank)
    rows = sorted(rows, key=lambda r: ((r[0] * n_terms + term_rank[r[1]]) * n_levels + level_rank[r[3]])
                  * n_subjects + subject_rank[r[2]])
    terms_of, term_keys = defaultdict(list), defaultdict(list)
    for (student_id, term_id, level), group in groupby(rows, key=itemgetter(0, 1, 3)):
        results = []
        for r in group:
            item = item_of[r[2]].copy()
            item["score"] = score_text[r[4]]
            item["grade"] = r[5]
            if r[6] is not None:
                item["original_grade"] = r[6]
                item["remedy"] = r[7]
            if r[9] is not None:
                item["source"] = r[9]
            if r[10]:
                item["superseded"] = True
            results.append(item)
        year, number = terms[term_id]
        pair = sums.get((student_id, term_id))
        terms_of[student_id].append({"academic_year": year, "term": number, "level": level, "results": results,
                                     "gpa": None if pair is None else gpa_text[pair]})
        term_keys[student_id].append((term_id, level, year, number))
    return terms_of, term_keys


def _score_text(value):
    """A raw database score (SQLite float or int, PostgreSQL text) as the two-place string of the API."""
    if value is None:
        return None
    if isinstance(value, str):
        value = Decimal(value)
    if isinstance(value, Decimal):
        return format(value.quantize(TWO_PLACES), "f")
    return f"{value:.2f}"


def latest_levels(session, ids) -> dict[int, str]:
    """student → the level of their latest enrolment (what a record, and a transcript's form, is of)."""
    levels = {}
    for student_id, level, _year in session.execute(
            select(Enrollment.student_id, Classroom.level, AcademicYear.year)
            .join(Classroom, Classroom.id == Enrollment.classroom_id)
            .join(AcademicYear, AcademicYear.id == Classroom.academic_year_id)
            .where(G.among(session, Enrollment.student_id, ids)).order_by(AcademicYear.year)):
        levels[student_id] = level
    return levels


def _year_gpas(sums, student_id, term_keys, gpa_text) -> list[dict]:
    """GPA per academic year: the exact term sums of the year added, then divided once."""
    years: dict[int, list[int]] = {}
    for term_id, _level, year, _number in term_keys:
        years.setdefault(year, []).append(term_id)
    return [{"academic_year": year, "gpa": gpa_text[G.window_sums(sums, student_id, term_ids)]}
            for year, term_ids in sorted(years.items())]


def _subjects_by_id(session, subject_ids):
    query = session.execute(_subject_columns().where(Subject.id.in_(subject_ids)))
    return {row.id: _subject_tuple(row) for row in query}


def _result_rows(session, ids, levels=None):
    """The result rows of some students, in no particular order: (student, term, subject, level,
    score, grade, original grade, remedy, nothing earned, source or None for "entry", superseded or None).

    What the driver would make into an object on every row stays in the database:
    the credits (summed there, lsq_core.gpa.level_credits), the usual "entry" source
    (NULL), and on PostgreSQL the score's Decimal (sent as text instead; each distinct
    score is formatted once).
    """
    r = Result.__table__.c
    score = cast(r.score, String) if session.get_bind().dialect.name == "postgresql" else r.score
    return G.fetch(session, select(
        r.student_id, r.term_id, r.subject_id, r.level, score, r.grade, r.original_grade, r.remedy_kind,
        (r.credits_earned == 0).label("earned_nothing"), func.nullif(r.source, "entry").label("source"),
        func.nullif(r.superseded, False).label("superseded"),
    ).where(G.among(session, r.student_id, ids), *([r.level.in_(levels)] if levels is not None else [])))


class Letters:
    """The letters of every registered scale that pass an activity (ผ, ผ.) and that wait to be
    resolved (ร, มส, ม.ส.): no two scales share a code, so one set of each serves every record."""

    def __init__(self, scales):
        def passes(scale):
            return [letter.code for letter in scale.letters if letter.passing and letter.for_activities]

        self.activity_passes = {code for scale in scales for code in passes(scale)}
        self.pending = {letter.code for scale in scales for letter in scale.letters if letter.pending}
        self.activity_pass_of = {scale.education_type: (passes(scale) or [""])[0] for scale in scales}


def summarise(student_id, level, stage_levels, rows, credit_sums, rtw, char, letters: Letters) -> StudentSummary:
    """What a graduation rule reads, from one student's (result row, subject) pairs and credit sums
    per (level, kind) (lsq_core.gpa.level_credits), those of the stage's levels."""
    summary = StudentSummary(student_id=student_id, level=level)
    totals: dict[str, Decimal] = {}
    for (row_level, kind), (studied, earned) in credit_sums.items():
        if row_level in stage_levels:
            totals[f"{kind}_studied"] = totals.get(f"{kind}_studied", 0) + studied
            totals[f"{kind}_earned"] = totals.get(f"{kind}_earned", 0) + earned
    saw_activity = False
    for row, subject in rows:
        if row[3] not in stage_levels:
            continue
        code, kind, weight = subject[0], subject[3], subject[6] if subject[6] is not None else subject[5]
        grade = row[5]
        if kind == "activity":
            saw_activity = True
            if grade not in letters.activity_passes:
                summary.activities_not_passed.append((code, grade or "-"))
            continue
        if grade in letters.pending:
            summary.pending.append((code, grade))
        elif grade is None or (kind == "basic" and row[8] and weight):  # row[8]: nothing earned
            (summary.failed_basic if kind == "basic" else summary.failed_additional).append((code, grade or "-"))
    summary.credits = {key: value.quantize(G.ONE_PLACE) for key, value in totals.items()}
    summary.activities_missing = not saw_activity
    summary.rtw = rtw[0] if rtw else None
    summary.characteristics = char[0] if char else None
    return summary


def _policies(session, school_ids) -> dict[tuple[int, str], dict]:
    """(school, education type) → the school's policy of that type's grading scale."""
    scales = current_app.extensions["lsq"].grading_scales
    policies = {}
    for school in session.query(School).filter(School.id.in_(list(school_ids))):
        for scale in scales:
            policies[(school.id, scale.education_type)] = scale.policy(school)
    return policies


def add_programme_figures(summary, rule, student, rows, sums, terms, traits, policy, letters: Letters) -> None:
    """What a programme-wide rule (vocational) reads besides the basic summary: the curriculum,
    credits earned per subject group and the GPAX over the stage's levels, the activity results
    of every regular term studied, the programme assessments, the school's policy."""
    state = current_app.extensions["lsq"]
    summary.curriculum = state.curricula.get(student.curriculum) if student.curriculum else None
    summary.policy = policy
    numerator = weight = Decimal(0)
    for (level, group), (num, den, _studied, earned) in sums.items():
        if level in rule.stage_levels:
            summary.group_credits[group] = summary.group_credits.get(group, Decimal(0)) + earned
            numerator += num
            weight += den
    summary.gpax = G.divide(numerator, weight, policy.get("gpa_rounding", "truncate"))
    by_term: dict[tuple[int, int], list[str]] = {}
    for row, subject in rows:
        if row[3] not in rule.stage_levels:
            continue
        year, number = terms[row[1]]
        if number == 3:  # summer terms have no co-curricular activity
            continue
        grades = by_term.setdefault((year, number), [])
        if subject[3] == "activity":
            grades.append(row[5] or "-")
    summary.activities_by_term = {f"{number}/{year}": grades for (year, number), grades in sorted(by_term.items())}
    education_type = state.education_types.get(student.education_type)
    summary.activity_pass = letters.activity_pass_of.get(student.education_type) or summary.activity_pass
    summary.activity_name = dict(education_type.subject_kinds if education_type else ()).get(
        "activity", summary.activity_name)
    summary.activities_missing = False  # judged term by term, each failed term named once
    summary.activities_not_passed = []
    assessments = {kind for education_type in state.education_types for kind, _ in education_type.assessments}
    summary.assessments = {kind: level for (kind, item), (level, _year) in traits.items()
                           if kind in assessments and item == 0}


def _programme_fields(student, area_kind, traits) -> dict:
    """The curriculum, programme and credits per subject group of a student who has them
    (vocational records), in the record's JSON shape."""
    from lsq_core.extensions import db
    from lsq_core.models.programmes import ProgrammeUnit

    state = current_app.extensions["lsq"]
    curriculum = state.curricula.get(student.curriculum) if student.curriculum else None
    fields: dict = {"curriculum": None if curriculum is None else {
        "id": curriculum.identifier, "name": curriculum.name_th}}
    unit = db.session.get(ProgrammeUnit, student.programme_id) if student.programme_id else None
    fields["programme"] = None if unit is None else {
        unit.kind: unit.name_th for unit in unit.path()}
    groups: dict[str, list[Decimal]] = {}
    for (group, _kind), (_num, _weight, studied, earned) in area_kind.items():
        pair = groups.setdefault(group, [Decimal(0), Decimal(0)])
        pair[0] += studied
        pair[1] += earned
    fields["credits_by_group"] = {
        group: {"name": curriculum.group_name(group) if curriculum else group,
                "studied": fmt(pair[0].quantize(G.ONE_PLACE)), "earned": fmt(pair[1].quantize(G.ONE_PLACE))}
        for group, pair in sorted(groups.items())}
    education_type = state.education_types.get(student.education_type)
    fields["assessments"] = {kind: traits[(kind, 0)][0] if (kind, 0) in traits else None
                             for kind, _name in (education_type.assessments if education_type else ())}
    return fields
