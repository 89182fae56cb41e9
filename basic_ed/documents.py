"""basic_ed's official documents: ปพ.7 (ใบรับรองผลการศึกษา) and ปพ.2:บ / ปพ.2:พ (ประกาศนียบัตร);
ปพ.1, ปพ.3 and ปพ.6 follow (issue 4)."""

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

DOCUMENT_TYPES = (PP7, PP2_LOWER, PP2_UPPER)
