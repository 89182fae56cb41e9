"""ปพ.1 ระเบียนแสดงผลการเรียน: ปพ.1:ป, ปพ.1:บ or ปพ.1:พ by the student's level.

The layout fitting and the year blocks are lsq_core's (lsq_core.documents.transcript);
this module says what basic education prints: the stage, its title, its summary rows.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from basic_ed.rules import BANDS, LETTERS
from lsq_core.documents.transcript import TranscriptType
from lsq_core.grading import fmt
from lsq_core.graduate_reports import verified_approval
from lsq_core.models.results import TRAIT_LEVELS
from lsq_core.models.study import STUDENT_STATUSES

TEMPLATES = Path(__file__).parent / "templates" / "documents"

STAGES = {
    # stage: (form letter, level names on the title, levels, the unit of the number column)
    "p": ("ป", "ประถมศึกษา", tuple(f"p{n}" for n in range(1, 7)), "เวลาเรียน (ชม.)"),
    "b": ("บ", "มัธยมศึกษาตอนต้น", ("m1", "m2", "m3"), "หน่วยกิต"),
    "w": ("พ", "มัธยมศึกษาตอนปลาย", ("m4", "m5", "m6"), "หน่วยกิต"),
}


def stage_of(level: str | None) -> str:
    if level and level.startswith("p"):
        return "p"
    return "w" if level in ("m4", "m5", "m6") else "b"


class Transcript(TranscriptType):
    """ปพ.1:ป, ปพ.1:บ or ปพ.1:พ by the student's level: one stage's results, two sides
    (domain/basic_ed.md §8)."""

    def record_levels(self, level):
        return STAGES[stage_of(level)][2]

    def context(self, record, student, school, issued):
        from flask import current_app

        letter, stage_name, _levels, unit = STAGES[stage_of(record.get("level"))]
        areas = current_app.extensions["lsq"].curricula.get("basic_2551").subject_groups
        credits = record["credits"]
        hours = letter == "ป"
        activities = [r["grade"] for t in record["terms"] for r in t["results"] if r["kind"] == "activity"]
        graduation = record.get("graduation") or {}
        left = student.status not in ("studying",)
        names = dict(current_app.extensions["lsq"].education_types.level_choices())
        units = self.area_units(student.id, self.record_levels(record.get("level")))
        return {
            **self.layout(record),
            "sex": {"M": "ชาย", "F": "หญิง"}.get(student.sex, "-"),
            "last_class": names.get(_previous_level(student.entry_level), ""),
            "total_units": credits.get("total_studied", "-") if not hours else _whole(credits.get("total_studied")),
            "form": f"ปพ.1 : {letter}", "stage_name": stage_name, "unit": unit, "hours": hours,
            "areas": [(area.name_th, _units(units.get(area.code), hours), record["gpa_by_area"][area.code])
                      for area in areas if area.code in record["gpa_by_area"]],
            "summary": [
                ("รายวิชาพื้นฐาน", _studied(credits, "basic", hours), _judged(credits, "basic")),
                ("รายวิชาเพิ่มเติม", _studied(credits, "additional", hours), _judged(credits, "additional")),
                ("การอ่าน คิดวิเคราะห์ และเขียน", TRAIT_LEVELS.get(record["reading_thinking_writing"], "-"),
                 _passed(record["reading_thinking_writing"])),
                ("คุณลักษณะอันพึงประสงค์", TRAIT_LEVELS.get(record["characteristics"], "-"),
                 _passed(record["characteristics"])),
                ("กิจกรรมพัฒนาผู้เรียน", "ผ่าน" if activities and all(g == "ผ" for g in activities) else "ไม่ผ่าน",
                 "ผ่าน" if activities and all(g == "ผ" for g in activities) else "ไม่ผ่าน"),
            ],
            "eligible": bool(graduation.get("eligible")),
            "approved_on": verified_approval(student.id),
            "left_on": student.status_date if left else None,
            "left_reason": (STUDENT_STATUSES.get(student.status, "") if left else ""),
            "legend": [f"{b.grade} = {b.label_th}" for b in BANDS] + [f"{x.code} = {x.name_th}" for x in LETTERS],
        }


def _previous_level(level: str | None) -> str | None:
    """The class finished before entering at ``level`` (ม.4 → ม.3; ป.1 has none)."""
    if not level or not level[1:].isdigit():
        return None
    stage, number = level[0], int(level[1:])
    if number > 1:
        return f"{stage}{number - 1}"
    return "p6" if stage == "m" else None


def _units(value, hours: bool) -> str:
    if value is None:
        return "-"
    return _whole(value) if hours else fmt(Decimal(value).quantize(Decimal("0.1")))


def _whole(value) -> str:
    return str(int(float(value))) if value else "-"


def _studied(credits, kind, hours):
    unit = "ชั่วโมง" if hours else "หน่วยกิต"
    studied, earned = credits.get(f"{kind}_studied"), credits.get(f"{kind}_earned")
    if hours:
        studied, earned = _whole(studied), _whole(earned)
    return f"เรียน {studied or '0'} {unit} ได้ {earned or '0'} {unit}"


def _judged(credits, kind):
    return "ผ่าน" if credits.get(f"{kind}_studied") == credits.get(f"{kind}_earned") else "ไม่ผ่าน"


def _passed(level):
    return "-" if level is None else ("ไม่ผ่าน" if level == "fail" else "ผ่าน")


PP1 = Transcript(
    identifier="basic_ed.pp1", name_th="ระเบียนแสดงผลการเรียน (ปพ.1)", controlled_serial=True, pages=2,
    levels=tuple(f"p{n}" for n in range(1, 7)) + tuple(f"m{n}" for n in range(1, 7)),
    template="pp1.html", template_dir=TEMPLATES)
