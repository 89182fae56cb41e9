"""Scope: the part of the organisation tree a user works in.

Two questions are asked of a scope, and they differ on purpose:

* what may the user *see*? (``Model.scope_filter(scope)``, applied to every query:
  a registrar sees their own province and LAO as context, but only their school's
  records);
* what may the user *write*? (``scope.covers(item.scope_key())``: the record must
  sit inside the user's own unit).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

ALL = "all"
PROVINCE = "province"
AUTHORITY = "authority"
SCHOOL = "school"
NONE = "none"


@dataclass(frozen=True)
class ScopeKey:
    """Where a record sits in the tree; None where it does not reach that deep."""

    province_id: Optional[int] = None
    authority_id: Optional[int] = None
    school_id: Optional[int] = None


@dataclass(frozen=True)
class Scope:
    level: str
    province_id: Optional[int] = None
    authority_id: Optional[int] = None
    school_id: Optional[int] = None
    #: set for a teacher: results and students are further limited to the
    #: classrooms and subjects assigned to this user (TeachingAssignment)
    teacher_id: Optional[int] = None

    @property
    def is_all(self) -> bool:
        return self.level == ALL

    @property
    def is_teacher(self) -> bool:
        return self.teacher_id is not None

    def covers(self, key: ScopeKey) -> bool:
        if self.level == ALL:
            return True
        if self.level == PROVINCE:
            return key.province_id is not None and key.province_id == self.province_id
        if self.level == AUTHORITY:
            return key.authority_id is not None and key.authority_id == self.authority_id
        if self.level == SCHOOL:
            return key.school_id is not None and key.school_id == self.school_id
        return False


EVERYTHING = Scope(ALL)
NOTHING = Scope(NONE)


class OutOfScope(Exception):
    """Raised when a write would touch a record outside the user's scope (answered as 404)."""
