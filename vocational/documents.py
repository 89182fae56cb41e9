"""Vocational official documents, through lsq_core's document engine: รบ.1 ปวช. and รบ.1 ปวส.
(ระเบียนแสดงผลการเรียน), ประกาศนียบัตร (ปวช. / ปวส.), รบ.2 (แบบรายงานผลการเรียนของผู้ที่สำเร็จ
การศึกษา, printed from a verified graduate report) and ใบรับรองผลการเรียน.

The layout fitting, numbering, keeping and verifying are the platform's; this module says
what a college prints. What OVEC's blank forms hold is known only in outline
(../shared/domain/vocational.md §5, marked [U]): the fields here follow that outline.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from pathlib import Path

from lsq_core.documents.base import DocumentType
from lsq_core.documents.layout import Line
from lsq_core.documents.transcript import Sheet, TranscriptType
from lsq_core.graduate_reports import verified_approval
from lsq_core.models.study import STUDENT_STATUSES
from lsq_core.thai import local_time
from vocational.rules import ACTIVITY_GROUP, BANDS, LETTERS, PVC, PVS, STANDARD_ASSESSMENT, VOCATIONAL_SCALE

TEMPLATES = Path(__file__).parent / "templates"
VOCATIONAL = ("vocational",)

#: stage → (short name, the qualification's name, the levels a transcript of the stage reports)
STAGES = {
    "pvc": ("ปวช.", "ประกาศนียบัตรวิชาชีพ", PVC),
    "pvs": ("ปวส.", "ประกาศนียบัตรวิชาชีพชั้นสูง", PVS),
}
#: OVEC names the รบ.1 of the older curricula by their year (รบ.1 ปวช.45, ปวส.57); newer ones by the full year
LEGACY_FORM_YEARS = {"pvc_2545": "45", "pvs_2546": "46", "pvc_2556": "56", "pvs_2557": "57"}
#: the qualification a student entered with: a student has no field for it yet, so the one a ปวช.
#: student must hold; a ปวส. student may hold ปวช. or ม.6, left blank for the registrar [U]
ENTRY_QUALIFICATION = {"pvc": "มัธยมศึกษาปีที่ 3", "pvs": "-"}
SUPERSEDED_NOTE = "( ) ผลการเรียนครั้งก่อนของรายวิชาที่เรียนซ้ำ ไม่นำมาคิดหน่วยกิตและค่าระดับคะแนนเฉลี่ย"
NO_HOURS_NOTE = "*-*-น ฝึกตามจำนวนชั่วโมงที่สถานศึกษากำหนด"


def stage_of(level: str | None) -> str:
    return "pvs" if (level or "").startswith("pvs") else "pvc"


def programme_lines(programme: dict | None) -> list[tuple[str, str]]:
    """ประเภทวิชา, (กลุ่มอาชีพ,) สาขาวิชา, สาขางาน as label and name, top first."""
    from lsq_core.models.programmes import UNIT_KINDS

    programme = programme or {}
    return [(label, programme[kind]) for kind, label in UNIT_KINDS.items() if programme.get(kind)]


def assessment_text(record: dict) -> str:
    level = (record.get("assessments") or {}).get(STANDARD_ASSESSMENT[0])
    return {"pass": "ผ่าน", "fail": "ไม่ผ่าน"}.get(level, "-")


def credits_text(value) -> str:
    """Credits as a registrar writes them: 103, 4.5 (no trailing .0)."""
    if value is None or value == "":
        return "-"
    value = Decimal(value)
    return format(value.to_integral() if value == value.to_integral() else value.quantize(Decimal("0.1")), "f")


def group_rows(curriculum, record: dict, overrides: dict | None = None) -> list[dict]:
    """The credits per หมวดวิชา and กลุ่ม of the student's curriculum: each หมวด, its กลุ่ม below it,
    the minimum the curriculum asks and what the student studied and earned, then the total."""
    by_group = record.get("credits_by_group") or {}
    earned = curriculum.group_totals({g: Decimal(v["earned"]) for g, v in by_group.items()})
    studied = curriculum.group_totals({g: Decimal(v["studied"]) for g, v in by_group.items()})
    minimums = curriculum.minimums(overrides)
    rows = []
    for group in curriculum.subject_groups:
        if group.code == ACTIVITY_GROUP:
            continue
        if group.code not in minimums and not studied.get(group.code):
            continue
        rows.append({"name": group.name_th, "sub": bool(group.parent), "total": False,
                     "minimum": credits_text(minimums.get(group.code)),
                     "studied": credits_text(studied.get(group.code, 0)),
                     "earned": credits_text(earned.get(group.code, 0))})
    rows.append({"name": "รวมตลอดหลักสูตร", "sub": False, "total": True,
                 "minimum": credits_text(minimums.get("total")), "studied": credits_text(studied.get("total", 0)),
                 "earned": credits_text(earned.get("total", 0))})
    return rows


def _curriculum(student):
    from flask import current_app

    return current_app.extensions["lsq"].curricula.get(student.curriculum) if student.curriculum else None


def _common(record: dict, student, school) -> dict:
    """What every vocational document names: the stage, curriculum and programme."""
    short, qualification, _levels = STAGES[stage_of(record.get("level"))]
    curriculum = _curriculum(student)
    return {"stage_short": short, "qualification": qualification,
            "curriculum_name": curriculum.name_th if curriculum else "-",
            "programme_lines": programme_lines(record.get("programme")),
            "learner": "นักศึกษา"}


class Transcript(TranscriptType):
    """รบ.1 ปวช. / รบ.1 ปวส.: the front lists the results term by term with ท-ป-น, the back the
    co-curricular activities, the credits per หมวดวิชา, GPAX, the standard assessment and the
    graduation date. Both sides are fitted to their page by lsq_core.documents.transcript."""

    front = Sheet(columns=3, height_cm=17.0, number_ems=5.6)
    back = Sheet(columns=3, height_cm=6.5, number_ems=5.6)
    #: each term under its own heading, closed by its GPA: a column breaks between terms
    by_term = True

    def record_levels(self, level):
        return STAGES[stage_of(level)][2]

    def unit(self, result: dict) -> str:
        """ท-ป-น; a subject without weekly hours (the internship) as the curricula print it: *-*-4."""
        return result.get("tpn") or f"*-*-{credits_text(result.get('credits'))}"

    def term_footer(self, term):
        return [Line("gpa", f"ระดับคะแนนเฉลี่ย {term['gpa'] or '-'}")]

    def layout(self, record, front_size=None, back_size=None):
        printed = {**record, "terms": [{**term, "results": [_printed(r) for r in term["results"]]}
                                       for term in record["terms"]]}
        return super().layout(printed, front_size, back_size)

    def context(self, record, student, school, issued):
        stage = stage_of(record.get("level"))
        curriculum = _curriculum(student)
        activities = [r["grade"] for t in record["terms"] for r in t["results"] if r["kind"] == "activity"]
        left = student.status not in ("studying", "graduated")
        approved_on = verified_approval(student.id)
        form_year = LEGACY_FORM_YEARS.get(student.curriculum or "")
        year = (curriculum.name_th.rsplit(" ", 1)[-1] if curriculum else "")
        minimums = (VOCATIONAL_SCALE.policy(school).get("credit_minimums") or {}).get(student.curriculum)
        return {
            **self.layout(record),
            **_common(record, student, school),
            "form": f"รบ.1 {STAGES[stage][0]}{form_year}" if form_year else f"รบ.1 {STAGES[stage][0]} ({year})",
            "sex": {"M": "ชาย", "F": "หญิง"}.get(student.sex, "-"),
            "entry_qualification": ENTRY_QUALIFICATION[stage],
            "groups": group_rows(curriculum, record, minimums) if curriculum else [],
            "activities_passed": bool(activities) and all(g == "ผ." for g in activities),
            "assessment": assessment_text(record),
            "approved_on": approved_on,
            "eligible": bool((record.get("graduation") or {}).get("eligible")),
            "left_on": student.status_date if left else None,
            "left_reason": STUDENT_STATUSES.get(student.status, "") if left else "",
            "notes": [note for note, shown in (
                (SUPERSEDED_NOTE, any(r.get("superseded") for t in record["terms"] for r in t["results"])),
                (NO_HOURS_NOTE, any(not r.get("tpn") and r["kind"] != "activity"
                                    for t in record["terms"] for r in t["results"]))) if shown],
            "legend": [f"{b.grade} = {b.label_th}" for b in BANDS] + [f"{x.code} = {x.name_th}" for x in LETTERS],
        }


def _printed(result: dict) -> dict:
    """A result as the form prints it: a repeated subject's earlier attempt with its result in
    brackets, a name's closing number kept on the line of the word before it ("เบื้องต้น 1")."""
    name = re.sub(r" ([0-9]+)$", "\u00a0\\1", result["subject_name"])
    grade = f"({result['grade'] or '-'})" if result.get("superseded") else result["grade"]
    return {**result, "subject_name": name, "grade": grade}


class Certificate(DocumentType):
    """ประกาศนียบัตรวิชาชีพ / ประกาศนียบัตรวิชาชีพชั้นสูง of a graduate, numbered from the college's
    certificate register (one running number, like ปพ.2). Its fields and signatory are [U]:
    the qualification, curriculum, programme and GPAX, signed by the director."""

    def context(self, record, student, school, issued):
        return _common(record, student, school)


class CertificateOfResults(DocumentType):
    """ใบรับรองผลการเรียน: certifies, before (or after) graduation, what a student has studied:
    the level, programme, credits earned and GPAX so far."""

    def context(self, record, student, school, issued):
        from flask import current_app

        names = dict(current_app.extensions["lsq"].education_types.level_choices())
        level = record.get("level")
        credits = record.get("credits") or {}
        return {**_common(record, student, school), "level_name": names.get(level, level or "-"),
                "year_of_study": (level or "-")[-1],
                "academic_year": max((t["academic_year"] for t in record["terms"]), default=None),
                "credits_earned": credits_text(credits.get("total_earned")),
                "assessment": assessment_text(record)}


class GraduateReportForm(DocumentType):
    """รบ.2: the graduates of a ปวช.3 or ปวส.2 cohort as the college approved them and the LAO
    verified them, printed from the figures the report kept."""

    def report_context(self, report, school, issued):
        stage = stage_of(report.level)
        short, qualification, _levels = STAGES[stage]
        rows = []
        for entry in report.entries:
            figures = entry.figures
            programme = programme_lines({u.kind: u.name_th for u in entry.student.programme.path()}
                                        if entry.student.programme else None)
            rows.append({"number": entry.number, "figures": figures,
                         "birth_date": dt.date.fromisoformat(figures["birth_date"]),
                         "programme": " / ".join(dict.fromkeys(name for _label, name in programme[-2:])) or "-",
                         "earned": credits_text((figures.get("credits") or {}).get("total_earned")),
                         "assessment": assessment_text(figures) if "assessments" in figures else "ผ่าน"})
        curricula = sorted({_curriculum(e.student).name_th for e in report.entries if _curriculum(e.student)})
        sexes = [entry.student.sex for entry in report.entries]
        return {"form": "รบ.2", "stage_short": short, "qualification": qualification, "rows": rows,
                "curricula": curricula, "males": sexes.count("M"), "females": sexes.count("F"),
                "checked_on": local_time(report.checked_on).date() if report.checked_on else None}


TRANSCRIPT_PVC = Transcript(
    identifier="vocational.rb1_pvc", name_th="ระเบียนแสดงผลการเรียน (รบ.1 ปวช.)", controlled_serial=True, pages=2,
    levels=PVC, template="rb1.html", template_dir=TEMPLATES, education_types=VOCATIONAL)
TRANSCRIPT_PVS = Transcript(
    identifier="vocational.rb1_pvs", name_th="ระเบียนแสดงผลการเรียน (รบ.1 ปวส.)", controlled_serial=True, pages=2,
    levels=PVS, template="rb1.html", template_dir=TEMPLATES, education_types=VOCATIONAL)
CERTIFICATE_PVC = Certificate(
    identifier="vocational.cert_pvc", name_th="ประกาศนียบัตรวิชาชีพ (ปวช.)", levels=("pvc3",),
    controlled_serial=True, serial_per_year=False, requires_status="graduated", template="certificate.html",
    template_dir=TEMPLATES, education_types=VOCATIONAL)
CERTIFICATE_PVS = Certificate(
    identifier="vocational.cert_pvs", name_th="ประกาศนียบัตรวิชาชีพชั้นสูง (ปวส.)", levels=("pvs2",),
    controlled_serial=True, serial_per_year=False, requires_status="graduated", template="certificate.html",
    template_dir=TEMPLATES, education_types=VOCATIONAL)
CERTIFICATE_OF_RESULTS = CertificateOfResults(
    identifier="vocational.results", name_th="ใบรับรองผลการเรียน (อาชีวศึกษา)", levels=PVC + PVS,
    controlled_serial=True, template="results.html", template_dir=TEMPLATES, education_types=VOCATIONAL)
RB2 = GraduateReportForm(
    identifier="vocational.rb2", name_th="แบบรายงานผลการเรียนของผู้ที่สำเร็จการศึกษา (รบ.2)", subject="cohort",
    controlled_serial=True, levels=("pvc3", "pvs2"), template="rb2.html", template_dir=TEMPLATES,
    education_types=VOCATIONAL)

DOCUMENT_TYPES = (TRANSCRIPT_PVC, TRANSCRIPT_PVS, CERTIFICATE_PVC, CERTIFICATE_PVS, CERTIFICATE_OF_RESULTS, RB2)
