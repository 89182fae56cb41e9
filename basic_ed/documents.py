"""basic_ed's official documents: ปพ.1 (ระเบียนแสดงผลการเรียน), ปพ.2:บ / ปพ.2:พ (ประกาศนียบัตร)
and ปพ.7 (ใบรับรองผลการศึกษา)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

from basic_ed.rules import BANDS, LETTERS
from lsq_core.documents.base import DocumentType
from lsq_core.documents.transcript import TranscriptType
from lsq_core.grading import fmt
from lsq_core.graduate_reports import verified_approval
from lsq_core.thai import local_time
from lsq_core.models.results import TRAIT_LEVELS
from lsq_core.models.study import STUDENT_STATUSES

TEMPLATES = Path(__file__).parent / "templates" / "documents"
LEVEL_NAMES = {**{f"p{n}": f"ประถมศึกษาปีที่ {n}" for n in range(1, 7)},
               **{f"m{n}": f"มัธยมศึกษาปีที่ {n}" for n in range(1, 7)}}


class CertificateOfStudy(DocumentType):
    """ปพ.7: certifies that a student studies (or studied) at the school, with their GPAX."""

    def context(self, record, student, school, issued):
        level = record.get("level")
        return {"level_name": LEVEL_NAMES.get(level, level or "-"),
                "academic_year": max((t["academic_year"] for t in record["terms"]), default=None)}


PP7 = CertificateOfStudy(
    identifier="basic_ed.pp7", name_th="ใบรับรองผลการศึกษา (ปพ.7)", controlled_serial=True,
    template="pp7.html", template_dir=TEMPLATES)


class Certificate(DocumentType):
    """ปพ.2: the certificate of a graduate of ม.3 (compulsory education) or ม.6 (basic education).

    Numbered from the school's certificate register: one running number, not per year
    (domain/basic_ed.md §8), in Thai digits.
    """

    form: str = ""
    completed: str = ""

    def context(self, record, student, school, issued):
        return {"form": self.form, "completed": self.completed}


def _certificate(identifier, name_th, level, form, completed):
    certificate = Certificate(identifier=identifier, name_th=name_th, levels=(level,), controlled_serial=True,
                              serial_per_year=False, requires_status="graduated", template="pp2.html",
                              template_dir=TEMPLATES)
    object.__setattr__(certificate, "form", form)
    object.__setattr__(certificate, "completed", completed)
    return certificate


PP2_LOWER = _certificate("basic_ed.pp2_b", "ประกาศนียบัตร (ปพ.2:บ)", "m3", "ปพ.๒ : บ", "การศึกษาภาคบังคับ")
PP2_UPPER = _certificate("basic_ed.pp2_p", "ประกาศนียบัตร (ปพ.2:พ)", "m6", "ปพ.๒ : พ", "การศึกษาขั้นพื้นฐาน")

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
            "national_id": _national_id(student.national_id),
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


def _national_id(value: str) -> str:
    """1-2345-67890-12-3, as forms print it; a G-code as it is."""
    if value and len(value) == 13 and value.isdigit():
        return f"{value[0]}-{value[1:5]}-{value[5:10]}-{value[10:12]}-{value[12]}"
    return value or "-"


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

class GraduateReportForm(DocumentType):
    """ปพ.3:ป, ปพ.3:บ or ปพ.3:พ: the graduates of a finishing level as the school approved them and
    the LAO verified them, printed from the figures the report kept."""

    def report_context(self, report, school, issued):
        from flask import current_app

        letter, stage_name, _levels, _unit = STAGES[stage_of(report.level)]
        areas = [area for area in current_app.extensions["lsq"].curricula.get("basic_2551").subject_groups
                 if any(area.code in entry.figures["gpa_by_area"] for entry in report.entries)]
        sexes = [entry.student.sex for entry in report.entries]
        return {"form": f"ปพ.3 : {letter}", "stage_name": stage_name, "areas": areas,
                "hours": letter == "ป", "traits": TRAIT_LEVELS, "national_id": _national_id,
                "males": sexes.count("M"), "females": sexes.count("F"),
                "birth_date": lambda iso: dt.date.fromisoformat(iso),
                "checked_on": local_time(report.checked_on).date() if report.checked_on else None}


class ReportCard(DocumentType):
    """ปพ.6: the report to parents of one academic year (the latest on record), term by term."""

    def context(self, record, student, school, issued):
        from flask import current_app

        names = dict(current_app.extensions["lsq"].education_types.level_choices())
        year = max((t["academic_year"] for t in record["terms"]), default=None)
        terms = [t for t in record["terms"] if t["academic_year"] == year]
        numbers = [t["term"] for t in terms]
        rows: dict[str, dict] = {}
        for term in terms:
            for result in term["results"]:
                # an activity has a code per term but is one activity to the parents: one row by its name
                key = result["subject_name"] if result["kind"] == "activity" else result["subject_code"]
                row = rows.setdefault(key, {
                    "code": result["subject_code"], "name": result["subject_name"], "kind": result["kind"],
                    "unit": result["credits"] if result["credits"] is not None else result["hours"], "grades": {}})
                row["grades"][term["term"]] = result["grade"] or "-"
        ordered = sorted(rows.values(), key=lambda r: ({"basic": 0, "additional": 1}.get(r["kind"], 2), r["code"]))
        level = terms[-1]["level"] if terms else record.get("level")
        return {"year": year, "level_name": names.get(level, level or "-"), "term_numbers": numbers,
                "subjects": [r for r in ordered if r["kind"] != "activity"],
                "activities": [r for r in ordered if r["kind"] == "activity"],
                "term_gpas": {t["term"]: t["gpa"] for t in terms},
                "year_gpa": next((y["gpa"] for y in record["years"] if y["academic_year"] == year), None),
                "traits": TRAIT_LEVELS}


PP6 = ReportCard(identifier="basic_ed.pp6", name_th="แบบรายงานผลการพัฒนาคุณภาพผู้เรียน (ปพ.6)",
                 template="pp6.html", template_dir=TEMPLATES)

PP3 = GraduateReportForm(
    identifier="basic_ed.pp3", name_th="แบบรายงานผู้สำเร็จการศึกษา (ปพ.3)", subject="cohort",
    controlled_serial=True, levels=("p6", "m3", "m6"), template="pp3.html", template_dir=TEMPLATES)

DOCUMENT_TYPES = (PP1, PP3, PP6, PP7, PP2_LOWER, PP2_UPPER)
