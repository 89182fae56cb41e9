"""The vocational demo: วิทยาลัยการอาชีพ อบจ.กระบี่ with two ปวช. programmes (การบัญชี, ช่างยนต์),
about 150 students over three years, letter results among them, and a ปวช.3 cohort where most
students meet every graduation criterion and a few, each for a different reason, do not.

Invented people; the grades and what they count for come from the plugin's own scale, as when
a teacher enters them. Written with bulk inserts, so ``lsq demo`` stays quick.
"""

from __future__ import annotations

import random
import zlib
from decimal import Decimal

from sqlalchemy import insert

from lsq_core.demo import invented_national_id
from lsq_core.models import (
    Classroom, CoursePlan, Enrollment, Result, Student, Subject, TeachingAssignment, TraitAssessment,
)
from vocational.programmes import seed_programmes, specialisation
from vocational.rules import DEFAULT_POLICY, STANDARD_ASSESSMENT, VOCATIONAL_SCALE

COLLEGE = "8100101"
CURRICULUM = "pvc_2562"
YEARS = (2567, 2568, 2569)
PER_ROOM = 25
#: room → (specialisation code in the tree, programme's subject-code prefix, name)
PROGRAMMES = {1: ("2020101", "20201", "การบัญชี"), 2: ("2010101", "20101", "ช่างยนต์")}
#: the 2569 level of each cohort → the year it entered ปวช.1
COHORTS = {"pvc3": 2567, "pvc2": 2568, "pvc1": 2569}

# (code, name, group, theory, practice, credits): 22 core credits, shared by both programmes
CORE = (
    ("20000-1101", "ภาษาไทยเพื่ออาชีพ", "core_th", 1, 2, 2),
    ("20000-1401", "คณิตศาสตร์พื้นฐานอาชีพ", "core_math", 2, 0, 2),
    ("20000-1201", "ภาษาอังกฤษในชีวิตจริง", "core_foreign", 0, 2, 1),
    ("20000-1301", "วิทยาศาสตร์เพื่องานอาชีพ", "core_sci", 1, 2, 2),
    ("20000-1501", "หน้าที่พลเมืองและศีลธรรม", "core_social", 2, 0, 2),
    ("20000-1202", "ภาษาอังกฤษฟัง-พูดในชีวิตประจำวัน", "core_foreign", 0, 2, 1),
    ("20000-1102", "ภาษาไทยเพื่อการสื่อสารในงานอาชีพ", "core_th", 1, 2, 2),
    ("20000-1402", "คณิตศาสตร์และสถิติเพื่องานอาชีพ", "core_math", 2, 0, 2),
    ("20000-1203", "ภาษาอังกฤษสู่โลกกว้าง", "core_foreign", 0, 2, 1),
    ("20000-1302", "วิทยาศาสตร์และเทคโนโลยีเพื่อการพัฒนาอาชีพ", "core_sci", 1, 2, 2),
    ("20000-1502", "ประวัติศาสตร์ชาติไทย", "core_social", 1, 0, 1),
    ("20000-1204", "ภาษาอังกฤษเพื่อการสื่อสารในงานอาชีพ", "core_foreign", 0, 2, 1),
    ("20000-1503", "เศรษฐกิจพอเพียง", "core_social", 1, 0, 1),
    ("20000-1601", "การพัฒนาสุขภาพ", "core_hum", 0, 2, 1),
    ("20000-1602", "พลศึกษาเพื่อพัฒนาสุขภาพ", "core_hum", 0, 2, 1),
)
FREE = (("20000-2101", "ทักษะการเรียนรู้ดิจิทัล", 1, 2, 2), ("20000-2102", "ภาษาจีนเพื่อการสื่อสาร", 1, 2, 2),
        ("20000-2103", "การถ่ายภาพเบื้องต้น", 1, 2, 2), ("20000-2104", "การท่องเที่ยวจังหวัดกระบี่", 2, 0, 2),
        ("20000-2105", "ศิลปะการป้องกันตัว", 0, 4, 2))
# per programme: 21 basic, 24 specific, 18 elective vocational credits, 4 project, 4 internship
SUBJECT_NAMES = {
    "20201": {
        "voc_basic": ("การบัญชีเบื้องต้น 1", "การบัญชีเบื้องต้น 2", "การขายเบื้องต้น", "พิมพ์ดีดไทยเบื้องต้น",
                      "คอมพิวเตอร์และสารสนเทศเพื่องานอาชีพ", "หลักการตลาด", "กฎหมายพาณิชย์"),
        "voc_specific": ("การบัญชีห้างหุ้นส่วน", "การบัญชีบริษัทจำกัด", "การบัญชีต้นทุนเบื้องต้น", "การบัญชีภาษีอากร",
                         "โปรแกรมสำเร็จรูปทางการบัญชี", "การบัญชีสหกรณ์", "การบัญชีธุรกิจเฉพาะกิจ",
                         "การตรวจสอบเอกสารทางการบัญชี"),
        "voc_elective": ("การบัญชีสินค้า", "การบัญชีเจ้าหนี้-ลูกหนี้", "ภาษาอังกฤษสำหรับงานบัญชี",
                         "การใช้โปรแกรมตารางทำการ", "การจัดการสำนักงาน", "ธุรกิจขนาดย่อม"),
    },
    "20101": {
        "voc_basic": ("งานฝึกฝีมือ 1", "งานไฟฟ้าและอิเล็กทรอนิกส์เบื้องต้น", "งานเขียนแบบเทคนิคเบื้องต้น",
                      "งานเครื่องยนต์เบื้องต้น", "งานเชื่อมและโลหะแผ่นเบื้องต้น", "งานถอดประกอบเครื่องกล",
                      "วัสดุงานช่างอุตสาหกรรม"),
        "voc_specific": ("งานเครื่องยนต์แก๊สโซลีน", "งานเครื่องยนต์ดีเซล", "งานส่งกำลังรถยนต์", "งานไฟฟ้ารถยนต์",
                         "งานเครื่องล่างรถยนต์", "งานปรับอากาศรถยนต์", "งานจักรยานยนต์", "งานบำรุงรักษารถยนต์"),
        "voc_elective": ("งานเครื่องยนต์เล็ก", "งานตัวถังและสีรถยนต์", "งานเครื่องยนต์หัวฉีดอิเล็กทรอนิกส์",
                         "งานเครื่องมือวัดยานยนต์", "งานบริการยานยนต์", "งานปั๊มและหัวฉีดดีเซล"),
    },
}
#: first running number of each group's codes (xxxxx-1001 basic, -2001 specific, -2101 elective)
FIRST_NUMBER = {"voc_basic": 1001, "voc_specific": 2001, "voc_elective": 2101}

FIRST_M = ("ธีรวัฒน์", "อนุวัฒน์", "ศุภชัย", "ณัฐพล", "กิตติศักดิ์", "วีรภัทร", "ชัยวัฒน์", "ปิยะพงษ์", "สุรเชษฐ์", "ธนวัฒน์",
           "อภิสิทธิ์", "จิรายุ", "พงศกร", "ณัฐกิตติ์", "ภานุวัฒน์")
FIRST_F = ("กนกวรรณ", "จิราพร", "ปวีณา", "ศศิธร", "วรรณภา", "ธิดารัตน์", "สุภาวดี", "อัญชลี", "ณัฐณิชา", "พรนภา",
           "เพ็ญพักตร์", "ชลธิชา", "มณีรัตน์", "ยุพาวดี", "ลลิตา")
LAST = ("ทองมาก", "ศรีอ่าวนาง", "คงสวัสดิ์", "หมัดอาดัม", "แก้วประดับ", "ชายเขา", "บุญช่วย", "ดำรงค์", "หลีหาด",
        "ปานทอง", "สุขสม", "เกาะลันตา", "ทองใบ", "นิลวงศ์", "ขำเกลี้ยง")

#: students of the ปวช.3 cohort kept short of graduating, each for one reason (index in their room)
SHORT = {0: "ms", 1: "low_gpax", 2: "activity", 3: "standard", 4: "kr"}


def programme_subjects(prefix: str):
    """Every credit subject of a programme's six terms, in study order, with its term (1–6)."""
    rows = []
    for group, names in SUBJECT_NAMES[prefix].items():
        for n, name in enumerate(names, start=FIRST_NUMBER[group]):
            rows.append((f"{prefix}-{n}", name, group, 1, 4, 3))
    rows.append((f"{prefix}-8501", "โครงการพัฒนาทักษะวิชาชีพ 1", "project", 0, 4, 2))
    rows.append((f"{prefix}-8502", "โครงการพัฒนาทักษะวิชาชีพ 2", "project", 0, 4, 2))
    rows.append((f"{prefix}-8001", "ฝึกประสบการณ์สมรรถนะวิชาชีพ", "internship", None, None, 4))
    core = [(code, name, group, t, p, c) for code, name, group, t, p, c in CORE]
    free = [(code, name, "free", t, p, c) for code, name, t, p, c in FREE]
    basic = [r for r in rows if r[2] == "voc_basic"]
    specific = [r for r in rows if r[2] == "voc_specific"]
    elective = [r for r in rows if r[2] == "voc_elective"]
    projects = [r for r in rows if r[2] == "project"]
    internship = [r for r in rows if r[2] == "internship"]
    plan = {
        1: core[0:5] + basic[0:3] + specific[0:1],
        2: core[5:9] + basic[3:6] + specific[1:2] + free[0:1],
        3: core[9:12] + basic[6:7] + specific[2:4] + elective[0:2] + free[1:2],
        4: core[12:15] + specific[4:6] + elective[2:4] + free[2:3],
        5: specific[6:8] + elective[4:6] + free[3:5] + projects[0:1],
        6: projects[1:2] + internship,
    }
    return plan


def load(demo) -> None:
    if COLLEGE not in demo.schools:
        return
    session = demo.session
    seed_programmes(session)
    if not demo.with_students:
        return
    rng = random.Random(2569_2)
    college = demo.schools[COLLEGE]
    terms = {(ay.year, t.number): t for ay in demo.years.values() for t in ay.terms}
    subjects: dict[str, Subject] = {}

    def subject(code, name, group, theory, practice, credits, kind="basic"):
        if code not in subjects:
            subjects[code] = Subject(school=college, curriculum=CURRICULUM, code=code, name_th=name, group=group,
                                     kind=kind, theory_hours=theory, practice_hours=practice,
                                     credits=Decimal(credits), hours=((theory or 0) + (practice or 0)) * 18 or None)
            session.add(subjects[code])
        return subjects[code]

    plans = {prefix: programme_subjects(prefix) for _, prefix, _ in PROGRAMMES.values()}
    for prefix, plan in plans.items():
        for rows in plan.values():
            for code, name, group, theory, practice, credits in rows:
                subject(code, name, group, theory, practice, credits,
                        kind="additional" if group in ("voc_elective", "free") else "basic")
    activities = [subject(f"20000-200{n}", f"กิจกรรมองค์การวิชาชีพ {n}", "activity", 0, 2, 0, kind="activity")
                  for n in range(1, 7)]

    students: dict[tuple[str, int], list[Student]] = {}
    number = 0
    for level, entered in COHORTS.items():
        for room, (spec_code, _prefix, _name) in PROGRAMMES.items():
            unit = specialisation(session, CURRICULUM, spec_code)
            cohort = students[(level, room)] = []
            for i in range(PER_ROOM):
                number += 1
                sex = "M" if (room == 2) == (i % 5 != 0) else "F"
                first = rng.choice(FIRST_M if sex == "M" else FIRST_F)
                age = {"pvc1": 15, "pvc2": 16, "pvc3": 17}[level]
                birth = __import__("datetime").date(2026 - age - 1, rng.randint(1, 12), rng.randint(1, 28))
                student = Student(
                    school=college, education_type="vocational", curriculum=CURRICULUM, programme=unit,
                    student_number=f"{entered % 100}{room}{i + 1:03d}", national_id=invented_national_id(rng),
                    first_name=first, last_name=rng.choice(LAST), sex=sex, birth_date=birth,
                    religion="อิสลาม" if i % 4 == 0 else "พุทธ", entry_level="pvc1",
                    entry_date=__import__("datetime").date(entered - 543, 5, 16),
                    previous_school="โรงเรียนองค์การบริหารส่วนจังหวัดกระบี่", father_name=f"นาย{rng.choice(FIRST_M)} "
                    f"{rng.choice(LAST)}", mother_name=f"นาง{rng.choice(FIRST_F)} {rng.choice(LAST)}",
                    address="ตำบลทับปริก อำเภอเมืองกระบี่ จังหวัดกระบี่")
                cohort.append(student)
                session.add(student)
    session.flush()

    classrooms = {}
    enrollments = []
    for (level, room), cohort in students.items():
        entered = COHORTS[level]
        for year in YEARS:
            if year < entered:
                continue
            studied = f"pvc{year - entered + 1}"
            classroom = classrooms[(studied, room, year)] = Classroom(
                school=college, academic_year=demo.years[year], level=studied, room=room,
                homeroom_teacher=f"ครู{rng.choice(FIRST_F)} {rng.choice(LAST)}")
            session.add(classroom)
            for n, student in enumerate(cohort, start=1):
                enrollments.append(Enrollment(student=student, classroom=classroom, number=n,
                                              outcome="promoted" if year < 2569 else None))
    session.add_all(enrollments)
    session.flush()

    result_rows, assignments, course_plan, traits = [], [], set(), []
    for (level, room), cohort in students.items():
        entered = COHORTS[level]
        prefix = PROGRAMMES[room][1]
        graduating = level == "pvc3"
        for year in YEARS:
            if year < entered:
                continue
            studied = f"pvc{year - entered + 1}"
            classroom = classrooms[(studied, room, year)]
            for term_number in (1, 2):
                if year == 2569 and term_number == 2 and not graduating:
                    continue  # the term is under way: only the graduating class has finished it
                index = (year - entered) * 2 + term_number  # 1–6
                term = terms[(year, term_number)]
                taught = [subjects[row[0]] for row in plans[prefix][index]] + [activities[index - 1]]
                for subj in taught:
                    course_plan.add((demo.years[year].id, studied, term_number, subj.id))
                    assignments.append({"classroom_id": classroom.id, "subject_id": subj.id, "term_id": term.id,
                                        "teacher_id": None})
                    for i, student in enumerate(cohort):
                        short = SHORT.get(i, "") if graduating else None
                        result_rows.append(_result(rng, student, subj, term, classroom, studied, index, short, i))
        if graduating:
            for i, student in enumerate(cohort):
                traits.append({"student_id": student.id, "academic_year_id": demo.years[2569].id,
                               "kind": STANDARD_ASSESSMENT[0], "item": 0,
                               "level": "fail" if SHORT.get(i) == "standard" else "pass"})
    _repeat(rng, students[("pvc3", 1)][5], subjects, terms, classrooms, result_rows)
    session.execute(insert(TeachingAssignment.__table__), assignments)
    session.execute(insert(CoursePlan.__table__), [
        {"school_id": college.id, "academic_year_id": y, "level": lvl, "term_number": t, "subject_id": s}
        for y, lvl, t, s in sorted(course_plan)])
    session.execute(insert(Result.__table__), result_rows)
    session.execute(insert(TraitAssessment.__table__), traits)


def _result(rng, student, subject, term, classroom, level, index, short, position):
    """One result row as a teacher enters it. ``short``: None outside the graduating class, "" for a
    graduating student who meets every criterion, else the one criterion they miss."""
    row = {"student_id": student.id, "subject_id": subject.id, "term_id": term.id, "classroom_id": classroom.id,
           "level": level, "source": "entry", "version": 1, "remedy_attempts": 0, "score": None,
           "attendance": Decimal(100), "grade": None, "original_grade": None, "original_score": None,
           "remedy_kind": None, "attendance_waived": False, "superseded": False}
    if subject.kind == "activity":
        row["grade"] = "ม.ผ." if short == "activity" and index == 4 else "ผ."
        row["attendance"] = None
    else:
        ability = 56 if short == "low_gpax" else 62 + zlib.crc32(student.student_number.encode()) % 25
        score = Decimal(max(0, min(100, int(rng.gauss(ability, 8)))))
        grade = VOCATIONAL_SCALE.grade_for_score(score, DEFAULT_POLICY)
        if short is not None and grade == "0":
            score, grade = Decimal(55), "1.5"
        if short == "ms" and index == 6 and subject.group == "project":
            score, grade = None, "ม.ส."  # project report not handed in yet
        elif short == "kr" and index == 5 and subject.group == "voc_specific" and subject.code.endswith("2007"):
            row["attendance"], score, grade = Decimal(70), None, "ข.ร."  # 70 % attendance: no right to the final
        elif short is None and index == 2 and subject.group == "free" and position % 12 == 7:
            score, grade = None, "ถ.น."  # withdrew in time, took another elective instead
        elif short is None and index == 1 and subject.group == "core_sci" and position == 9:
            score, grade = None, "ม.ก."  # audited
        row.update(score=score, grade=grade)
    evaluation = VOCATIONAL_SCALE.evaluate(row["grade"], subject.weight, subject.kind, DEFAULT_POLICY)
    row.update(points=evaluation.points, gpa_weight=evaluation.gpa_weight,
               credits_studied=evaluation.credits_studied, credits_earned=evaluation.credits_earned)
    return row


def _repeat(rng, student, subjects, terms, classrooms, rows) -> None:
    """One student failed การบัญชีเบื้องต้น 1 in 1/2567 and passed it on repeating in 1/2568: the
    first attempt stays on the record, superseded, and counts nowhere."""
    code = "20201-1001"
    first = next(r for r in rows if r["student_id"] == student.id and r["subject_id"] == subjects[code].id)
    first.update(score=Decimal(41), grade="0", points=Decimal(0), gpa_weight=Decimal(0), credits_studied=Decimal(0),
                 credits_earned=Decimal(0), superseded=True)
    again = dict(first, term_id=terms[(2568, 1)].id, classroom_id=classrooms[("pvc2", 1, 2568)].id, level="pvc2",
                 score=Decimal(68), grade="2.5", superseded=False)
    evaluation = VOCATIONAL_SCALE.evaluate("2.5", subjects[code].weight, "basic", DEFAULT_POLICY)
    again.update(points=evaluation.points, gpa_weight=evaluation.gpa_weight,
                 credits_studied=evaluation.credits_studied, credits_earned=evaluation.credits_earned)
    rows.append(again)
