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

    def lsq_validate(self) -> None:
        """Raise ValidationFailed naming every invalid field, in Thai."""


class Audited:
    """Marker: changes to this model are written to the audit ledger."""

    #: columns never copied into the ledger (secrets, large blobs)
    audit_exclude: tuple[str, ...] = ()

    def audit_label(self) -> str:
        return str(self)
