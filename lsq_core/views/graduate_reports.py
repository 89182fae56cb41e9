"""Screens of the ปพ.3 workflow: the list of reports in scope, and one report's page where
each person sees the step that is theirs (build and submit for the school registrar,
verify or return for the LAO's registration officer) and the PDF."""

from __future__ import annotations

import io

from flask import abort, flash, g, redirect, request, send_file, url_for
from flask_appbuilder import expose, has_access
from flask_appbuilder.models.sqla.interface import SQLAInterface
from flask_babel import lazy_gettext as _l

from lsq_core import graduate_reports as workflow
from lsq_core.audit import set_audit_reason
from lsq_core.documents import issuing
from lsq_core.documents.engine import RenderError, render_pdf
from lsq_core.extensions import db
from lsq_core.forms import parse_thai_date
from lsq_core.models import AcademicYear, IssuedDocument, School
from lsq_core.models.graduate_reports import GraduateReport
from lsq_core.scoping import check_writable, scoped_query
from lsq_core.security.roles import GRADUATE_REPORT_PERMISSIONS
from lsq_core.security.scope import OutOfScope
from lsq_core.thai import to_arabic_digits
from lsq_core.validation import ValidationFailed
from lsq_core.views.base import VIEW_PERMISSIONS, LsqModelView, flash_refusal
from lsq_core.views.documents import issued_on_screen


class GraduateReportView(LsqModelView):
    datamodel = SQLAInterface(GraduateReport)
    class_permission_name = "GraduateReport"
    method_permission_name = {**VIEW_PERMISSIONS, "page": "read", "preview": "read", "build": "write",
                              "submit": "write", "issue": "write", "verify": "verify", "send_back": "verify"}
    base_permissions = GRADUATE_REPORT_PERMISSIONS
    include_route_methods = {"list", "page", "preview", "build", "submit", "issue", "verify", "send_back"}
    list_title = _l("Graduate reports (ปพ.3)")
    list_columns = ["school", "academic_year", "level_name", "graduates", "approved_on", "status_label", "open_link"]
    search_columns = ["school", "academic_year", "level", "status"]
    label_columns = {"school": _l("School"), "academic_year": _l("Academic year"), "level_name": _l("Level"),
                     "level": _l("Level"), "graduates": _l("Graduates"), "approved_on": _l("Approval date"),
                     "status_label": _l("Status"), "status": _l("Status"), "open_link": ""}
    base_order = ("id", "desc")
    list_template = "lsq/graduate_report_list.html"

    def _report(self, pk) -> GraduateReport:
        report = scoped_query(db.session, GraduateReport).filter(GraduateReport.id == pk).one_or_none()
        if report is None:
            abort(404)
        return report

    def _writable(self, report):
        try:
            check_writable(report)
        except OutOfScope:
            abort(404)

    def _step(self, pk, action, done_message, reason=None):
        """Run one workflow step on a report in scope; a refused step is named in Thai, nothing changes."""
        report = self._report(pk)
        set_audit_reason(reason or done_message)
        try:
            action(report)
        except ValidationFailed as exc:
            flash_refusal(exc)
        else:
            flash(done_message, "success")
        return redirect(url_for("GraduateReportView.page", pk=pk))

    def list_extra(self):
        """What the list page's build form offers: the schools the user may write, years, finishing levels."""
        schools = [s for s in scoped_query(db.session, School).order_by(School.name_th) if _can_write(s)]
        years = db.session.query(AcademicYear).order_by(AcademicYear.year.desc()).all()
        return {"schools": schools, "years": years, "levels": workflow.finishing_levels()}

    @expose("/list/")
    @has_access
    def list(self):
        widgets = self._list()
        return self.render_template(self.list_template, title=self.list_title, widgets=widgets,
                                    can_build=self.appbuilder.sm.has_access("can_write", "GraduateReport"),
                                    **self.list_extra())

    @expose("/build", methods=["POST"])
    @has_access
    def build(self):
        school = scoped_query(db.session, School).filter(School.id == request.form.get("school_id", type=int))
        school = school.one_or_none()
        year = db.session.get(AcademicYear, request.form.get("year_id", type=int) or 0)
        if school is None or year is None:
            abort(404)
        try:
            check_writable(school)
        except OutOfScope:
            abort(404)
        set_audit_reason("จัดทำแบบรายงานผู้สำเร็จการศึกษา (ปพ.3)")
        try:
            report = workflow.build(school, year, request.form.get("level", ""))
        except ValidationFailed as exc:
            flash_refusal(exc)
            return redirect(url_for("GraduateReportView.list"))
        flash(f"จัดทำรายงานแล้ว มีผู้ผ่านเกณฑ์ {len(report.entries)} คน", "success")
        for line in report.left_out:
            flash(f"ไม่อยู่ในรายงาน: {line}", "warning")
        return redirect(url_for("GraduateReportView.page", pk=report.id))

    @expose("/report/<int:pk>")
    @has_access
    def page(self, pk):
        report = self._report(pk)
        sm = self.appbuilder.sm
        issued = (db.session.query(IssuedDocument).filter_by(graduate_report_id=report.id)
                  .order_by(IssuedDocument.issued_on.desc()).all())
        return self.render_template(
            "lsq/graduate_report.html", title=f"{report!r} {report.school.name_th}", report=report, issued=issued,
            can_write=sm.has_access("can_write", "GraduateReport") and _can_write(report),
            can_verify=sm.has_access("can_verify", "GraduateReport"))

    @expose("/report/<int:pk>/preview")
    @has_access
    def preview(self, pk):
        """The ปพ.3 as it would print, marked as a draft: not issued, no serial, nothing kept."""
        report = self._report(pk)
        doc_type = issuing.cohort_type_for(report)
        if doc_type is None:
            abort(404)
        draft = IssuedDocument(token="draft")
        context = {"report": report, "school": report.school, "document": draft, "today": issuing.thai_today(),
                   "verify_url": "", "qr": "", "replacement": False}
        context.update(doc_type.report_context(report, report.school, draft))
        try:
            pdf = render_pdf(doc_type.template_dir, doc_type.template, context)
        except RenderError as exc:
            flash(str(exc), "danger")
            return redirect(url_for("GraduateReportView.page", pk=pk))
        return send_file(io.BytesIO(pdf), mimetype="application/pdf", download_name=f"pp3-draft-{report.id}.pdf")

    @expose("/report/<int:pk>/submit", methods=["POST"])
    @has_access
    def submit(self, pk):
        self._writable(self._report(pk))
        on = parse_thai_date(to_arabic_digits(request.form.get("approved_on", "").strip()))
        return self._step(pk, lambda report: workflow.submit(report, on, g.user),
                          "ส่งรายงานให้เจ้าพนักงานทะเบียน อปท. ตรวจสอบแล้ว")

    @expose("/report/<int:pk>/verify", methods=["POST"])
    @has_access
    def verify(self, pk):
        return self._step(pk, lambda report: workflow.verify(report, g.user), "ตรวจสอบรายงานแล้ว รายงานถูกล็อก")

    @expose("/report/<int:pk>/return", methods=["POST"])
    @has_access
    def send_back(self, pk):
        reason = request.form.get("reason", "")
        return self._step(pk, lambda report: workflow.send_back(report, g.user, reason),
                          "ส่งคืนรายงานให้สถานศึกษาแก้ไขแล้ว", reason=f"ส่งคืน ปพ.3: {reason}")

    @expose("/report/<int:pk>/issue", methods=["POST"])
    @has_access
    def issue(self, pk):
        report = self._report(pk)
        self._writable(report)
        doc_type = issuing.cohort_type_for(report)
        document = issued_on_screen(lambda: issuing.issue_for_report(doc_type.identifier if doc_type else "",
                                                                     report, g.user))
        if document is not None:
            flash(f"ออกเอกสาร ปพ.3 แล้ว {document.serial_label}", "success")
        return redirect(url_for("GraduateReportView.page", pk=pk))


def _can_write(record) -> bool:
    try:
        check_writable(record)
    except OutOfScope:
        return False
    return True
