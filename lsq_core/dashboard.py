"""Progress figures for the dashboards: every school in the caller's scope at once.

Each figure is one grouped SQL query over all the schools asked for (never one query
per school), so a province of 200 schools costs the same handful of queries as one
school. The figures, per school, for the *current academic year* (the year whose dates
hold today's Thai date; before any, the latest that has started; else the latest):

students
    students whose status is ``studying`` (กำลังศึกษา) at the school.
expected_results, complete_results, results_complete_pct
    The results a registrar expects this year are one per *enrolment × teaching
    assignment of the enrolment's classroom*: every student enrolled in a classroom of the
    current year (whose status is still ``studying`` or ``graduated``: a student who left
    is not waited for) in every subject taught to that classroom in each term of the year
    (TeachingAssignment, the same rows the results grid opens). A result is *complete*
    when that student's Result row for that subject and term carries a grade. ร and มส
    count as entered (the teacher has submitted them); they are also counted as pending
    below. ``results_complete_pct`` = complete × 100 / expected, rounded half-up to two
    places, ``None`` when nothing is expected yet. Roll-ups (LAO, province, all) sum
    ``expected`` and ``complete`` and compute the percentage again from the sums, never
    as an average of percentages.
pending
    those expected results of the current year whose grade is ร or มส (not yet remedied:
    a remedy replaces the grade). Earlier years' unresolved ones are shown on the
    student's record and stop the graduation check.
graduates
    students whose status is ``graduated`` and whose enrolment in a current-year
    classroom has the outcome ``graduated`` (what approving a class or submitting a
    ปพ.3 records).
graduate_reports
    ``{level: status}`` for every finishing level the school offers (ป.6, ม.3, ม.6,
    ปวช.3, ปวส.2 …): the current year's GraduateReport status (draft, submitted,
    returned, verified) or ``none`` when the report has not been started.
registrar_appointment
    the school's registrar appointment (คำสั่งแต่งตั้งนายทะเบียน), see ``appointment_flag``.

LAOs carry the same sums over their schools plus ``officer_appointment``, the flag of
their registration officer's appointment (เจ้าพนักงานทะเบียน อปท.).

Appointment flags: an appointment of the role counts when its status is ``active``.
``current`` when one is in effect today (effective_from ≤ today ≤ effective_to, or no
end date) and does not end within ``APPOINTMENT_EXPIRING_DAYS`` days (setting, default
60, ``LSQ_APPOINTMENT_EXPIRING_DAYS``); ``expiring`` when every one in effect ends within
them; ``expired`` when none is in effect but one has ended; ``missing`` when there is none
in effect and none ended (nothing on file, or only one that starts later).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from decimal import ROUND_HALF_UP, Decimal

from flask import current_app
from sqlalchemy import and_, case, false, func, select

from lsq_core.models import (
    AcademicYear, Appointment, Classroom, Enrollment, LocalAuthority, Province, Result, School, Student,
    TeachingAssignment,
)
from lsq_core.models.graduate_reports import GraduateReport
from lsq_core.models.study import STUDENT_STATUSES
from lsq_core.security.scope import Scope
from lsq_core.thai import thai_today

PENDING_GRADES = ("ร", "มส")
#: students whose expected results are still waited for (a student who left is not)
COUNTED_STATUSES = ("studying", "graduated")
FLAGS = ("current", "expiring", "expired", "missing")
REPORT_STATES = ("none", "draft", "submitted", "returned", "verified")
REGISTRAR_ROLE = "school_registrar"
OFFICER_ROLE = "lao_registration_officer"
DEFAULT_EXPIRING_DAYS = 60
SUMMED = ("students", "expected_results", "complete_results", "pending", "graduates")


def expiring_days() -> int:
    return int(current_app.config.get("APPOINTMENT_EXPIRING_DAYS", DEFAULT_EXPIRING_DAYS))


def current_year(session, today: dt.date) -> AcademicYear | None:
    """The academic year holding ``today``; else the latest one already started; else the latest."""
    years = session.query(AcademicYear).order_by(AcademicYear.year.desc()).all()
    for year in years:
        if year.start_date and year.end_date and year.start_date <= today <= year.end_date:
            return year
    for year in years:
        if year.start_date and year.start_date <= today:
            return year
    return years[0] if years else None


def percent(part: int, whole: int) -> Decimal | None:
    """part × 100 / whole, two places, half-up; None when there is nothing to divide by."""
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def appointment_flag(appointments, today: dt.date, days: int) -> tuple[str, object]:
    """The flag of a unit's appointments of one role, and the appointment it rests on.

    :param appointments: the unit's Appointment rows (or row-likes) of the role, any status.
    :returns: ``(flag, appointment or None)``, see the module docstring for the flags.
    """
    active = [a for a in appointments if a.status == "active"]
    in_effect = [a for a in active if a.effective_from <= today and (a.effective_to is None or today <= a.effective_to)]
    if in_effect:
        # the one that lasts longest: open-ended first, then the latest end date
        best = max(in_effect, key=lambda a: (a.effective_to is None, a.effective_to or dt.date.min, a.id))
        if best.effective_to is not None and (best.effective_to - today).days <= days:
            return "expiring", best
        return "current", best
    ended = [a for a in active if a.effective_to is not None and a.effective_to < today]
    if ended:
        return "expired", max(ended, key=lambda a: (a.effective_to, a.id))
    return "missing", None


def _school_ids(scope: Scope, province_id=None, authority_id=None, school_id=None):
    query = select(School.id).where(School.scope_filter(scope))
    if province_id is not None:
        query = query.where(School.authority_id.in_(
            select(LocalAuthority.id).where(LocalAuthority.province_id == province_id)))
    if authority_id is not None:
        query = query.where(School.authority_id == authority_id)
    if school_id is not None:
        query = query.where(School.id == school_id)
    return query


def _gone(session, year_id, schools) -> list[tuple[int, int]]:
    """(classroom, student) of this year's enrolments whose student is no longer counted
    (moved out, dropped out, discharged): few, found through the student status index."""
    gone = [status for status in STUDENT_STATUSES if status not in COUNTED_STATUSES]
    return session.execute(
        select(Enrollment.classroom_id, Enrollment.student_id)
        .join(Classroom, Classroom.id == Enrollment.classroom_id)
        .where(Classroom.academic_year_id == year_id, Classroom.school_id.in_(schools),
               Enrollment.student_id.in_(select(Student.id).where(Student.status.in_(gone))))).all()


def _in_year(year_id, schools):
    return and_(Classroom.academic_year_id == year_id, Classroom.school_id.in_(schools))


def _classrooms(session, key, year_id, schools) -> tuple[dict, set]:
    """The year's classrooms as ``{classroom id: key}`` and their teaching assignments as a
    set of ``(classroom, subject, term)``: what both the expected and the entered counts
    are matched against (a few thousand classrooms, tens of thousands of assignments)."""
    in_year = _in_year(year_id, schools)
    keys = dict(session.execute(select(Classroom.id, key).where(in_year)).all())
    taught = {(classroom_id, subject_id, term_id) for classroom_id, subject_id, term_id in session.execute(
        select(TeachingAssignment.classroom_id, TeachingAssignment.subject_id, TeachingAssignment.term_id)
        .join(Classroom, Classroom.id == TeachingAssignment.classroom_id).where(in_year))}
    return keys, taught


def _expected(session, year_id, schools, keys, taught, gone):
    """key → expected results: Σ over classrooms of (counted enrolments × teaching assignments).

    Per-classroom counts multiplied here, the leavers' enrolments taken off: no join of
    aggregates and no per-enrolment student lookup, which PostgreSQL without statistics
    (right after a bulk load, before autovacuum's ANALYZE) turned into plans of minutes.
    """
    enrolled = Counter(dict(session.execute(
        select(Enrollment.classroom_id, func.count())
        .join(Classroom, Classroom.id == Enrollment.classroom_id)
        .where(_in_year(year_id, schools)).group_by(Enrollment.classroom_id)).all()))
    enrolled.subtract(classroom_id for classroom_id, _student in gone)
    expected = defaultdict(int)
    for classroom_id, n in Counter(classroom_id for classroom_id, _subject, _term in taught).items():
        if enrolled.get(classroom_id, 0) > 0:
            expected[keys[classroom_id]] += n * enrolled[classroom_id]
    return dict(expected)


def _entered(session, year_id, schools, keys, taught, gone):
    """key → (complete, pending): the expected results that have a grade, and those at ร/มส.

    The current year's result rows are counted per (classroom, subject, term), through the
    classroom recorded on each (Result.classroom_id, the classroom the student was enrolled
    in when it was entered), and each group is kept when that triple is one of the year's
    teaching assignments (``taught``, matched here). No join in SQL: the database only
    groups the rows, from an index on (classroom_id, subject_id, term_id, grade) alone when
    there is one (proposed in bench/results/dashboard.md); joined to the teaching assignments
    instead, PostgreSQL misjudged the three-column join and spent over a second on 1 M rows.
    The results of students no longer counted (``gone``, from the year's enrolments) are
    then taken off, instead of looking up every result's student.
    """
    year_classrooms = select(Classroom.id).where(_in_year(year_id, schools))
    triple = (Result.classroom_id, Result.subject_id, Result.term_id)

    def counts(extra_where=()):
        query = (select(*triple, func.count(), func.sum(case((Result.grade.in_(PENDING_GRADES), 1), else_=0)))
                 .where(Result.classroom_id.in_(year_classrooms), Result.grade.is_not(None), *extra_where)
                 .group_by(*triple))
        totals = defaultdict(lambda: [0, 0])
        for classroom_id, subject_id, term_id, done, pending in session.execute(query):
            if (classroom_id, subject_id, term_id) in taught:
                total = totals[keys[classroom_id]]
                total[0] += int(done)
                total[1] += int(pending or 0)
        return totals

    entered = counts()
    gone_ids = sorted({student_id for _classroom, student_id in gone})
    for start in range(0, len(gone_ids), 5000):
        chunk = gone_ids[start:start + 5000]
        for k, (done, pending) in counts(extra_where=(Result.student_id.in_(chunk),)).items():
            entered[k][0] -= done
            entered[k][1] -= pending
    return {k: (done, pending) for k, (done, pending) in entered.items()}


def _graduates(session, key, year_id, schools):
    """key → students with a graduated outcome this year whose status is still graduated.

    The year's graduated enrolments (a few thousand at most) first, then their students'
    status by primary key: no plan can turn it into a scan of students per classroom."""
    rows = session.execute(
        select(key, Enrollment.student_id).select_from(Enrollment)
        .join(Classroom, Classroom.id == Enrollment.classroom_id)
        .where(Classroom.academic_year_id == year_id, Classroom.school_id.in_(schools),
               Enrollment.outcome == "graduated")).all()
    ids = sorted({student_id for _key, student_id in rows})
    graduated = set()
    for start in range(0, len(ids), 5000):
        graduated.update(session.scalars(select(Student.id).where(Student.id.in_(ids[start:start + 5000]),
                                                                  Student.status == "graduated")))
    counts = defaultdict(set)
    for k, student_id in rows:
        if student_id in graduated:
            counts[k].add(student_id)
    return {k: len(students) for k, students in counts.items()}


def _students(session, schools):
    query = (select(Student.school_id, func.count()).where(Student.school_id.in_(schools),
                                                          Student.status == "studying")
             .group_by(Student.school_id))
    return {k: int(n) for k, n in session.execute(query)}


def _finishing_levels() -> dict[str, str]:
    from lsq_core.graduate_reports import finishing_levels

    return finishing_levels()


def _unit(**fields) -> dict:
    return {**fields, **{name: 0 for name in SUMMED}, "schools": 0,
            "graduate_reports": Counter(), "registrar_appointments": Counter()}


def _add(total: dict, school: dict) -> None:
    for name in SUMMED:
        total[name] += school[name]
    total["schools"] += 1
    total["graduate_reports"].update(school["graduate_reports"].values())
    total["registrar_appointments"][school["registrar_appointment"]] += 1


def _finish(unit: dict) -> dict:
    unit["results_complete_pct"] = percent(unit["complete_results"], unit["expected_results"])
    unit["graduate_reports"] = {state: unit["graduate_reports"].get(state, 0) for state in REPORT_STATES}
    unit["registrar_appointments"] = {flag: unit["registrar_appointments"].get(flag, 0) for flag in FLAGS}
    return unit


def progress(session, scope: Scope, *, province_id=None, authority_id=None, school_id=None,
             today: dt.date | None = None, year: AcademicYear | None = None, days: int | None = None,
             results: bool = True) -> dict:
    """Every school in ``scope`` (optionally narrowed to a province, LAO or school) with its figures,
    and the roll-ups per LAO and per province and for everything shown.

    :returns: ``{"year", "today", "expiring_days", "schools": [...], "authorities": [...],
        "provinces": [...], "total": {...}}``; numbers are ints, percentages Decimal or None,
        dates ``datetime.date`` (the JSON API turns them into strings). ``results=False`` skips
        the student and result figures (left at 0) for the appointment-tracking screen.
    """
    today = today or thai_today()
    days = expiring_days() if days is None else days
    year = year or current_year(session, today)
    schools = _school_ids(scope, province_id, authority_id, school_id)
    rows = session.execute(
        select(School.id, School.code, School.name_th, School.levels, LocalAuthority.id, LocalAuthority.code,
               LocalAuthority.name_th, Province.id, Province.name_th)
        .join(LocalAuthority, LocalAuthority.id == School.authority_id)
        .join(Province, Province.id == LocalAuthority.province_id)
        .where(School.id.in_(schools))
        .order_by(Province.name_th, LocalAuthority.name_th, School.code)).all()
    year_id = year.id if year is not None else -1
    key = Classroom.school_id
    students, expected, entered, graduates, reports = {}, {}, {}, {}, defaultdict(dict)
    if results and rows:
        students = _students(session, schools)
        gone = _gone(session, year_id, schools)
        keys, taught = _classrooms(session, key, year_id, schools)
        expected = _expected(session, year_id, schools, keys, taught, gone)
        entered = _entered(session, year_id, schools, keys, taught, gone)
        graduates = _graduates(session, key, year_id, schools)
        for sid, level, status in session.execute(
                select(GraduateReport.school_id, GraduateReport.level, GraduateReport.status)
                .where(GraduateReport.academic_year_id == year_id, GraduateReport.school_id.in_(schools))):
            reports[sid][level] = status
    finishing = _finishing_levels()

    # appointments: the registrar's per school, the registration officer's per LAO (few rows per unit)
    authority_ids = {row[4] for row in rows}
    if school_id is None:  # an LAO with no school yet is still tracked for its officer
        lao_query = select(LocalAuthority.id, LocalAuthority.code, LocalAuthority.name_th, Province.id,
                           Province.name_th).join(Province).where(LocalAuthority.scope_filter(scope))
        if province_id is not None:
            lao_query = lao_query.where(LocalAuthority.province_id == province_id)
        if authority_id is not None:
            lao_query = lao_query.where(LocalAuthority.id == authority_id)
        lao_rows = session.execute(lao_query).all()
    else:
        lao_rows = session.execute(
            select(LocalAuthority.id, LocalAuthority.code, LocalAuthority.name_th, Province.id, Province.name_th)
            .join(Province).where(LocalAuthority.id.in_(authority_ids))).all()
    authority_ids |= {row[0] for row in lao_rows}
    by_school, by_authority = defaultdict(list), defaultdict(list)
    for appointment in session.query(Appointment).filter(
            Appointment.role.in_((REGISTRAR_ROLE, OFFICER_ROLE)),
            Appointment.authority_id.in_(authority_ids) if authority_ids else false()):
        if appointment.role == REGISTRAR_ROLE and appointment.school_id is not None:
            by_school[appointment.school_id].append(appointment)
        elif appointment.role == OFFICER_ROLE:
            by_authority[appointment.authority_id].append(appointment)

    authorities = {}
    for aid, code, name, pid, pname in lao_rows:
        flag, appointment = appointment_flag(by_authority.get(aid, ()), today, days)
        authorities[aid] = _unit(id=aid, code=code, name=name, province=pid, province_name=pname,
                                 officer_appointment=flag, officer=_appointment_info(appointment, today))
    provinces = {}
    total = _unit(id=None, name="")
    result_schools = []
    for sid, code, name, levels, aid, acode, aname, pid, pname in rows:
        done, pending = entered.get(sid, (0, 0))
        done = min(done, expected.get(sid, 0))  # never above 100 % (a result left in a classroom after its enrolment went)
        flag, appointment = appointment_flag(by_school.get(sid, ()), today, days)
        offered = [level for level in (levels or "").split(",") if level in finishing]
        school = {
            "id": sid, "code": code, "name": name, "authority": aid, "authority_name": aname,
            "province": pid, "province_name": pname,
            "students": students.get(sid, 0),
            "expected_results": expected.get(sid, 0), "complete_results": done,
            "results_complete_pct": percent(done, expected.get(sid, 0)),
            "pending": pending, "graduates": graduates.get(sid, 0),
            "graduate_reports": {level: reports[sid].get(level, "none") for level in offered},
            "registrar_appointment": flag, "registrar": _appointment_info(appointment, today),
        }
        result_schools.append(school)
        if aid not in authorities:
            officer_flag, officer = appointment_flag(by_authority.get(aid, ()), today, days)
            authorities[aid] = _unit(id=aid, code=acode, name=aname, province=pid, province_name=pname,
                                     officer_appointment=officer_flag, officer=_appointment_info(officer, today))
        _add(authorities[aid], school)
        _add(total, school)
    for authority in authorities.values():
        pid = authority["province"]
        if pid not in provinces:
            provinces[pid] = _unit(id=pid, name=authority["province_name"], authorities=0,
                                   officer_appointments=Counter())
        province = provinces[pid]
        for name in SUMMED:
            province[name] += authority[name]
        province["schools"] += authority["schools"]
        province["graduate_reports"].update(authority["graduate_reports"])
        province["registrar_appointments"].update(authority["registrar_appointments"])
        province["authorities"] += 1
        province["officer_appointments"][authority["officer_appointment"]] += 1
    for province in provinces.values():
        province["officer_appointments"] = {flag: province["officer_appointments"].get(flag, 0) for flag in FLAGS}
    total["officer_appointments"] = {flag: sum(1 for a in authorities.values() if a["officer_appointment"] == flag)
                                     for flag in FLAGS}
    total["authorities"] = len(authorities)
    return {
        "year": year.year if year is not None else None, "today": today, "expiring_days": days,
        "finishing_levels": finishing,
        "schools": result_schools,
        "authorities": sorted((_finish(a) for a in authorities.values()),
                              key=lambda a: (a["province_name"], a["name"])),
        "provinces": sorted((_finish(p) for p in provinces.values()), key=lambda p: p["name"]),
        "total": _finish(total),
    }


def _appointment_info(appointment, today: dt.date) -> dict | None:
    if appointment is None:
        return None
    return {"id": appointment.id, "person_name": appointment.person_name, "order_number": appointment.order_number,
            "effective_from": appointment.effective_from, "effective_to": appointment.effective_to,
            "days_left": (appointment.effective_to - today).days if appointment.effective_to else None}


def level_progress(session, school_id: int, year: AcademicYear | None) -> list[dict]:
    """One school's figures per class level of the current year (for its own dashboard)."""
    if year is None:
        return []
    schools = select(School.id).where(School.id == school_id)
    key = Classroom.level
    gone = _gone(session, year.id, schools)
    keys, taught = _classrooms(session, key, year.id, schools)
    expected = _expected(session, year.id, schools, keys, taught, gone)
    entered = _entered(session, year.id, schools, keys, taught, gone)
    enrolled = dict(session.execute(
        select(Classroom.level, func.count()).select_from(Enrollment)
        .join(Classroom, Classroom.id == Enrollment.classroom_id)
        .join(Student, Student.id == Enrollment.student_id)
        .where(Classroom.school_id == school_id, Classroom.academic_year_id == year.id,
               Student.status == "studying").group_by(Classroom.level)).all())
    names = dict(current_app.extensions["lsq"].education_types.level_choices())
    order = list(names)
    levels = sorted(set(expected) | set(enrolled), key=lambda lv: order.index(lv) if lv in order else 999)
    return [{"level": level, "name": names.get(level, level), "students": int(enrolled.get(level, 0)),
             "expected_results": expected.get(level, 0), "complete_results": entered.get(level, (0, 0))[0],
             "pending": entered.get(level, (0, 0))[1],
             "results_complete_pct": percent(entered.get(level, (0, 0))[0], expected.get(level, 0))}
            for level in levels]


def appointment_rows(figures: dict) -> list[dict]:
    """The appointment-tracking list: one row per LAO (its registration officer) and per school
    (its registrar), from ``progress()``'s answer."""
    rows = []
    for authority in figures["authorities"]:
        rows.append({"kind": "officer", "unit": authority["name"], "authority": authority["id"],
                     "authority_name": authority["name"], "province_name": authority["province_name"],
                     "school": None, "flag": authority["officer_appointment"], "appointment": authority["officer"]})
    for school in figures["schools"]:
        rows.append({"kind": "registrar", "unit": school["name"], "authority": school["authority"],
                     "authority_name": school["authority_name"], "province_name": school["province_name"],
                     "school": school["id"], "flag": school["registrar_appointment"],
                     "appointment": school["registrar"]})
    return rows


def as_json(figures: dict) -> dict:
    """The API's answer: percentages as strings with two places (exact, as elsewhere in the API),
    dates as ISO strings, counts as ints."""
    def convert(value):
        if isinstance(value, Decimal):
            return f"{value:.2f}"
        if isinstance(value, (dt.date, dt.datetime)):
            return value.isoformat()
        if isinstance(value, dict):
            return {key: convert(item) for key, item in value.items()}
        if isinstance(value, (list, tuple)):
            return [convert(item) for item in value]
        return value

    return convert(figures)
