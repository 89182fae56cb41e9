"""The vocational plugin's own API: withdrawing a student from a subject (ถ.น. / ถ.ล.).

It writes results, so it is guarded by the results' own permission (``can_write`` on Result)
and scope, through the core API's ``change_item`` like the remedy action."""

from __future__ import annotations

import datetime as dt

from flask_appbuilder.api import expose, protect, safe
from flask_appbuilder.models.sqla.interface import SQLAInterface

from lsq_core.api.base import LsqModelRestApi
from lsq_core.models import Result
from lsq_core.results_service import scale_for
from lsq_core.security.roles import RESULT_PERMISSIONS
from lsq_core.validation import ValidationFailed
from vocational.actions import withdraw, withdrawal_deadline


def _withdraw(result: Result, body: dict) -> dict:
    scale = scale_for(result.subject)
    if scale.letter("ถ.น.") is None:
        raise ValidationFailed({"result": ["การถอนรายวิชา (ถ.น./ถ.ล.) ใช้กับรายวิชาอาชีวศึกษาเท่านั้น"]})
    try:
        requested_on = dt.date.fromisoformat(body.get("requested_on") or dt.date.today().isoformat())
    except ValueError:
        raise ValidationFailed({"requested_on": ["วันที่ยื่นคำร้องไม่ถูกต้อง (ใช้รูปแบบ YYYY-MM-DD)"]}) from None
    deadline = withdrawal_deadline(result.term, scale.policy(result.student.school))
    if deadline is None:
        raise ValidationFailed({"term": ["ภาคเรียนนี้ยังไม่ได้กำหนดวันเปิดภาคเรียน จึงคำนวณกำหนดถอนรายวิชาไม่ได้"]})
    withdraw(result, requested_on=requested_on, deadline=deadline, head_accepts=bool(body.get("head_accepts")),
             reason=(body.get("reason") or "").strip())
    return {"id": result.id, "grade": result.grade, "deadline": deadline.isoformat()}


class WithdrawalApi(LsqModelRestApi):
    resource_name = "withdrawal"
    class_permission_name = "Result"
    datamodel = SQLAInterface(Result)
    include_route_methods = {"withdraw"}
    method_permission_name = {"withdraw": "write"}
    base_permissions = RESULT_PERMISSIONS  # FAB drops a resource's permissions a view does not list

    @expose("/<int:pk>", methods=["POST"])
    @protect()
    @safe
    def withdraw(self, pk):
        """Withdraw from a subject: {"requested_on": "YYYY-MM-DD", "head_accepts": bool, "reason"}.
        ---
        post:
          parameters:
          - in: path
            schema: {type: integer}
            name: pk
          responses:
            200:
              description: the result, now ถ.น. or ถ.ล., with the deadline applied
            404:
              $ref: '#/components/responses/404'
            422:
              $ref: '#/components/responses/422'
        """
        return self.change_item(pk, _withdraw, respond=lambda item, answer: self.response(
            200, result={**answer, "version": item.version}))
