"""Import a checked transfer workbook: all or nothing, upserts on natural keys.

* student by school + เลขประจำตัวนักเรียน, subject by school + รหัสวิชา, classroom by school +
  year + level + room, enrolment by student + academic year (one room a year), result by student + subject + term,
  assessment by student + year + kind + item;
* results go through ``lsq_core.results_bulk`` in chunks: what ``results_service.enter_result``
  would store (grade from the plugin's scale, entry window, ResultHistory with action "import",
  the audit ledger's events), with a chunk's reads and writes as one statement each;
* a value equal to the stored one is not written, so importing the same workbook again
  changes nothing: no new rows, no history, no audit events;
* everything is one transaction: any failure rolls back the whole import.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import IO, Callable

from flask import current_app

from lsq_core.extensions import db
from lsq_core.models import Classroom, Enrollment, Student, Subject, TraitAssessment
from lsq_core.models.org import AcademicYear, School
from lsq_core.results_bulk import write_results
from lsq_core.results_service import settle_repeats_of
from lsq_core.transfer.reader import Report, dry_run
from lsq_core.transfer.schema import STUDENTS, SUBJECTS


@dataclass
class Outcome:
    report: Report
    committed: bool = False
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)

    def summary(self) -> str:
        from lsq_core.transfer.schema import SHEETS

        parts = []
        for sheet in SHEETS:
            c, u = self.created.get(sheet.key, 0), self.updated.get(sheet.key, 0)
            parts.append(f"{sheet.title}: เพิ่ม {c:,} ปรับปรุง {u:,}")
        return "; ".join(parts)


def import_workbook(source: str | IO[bytes], school: School, *, commit: bool = True,
                    progress: Callable[[int, int], None] | None = None) -> Outcome:
    """Dry-run the workbook; when it is clean and ``commit`` is set, write it in one transaction."""
    report = dry_run(source, school)
    outcome = Outcome(report)
    if not report.ok or not commit:
        db.session.rollback()
        return outcome
    try:
        _write(report, school, outcome, progress)
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    outcome.committed = True
    return outcome


def _assign(obj, values: dict) -> bool:
    """Set what differs; an empty cell in a column with a default (สัญชาติ ไทย …) means that default."""
    changed = False
    table = type(obj).__table__
    for key, value in values.items():
        if value is None and key in table.c and table.c[key].default is not None \
                and table.c[key].default.is_scalar:
            value = table.c[key].default.arg
        if getattr(obj, key) != value:
            setattr(obj, key, value)
            changed = True
    return changed


def _write(report: Report, school: School, outcome: Outcome, progress) -> None:
    from lsq_core.audit import set_audit_reason

    set_audit_reason("นำเข้าจากแฟ้มโอนข้อมูล (transfer workbook)")
    created, updated = outcome.created, outcome.updated
    total = sum(len(rows) for rows in report.rows.values())
    done = 0

    def tick(n=1):
        nonlocal done
        step = max(total // 100, 1000)
        reported = done // step
        done += n
        if progress is not None and (done // step != reported or done == total):
            progress(done, total)

    def count(sheet, is_new, changed):
        if is_new:
            created[sheet] = created.get(sheet, 0) + 1
        elif changed:
            updated[sheet] = updated.get(sheet, 0) + 1

    years = {y: i for i, y in db.session.query(AcademicYear.id, AcademicYear.year)}
    year_of = {i: y for y, i in years.items()}

    # students
    students = {s.student_number: s for s in db.session.query(Student).filter(Student.school_id == school.id)}
    for record in report.rows["students"]:
        values = {c.key: record[c.key] for c in STUDENTS.columns}
        values["status"] = values["status"] or "studying"
        student = students.get(record["student_number"])
        is_new = student is None
        if is_new:
            student = Student(school_id=school.id, education_type=school.education_type_list[0])
            db.session.add(student)
            students[record["student_number"]] = student
        count("students", is_new, _assign(student, values))
        tick()
    db.session.flush()

    # classrooms
    rooms = {(c.academic_year_id, c.level, c.room): c
             for c in db.session.query(Classroom).filter(Classroom.school_id == school.id)}
    for record in report.rows["classrooms"]:
        key = (years[record["year"]], record["level"], record["room"])
        room = rooms.get(key)
        is_new = room is None
        if is_new:
            room = rooms[key] = Classroom(school_id=school.id, academic_year_id=key[0], level=key[1], room=key[2])
            db.session.add(room)
        count("classrooms", is_new, _assign(room, {"homeroom_teacher": record["homeroom_teacher"]}))
        tick()
    db.session.flush()

    # enrolments: one classroom per student and academic year (a student moved to another room is moved)
    enrolments = {(e.student_id, year_id): e for e, year_id in db.session.query(Enrollment, Classroom.academic_year_id)
                  .join(Classroom, Enrollment.classroom_id == Classroom.id).filter(Classroom.school_id == school.id)}
    for record in report.rows["enrolments"]:
        student = students[record["student_number"]]
        year_id = years[record["year"]]
        room = rooms[(year_id, record["level"], record["room"])]
        enrolment = enrolments.get((student.id, year_id))
        is_new = enrolment is None
        if is_new:
            enrolment = Enrollment(student_id=student.id, classroom_id=room.id)
            db.session.add(enrolment)
            enrolments[(student.id, year_id)] = enrolment
        count("enrolments", is_new, _assign(enrolment, {"classroom_id": room.id, "number": record["number"],
                                                        "outcome": record["outcome"]}))
        tick()
    db.session.flush()

    # subjects
    subjects = {s.code: s for s in db.session.query(Subject).filter(Subject.school_id == school.id)}
    for record in report.rows["subjects"]:
        values = {c.key: record[c.key] for c in SUBJECTS.columns}
        subject = subjects.get(record["code"])
        is_new = subject is None
        if is_new:
            subject = subjects[record["code"]] = Subject(school_id=school.id)
            db.session.add(subject)
        count("subjects", is_new, _assign(subject, values))
        tick()
    db.session.flush()

    # results and activities: what results_service.enter_result would write, chunk by chunk
    room_ids = {(year_of[key[0]], key[1], key[2]): room.id for key, room in rooms.items()}
    for sheet_key in ("results", "activities"):
        written = write_results(report.rows[sheet_key], school, students=students, subjects=subjects,
                                rooms=room_ids, action="import", reason="นำเข้าจากแฟ้มโอนข้อมูล", tick=tick)
        if written.created:
            created[sheet_key] = created.get(sheet_key, 0) + written.created
        if written.updated:
            updated[sheet_key] = updated.get(sheet_key, 0) + written.updated
    # a repeated subject counts once (vocational scales): settle the attempts the import put beside others
    scales = {scale.education_type: scale for scale in current_app.extensions["lsq"].grading_scales}
    if any(scales[t].policy(school).get("repeat_policy") for t in school.education_type_list if t in scales):
        db.session.flush()
        settle_repeats_of(db.session, [student.id for student in students.values()])

    # reading-thinking-writing and characteristics
    traits = {(t.student_id, t.academic_year_id, t.kind, t.item): t for t in db.session.query(TraitAssessment)
              .join(Student, TraitAssessment.student_id == Student.id).filter(Student.school_id == school.id)}
    for sheet_key, kind in (("reading", "rtw"), ("characteristics", "char")):
        for record in report.rows[sheet_key]:
            student = students[record["student_number"]]
            item = int(record.get("item") or 0)
            key = (student.id, years[record["year"]], kind, item)
            trait = traits.get(key)
            is_new = trait is None
            if is_new:
                trait = traits[key] = TraitAssessment(student_id=student.id, academic_year_id=key[1], kind=kind,
                                                      item=item, level=record["level_result"])
                db.session.add(trait)
            count(sheet_key, is_new, _assign(trait, {"level": record["level_result"]}))
            tick()
    db.session.flush()
