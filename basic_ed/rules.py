"""Basic education's rules: the 8-level grading scale, subject codes, graduation for ป.6, ม.3, ม.6.

Sources and open questions: ../shared/domain/basic_ed.md §2, §3, §6, §7; the
defaults for open rules are the product decisions in ../shared/domain/README.md,
each a per-school policy (School.settings["basic_2551"]).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from lsq_core.grading import COMMON_POLICY, Band, GradingScale, Letter
from lsq_core.graduation import GraduationRule, StudentSummary

SCALE_ID = "basic_2551"

BANDS = (
    Band(Decimal(80), "4", "ดีเยี่ยม"),
    Band(Decimal(75), "3.5", "ดีมาก"),
    Band(Decimal(70), "3", "ดี"),
    Band(Decimal(65), "2.5", "ค่อนข้างดี"),
    Band(Decimal(60), "2", "น่าพอใจ"),
    Band(Decimal(55), "1.5", "พอใช้"),
    Band(Decimal(50), "1", "ผ่านเกณฑ์ขั้นต่ำ"),
    Band(Decimal(0), "0", "ต่ำกว่าเกณฑ์"),
)

LETTERS = (
    Letter("ร", "รอการตัดสิน", pending=True),
    Letter("มส", "ไม่มีสิทธิ์เข้ารับการวัดผลปลายภาค", pending=True),
    Letter("ผ", "ผ่าน", passing=True, for_activities=True),
    Letter("มผ", "ไม่ผ่าน", for_activities=True),
)

DEFAULT_POLICY = {
    **COMMON_POLICY,
    # re-examinations after 0 and the cap of a remedied result
    "max_reexams": 2,
    "remedy_cap": "1",
    # remedying มส needs at least this attendance (the 50 % variant is the alternative)
    "ms_remedy_floor": 60,
}

BASIC_SCALE = GradingScale(
    identifier=SCALE_ID, education_type="basic", name_th="ระดับผลการเรียน 8 ระดับ (หลักสูตร 2551)",
    bands=BANDS, letters=LETTERS, passing_grade=Decimal(1), default_policy=DEFAULT_POLICY,
    attendance_letter="มส", remedies=("0", "ร", "มส", "มผ"),
)

AREA_LETTERS = "ทควสพศงอจญ"
#: the group code of learner development activities (กิจกรรมพัฒนาผู้เรียน)
ACTIVITY_GROUP = "กิจกรรม"
STAGES = {"1": "primary", "2": "lower_secondary", "3": "upper_secondary"}


def parse_subject_code(code: str) -> dict | None:
    """ท21101 → area ท, ม.ต้น, year 1, basic, sequence 01 (domain/basic_ed.md §2.2, WE21)."""
    import re

    match = re.fullmatch(rf"([{AREA_LETTERS}])([1-3])([0-6])([12])([0-9]{{2}})", code or "")
    if not match:
        return None
    area, stage, year, kind, sequence = match.groups()
    return {"area": area, "stage": STAGES[stage], "year": int(year) or None,
            "kind": "basic" if kind == "1" else "additional", "sequence": sequence}


def check_subject(curriculum, subject):
    """Basic-education rules on a subject: code ↔ area and kind, credits in secondary."""
    if subject.kind == "activity":
        if subject.credits is not None and Decimal(subject.credits) != 0:
            yield ("credits", "กิจกรรมพัฒนาผู้เรียนไม่มีหน่วยกิต ให้ระบุเป็นจำนวนชั่วโมง")
        return
    parsed = parse_subject_code(subject.code)
    if parsed is None:
        return  # the curriculum's code pattern already reported it
    if parsed["area"] != subject.group:
        yield ("group", f"รหัสวิชา {subject.code} เป็นของกลุ่มสาระ {parsed['area']} ไม่ใช่ {subject.group}")
    if parsed["kind"] != subject.kind:
        kind_th = "รายวิชาพื้นฐาน" if parsed["kind"] == "basic" else "รายวิชาเพิ่มเติม"
        yield ("kind", f"หลักที่ 4 ของรหัสวิชา {subject.code} บอกว่าเป็น{kind_th}")
    if parsed["stage"] != "primary" and subject.credits is None:
        yield ("credits", "รายวิชาระดับมัธยมศึกษาต้องระบุหน่วยกิต")
    if parsed["stage"] == "primary" and not subject.hours:
        yield ("hours", "รายวิชาระดับประถมศึกษาต้องระบุจำนวนชั่วโมงต่อปี")


def credits_from_hours(hours: int) -> Decimal | None:
    """1 credit = 40 hours a term, in 0.5 steps (domain §2.3, WE22); None when not a 0.5 step."""
    if hours % 20:
        return None
    return Decimal(hours) / Decimal(40)


PRIMARY = tuple(f"p{n}" for n in range(1, 7))
LOWER = ("m1", "m2", "m3")
UPPER = ("m4", "m5", "m6")


@dataclass(frozen=True)
class PrimaryRule(GraduationRule):
    """ป.6: every basic subject passed (no 0, ร or มส left), plus the base criteria."""

    def check(self, summary: StudentSummary) -> list[str]:
        reasons = [f"รายวิชาพื้นฐาน {code} ผลการเรียน {grade} ยังไม่ผ่าน" for code, grade in summary.failed_basic]
        return reasons + super().check(summary)


@dataclass(frozen=True)
class CreditRule(GraduationRule):
    """ม.3 / ม.6: earned at least the basic and additional credits, plus the base criteria."""

    basic_credits: Decimal = Decimal(0)
    additional_credits: Decimal = Decimal(0)

    def check(self, summary: StudentSummary) -> list[str]:
        reasons = []
        basic = summary.credits.get("basic_earned", Decimal(0))
        additional = summary.credits.get("additional_earned", Decimal(0))
        if basic < self.basic_credits:
            reasons.append(f"หน่วยกิตรายวิชาพื้นฐานที่ได้ {basic} ไม่ถึงเกณฑ์ {self.basic_credits}")
        if additional < self.additional_credits:
            reasons.append(f"หน่วยกิตรายวิชาเพิ่มเติมที่ได้ {additional} ไม่ถึงเกณฑ์ {self.additional_credits}")
        for code, grade in summary.failed_basic:
            reasons.append(f"รายวิชาพื้นฐาน {code} ผลการเรียน {grade} ยังไม่ผ่าน")
        return reasons + super().check(summary)


GRADUATION_RULES = (
    PrimaryRule("basic_p6", levels=("p6",), stage_levels=PRIMARY),
    CreditRule("basic_m3", levels=("m3",), stage_levels=LOWER,
               basic_credits=Decimal(66), additional_credits=Decimal(11)),
    CreditRule("basic_m6", levels=("m6",), stage_levels=UPPER,
               basic_credits=Decimal(41), additional_credits=Decimal(36)),
)
