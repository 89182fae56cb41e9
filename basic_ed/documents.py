"""basic_ed's official documents. ปพ.7 (ใบรับรองผลการศึกษา) first; ปพ.1, ปพ.2, ปพ.3, ปพ.6 follow (issue 4)."""

from __future__ import annotations

from pathlib import Path

from lsq_core.documents.base import DocumentType

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

DOCUMENT_TYPES = (PP7,)
