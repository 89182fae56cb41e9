"""Scope applied to queries and writes: the filter every view and API inherits.

Kept apart from the views so that exports, downloads and jobs use the same
rules as the screens.
"""

from __future__ import annotations

from flask import current_app
from flask_appbuilder.models.filters import BaseFilter
from sqlalchemy import inspect as sa_inspect

from lsq_core.models.base import Scoped
from lsq_core.security.scope import OutOfScope, Scope


def current_scope() -> Scope:
    return current_app.appbuilder.sm.current_scope()


class ScopeFilter(BaseFilter):
    """Narrows any query on a Scoped model to the rows the current user may see."""

    name = "scope"
    arg_name = None

    def apply(self, query, value):
        model = self.model
        if isinstance(model, type) and issubclass(model, Scoped):
            return query.filter(model.scope_filter(current_scope()))
        return query


SCOPE_BASE_FILTERS = [["id", ScopeFilter, lambda: None]]


def scoped_query(session, model):
    """A query on ``model`` limited to the current user's scope (for exports and downloads)."""
    return session.query(model).filter(model.scope_filter(current_scope()))


def check_writable(item) -> None:
    """Raise OutOfScope unless the record sits inside the current user's own unit."""
    if not item.writable_in(current_scope()):
        raise OutOfScope()


def scoped_relation_filters(model) -> dict:
    """``{relationship: [[\"id\", ScopeFilter, ...]]}`` for every relationship to a Scoped model,
    so select boxes and the API's _info offer only in-scope choices."""
    result = {}
    for rel in sa_inspect(model).relationships:
        target = rel.mapper.class_
        if isinstance(target, type) and issubclass(target, Scoped):
            result[rel.key] = [["id", ScopeFilter, lambda: None]]
    return result


def changed_attributes(item) -> set[str]:
    """Columns and relationships an update would change (forms set relationships, not FKs)."""
    state = sa_inspect(item)
    return {attr.key for attr in state.attrs if attr.history.has_changes()}


class ScopedWrites:
    """pre_add / pre_update / pre_delete shared by LsqModelView and LsqModelRestApi:
    the record validates itself, then must sit inside the user's own unit."""

    def pre_add(self, item):
        item.lsq_validate()
        check_writable(item)

    def pre_update(self, item):
        item.lsq_validate()
        check_writable(item)

    def pre_delete(self, item):
        check_writable(item)
