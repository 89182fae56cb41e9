"""REST resource ``dashboard``: the progress figures of the caller's scope as JSON.

``GET /api/v1/dashboard/progress`` (JWT, permission ``can_read`` on ``Dashboard``) answers
``{"year", "today", "expiring_days", "schools": [...], "authorities": [...], "provinces": [...],
"total": {...}}``: a registrar gets their school, an LAO officer their LAO's schools, a
province officer the province's, the DLA admin every school; a teacher 403. Optional
``?province=ID``, ``?authority=ID`` or ``?school=ID`` narrow it further (never widen it).

Each school: ``id, code, name, authority, province`` (ids) with ``authority_name`` and
``province_name``, ``students``, ``expected_results``, ``complete_results``,
``results_complete_pct`` (a string with two places, "97.50", or null when nothing is
expected yet), ``pending`` (ร/มส), ``graduates``, ``graduate_reports`` ({level: status or
"none"}), ``registrar_appointment`` ("current" | "expiring" | "expired" | "missing") and
``registrar`` (the order it rests on: person, order number, dates, days left). LAOs and
provinces carry the same sums with the percentage computed again from them, and the
appointment flags counted. Definitions: lsq_core.dashboard.
"""

from __future__ import annotations

from flask import request
from flask_appbuilder.api import BaseApi, expose, protect, safe

from lsq_core import dashboard
from lsq_core.extensions import db
from lsq_core.scoping import current_scope
from lsq_core.security.roles import DASHBOARD_PERMISSIONS


def drill_arguments(args) -> dict:
    """province / authority / school ids from the query string (ignored unless whole numbers)."""
    found = {}
    for name, key in (("province", "province_id"), ("authority", "authority_id"), ("school", "school_id")):
        value = (args.get(name) or "").strip()
        if value.isdigit():
            found[key] = int(value)
    return found


class DashboardApi(BaseApi):
    resource_name = "dashboard"
    class_permission_name = "Dashboard"
    method_permission_name = {"progress": "read"}
    base_permissions = DASHBOARD_PERMISSIONS  # the same set as the dashboard screens (see roles.py)
    allow_browser_login = False
    openapi_spec_tag = "Dashboard"

    @expose("/progress", methods=["GET"])
    @protect()
    @safe
    def progress(self):
        """The progress figures of every school in the caller's scope.
        ---
        get:
          description: Per-school figures with LAO and province roll-ups (lsq_core.dashboard).
          parameters:
          - {in: query, name: province, schema: {type: integer}, required: false}
          - {in: query, name: authority, schema: {type: integer}, required: false}
          - {in: query, name: school, schema: {type: integer}, required: false}
          responses:
            200:
              description: the figures
            401:
              $ref: '#/components/responses/401'
            403:
              description: not permitted (a teacher)
        """
        figures = dashboard.progress(db.session, current_scope(), **drill_arguments(request.args))
        return self.response(200, **dashboard.as_json(figures))
