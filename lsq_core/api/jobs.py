"""REST resource ``job``: start background work and follow it.

``POST /api/v1/job/`` with ``{"kind": "bulk_documents", "type": "basic_ed.pp7", "classroom_id": N}``
answers 202 with ``{"id", "status_url"}`` (or 422 with Thai messages, and nothing started);
``GET /api/v1/job/<id>`` answers ``{"id", "kind", "status", "total", "done", "message", "files"}``,
``files`` holding the download URLs (``/api/v1/job/<id>/pdf`` and ``/zip``) once the job is done.
Out of scope is 404, as everywhere.
"""

from __future__ import annotations

from flask import g, request, send_file, url_for
from flask_appbuilder.api import expose, protect, safe
from flask_appbuilder.models.sqla.interface import SQLAInterface

from lsq_core import jobs
from lsq_core.api.base import API_PERMISSIONS, LsqModelRestApi
from lsq_core.documents import issuing
from lsq_core.extensions import db
from lsq_core.jobs.files import MIMETYPE, job_files
from lsq_core.models import Job
from lsq_core.security.roles import RESOURCE_PERMISSIONS
from lsq_core.security.scope import OutOfScope
from lsq_core.validation import ValidationFailed

FILE_NAMES = {"pdf": "job-{id}.pdf", "zip": "job-{id}.zip"}


def job_answer(job: Job, endpoint: str = "JobApi.file") -> dict:
    """What both the API and the job page poll: status, progress, message, and the files when done."""
    files = {}
    if job.status == "done":
        for role in ("pdf", "zip"):
            if getattr(job, f"{role}_key"):
                files[role] = url_for(endpoint, pk=job.id, role=role)
    return {"id": job.id, "kind": job.kind, "status": job.status, "status_label": job.status_label,
            "total": job.total, "done": job.done, "percent": job.percent, "message": job.message,
            "title": (job.parameters or {}).get("title"), "files": files}


def send_job_file(job: Job | None, role: str):
    """The file a done job made, or None (unknown role, not done, failed, or missing)."""
    if job is None or role not in FILE_NAMES or job.status != "done":
        return None
    try:
        path = job_files().path(getattr(job, f"{role}_key"))
    except FileNotFoundError:
        return None
    return send_file(path, mimetype=MIMETYPE[role], download_name=FILE_NAMES[role].format(id=job.id),
                     as_attachment=True)


class JobApi(LsqModelRestApi):
    resource_name = "job"
    class_permission_name = "Job"
    method_permission_name = {**API_PERMISSIONS, "file": "read"}
    base_permissions = RESOURCE_PERMISSIONS  # the same set as JobView (see roles.py)
    datamodel = SQLAInterface(Job)
    list_columns = show_columns = ["id", "kind", "status", "total", "done", "message", "created_on",
                                   "started_on", "finished_on", "school.id", "created_by.username"]
    add_columns = edit_columns = ["kind"]
    include_route_methods = {"get", "get_list", "info", "post", "file"}
    base_order = ("id", "desc")

    def post_headless(self):
        body = request.get_json(silent=True)
        if not isinstance(body, dict):
            return self.response_400(message="Request is not JSON")
        params = {key: value for key, value in body.items() if key != "kind"}
        try:
            job = jobs.submit(str(body.get("kind") or ""), params, g.user)
        except ValidationFailed as exc:
            db.session.rollback()
            return self.response_422(message=exc.messages)
        except OutOfScope:
            db.session.rollback()
            return self.response_404()
        except issuing.NotAnIssuer:
            db.session.rollback()
            return self.response_403()
        return self.response(202, id=job.id, status_url=url_for("JobApi.get", pk=job.id))

    def get_headless(self, pk, **kwargs):
        job = self.datamodel.get(pk, self._base_filters)
        if job is None:
            return self.response_404()
        return self.response(200, **job_answer(job))

    @expose("/<int:pk>/<role>", methods=["GET"])
    @protect()
    @safe
    def file(self, pk, role):
        """A done job's merged PDF (``role`` pdf) or zip of single files (``role`` zip).
        ---
        get:
          parameters:
          - in: path
            schema: {type: integer}
            name: pk
          - in: path
            schema: {type: string, enum: [pdf, zip]}
            name: role
          responses:
            200:
              description: the file
            404:
              $ref: '#/components/responses/404'
        """
        answer = send_job_file(self.datamodel.get(pk, self._base_filters), role)
        return answer if answer is not None else self.response_404()
