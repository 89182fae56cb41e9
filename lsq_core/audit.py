"""Writes the audit ledger from SQLAlchemy's flush, so no code path can change an
audited record without leaving an AuditEvent in the same transaction.

The actor is the signed-in user (``g.user``); the reason comes from
``set_audit_reason()``, which the views call with the reason a user typed
(form field ``_reason`` or header ``X-LSQ-Reason``).
"""

from __future__ import annotations

import datetime as dt
import decimal
import enum

from flask import g, has_app_context, has_request_context, request
from sqlalchemy import event, inspect, insert
from sqlalchemy.orm import Session

from lsq_core.models.audit import AuditEvent
from lsq_core.models.base import Audited

REASON_HEADER = "X-LSQ-Reason"
REASON_FIELD = "_reason"


def set_audit_reason(reason: str | None) -> None:
    g.lsq_audit_reason = (reason or "").strip() or None


def current_reason() -> str | None:
    if not has_app_context():
        return None
    reason = getattr(g, "lsq_audit_reason", None)
    if reason is None and has_request_context():
        reason = request.headers.get(REASON_HEADER) or request.form.get(REASON_FIELD) or None
    return reason


def _actor() -> tuple[int | None, str]:
    if has_app_context():
        user = getattr(g, "user", None)
        if user is not None and getattr(user, "is_authenticated", False):
            return user.id, user.username
        name = getattr(g, "lsq_actor_name", None)
        if name:
            return None, name
    return None, "system"


def _jsonable(value):
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, bytes):
        return f"<{len(value)} bytes>"
    return value


def _column_changes(obj, action: str) -> dict:
    state = inspect(obj)
    changes = {}
    for attr in state.mapper.column_attrs:
        key = attr.key
        if key in obj.audit_exclude or key in ("id",):
            continue
        hist = state.attrs[key].history
        if action == "create":
            value = getattr(obj, key)
            if value is not None:
                changes[key] = {"old": None, "new": _jsonable(value)}
        elif action == "delete":
            value = hist.unchanged[0] if hist.unchanged else (hist.deleted[0] if hist.deleted else None)
            if value is not None:
                changes[key] = {"old": _jsonable(value), "new": None}
        elif hist.has_changes():
            old = hist.deleted[0] if hist.deleted else None
            new = hist.added[0] if hist.added else None
            if old != new:
                changes[key] = {"old": _jsonable(old), "new": _jsonable(new)}
    for key in obj.audit_exclude:  # say that a hidden field changed, never its value
        if key in state.attrs and state.attrs[key].history.has_changes() and action == "update":
            changes[key] = {"old": "***", "new": "***"}
    return changes


@event.listens_for(Session, "after_flush")
def _write_audit_events(session: Session, flush_context) -> None:
    rows = []
    now = dt.datetime.utcnow()
    actor_id, actor_name = _actor()
    reason = current_reason()
    for action, objs in (("create", session.new), ("update", session.dirty), ("delete", session.deleted)):
        for obj in objs:
            if not isinstance(obj, Audited):
                continue
            if action == "update" and not session.is_modified(obj, include_collections=False):
                continue
            changes = _column_changes(obj, action)
            if action == "update" and not changes:
                continue
            try:
                key = obj.scope_key()
            except Exception:  # noqa: BLE001 - a deleted parent must not block the ledger
                from lsq_core.security.scope import ScopeKey
                key = ScopeKey()
            rows.append({
                "created_on": now, "actor_id": actor_id, "actor_name": actor_name,
                "action": action, "table_name": obj.__tablename__,
                "record_id": getattr(obj, "id", None),
                "record_label": str(obj.audit_label())[:255],
                "changes": changes, "reason": reason,
                "province_id": key.province_id, "authority_id": key.authority_id,
                "school_id": key.school_id,
            })
    if rows:
        session.connection().execute(insert(AuditEvent.__table__), rows)
