"""The programme structure of an education type as data: ประเภทวิชา → (กลุ่มอาชีพ) → สาขาวิชา → สาขางาน.

Vocational curricula name and nest these differently from one version to the next
(the 2567 curricula add a กลุ่มอาชีพ level, domain/vocational.md §1.1), so the tree is
rows, not columns: each unit belongs to one curriculum version and points at its parent.
The plugin seeds the national units; a DLA admin corrects and adds them on screen.
"""

from __future__ import annotations

from typing import Optional

from sqlalchemy import ForeignKey, Integer, String, UniqueConstraint, true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lsq_core.models.audit import RECORD_TYPES
from lsq_core.models.base import Audited, Model, Scoped
from lsq_core.security.scope import Scope
from lsq_core.validation import Errors

#: the kinds of unit, from the top of the tree down
UNIT_KINDS = {
    "field": "ประเภทวิชา",
    "occupation_group": "กลุ่มอาชีพ",
    "programme": "สาขาวิชา",
    "specialisation": "สาขางาน",
}
#: which kinds a unit of each kind may sit under
PARENT_KINDS = {
    "field": (),
    "occupation_group": ("field",),
    "programme": ("field", "occupation_group"),
    "specialisation": ("programme",),
}
RECORD_TYPES["lsq_programme_unit"] = "โครงสร้างประเภทวิชา/สาขาวิชา/สาขางาน"


class ProgrammeUnit(Scoped, Audited, Model):
    __tablename__ = "lsq_programme_unit"
    __table_args__ = (UniqueConstraint("curriculum", "kind", "code"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    curriculum: Mapped[str] = mapped_column(String(40), nullable=False, index=True)
    kind: Mapped[str] = mapped_column(String(20), nullable=False)
    code: Mapped[str] = mapped_column(String(20), nullable=False)
    name_th: Mapped[str] = mapped_column(String(200), nullable=False)
    name_en: Mapped[Optional[str]] = mapped_column(String(200))
    parent_id: Mapped[Optional[int]] = mapped_column(ForeignKey("lsq_programme_unit.id"), index=True)

    parent = relationship("ProgrammeUnit", remote_side=[id], back_populates="children")
    children = relationship("ProgrammeUnit", back_populates="parent", order_by="ProgrammeUnit.code")

    def __repr__(self) -> str:
        return f"{self.kind_label}{self.name_th}"

    @property
    def kind_label(self) -> str:
        return UNIT_KINDS.get(self.kind, self.kind)

    def path(self) -> list["ProgrammeUnit"]:
        """The unit and its ancestors, top first (ประเภทวิชา … สาขางาน)."""
        chain, unit = [], self
        while unit is not None and len(chain) < 8:
            chain.append(unit)
            unit = unit.parent
        return chain[::-1]

    def of_kind(self, kind: str) -> "ProgrammeUnit | None":
        return next((unit for unit in self.path() if unit.kind == kind), None)

    @property
    def path_label(self) -> str:
        return " / ".join(f"{unit.kind_label} {unit.name_th}" for unit in self.path())

    @classmethod
    def scope_filter(cls, scope: Scope):
        return true()  # national data: everyone signed in reads it; only DLA admins have write permissions

    def lsq_validate(self) -> None:
        errors = Errors()
        if self.kind not in UNIT_KINDS:
            errors.add("kind", "ระดับของโครงสร้างต้องเป็น ประเภทวิชา กลุ่มอาชีพ สาขาวิชา หรือสาขางาน")
        if not (self.code or "").strip():
            errors.add("code", "กรุณากรอกรหัส")
        if not (self.name_th or "").strip():
            errors.add("name_th", "กรุณากรอกชื่อภาษาไทย")
        parent = self.parent
        allowed = PARENT_KINDS.get(self.kind, ())
        if parent is None and allowed:
            errors.add("parent", f"{UNIT_KINDS.get(self.kind, '')}ต้องอยู่ภายใต้"
                                 f"{' หรือ '.join(UNIT_KINDS[k] for k in allowed)}")
        elif parent is not None:
            if parent.kind not in allowed:
                errors.add("parent", f"{UNIT_KINDS.get(self.kind, '')}อยู่ภายใต้{parent.kind_label}ไม่ได้")
            if parent.curriculum != self.curriculum:
                errors.add("parent", "หน่วยที่อยู่เหนือต้องเป็นของหลักสูตรเดียวกัน")
        errors.raise_if_any()
