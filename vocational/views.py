"""The vocational plugin's own API: withdrawing a student from a subject (ถ.น. / ถ.ล.).

It writes results, so it is guarded by the results' own permission (``can_write`` on Result)
and scope, like the core's result API."""

from __future__ import annotations

import datetime as dt

from flask import request
from flask_appbuilder.api import BaseApi, expose, protect, safe

from lsq_core.extensions import db
from lsq_core.models import Result
from lsq_core.results_service import scale_for
from lsq_core.scoping import check_writable, scoped_query
from lsq_core.security.roles import RESULT_PERMISSIONS
from lsq_core.security.scope import OutOfScope
from lsq_core.validation import ValidationFailed
from vocational.actions import withdraw, withdrawal_deadline


class WithdrawalApi(BaseApi):
    resource_name = "withdrawal"
    class_permission_name = "Result"
    method_permission_name = {"post": "write"}
    base_permissions = RESULT_PERMISSIONS  # FAB drops a resource's permissions a view does not list
    allow_browser_login = True

    @expose("/<int:result_id>", methods=["POST"])
    @protect()
    @safe
    def post(self, result_id):
        """Withdraw from a subject: {"requested_on": "YYYY-MM-DD", "head_accepts": bool, "reason"}.
        ---
        post:
          parameters:
          - in: path
            schema: {type: integer}
            name: result_id
          responses:
            200:
              description: the result, now ถ.น. or ถ.ล., with the deadline applied
            404:
              $ref: '#/components/responses/404'
            422:
              $ref: '#/components/responses/422'
        """
        result = scoped_query(db.session, Result).filter(Result.id == result_id).one_or_none()
        if result is None:
            return self.response_404()
        body = request.get_json(silent=True) or {}
        try:
            check_writable(result)
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
            withdraw(result, requested_on=requested_on, deadline=deadline,
                     head_accepts=bool(body.get("head_accepts")), reason=(body.get("reason") or "").strip())
            db.session.commit()
        except OutOfScope:
            db.session.rollback()
            return self.response_404()
        except ValidationFailed as exc:
            db.session.rollback()
            return self.response(422, message=exc.messages)
        return self.response(200, result={"id": result.id, "grade": result.grade, "deadline": deadline.isoformat(),
                                          "version": result.version})
