"""Graduation: what the core gathers about a student, and the rule interface plugins implement."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal


@dataclass
class StudentSummary:
    """Everything a graduation rule needs, for the levels of one stage (ม.1–ม.3 for ม.3 …)."""

    student_id: int
    level: str
    credits: dict[str, Decimal] = field(default_factory=dict)  # basic_studied, basic_earned, additional_…
    failed_basic: list[tuple[str, str]] = field(default_factory=list)  # (subject code, grade)
    failed_additional: list[tuple[str, str]] = field(default_factory=list)
    pending: list[tuple[str, str]] = field(default_factory=list)  # (subject code, ร/มส)
    activities_not_passed: list[tuple[str, str]] = field(default_factory=list)
    activities_missing: bool = False
    rtw: str | None = None  # overall level of the latest year: excellent, good, pass, fail
    characteristics: str | None = None
    #: what the scale's passing activity result is written as (ผ, ผ.)
    activity_pass: str = "ผ"
    activity_name: str = "กิจกรรมพัฒนาผู้เรียน"
    # --- filled for rules that ask for them (needs_programme_figures) ---
    #: the student's curriculum (lsq_core.plugins.registries.Curriculum), when recorded
    curriculum: object = None
    group_credits: dict[str, Decimal] = field(default_factory=dict)  # earned per subject group
    gpax: Decimal | None = None  # over the stage's levels
    #: every regular term of the stage the student studied in ("1/2568") → activity results that term
    activities_by_term: dict[str, list[str]] = field(default_factory=dict)
    #: whole-programme assessments (EducationType.assessments): kind → latest level
    assessments: dict[str, str] = field(default_factory=dict)
    #: the school's policy of the student's grading scale (minima overrides, GPAX floor …)
    policy: dict = field(default_factory=dict)


@dataclass(frozen=True)
class GraduationRule:
    """Base rule: no pending results, activities passed, reading-thinking-writing and
    characteristics at least ผ่าน. Plugins add credit or subject criteria."""

    identifier: str
    levels: tuple[str, ...]
    stage_levels: tuple[str, ...]  # the levels whose results count
    #: basic education's reading-thinking-writing and characteristics are criteria
    requires_traits: bool = True
    #: the summary must carry group credits, the stage GPAX, activities per term, assessments
    needs_programme_figures: bool = False

    def check(self, summary: StudentSummary) -> list[str]:
        reasons = []
        for code, grade in summary.pending:
            reasons.append(f"รายวิชา {code} ยังมีผลการเรียน {grade} ที่ยังไม่ได้แก้ไข")
        if summary.activities_missing:
            reasons.append(f"ยังไม่มีผลการประเมิน{summary.activity_name}")
        for code, grade in summary.activities_not_passed:
            reasons.append(f"กิจกรรม {code} ผลการประเมิน {grade} (ต้องได้ {summary.activity_pass})")
        if self.requires_traits:
            reasons.extend(self.trait_reasons(summary))
        return reasons

    @staticmethod
    def trait_reasons(summary: StudentSummary) -> list[str]:
        reasons = []
        if summary.rtw is None:
            reasons.append("ยังไม่มีผลการประเมินการอ่าน คิดวิเคราะห์ และเขียน")
        elif summary.rtw == "fail":
            reasons.append("ผลการประเมินการอ่าน คิดวิเคราะห์ และเขียน ไม่ผ่าน")
        if summary.characteristics is None:
            reasons.append("ยังไม่มีผลการประเมินคุณลักษณะอันพึงประสงค์")
        elif summary.characteristics == "fail":
            reasons.append("ผลการประเมินคุณลักษณะอันพึงประสงค์ ไม่ผ่าน")
        return reasons
