"""What a document type is: an identifier, a Thai name, who may issue it, its template and
the context it is filled from. Shaped after pretix's ticket outputs: the platform stores,
numbers, verifies and serves the PDF; the type only says what goes on the page.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class DocumentType:
    identifier: str  # "basic_ed.pp7": plugin name, a dot, the form
    name_th: str
    #: the levels it serves (empty: any)
    levels: tuple[str, ...] = ()
    #: the education types whose learners it is for (empty: any; ปพ.7 is basic education's)
    education_types: tuple[str, ...] = ()
    #: roles that may issue it (the role names of lsq_core.security.roles)
    issuers: tuple[str, ...] = ("School Registrar", "DLA Admin")
    #: ชุดที่ / เลขที่ from a counter per school, type and year: never reused, no gaps
    controlled_serial: bool = False
    #: number afresh each academic year (False: one running number, as the certificate register keeps)
    serial_per_year: bool = True
    #: the student status the document needs (ปพ.2 is only for graduates)
    requires_status: str | None = None
    #: "student" or "cohort"
    subject: str = "student"
    template: str = ""
    template_dir: Path = field(default=Path("."))
    #: the printed sides the form has (0: as many as it takes); a render past them is shrunk
    pages: int = 0

    def serves(self, student, level: str | None) -> bool:
        """Whether this document may be issued to a learner of this education type at this level."""
        if self.education_types and student.education_type not in self.education_types:
            return False
        return not self.levels or level in self.levels

    def record_levels(self, level: str | None) -> tuple[str, ...] | None:
        """The levels whose results the document reports (a transcript: the stage's); None: all."""
        return None

    def context(self, record: dict, student, school, issued) -> dict:
        """What the template reads besides the platform's own variables (override in a type)."""
        return {}

    def report_context(self, report, school, issued) -> dict:
        """What a cohort document's template reads (``subject == "cohort"``: ปพ.3 of a graduate report)."""
        return {}

    def shrink(self, context: dict) -> dict | None:
        """The context for a tighter layout, when the render ran past ``pages``; None: cannot."""
        return None
