"""What every LSQ record shares: scope and audit.

``Scoped`` records can answer two questions (see lsq_core.security.scope):
``scope_filter(scope)`` for what a user may see, and ``scope_key()`` for where a
record sits, which decides what a user may write. ``Audited`` records get an
AuditEvent for every create, update and delete (lsq_core.audit).
"""

from __future__ import annotations

from flask_appbuilder import Model
from sqlalchemy import false, true

from lsq_core.security.scope import ScopeKey, Scope

__all__ = ["Model", "Scoped", "Audited"]


class Scoped:
    @classmethod
    def scope_filter(cls, scope: Scope):
        """SQL condition selecting the rows the scope may see."""
        return true() if scope.is_all else false()

    def scope_key(self) -> ScopeKey:
        return ScopeKey()

    def writable_in(self, scope: Scope) -> bool:
        """May a user with this scope write this record? (Results narrow it for teachers.)"""
        return scope.covers(self.scope_key())

    def lsq_validate(self) -> None:
        """Raise ValidationFailed naming every invalid field, in Thai."""

    def unique_errors(self, errors, labels: dict[str, str]) -> None:
        """Name each unique field whose value another record already uses.

        The database's unique constraints stay the last word; this only turns
        the common case into a message that says which field and which record.
        """
        from sqlalchemy.orm import object_session

        from lsq_core.extensions import db

        session = object_session(self) or db.session
        with session.no_autoflush:
            for column, label in labels.items():
                value = getattr(self, column)
                if value in (None, ""):
                    continue
                query = session.query(type(self)).filter(getattr(type(self), column) == value)
                if self.id is not None:
                    query = query.filter(type(self).id != self.id)
                other = query.first()
                if other is not None:
                    errors.add(column, f"{label} {value} มีอยู่แล้ว (ใช้โดย {other!r})")


def scope_by_own_columns(cls, scope: Scope):
    """Visibility of rows that store their place in the tree themselves
    (``province_id``, ``authority_id``, ``school_id``): the audit ledger, user scopes."""
    if scope.level == "all":
        return true()
    column = {"province": "province_id", "authority": "authority_id", "school": "school_id"}.get(scope.level)
    if column is None:
        return false()
    return getattr(cls, column) == getattr(scope, column)


class Audited:
    """Marker: changes to this model are written to the audit ledger."""

    #: columns never copied into the ledger (secrets, large blobs)
    audit_exclude: tuple[str, ...] = ()

    def audit_label(self) -> str:
        return str(self)
