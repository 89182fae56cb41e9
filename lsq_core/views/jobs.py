"""Screens of background jobs: the list (งานเบื้องหลัง), a job's page with its progress bar,
and the form that starts a bulk issue of documents for a classroom."""

from __future__ import annotations

from flask import abort, g, jsonify, redirect, request, url_for
from flask_appbuilder import expose, has_access
from flask_appbuilder.models.sqla.interface import SQLAInterface
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from markupsafe import Markup, escape

from lsq_core import jobs
from lsq_core.api.jobs import job_answer, send_job_file
from lsq_core.documents import issuing
from lsq_core.extensions import db
from lsq_core.jobs.bulk_documents import may_issue, student_types
from lsq_core.models import AcademicYear, Classroom, Job
from lsq_core.scoping import scoped_query
from lsq_core.security.roles import RESOURCE_PERMISSIONS
from lsq_core.security.scope import OutOfScope
from lsq_core.thai import format_date_th, local_time
from lsq_core.validation import ValidationFailed
from lsq_core.views.base import VIEW_PERMISSIONS, LsqModelView, flash_refusal


def job_links(job: Job) -> Markup:
    links = [f'<a href="{url_for("JobView.progress", pk=job.id)}">{escape(_("Progress"))}</a>']
    if job.status == "done":
        for role, label in (("pdf", _("Merged PDF")), ("zip", _("Zip of single files"))):
            if getattr(job, f"{role}_key"):
                links.append(f'<a href="{url_for("JobView.file", pk=job.id, role=role)}">{escape(label)}</a>')
    return Markup(" · ".join(links))


class JobView(LsqModelView):
    """Read-only list and show of the jobs in the user's scope, plus the job page and the bulk form."""

    datamodel = SQLAInterface(Job)
    class_permission_name = "Job"
    method_permission_name = {**VIEW_PERMISSIONS, "progress": "read", "status": "read", "file": "read",
                              "bulk": "write"}
    base_permissions = RESOURCE_PERMISSIONS  # the same set as JobApi (see roles.py)
    include_route_methods = {"list", "show", "progress", "status", "file", "bulk"}
    list_title = _l("Background jobs")
    show_title = _l("Background job")
    list_template = "lsq/job_list.html"
    list_columns = ["created_on", "title", "created_by", "status_label", "progress_label", "links"]
    show_columns = ["created_on", "title", "school", "created_by", "status_label", "progress_label", "message",
                    "started_on", "finished_on", "links"]
    search_columns = ["kind", "status", "school", "created_on"]
    label_columns = {"created_on": _l("Submitted on"), "title": _l("Work"), "kind": _l("Kind"),
                     "school": _l("School"), "created_by": _l("Submitted by"), "status_label": _l("Status"),
                     "status": _l("Status"), "progress_label": _l("Progress"), "message": _l("Message"),
                     "started_on": _l("Started on"), "finished_on": _l("Finished on"), "links": _l("Files")}
    base_order = ("id", "desc")

    def _job(self, pk) -> Job:
        job = self.datamodel.get(pk, self._base_filters)
        if job is None:
            abort(404)
        return job

    @expose("/progress/<int:pk>")
    @has_access
    def progress(self, pk):
        job = self._job(pk)
        return self.render_template("lsq/job_progress.html", title=_("Background job"), job=job,
                                    submitted=format_date_th(local_time(job.created_on)),
                                    answer=job_answer(job, "JobView.file"),
                                    status_url=url_for("JobView.status", pk=job.id))

    @expose("/status/<int:pk>")
    @has_access
    def status(self, pk):
        return jsonify(job_answer(self._job(pk), "JobView.file"))

    @expose("/file/<int:pk>/<role>")
    @has_access
    def file(self, pk, role):
        answer = send_job_file(self._job(pk), role)
        if answer is None:
            abort(404)
        return answer

    @expose("/bulk", methods=["GET", "POST"])
    @has_access
    def bulk(self):
        types = [t for t in student_types() if may_issue(t, g.user)]
        classrooms = (scoped_query(db.session, Classroom).join(AcademicYear)
                      .order_by(AcademicYear.year.desc(), Classroom.school_id, Classroom.level, Classroom.room)
                      .all())
        classrooms = [c for c in classrooms if c.writable_in(self.appbuilder.sm.current_scope())]
        chosen = {"classroom_id": request.values.get("classroom_id", type=int),
                  "type": request.values.get("type", ""),
                  "graduated_only": bool(request.values.get("graduated_only"))}
        if request.method == "POST":
            try:
                job = jobs.submit("bulk_documents", chosen, g.user)
            except OutOfScope:
                db.session.rollback()
                abort(404)
            except issuing.NotAnIssuer:
                db.session.rollback()
                abort(403)
            except ValidationFailed as exc:
                flash_refusal(exc)
            else:
                return redirect(url_for("JobView.progress", pk=job.id))
        show_school = len({c.school_id for c in classrooms}) > 1
        return self.render_template("lsq/job_bulk.html", title=_("Issue documents for a whole class"),
                                    types=types, classrooms=classrooms, chosen=chosen, show_school=show_school)
