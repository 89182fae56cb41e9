"""Example drop-in plugin: หนังสือรับรองความประพฤติ (a school's certificate of conduct).

Written as a third party would write one: it uses only the public hook
``lsq_register_document_types`` and the public ``DocumentType`` class, and imports
nothing from basic_ed or vocational. The platform numbers the letter (controlled
serial: ที่ <number>/<year>), renders its template with correct Thai, keeps the
PDF, puts the QR verification block on it and serves replacements (ใบแทน).

The template is ``conduct_certificate_templates/conduct.html`` next to this module
(the drop-in folder loads ``*.py`` modules only, so the templates live in a sibling
folder rather than inside a package).
"""

from __future__ import annotations

from pathlib import Path

from lsq_core.documents.base import DocumentType
from lsq_core.plugins import hookimpl

TEMPLATES = Path(__file__).resolve().parent / "conduct_certificate_templates"

#: Level codes of the in-tree education types, as a letter spells them out. A plugin
#: keeps its own wording (a code it does not know is printed as it is).
LEVEL_PHRASES = {
    **{f"k{n}": f"ชั้นอนุบาลปีที่ {n}" for n in range(1, 4)},
    **{f"p{n}": f"ชั้นประถมศึกษาปีที่ {n}" for n in range(1, 7)},
    **{f"m{n}": f"ชั้นมัธยมศึกษาปีที่ {n}" for n in range(1, 7)},
    **{f"pvc{n}": f"ระดับประกาศนียบัตรวิชาชีพ ชั้นปีที่ {n}" for n in range(1, 4)},
    **{f"pvs{n}": f"ระดับประกาศนียบัตรวิชาชีพชั้นสูง ชั้นปีที่ {n}" for n in range(1, 3)},
}
#: what a graduate finished: the level for basic education, the programme for vocational
COMPLETED_PHRASES = {
    **{f"pvc{n}": "หลักสูตรประกาศนียบัตรวิชาชีพ" for n in range(1, 4)},
    **{f"pvs{n}": "หลักสูตรประกาศนียบัตรวิชาชีพชั้นสูง" for n in range(1, 3)},
}


class ConductCertificate(DocumentType):
    """What the letter reads besides the platform's own variables (school, student, record,
    today, document, verify_url, qr, replacement)."""

    def context(self, record, student, school, issued):
        level = record.get("level")
        years = [term["academic_year"] for term in record.get("terms") or ()]
        return {
            "level_phrase": LEVEL_PHRASES.get(level, f"ชั้น {level}" if level else ""),
            "completed_phrase": COMPLETED_PHRASES.get(level) or LEVEL_PHRASES.get(level, ""),
            "academic_year": max(years) if years else None,
            "learner": "นักศึกษา" if student.education_type == "vocational" else "นักเรียน",
            "this_school": next((f"{kind}นี้" for kind in ("โรงเรียน", "วิทยาลัย")
                                 if (school.name_th or "").startswith(kind)), "สถานศึกษานี้"),
        }


CONDUCT = ConductCertificate(
    identifier="conduct_certificate.conduct",
    name_th="หนังสือรับรองความประพฤติ",
    controlled_serial=True,
    template="conduct.html",
    template_dir=TEMPLATES,
)


@hookimpl
def lsq_register_document_types(registry):
    registry.add(CONDUCT)
