"""basic_ed's official documents: ปพ.1 (basic_ed.transcript), ปพ.2:บ / ปพ.2:พ (ประกาศนียบัตร),
ปพ.3 (แบบรายงานผู้สำเร็จการศึกษา), ปพ.6 (the report card) and ปพ.7 (ใบรับรองผลการศึกษา)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from basic_ed.transcript import PP1, STAGES, stage_of
from lsq_core.documents.base import DocumentType
from lsq_core.models.results import TRAIT_LEVELS
from lsq_core.thai import local_time

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
    identifier="basic_ed.pp7", name_th="ใบรับรองผลการศึกษา (ปพ.7)", controlled_serial=True, education_types=("basic",),
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
                "hours": letter == "ป", "traits": TRAIT_LEVELS,
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


PP6 = ReportCard(identifier="basic_ed.pp6", name_th="แบบรายงานผลการพัฒนาคุณภาพผู้เรียน (ปพ.6)", education_types=("basic",),
                 template="pp6.html", template_dir=TEMPLATES)

PP3 = GraduateReportForm(
    identifier="basic_ed.pp3", name_th="แบบรายงานผู้สำเร็จการศึกษา (ปพ.3)", subject="cohort",
    controlled_serial=True, levels=("p6", "m3", "m6"), template="pp3.html", template_dir=TEMPLATES)

DOCUMENT_TYPES = (PP1, PP3, PP6, PP7, PP2_LOWER, PP2_UPPER)
