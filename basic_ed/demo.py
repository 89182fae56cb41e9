"""Basic education's demo: about 300 students in the demo schools with three years of results.

Invented people, realistic shapes: mostly passing results, a few ร, มส and 0
(some remedied, with the original kept), and in each graduating cohort (ป.6,
ม.3, ม.6) a few students who do not yet meet the criteria. Written with bulk
inserts, so ``lsq demo`` stays quick; the grades and what they count for come
from the plugin's own grading scale, exactly as when a teacher enters them.
"""

from __future__ import annotations

import datetime as dt
import random
import zlib
from decimal import Decimal

from sqlalchemy import insert

from basic_ed.rules import ACTIVITY_GROUP, BASIC_SCALE, DEFAULT_POLICY
from lsq_core.demo import invented_national_id
from lsq_core.models import (
    Classroom, CoursePlan, Enrollment, Result, Student, Subject, TeachingAssignment, TraitAssessment,
)
from lsq_core.models.results import ResultHistory

YEARS = (2567, 2568, 2569)
#: school code → levels studied in 2569 (one classroom of 20 each)
COHORTS = {
    "8100201": ("p5", "p6", "m1", "m2", "m3"),
    "8100202": ("m1", "m3", "m4", "m5", "m6"),
    "8100301": ("p5", "p6"),
    "8100102": ("m3", "m6"),
    "8200101": ("p6",),
}
STUDENTS_PER_ROOM = 20
ORDER = ("p1", "p2", "p3", "p4", "p5", "p6", "m1", "m2", "m3", "m4", "m5", "m6")
STAGE_START = {"p": "p1", "m1": "m1", "m4": "m4"}

FIRST_M = ("ธนกร", "ภูมิพัฒน์", "ณัฐวุฒิ", "กิตติพัฒน์", "ศุภกร", "พีรพัฒน์", "วรเมธ", "ปัณณวิชญ์", "ชยพล", "อัครพล",
           "ธีรภัทร", "ภาณุพงศ์", "สิรวิชญ์", "ณภัทร", "กฤษฎา", "นันทพงศ์", "ปกรณ์", "อนุชิต", "เจษฎา", "ศักดิ์ดา")
FIRST_F = ("ณัฐธิดา", "พิมพ์ชนก", "กัญญาณัฐ", "ชนิดาภา", "ปุณยาพร", "ศิริกานต์", "อารยา", "ธัญชนก", "สุพิชญา", "วรรณวิสา",
           "ภัทรวดี", "กมลชนก", "นภัสสร", "เบญจวรรณ", "ปิยธิดา", "รัตนาภรณ์", "สุนิสา", "อรอุมา", "ชุติมา", "ขวัญข้าว")
LAST = ("ทองดี", "ศรีสุข", "แก้วมณี", "บุญมา", "ใจดี", "สายทอง", "ทะเลงาม", "อันดามัน", "ร่มไทร", "หาดทราย",
        "พรหมวงศ์", "ชูช่วย", "เพชรรัตน์", "ขุนทอง", "แสงจันทร์", "รักษ์ไทย", "นาคสวัสดิ์", "ช่างเหล็ก", "มณีโชติ",
        "สมบูรณ์")

# (area, name for a term, credits per term in ม.ต้น, ม.ปลาย; hours a year in ป.)
BASIC = (("ท", "ภาษาไทย", "1.5", "1.0", 160), ("ค", "คณิตศาสตร์", "1.5", "1.0", 160),
         ("ว", "วิทยาศาสตร์และเทคโนโลยี", "1.5", "1.0", 120), ("ส", "สังคมศึกษา ศาสนา และวัฒนธรรม", "1.5", "1.0", 80),
         ("พ", "สุขศึกษาและพลศึกษา", "1.0", "0.5", 80), ("ศ", "ศิลปะ", "1.0", "0.5", 80),
         ("ง", "การงานอาชีพ", "1.0", "0.5", 80), ("อ", "ภาษาอังกฤษ", "2.0", "1.5", 80))
# ม.ต้น: 11 basic credits a term → 66; ม.ปลาย: 7 a term → 42 (≥ 41)
ADDITIONAL_LOWER = (("ค", "คณิตศาสตร์เพิ่มเติม", "1.0"), ("อ", "ภาษาอังกฤษเพื่อการสื่อสาร", "1.0"))
ADDITIONAL_UPPER = (("ค", "คณิตศาสตร์เพิ่มเติม", "2.0"), ("ว", "ฟิสิกส์", "1.5"), ("ว", "เคมี", "1.5"),
                    ("ว", "ชีววิทยา", "1.5"))
ACTIVITIES = (("guidance", "กิจกรรมแนะแนว", 20), ("scout", "ลูกเสือ-เนตรนารี", 20), ("club", "ชุมนุม", 20),
              ("social", "กิจกรรมเพื่อสังคมและสาธารณประโยชน์", 10))


def level_in(level: str, year: int) -> str | None:
    """The level a 2569 cohort studied in an earlier year, within its stage."""
    index = ORDER.index(level) - (2569 - year)
    if index < 0:
        return None
    earlier = ORDER[index]
    start = "m4" if level in ("m4", "m5", "m6") else "m1" if level.startswith("m") else "p1"
    return earlier if ORDER.index(earlier) >= ORDER.index(start) and earlier[0] == level[0] else None


def subject_rows(level: str, term: int):
    """(code, name, group, kind, credits, hours) of the subjects of a level in a term."""
    stage = "1" if level.startswith("p") else "2" if level in ("m1", "m2", "m3") else "3"
    year = level[1] if stage != "3" else str(int(level[1]) - 3)
    rows = []
    if stage == "1":
        if term == 2:  # primary results are decided for the year
            for seq, (area, name, _lower, _upper, hours) in enumerate(BASIC, start=1):
                rows.append((f"{area}1{year}101", f"{name} {year}", area, "basic", None, hours))
    else:
        for area, name, lower, upper, _hours in BASIC:
            credits = lower if stage == "2" else upper
            rows.append((f"{area}{stage}{year}10{term}", f"{name} {level_label(level)}/{term}", area, "basic",
                         Decimal(credits), int(Decimal(credits) * 40)))
        for seq, (area, name, credits) in enumerate(ADDITIONAL_LOWER if stage == "2" else ADDITIONAL_UPPER, 1):
            rows.append((f"{area}{stage}{year}2{term}{seq}", f"{name} {level_label(level)}/{term}", area,
                         "additional", Decimal(credits), int(Decimal(credits) * 40)))
    if stage != "1" or term == 2:
        for seq, (activity, name, hours) in enumerate(ACTIVITIES):
            rows.append((f"ก{stage}{year}9{seq}{term}", name, ACTIVITY_GROUP, "activity", None, hours, activity))
    return rows


def level_label(level: str) -> str:
    return ("ป." if level.startswith("p") else "ม.") + level[1]


def load(demo) -> None:
    if not demo.with_students:
        return
    session = demo.session
    rng = random.Random(2569)
    terms = {(ay.year, t.number): t for ay in demo.years.values() for t in ay.terms}
    for school_code, levels in COHORTS.items():
        school = demo.schools[school_code]
        _load_school(session, rng, demo, school, levels, terms)


def _load_school(session, rng, demo, school, levels, terms):
    subjects: dict[str, Subject] = {}

    def subject_for(row) -> Subject:
        code = row[0]
        if code not in subjects:
            subjects[code] = Subject(school=school, curriculum="basic_2551", code=code, name_th=row[1],
                                     group=row[2], kind=row[3], credits=row[4],
                                     hours=row[5], activity_type=row[6] if len(row) > 6 else None)
            session.add(subjects[code])
        return subjects[code]

    students, plan = [], []
    number = 1
    prefix = school.code[-3:]
    for level in levels:
        cohort = []
        for i in range(STUDENTS_PER_ROOM):
            sex = "M" if i % 2 == 0 else "F"
            age = 6 + ORDER.index(level)
            student = Student(
                school=school, education_type="basic", student_number=f"{prefix}{number:04d}",
                national_id=invented_national_id(rng), sex=sex,
                first_name=rng.choice(FIRST_M if sex == "M" else FIRST_F), last_name=rng.choice(LAST),
                birth_date=dt.date(2026 - age - 1, rng.randint(1, 12), rng.randint(1, 28)),
                religion="พุทธ" if rng.random() < 0.85 else "อิสลาม", nationality="ไทย", ethnicity="ไทย",
                father_name=f"นาย{rng.choice(FIRST_M)} {rng.choice(LAST)}",
                mother_name=f"นาง{rng.choice(FIRST_F)} {rng.choice(LAST)}", guardian_relation="บิดา",
                address=f"{rng.randint(1, 199)} หมู่ {rng.randint(1, 9)} {school.address or ''}",
                entry_date=dt.date(2024, 5, 16), status="studying")
            number += 1
            cohort.append(student)
        students.extend(cohort)
        plan.append((level, cohort))
    session.add_all(students)
    classrooms, enrollments = {}, []
    for level, cohort in plan:
        for year in YEARS:
            studied = level_in(level, year)
            if studied is None:
                continue
            classroom = Classroom(school=school, academic_year=demo.years[year], level=studied, room=1,
                                  homeroom_teacher=f"คุณครู{rng.choice(FIRST_F)} {rng.choice(LAST)}")
            classrooms[(level, year)] = classroom
            session.add(classroom)
            for n, student in enumerate(cohort, start=1):
                enrollments.append(Enrollment(student=student, classroom=classroom, number=n,
                                              outcome="promoted" if year < 2569 else None))
    session.add_all(enrollments)
    for level, cohort in plan:
        for year in YEARS:
            studied = level_in(level, year)
            if studied:
                for term in (1, 2):
                    for row in subject_rows(studied, term):
                        subject_for(row)
    session.flush()

    teacher = demo.users.get("teacher_a") if school.code == "8100201" else None
    result_rows, trait_rows, assignments, remedied, plans = [], [], [], [], set()
    for level, cohort in plan:
        graduating = level in ("p6", "m3", "m6")
        for year in YEARS:
            studied = level_in(level, year)
            if studied is None:
                continue
            classroom = classrooms[(level, year)]
            for term in (1, 2):
                term_row = terms[(year, term)]
                for row in subject_rows(studied, term):
                    subject = subjects[row[0]]
                    plans.add((school.id, demo.years[year].id, studied, term, subject.id))
                    assignments.append({"classroom_id": classroom.id, "subject_id": subject.id,
                                        "term_id": term_row.id,
                                        "teacher_id": teacher.id if teacher and subject.group == "ท"
                                        and year == 2569 else None})
                    for index, student in enumerate(cohort):
                        result_rows.append(_result(rng, student, subject, term_row, classroom, studied,
                                                   graduating and year == 2569 and term == 2, index, remedied))
            for index, student in enumerate(cohort):
                char = "fail" if graduating and year == 2569 and index == 2 else rng.choice(
                    ("excellent", "excellent", "good", "good", "pass"))
                trait_rows.append({"student_id": student.id, "academic_year_id": demo.years[year].id,
                                   "kind": "rtw", "item": 0, "level": rng.choice(("excellent", "good", "pass"))})
                trait_rows.append({"student_id": student.id, "academic_year_id": demo.years[year].id,
                                   "kind": "char", "item": 0, "level": char})
    session.execute(insert(TeachingAssignment.__table__), assignments)
    session.execute(insert(CoursePlan.__table__), [
        {"school_id": p[0], "academic_year_id": p[1], "level": p[2], "term_number": p[3], "subject_id": p[4]}
        for p in sorted(plans)])
    session.execute(insert(Result.__table__), result_rows)
    session.execute(insert(TraitAssessment.__table__), trait_rows)
    if remedied:
        _remedy_history(session, remedied)


def _result(rng, student, subject, term, classroom, level, final_term, index, remedied):
    """One result row, shaped like what a teacher enters; a few students are kept short of graduating."""
    row = {"student_id": student.id, "subject_id": subject.id, "term_id": term.id, "classroom_id": classroom.id,
           "level": level, "source": "entry", "version": 1, "remedy_attempts": 0, "score": None,
           "attendance": None, "grade": None, "original_grade": None, "original_score": None,
           "remedy_kind": None}
    if subject.kind == "activity":
        row["grade"] = "มผ" if final_term and index == 3 and subject.activity_type == "club" else "ผ"
    else:
        ability = 60 + zlib.crc32(student.student_number.encode()) % 30  # steady per student
        score = Decimal(max(0, min(100, int(rng.gauss(ability, 9)))))
        attendance = Decimal(rng.choice((100, 100, 98, 95, 92, 90)))
        grade = BASIC_SCALE.grade_for_score(score, DEFAULT_POLICY)
        roll = rng.random()
        if final_term and index == 0 and subject.group == "ว" and subject.kind == "basic":
            grade, score = "ร", None  # waiting for work: not yet eligible
        elif final_term and index == 1 and subject.group == "ค" and subject.kind == "basic":
            grade, score = "0", Decimal(38)  # failed a basic subject: not yet eligible
        elif grade == "0" or (not final_term and roll < 0.02):
            row.update(original_grade="0", original_score=min(score, Decimal(rng.randint(30, 49))),
                       remedy_kind="0", remedy_attempts=1)
            grade, score = "1", Decimal(rng.randint(50, 80))  # re-examined: capped at 1
            remedied.append(row)
        elif not final_term and roll < 0.03:
            row.update(original_grade="ร", remedy_kind="ร", remedy_attempts=1)
            remedied.append(row)
        elif not final_term and roll < 0.035:
            attendance = Decimal(72)
            row.update(original_grade="มส", remedy_kind="มส", remedy_attempts=1)
            grade, score = "1", Decimal(rng.randint(55, 85))
            remedied.append(row)
        row.update(score=score, attendance=attendance, grade=grade)
    evaluation = BASIC_SCALE.evaluate(row["grade"], subject.weight, subject.kind, DEFAULT_POLICY)
    row.update(points=evaluation.points, gpa_weight=evaluation.gpa_weight,
               credits_studied=evaluation.credits_studied, credits_earned=evaluation.credits_earned)
    return row


def _remedy_history(session, remedied):
    from lsq_core.extensions import db

    keys = {(r["student_id"], r["subject_id"], r["term_id"]): r for r in remedied}
    ids = {(res.student_id, res.subject_id, res.term_id): res.id for res in db.session.query(
        Result.id, Result.student_id, Result.subject_id, Result.term_id).filter(
        Result.remedy_kind.is_not(None))}
    history = []
    for key, row in keys.items():
        history.append({"result_id": ids[key], "changed_on": dt.datetime(2025, 3, 1), "actor_name": "demo",
                        "action": "entry", "old_score": None, "old_grade": None,
                        "new_score": row["original_score"], "new_grade": row["original_grade"], "reason": None})
        history.append({"result_id": ids[key], "changed_on": dt.datetime(2025, 4, 20), "actor_name": "demo",
                        "action": "remedy", "old_score": row["original_score"], "old_grade": row["original_grade"],
                        "new_score": row["score"], "new_grade": row["grade"],
                        "reason": f"แก้ {row['original_grade']}: ผลการสอบแก้ตัว"})
    session.execute(insert(ResultHistory.__table__), history)
