"""REST resources of students, classrooms, enrolments, subjects, teaching assignments and results.

Results are written only through lsq_core.results_service: the grade follows
from the plugin's scale, a stale ``version`` answers 409, and a remedy is its
own call. ``GET /api/v1/student/<id>/record`` returns the whole record.
"""

from __future__ import annotations

from flask import request
from flask_appbuilder.api import expose, protect, safe
from flask_appbuilder.models.sqla.interface import SQLAInterface
from sqlalchemy.orm.exc import StaleDataError

from lsq_core.api.base import API_PERMISSIONS, LsqModelRestApi
from lsq_core.entry_windows import check_entry_open
from lsq_core.extensions import db
from lsq_core.models import Classroom, Enrollment, Result, Student, Subject, TeachingAssignment, TraitAssessment
from lsq_core.record import build_records
from lsq_core.results_service import VersionConflict, enter_result, remedy_result, scale_for, settle_repeats
from lsq_core.scoping import check_writable
from lsq_core.security.scope import OutOfScope
from lsq_core.validation import ValidationFailed

STUDENT_COLUMNS = ["student_number", "national_id", "prefix_override", "first_name", "last_name", "first_name_en",
                   "last_name_en", "sex", "birth_date", "nationality", "ethnicity", "religion", "father_name",
                   "mother_name", "guardian_name", "guardian_relation", "guardian_phone", "address", "entry_date",
                   "entry_level", "previous_school", "status", "status_date", "status_reason", "education_type",
                   "curriculum"]


class StudentApi(LsqModelRestApi):
    resource_name = "student"
    class_permission_name = "Student"
    method_permission_name = {**API_PERMISSIONS, "record": "read", "transfer_in": "write"}
    datamodel = SQLAInterface(Student)
    list_columns = ["id", "student_number", "name", "status", "school.id", "school.name_th", "education_type",
                    "transfer_flag"]
    show_columns = ["id", *STUDENT_COLUMNS, "name", "transfer_flag", "school.id", "school.name_th", "programme.id",
                    "programme.name_th"]
    add_columns = [*STUDENT_COLUMNS, "school", "programme"]
    edit_columns = [*STUDENT_COLUMNS, "programme"]
    search_columns = ["student_number", "first_name", "last_name", "status", "school"]

    @expose("/<int:pk>/record", methods=["GET"])
    @protect()
    @safe
    def record(self, pk):
        """The student's whole record: terms, results, GPA, GPAX, area GPA, credits, graduation.
        ---
        get:
          parameters:
          - in: path
            schema: {type: integer}
            name: pk
          responses:
            200:
              description: the record; exact numbers are strings
            404:
              $ref: '#/components/responses/404'
        """
        item = self.datamodel.get(pk, self._base_filters)
        if item is None:
            return self.response_404()
        return self.response(200, **build_records(db.session, [item.id])[item.id])


    @expose("/<int:pk>/transfer_in", methods=["POST"])
    @protect()
    @safe
    def transfer_in(self, pk):
        """Accept a transfer: copy the results of the same student at their previous LSQ school.
        ---
        post:
          parameters:
          - in: path
            schema: {type: integer}
            name: pk
          requestBody:
            content:
              application/json:
                schema: {type: object, properties: {date: {type: string, format: date}}}
          responses:
            200:
              description: how many results were copied
            404:
              $ref: '#/components/responses/404'
            422:
              $ref: '#/components/responses/422'
        """
        import datetime as dt

        from flask import g

        from lsq_core.transfers import transfer_in

        item = self.datamodel.get(pk, self._base_filters)
        if item is None:
            return self.response_404()
        body = request.get_json(silent=True) or {}
        try:
            check_writable(item)
            on = dt.date.fromisoformat(body["date"]) if body.get("date") else dt.date.today()
            copied = transfer_in(item, on, g.user.username)
        except OutOfScope:
            return self.response_404()
        except ValueError:
            return self.response_422(message={"date": ["วันที่ไม่ถูกต้อง (ใช้รูปแบบ YYYY-MM-DD)"]})
        except ValidationFailed as exc:
            db.session.rollback()
            return self.response_422(message=exc.messages)
        return self.response(200, copied=copied)


class ClassroomApi(LsqModelRestApi):
    resource_name = "classroom"
    class_permission_name = "Classroom"
    datamodel = SQLAInterface(Classroom)
    list_columns = show_columns = ["id", "level", "room", "homeroom_teacher", "school.id", "school.name_th",
                                   "academic_year.id", "academic_year.year"]
    add_columns = ["school", "academic_year", "level", "room", "homeroom_teacher"]
    edit_columns = ["level", "room", "homeroom_teacher"]


class EnrollmentApi(LsqModelRestApi):
    resource_name = "enrolment"
    class_permission_name = "Enrollment"
    datamodel = SQLAInterface(Enrollment)
    list_columns = show_columns = ["id", "number", "outcome", "student.id", "student.student_number",
                                   "classroom.id", "classroom.level", "classroom.room"]
    add_columns = ["student", "classroom", "number"]
    edit_columns = ["number", "outcome"]


class SubjectApi(LsqModelRestApi):
    resource_name = "subject"
    class_permission_name = "Subject"
    datamodel = SQLAInterface(Subject)
    list_columns = show_columns = ["id", "code", "name_th", "name_en", "group", "kind", "credits", "hours",
                                   "theory_hours", "practice_hours", "activity_type", "curriculum",
                                   "school.id"]
    add_columns = ["school", "curriculum", "code", "name_th", "name_en", "group", "kind", "credits", "hours",
                   "theory_hours", "practice_hours", "activity_type"]
    edit_columns = ["name_th", "name_en", "group", "kind", "credits", "hours", "theory_hours",
                    "practice_hours", "activity_type"]


class TeachingAssignmentApi(LsqModelRestApi):
    resource_name = "teaching_assignment"
    class_permission_name = "TeachingAssignment"
    datamodel = SQLAInterface(TeachingAssignment)
    list_columns = show_columns = ["id", "classroom.id", "subject.id", "subject.code", "term.id",
                                   "teacher.id", "teacher.username"]
    add_columns = edit_columns = ["classroom", "subject", "term", "teacher"]


RESULT_SHOW = ["id", "version", "score", "attendance", "attendance_waived", "grade", "points", "original_grade",
               "remedy_kind", "remedy_attempts", "source", "level", "superseded", "student.id", "student.student_number", "subject.id",
               "subject.code", "term.id", "classroom.id"]


class ResultApi(LsqModelRestApi):
    """Results: POST creates, PUT changes (with ``version``), POST …/remedy remedies."""

    resource_name = "result"
    class_permission_name = "Result"
    method_permission_name = {**API_PERMISSIONS, "remedy": "remedy"}
    datamodel = SQLAInterface(Result)
    list_columns = show_columns = RESULT_SHOW
    add_columns = ["student", "subject", "term", "classroom", "level", "score", "attendance", "grade",
                   "attendance_waived"]
    edit_columns = ["score", "attendance", "grade", "attendance_waived"]

    def pre_add(self, item):
        item.lsq_validate()
        check_writable(item)
        score, attendance, grade, waived = item.score, item.attendance, item.grade, item.attendance_waived
        item.score = item.attendance = item.grade = None
        if item.level is None and item.classroom is not None:
            item.level = item.classroom.level
        enter_result(item, score=score, attendance=attendance, grade=grade, attendance_waived=bool(waived),
                     reason=request.headers.get("X-LSQ-Reason"))

    def pre_delete(self, item):
        super().pre_delete(item)
        check_entry_open(item)  # a closed term's results are not removed either, only remedied
        scale = scale_for(item.subject)
        settle_repeats(item, scale, scale.policy(item.student.school), removed=item)  # an earlier attempt counts again

    def service_error(self, item, exc):
        if isinstance(exc, (VersionConflict, StaleDataError)):  # someone saved it first
            current = db.session.get(Result, item.id)
            return self.response(409, message="ผลการเรียนนี้ถูกแก้ไขโดยผู้อื่นแล้ว กรุณาโหลดข้อมูลใหม่ก่อนบันทึก",
                                 result=self.show_model_schema.dump(current))
        return None

    def _change(self, pk, change):
        return self.change_item(pk, change, require_json=True,
                                respond=lambda item, _: self.response(200, result=self.show_model_schema.dump(item)))

    def put_headless(self, pk):
        return self._change(pk, lambda item, body: enter_result(
            item, score=body.get("score", item.score), grade=body.get("grade"),
            attendance=body.get("attendance", item.attendance), expected_version=body.get("version"),
            reason=body.get("reason"), attendance_waived=bool(body.get("attendance_waived", item.attendance_waived))))

    @expose("/<int:pk>/remedy", methods=["POST"])
    @protect()
    @safe
    def remedy(self, pk):
        """Remedy a result: {"kind": "0"|"ร"|"มส"|"มผ", "score", "grade", "attendance", "reason"}.
        ---
        post:
          parameters:
          - in: path
            schema: {type: integer}
            name: pk
          responses:
            200:
              description: the remedied result
            404:
              $ref: '#/components/responses/404'
            422:
              $ref: '#/components/responses/422'
        """
        return self._change(pk, lambda item, body: remedy_result(
            item, kind=body.get("kind", ""), score=body.get("score"), grade=body.get("grade"),
            attendance=body.get("attendance"), reason=body.get("reason")))


class TraitAssessmentApi(LsqModelRestApi):
    resource_name = "trait_assessment"
    class_permission_name = "TraitAssessment"
    datamodel = SQLAInterface(TraitAssessment)
    list_columns = show_columns = ["id", "kind", "item", "level", "student.id", "academic_year.year"]
    add_columns = ["student", "academic_year", "kind", "item", "level"]
    edit_columns = ["level"]


