"""Screens of whole-cohort actions: a classroom's graduation, a school's year-end promotion."""

from __future__ import annotations

from flask import abort, flash, redirect, request, url_for
from flask_appbuilder import BaseView, expose, has_access

from lsq_core import cohorts
from lsq_core.audit import set_audit_reason
from lsq_core.extensions import db
from lsq_core.forms import parse_thai_date
from lsq_core.models import AcademicYear, Classroom, School
from lsq_core.scoping import check_writable, scoped_query
from lsq_core.security.roles import RESOURCE_PERMISSIONS
from lsq_core.security.scope import OutOfScope
from lsq_core.thai import to_arabic_digits
from lsq_core.validation import ValidationFailed
from lsq_core.views.base import flash_refusal


class CohortView(BaseView):
    route_base = "/cohorts"
    class_permission_name = "Classroom"
    method_permission_name = {"graduation": "read", "approve_graduation": "write", "promotion": "write",
                              "copy_plan": "write", "copy_plan_form": "write"}
    base_permissions = RESOURCE_PERMISSIONS
    default_view = "graduation"

    def _classroom(self, pk) -> Classroom:
        classroom = scoped_query(db.session, Classroom).filter(Classroom.id == pk).one_or_none()
        if classroom is None:
            abort(404)
        return classroom

    @expose("/graduation/<int:pk>")
    @has_access
    def graduation(self, pk):
        classroom = self._classroom(pk)
        try:
            candidates = cohorts.graduation_candidates(classroom)
        except ValidationFailed as exc:
            flash(exc.summary(), "warning")
            return redirect(url_for("ClassroomView.show", pk=pk))
        return self.render_template("lsq/graduation.html", title=f"อนุมัติการจบการศึกษา {classroom.label}",
                                    classroom=classroom, candidates=candidates)

    @expose("/graduation/<int:pk>", methods=["POST"])
    @has_access
    def approve_graduation(self, pk):
        classroom = self._classroom(pk)
        try:
            check_writable(classroom)
        except OutOfScope:
            abort(404)
        on = parse_thai_date(to_arabic_digits(request.form.get("date", "").strip()))
        chosen = [int(value) for value in request.form.getlist("student")]
        set_audit_reason(f"อนุมัติการจบการศึกษา {classroom.label}")
        try:
            graduated = cohorts.approve_graduation(classroom, on, chosen)
        except ValidationFailed as exc:
            flash_refusal(exc)
            flash("ยังไม่ได้อนุมัติ: แก้ไขตามที่แจ้งแล้วอนุมัติใหม่", "danger")
        else:
            flash(f"อนุมัติการจบการศึกษาแล้ว {len(graduated)} คน", "success")
        return redirect(url_for("CohortView.graduation", pk=pk))

    @expose("/promotion/<int:school_id>/<int:year>", methods=["POST"])
    @has_access
    def promotion(self, school_id, year):
        school = scoped_query(db.session, School).filter(School.id == school_id).one_or_none()
        if school is None:
            abort(404)
        from_year = db.session.query(AcademicYear).filter_by(year=year).one_or_none()
        to_year = db.session.query(AcademicYear).filter_by(year=year + 1).one_or_none()
        if from_year is None or to_year is None:
            flash(f"ยังไม่มีปีการศึกษา {year} หรือ {year + 1} ในระบบ", "danger")
            return redirect(url_for("ClassroomView.list"))
        try:
            check_writable(school)
        except OutOfScope:
            abort(404)
        repeaters = [int(v) for v in request.form.getlist("repeat")]
        leavers = [int(v) for v in request.form.getlist("leave")]
        set_audit_reason(f"เลื่อนชั้นสิ้นปีการศึกษา {year}")
        counts = cohorts.promote_school(school, from_year, to_year, repeaters, leavers)
        flash(f"เลื่อนชั้น {counts['promoted']} คน ซ้ำชั้น {counts['repeat']} คน ออก {counts['left']} คน "
              f"จบชั้นสูงสุดของสถานศึกษา {counts['finished']} คน", "success")
        return redirect(url_for("ClassroomView.list"))

    @expose("/course_plan/", methods=["GET"])
    @has_access
    def copy_plan_form(self):
        schools = scoped_query(db.session, School).order_by(School.code).all()
        years = db.session.query(AcademicYear).order_by(AcademicYear.year.desc()).all()
        return self.render_template("lsq/course_plan_copy.html", title="คัดลอกโครงสร้างรายวิชาไปปีการศึกษาถัดไป",
                                    schools=schools, years=years)

    @expose("/course_plan/", methods=["POST"])
    @has_access
    def copy_plan(self):
        """Copy a school's course structure of a year to the next academic year."""
        try:
            school_id, year = int(request.form.get("school", "")), int(request.form.get("year", ""))
        except ValueError:
            flash("กรุณาเลือกสถานศึกษาและปีการศึกษา", "danger")
            return redirect(url_for("CohortView.copy_plan_form"))
        school = scoped_query(db.session, School).filter(School.id == school_id).one_or_none()
        if school is None:
            abort(404)
        try:
            check_writable(school)
        except OutOfScope:
            abort(404)
        from_year = db.session.query(AcademicYear).filter_by(year=year).one_or_none()
        to_year = db.session.query(AcademicYear).filter_by(year=year + 1).one_or_none()
        if from_year is None or to_year is None:
            flash(f"ยังไม่มีปีการศึกษา {year} หรือ {year + 1} ในระบบ", "danger")
        else:
            set_audit_reason(f"คัดลอกโครงสร้างรายวิชาปีการศึกษา {year} ไปปี {year + 1}")
            added = cohorts.copy_course_plan(school, from_year, to_year)
            flash(f"คัดลอกโครงสร้างรายวิชาไปปีการศึกษา {year + 1} แล้ว {added} รายการ", "success")
        return redirect(url_for("CoursePlanView.list"))
