"""Registries handed to the ``lsq_register_*`` hooks.

A registry keys what plugins contribute by identifier and refuses a second
contribution under the same identifier, naming both contributors, so a clash
between two plugins stops start-up instead of one silently shadowing the other.
"""

from __future__ import annotations

import sys
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Generic, Iterator, TypeVar


class StartupError(RuntimeError):
    """A plugin or setting problem that must stop the application from starting."""


@dataclass(frozen=True)
class Level:
    """A level of study (ชั้น/ระดับ): ``p1`` ป.1, ``m6`` ม.6, ``pvc1`` ปวช.1 ..."""

    code: str
    name_th: str
    name_en: str
    stage: str = ""  # e.g. "primary", "lower_secondary", "pvc"


@dataclass(frozen=True)
class EducationType:
    identifier: str
    name_th: str
    name_en: str
    levels: tuple[Level, ...] = ()
    #: what the person in a programme is called on screens (นักเรียน / นักศึกษา)
    learner_th: str = "นักเรียน"
    #: other words a school of only this type reads differently on its screens (ปพ.3 → รบ.2)
    screen_words: tuple[tuple[str, str], ...] = ()
    #: what the kinds of subject (basic, additional, activity) are called in this type's curricula
    subject_kinds: tuple[tuple[str, str], ...] = ()
    #: whole-programme assessments beside the subjects, kept as TraitAssessment rows of these
    #: kinds: (kind, Thai name), e.g. ("vstd", "การประเมินมาตรฐานวิชาชีพ")
    assessments: tuple[tuple[str, str], ...] = ()

    def level(self, code: str) -> Level | None:
        return next((lvl for lvl in self.levels if lvl.code == code), None)


@dataclass(frozen=True)
class SubjectGroup:
    """A learning area (ท, ค …) or a vocational หมวดวิชา/กลุ่ม; ``parent`` nests a กลุ่ม in its หมวด
    (credits earned in a group count toward its parent's minimum too)."""

    code: str
    name_th: str
    name_en: str = ""
    parent: str = ""


@dataclass(frozen=True)
class Curriculum:
    """A curriculum: its levels, subject groups and subject-code rule.

    ``subject_checker(curriculum, subject)`` may add plugin rules (a code whose
    letter must match the learning area, credits required in secondary ...);
    it yields ``(field, Thai message)`` pairs.
    """

    identifier: str
    education_type: str
    name_th: str
    name_en: str = ""
    levels: tuple[str, ...] = ()
    subject_groups: tuple[SubjectGroup, ...] = ()
    subject_code_pattern: str = ""
    subject_checker: object = None
    #: graduation minima: credits earned per group or parent group code, and "total"
    credit_minimums: dict = field(default_factory=dict)
    #: a curriculum kept for old records only (no new cohorts start on it)
    legacy: bool = False

    def subject_code_is_valid(self, code: str) -> bool:
        return bool(self.subject_code_pattern) and re.fullmatch(self.subject_code_pattern, code) is not None

    def minimums(self, overrides: dict | None = None) -> dict[str, Decimal]:
        """The credit minima, a school's settings overriding the plugin's defaults key by key."""
        merged = {**self.credit_minimums, **(overrides or {})}
        return {key: Decimal(str(value)) for key, value in merged.items()}

    def group_totals(self, earned: dict[str, Decimal]) -> dict[str, Decimal]:
        """Credits per group, per parent group (its groups added) and "total" (every group but
        activities, which carry no credits)."""
        totals: dict[str, Decimal] = {}
        for code, credits in earned.items():
            totals[code] = totals.get(code, Decimal(0)) + credits
            group = self.group(code)
            if group is not None and group.parent:
                totals[group.parent] = totals.get(group.parent, Decimal(0)) + credits
            totals["total"] = totals.get("total", Decimal(0)) + credits
        return totals

    def group_name(self, code: str) -> str:
        if code == "total":
            return "รวมทั้งหลักสูตร"
        group = self.group(code)
        return group.name_th if group is not None else code

    def group(self, code: str) -> SubjectGroup | None:
        return next((g for g in self.subject_groups if g.code == code), None)

    def check_subject(self, subject) -> list[tuple[str, str]]:
        problems = []
        if self.group(subject.group) is None:
            problems.append(("group", f"กลุ่มสาระ/หมวดวิชา {subject.group} ไม่มีในหลักสูตร {self.name_th}"))
        if subject.kind != "activity" and not self.subject_code_is_valid(subject.code or ""):
            problems.append(("code", f"รหัสวิชา {subject.code} ไม่ถูกต้องตามหลักสูตร {self.name_th}"))
        if self.subject_checker is not None:
            problems.extend(self.subject_checker(self, subject))
        return problems


T = TypeVar("T")


def _caller_module(depth: int = 2) -> str:
    """Module name of the code that called the registry (the contributing plugin)."""
    return sys._getframe(depth).f_globals.get("__name__", "?")


class Registry(Generic[T]):
    """Identifier → contribution, remembering which module contributed it."""

    kind = "item"

    def __init__(self) -> None:
        self._items: dict[str, T] = {}
        self.origins: dict[str, str] = {}

    def add(self, item: T, _origin: str | None = None) -> T:
        identifier = getattr(item, "identifier")
        origin = _origin or _caller_module()
        if identifier in self._items:
            raise StartupError(
                f"Duplicate {self.kind} identifier {identifier!r}: registered by "
                f"{self.origins[identifier]} and again by {origin}. "
                "Rename one of them or disable one plugin (LSQ_DISABLED_PLUGINS)."
            )
        self._items[identifier] = item
        self.origins[identifier] = origin
        return item

    def get(self, identifier: str) -> T | None:
        return self._items.get(identifier)

    def __getitem__(self, identifier: str) -> T:
        return self._items[identifier]

    def __contains__(self, identifier: str) -> bool:
        return identifier in self._items

    def __iter__(self) -> Iterator[T]:
        return iter(self._items.values())

    def __len__(self) -> int:
        return len(self._items)

    def identifiers(self) -> list[str]:
        return list(self._items)

    def sort_by_origin(self, modules: list[str]) -> None:
        """Order contributions by plugin load order (pluggy calls the last-registered first)."""
        def rank(identifier):
            origin = self.origins[identifier]
            for index, module in enumerate(modules):
                if origin == module or origin.startswith(module + "."):
                    return index
            return len(modules)
        ordered = sorted(self._items, key=rank)  # stable: a plugin's own order is kept
        self._items = {ident: self._items[ident] for ident in ordered}

    def contributed_by(self, module_prefix: str) -> list[str]:
        return [
            ident for ident, origin in self.origins.items()
            if origin == module_prefix or origin.startswith(module_prefix + ".")
        ]


class EducationTypeRegistry(Registry[EducationType]):
    kind = "education type"

    def all_levels(self) -> list[tuple[EducationType, Level]]:
        return [(et, lvl) for et in self for lvl in et.levels]

    def level_choices(self) -> list[tuple[str, str]]:
        return [(lvl.code, lvl.name_th) for _, lvl in self.all_levels()]


class GradingScaleRegistry(Registry["object"]):
    """Grading scales (lsq_core.grading.GradingScale subclasses' instances) by identifier."""

    kind = "grading scale"

    def for_education_type(self, education_type: str):
        for scale in self:
            if scale.education_type == education_type:
                return scale
        raise LookupError(f"no grading scale registered for education type {education_type!r}")


class GraduationRuleRegistry(Registry["object"]):
    """Graduation rules (lsq_core.graduation.GraduationRule) keyed by identifier, found by level."""

    kind = "graduation rule"

    def for_level(self, level: str):
        return next((rule for rule in self if level in rule.levels), None)


class CurriculumRegistry(Registry[Curriculum]):
    kind = "curriculum"

    def __init__(self, education_types: EducationTypeRegistry) -> None:
        super().__init__()
        self.education_types = education_types

    def add(self, item: Curriculum) -> Curriculum:
        if item.education_type not in self.education_types:
            raise StartupError(
                f"Curriculum {item.identifier!r} names education type "
                f"{item.education_type!r}, which no plugin registered."
            )
        return super().add(item, _origin=_caller_module())


@dataclass
class RoleGrants:
    """Extra (role, view, permission) grants contributed by plugins."""

    grants: dict[str, set[tuple[str, str]]] = field(default_factory=dict)

    def grant(self, role: str, view: str, permissions) -> None:
        bucket = self.grants.setdefault(role, set())
        for perm in permissions:
            bucket.add((perm, view))

    def for_role(self, role: str) -> set[tuple[str, str]]:
        return self.grants.get(role, set())


class DocumentTypeRegistry(Registry["object"]):
    """Official document types (lsq_core.documents.base.DocumentType instances) by identifier."""

    kind = "document type"


class ExporterRegistry(Registry["object"]):
    """Exporters (lsq_core.exports.Exporter instances) by identifier, in plugin load order."""

    kind = "exporter"

    def for_school(self, school) -> list:
        """The exporters that have something to write for this school (by its education types)."""
        return [exporter for exporter in self if exporter.serves(school)]
