"""Vocational rules (ปวช. 2562 / ปวส. 2563 and the records of older curricula): the grading scale
with its letter results, the curricula's subject groups and credit minima, and graduation.

Sources and confidence: ../shared/domain/vocational.md (§2 grading, §1.3 credits, §4 graduation);
the defaults for rules the sources leave open are the product decisions of
../shared/domain/README.md, each a per-college setting (School.settings["vocational_2562"]).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal

from lsq_core.grading import COMMON_POLICY, Band, GradingScale, Letter
from lsq_core.graduation import GraduationRule, StudentSummary
from lsq_core.plugins.registries import SubjectGroup

SCALE_ID = "vocational_2562"
#: the standard assessment of a vocational qualification, kept beside the subjects
STANDARD_ASSESSMENT = ("vstd", "การประเมินมาตรฐานวิชาชีพ")

BANDS = (
    Band(Decimal(80), "4", "ดีเยี่ยม"),
    Band(Decimal(75), "3.5", "ดีมาก"),
    Band(Decimal(70), "3", "ดี"),
    Band(Decimal(65), "2.5", "ดีพอใช้"),
    Band(Decimal(60), "2", "พอใช้"),
    Band(Decimal(55), "1.5", "อ่อน"),
    Band(Decimal(50), "1", "ผ่านเกณฑ์ขั้นต่ำ"),
    Band(Decimal(0), "0", "ไม่ผ่านเกณฑ์ขั้นต่ำ"),
)

# The letters as OVEC prints them, dots included (domain §2.2, §2.3). The disputed ones count 0
# in the divisor or are left out, by the college's "letter_divisor" setting (domain §7 #17).
DISPUTED = "letter_divisor"
LETTERS = (
    Letter("ข.ร.", "ขาดเรียนเกินกำหนด ไม่มีสิทธิ์สอบปลายภาค", divisor_policy=DISPUTED),
    Letter("ข.ส.", "ขาดสอบปลายภาค", divisor_policy=DISPUTED),
    Letter("ถ.ล.", "ถอนรายวิชาหลังกำหนด", divisor_policy=DISPUTED),
    Letter("ถ.น.", "ถอนรายวิชาภายในกำหนด", studied=False),
    Letter("ท.", "ทุจริตในการสอบหรืองานที่มอบหมาย", divisor_policy=DISPUTED),
    Letter("ม.ส.", "ผลการเรียนไม่สมบูรณ์", pending=True),
    Letter("ม.ท.", "ไม่สมบูรณ์และสอบแก้ไม่ทันกำหนด", divisor_policy=DISPUTED),
    Letter("ม.ก.", "ร่วมเรียนโดยไม่นับหน่วยกิต", studied=False),
    Letter("ผ.", "ผ่าน", passing=True, for_activities=True),
    Letter("ม.ผ.", "ไม่ผ่าน", for_activities=True),
)

DEFAULT_POLICY = {
    **COMMON_POLICY,  # ม.ส. waits outside the divisor; below 80 % attendance, ข.ร. unless the head waives it
    # ข.ร., ข.ส., ถ.ล., ท., ม.ท.: count as 0 in the divisor ("zero") or are left out ("excluded")
    DISPUTED: "zero",
    # a repeated subject counts once: its "latest" final result, or its "best"
    "repeat_policy": "latest",
    # weeks of a term for counting study time (ข้อ 37)
    "term_weeks": 18,
    # days after the end of the term within which a ม.ส. must be resolved, else ม.ท. [U]
    "makeup_days": 30,
    # weeks after the start of the term within which a withdrawal is ถ.น. without the head's leave [U]
    "withdrawal_weeks": 12,
    # the lowest GPAX that graduates
    "graduation_gpax": "2.00",
    # a college's own minima per curriculum, overriding the plugin's: {"pvc_2562": {"free": 10}}
    "credit_minimums": {},
}

VOCATIONAL_SCALE = GradingScale(
    identifier=SCALE_ID, education_type="vocational", name_th="ระดับผลการเรียน 8 ระดับ (อาชีวศึกษา)",
    bands=BANDS, letters=LETTERS, passing_grade=Decimal(1), default_policy=DEFAULT_POLICY,
    attendance_letter="ข.ร.",
    # ม.ส. is resolved by the make-up final, graded on the normal scale (ข้อ 51); a retake of 0 is
    # not confirmed for vocational education (domain §2.4), so a failed subject is repeated instead
    remedies=("ม.ส.",),
)

ACTIVITY_GROUP = "activity"

# --- subject codes (domain §1.5) -------------------------------------------------------------

CURRENT_CODE = re.compile(r"^([23])([0-9]{2})([0-9]{2})-([0-9])([0-9])([0-9]{2})$")
LEGACY_CODE = re.compile(r"^([23])([0-9]{3})-([0-9]{4})$")
LEVEL_OF_DIGIT = {"2": "pvc", "3": "pvs"}


def parse_subject_code(code: str) -> dict | None:
    """20901-2002 → ปวช., ประเภทวิชา 09, group digit 2; 2000-1101 → a legacy (2545) ปวช. code.

    The level comes from the first digit; the subject group is never taken from the code
    (colleges add their own subjects, domain §1.5): the curriculum table says it.
    """
    code = (code or "").strip()
    match = CURRENT_CODE.match(code)
    if match:
        return {"level": LEVEL_OF_DIGIT[match.group(1)], "field": match.group(2), "legacy": False,
                "group_digit": match.group(4)}
    match = LEGACY_CODE.match(code)
    if match:
        return {"level": LEVEL_OF_DIGIT[match.group(1)], "field": match.group(2)[0], "legacy": True,
                "group_digit": match.group(3)[0]}
    return None


def tpn(subject) -> str:
    """ท-ป-น as printed: theory hours a week, practice hours a week, credits ("2-2-3")."""
    def whole(value):
        return "-" if value is None else format(Decimal(value).normalize(), "f")
    return f"{whole(subject.theory_hours)}-{whole(subject.practice_hours)}-{whole(subject.credits)}"


def check_subject(curriculum, subject):
    """Vocational rules on a subject: the code's level digit matches the curriculum's level,
    a credit-bearing subject has credits, an activity has none."""
    if subject.kind == "activity":
        if subject.credits is not None and Decimal(subject.credits) != 0:
            yield ("credits", "กิจกรรมเสริมหลักสูตรไม่มีหน่วยกิต")
        return
    parsed = parse_subject_code(subject.code)
    if parsed is None:
        return  # the curriculum's code pattern already reported it
    stage = curriculum.levels[0][:3] if curriculum.levels else ""
    if stage and parsed["level"] != stage:
        level_th = "ปวช." if parsed["level"] == "pvc" else "ปวส."
        yield ("code", f"รหัสวิชา {subject.code} ขึ้นต้นด้วยเลขของระดับ{level_th} ไม่ตรงกับหลักสูตร {curriculum.name_th}")
    if subject.credits is None:
        yield ("credits", "รายวิชาต้องระบุหน่วยกิต (น ของ ท-ป-น)")


def attendance_percent(subject, hours_attended, weeks: int = 18) -> Decimal:
    """Per cent of a subject's study time attended (ข้อ 37): its theory and practice hours a week
    over an 18-week term; truncated to 2 places so 79.99…% never rounds up to 80."""
    per_week = (subject.theory_hours or 0) + (subject.practice_hours or 0)
    if per_week == 0:
        raise ValueError(f"subject {subject.code} has no weekly hours")
    total = Decimal(per_week * weeks)
    return (Decimal(hours_attended) * 100 / total).quantize(Decimal("0.01"), rounding=ROUND_DOWN)


def withdrawal_letter(requested_on, deadline, head_accepts: bool = False) -> str:
    """ถ.น. within the deadline, or after it when the head accepts the reason; otherwise ถ.ล. (ข้อ 32)."""
    return "ถ.น." if requested_on <= deadline or head_accepts else "ถ.ล."


# --- curricula: subject groups and credit minima (domain §1.2, §1.3) ---------------------------

CORE_AREAS = (
    SubjectGroup("core_th", "กลุ่มวิชาภาษาไทย", "Thai", parent="core"),
    SubjectGroup("core_foreign", "กลุ่มวิชาภาษาต่างประเทศ", "Foreign languages", parent="core"),
    SubjectGroup("core_sci", "กลุ่มวิชาวิทยาศาสตร์", "Science", parent="core"),
    SubjectGroup("core_math", "กลุ่มวิชาคณิตศาสตร์", "Mathematics", parent="core"),
    SubjectGroup("core_social", "กลุ่มวิชาสังคมศึกษา", "Social studies", parent="core"),
    SubjectGroup("core_hum", "กลุ่มวิชามนุษยศาสตร์", "Humanities", parent="core"),
)
GROUPS_2562 = (
    SubjectGroup("core", "หมวดวิชาสมรรถนะแกนกลาง", "Core competencies"),
    *CORE_AREAS,
    SubjectGroup("voc", "หมวดวิชาสมรรถนะวิชาชีพ", "Vocational competencies"),
    SubjectGroup("voc_basic", "กลุ่มสมรรถนะวิชาชีพพื้นฐาน", "Basic vocational competencies", parent="voc"),
    SubjectGroup("voc_specific", "กลุ่มสมรรถนะวิชาชีพเฉพาะ", "Specific vocational competencies", parent="voc"),
    SubjectGroup("voc_elective", "กลุ่มสมรรถนะวิชาชีพเลือก", "Elective vocational competencies", parent="voc"),
    SubjectGroup("internship", "ฝึกประสบการณ์สมรรถนะวิชาชีพ", "Internship", parent="voc"),
    SubjectGroup("project", "โครงการพัฒนาทักษะวิชาชีพ", "Vocational project", parent="voc"),
    SubjectGroup("free", "หมวดวิชาเลือกเสรี", "Free electives"),
    SubjectGroup(ACTIVITY_GROUP, "กิจกรรมเสริมหลักสูตร", "Co-curricular activities"),
)
GROUPS_2567 = (
    SubjectGroup("core", "หมวดวิชาสมรรถนะแกนกลาง", "Core competencies"),
    SubjectGroup("core_comm", "กลุ่มสมรรถนะภาษาและการสื่อสาร", "Language and communication", parent="core"),
    SubjectGroup("core_think", "กลุ่มสมรรถนะการคิดและการแก้ปัญหา", "Thinking and problem solving", parent="core"),
    SubjectGroup("core_life", "กลุ่มสมรรถนะทางสังคมและการดำรงชีวิต", "Social and life skills", parent="core"),
    SubjectGroup("voc", "หมวดวิชาสมรรถนะวิชาชีพ", "Vocational competencies"),
    SubjectGroup("voc_basic", "กลุ่มสมรรถนะวิชาชีพพื้นฐาน", "Basic vocational competencies", parent="voc"),
    SubjectGroup("voc_specific", "กลุ่มสมรรถนะวิชาชีพเฉพาะ", "Specific vocational competencies", parent="voc"),
    SubjectGroup("free", "หมวดวิชาเลือกเสรี", "Free electives"),
    SubjectGroup(ACTIVITY_GROUP, "กิจกรรมเสริมหลักสูตร", "Co-curricular activities"),
)
#: the groups of the 2545/2546 and 2556/2557 curricula, kept for old records
GROUPS_LEGACY = (
    SubjectGroup("core", "หมวดวิชาทักษะชีวิต / หมวดวิชาสามัญ", "General education"),
    SubjectGroup("voc", "หมวดวิชาทักษะวิชาชีพ / หมวดวิชาชีพ", "Vocational"),
    SubjectGroup("free", "หมวดวิชาเลือกเสรี", "Free electives"),
    SubjectGroup(ACTIVITY_GROUP, "กิจกรรมเสริมหลักสูตร", "Co-curricular activities"),
)

# ปวช. 2562: core ≥ 22 [C], specific 24 [C], total ≥ 103 [C]; vocational ≥ 71 and free ≥ 10 [U]
MINIMUMS_PVC_2562 = {"core": 22, "voc": 71, "voc_specific": 24, "free": 10, "total": 103}
# ปวส. 2563: core 21 with its sub-minima [C], vocational 56 = 15 + 21 + ≥ 12 + 8 [C]
# (internship and project 4 each [P]), free ≥ 6 and total ≥ 83 [U/P]
MINIMUMS_PVS_2563 = {"core": 21, "core_th": 3, "core_foreign": 6, "core_sci": 3, "core_math": 3,
                     "core_social": 3, "core_hum": 3, "voc": 56, "voc_basic": 15, "voc_specific": 21,
                     "voc_elective": 12, "internship": 4, "project": 4, "free": 6, "total": 83}
# ปวช. 2567 (new-generation curriculum, [P] from one college's plan)
MINIMUMS_PVC_2567 = {"core": 20, "core_comm": 9, "core_think": 6, "core_life": 5, "voc": 70,
                     "voc_basic": 34, "voc_specific": 36, "free": 10, "total": 100}

PVC = ("pvc1", "pvc2", "pvc3")
PVS = ("pvs1", "pvs2")


@dataclass(frozen=True)
class VocationalRule(GraduationRule):
    """ปวช. / ปวส. graduation (domain §4): the credits of every group of the student's curriculum,
    GPAX ≥ 2.00 (truncated), co-curricular activities passed in every term, the standard
    assessment passed, and no result left pending. Every unmet criterion is named."""

    requires_traits: bool = False
    needs_programme_figures: bool = True
    minimum_gpax: Decimal = Decimal("2.00")

    def check(self, summary: StudentSummary) -> list[str]:
        reasons = super().check(summary)
        curriculum = summary.curriculum
        if curriculum is None:
            reasons.append("ยังไม่ได้ระบุหลักสูตรของนักศึกษา จึงตรวจหน่วยกิตตามโครงสร้างหลักสูตรไม่ได้")
        else:
            overrides = (summary.policy.get("credit_minimums") or {}).get(curriculum.identifier)
            totals = curriculum.group_totals(summary.group_credits)
            for key, minimum in curriculum.minimums(overrides).items():
                earned = totals.get(key, Decimal(0))
                if earned < minimum:
                    reasons.append(f"หน่วยกิต{curriculum.group_name(key)}ที่ได้ {_credits(earned)} "
                                   f"ไม่ถึงเกณฑ์ {_credits(minimum)}")
        minimum_gpax = Decimal(str(summary.policy.get("graduation_gpax", self.minimum_gpax)))
        if summary.gpax is None:
            reasons.append("ยังไม่มีค่าระดับคะแนนเฉลี่ยสะสม")
        elif summary.gpax < minimum_gpax:
            reasons.append(f"ค่าระดับคะแนนเฉลี่ยสะสม {summary.gpax} ต่ำกว่า {minimum_gpax}")
        for term, grades in summary.activities_by_term.items():
            if not grades:
                reasons.append(f"ภาคเรียนที่ {term} ไม่มีผลกิจกรรมเสริมหลักสูตร")
            elif summary.activity_pass not in grades:
                reasons.append(f"ภาคเรียนที่ {term} กิจกรรมเสริมหลักสูตรไม่ผ่าน ({', '.join(grades)})")
        kind, name = STANDARD_ASSESSMENT
        if summary.assessments.get(kind) != "pass":
            state = "ไม่ผ่าน" if summary.assessments.get(kind) == "fail" else "ยังไม่มีผล"
            reasons.append(f"{name}: {state}")
        return reasons


def _credits(value: Decimal) -> str:
    return format(value.quantize(Decimal("0.1")) if value != value.to_integral() else value.to_integral(), "f")


GRADUATION_RULES = (
    VocationalRule("vocational_pvc", levels=("pvc3",), stage_levels=PVC),
    VocationalRule("vocational_pvs", levels=("pvs2",), stage_levels=PVS),
)
