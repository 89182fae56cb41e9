"""Background jobs: work too long for a request, with its progress kept in the Job table.

A *job kind* is two functions (``JobKind``): ``prepare(params, user)`` runs in the
request, checks everything that can be checked up front (scope, permission, which
records, whether each is eligible) and refuses the job with Thai messages before
anything is done; ``run(job, params, progress)`` does the work, calls
``progress(done)`` after each item and returns the files it made.

``submit()`` writes the Job row and hands its id to a runner. Which runner is the
only thing that differs between deployments:

* ``BROKER_URL`` (env ``LSQ_BROKER_URL``) set: a Celery task on that broker, run by
  ``celery -A lsq_core.celery_worker worker`` (lsq_core.jobs.queue);
* otherwise a thread of the web process with its own app context (the embedded
  SQLite default, where a separate worker would be one more thing to run).

Both call the same ``run_job(job_id)``, so the work is done by one code path. The
web request returns at once; whoever wants to know reads the Job row.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from dataclasses import dataclass, field
from typing import Callable

from flask import current_app, g, has_request_context, request

from lsq_core.extensions import db
from lsq_core.jobs.files import SUFFIX, job_files
from lsq_core.models import Job
from lsq_core.validation import ValidationFailed

log = logging.getLogger(__name__)


class JobFailed(Exception):
    """The work cannot be finished; the message (Thai) names what failed and is shown to the user."""


@dataclass
class Plan:
    """What ``prepare`` decided: the parameters the run will use, the school, how many items."""

    params: dict
    school_id: int | None
    total: int


@dataclass
class Output:
    """What ``run`` made: file bytes by role ("pdf", "zip"), extra facts, a closing Thai message."""

    files: dict[str, bytes] = field(default_factory=dict)
    result: dict = field(default_factory=dict)
    message: str = ""


@dataclass(frozen=True)
class JobKind:
    name: str
    name_th: str
    prepare: Callable[[dict, object], Plan]
    run: Callable[[Job, dict, Callable[[int], None]], Output]


_KINDS: dict[str, JobKind] = {}


def register_kind(kind: JobKind) -> JobKind:
    if kind.name in _KINDS and _KINDS[kind.name] is not kind:
        raise ValueError(f"duplicate job kind {kind.name!r}")
    _KINDS[kind.name] = kind
    return kind


def kinds() -> dict[str, JobKind]:
    """Every known kind; the core's own are imported here, on first use, not at import time."""
    import lsq_core.jobs.bulk_documents  # noqa: F401 - registers "bulk_documents"

    return _KINDS


def get_kind(name: str) -> JobKind:
    kind = kinds().get(name)
    if kind is None:
        raise ValidationFailed({"kind": [f"ไม่รู้จักงานประเภท {name}"]})
    return kind


def now() -> dt.datetime:
    return dt.datetime.utcnow()


# --- submitting ---------------------------------------------------------------------------


def submit(kind_name: str, params: dict, user, school_id: int | None = None) -> Job:
    """Check the job (``prepare``), queue it and start it; returns the queued Job at once.

    Raises whatever ``prepare`` raises (ValidationFailed, OutOfScope, NotAnIssuer), before
    any row is written.
    """
    kind = get_kind(kind_name)
    plan = kind.prepare(dict(params or {}), user)
    parameters = dict(plan.params)
    # links printed in what the job makes (the QR code's /verify URL) use the address the user came from
    parameters["base_url"] = request.url_root if has_request_context() else None
    job = Job(kind=kind.name, parameters=parameters, status="queued", total=plan.total, done=0,
              school_id=plan.school_id if school_id is None else school_id,
              created_by_id=getattr(user, "id", None), created_on=now(), message="รอคิว")
    db.session.add(job)
    db.session.commit()
    dispatch(job.id)
    return job


def dispatch(job_id: int) -> None:
    """Hand a queued job to Celery when a broker is configured, else to a thread of this process."""
    app = current_app._get_current_object()
    if app.config.get("BROKER_URL"):
        from lsq_core.jobs.queue import send

        send(app, job_id)
        return
    threading.Thread(target=_run_in_thread, args=(app, job_id), name=f"lsq-job-{job_id}", daemon=True).start()


def _run_in_thread(app, job_id: int) -> None:
    with app.app_context():
        try:
            run_job(job_id)
        finally:
            db.session.remove()


# --- running ------------------------------------------------------------------------------


def run_job(job_id: int) -> None:
    """Run one queued job to the end, in the caller's app context (thread or Celery worker).

    The work runs as the user who submitted it (their scope, their name in the audit
    ledger and on what is issued). Files are kept only when the whole job succeeded:
    a failed job offers nothing to download, only its Thai message.
    """
    from flask_appbuilder.security.sqla.models import User

    app = current_app._get_current_object()
    job = db.session.get(Job, job_id)
    if job is None or job.status != "queued":  # a redelivered task, or a job already taken
        return
    kind = kinds().get(job.kind)
    base_url = (job.parameters or {}).get("base_url") or "http://localhost/"
    with app.test_request_context("/", base_url=base_url):
        g.user = db.session.get(User, job.created_by_id) if job.created_by_id else None
        job.status, job.started_on, job.message = "running", now(), "กำลังทำงาน"
        db.session.commit()

        def progress(done: int) -> None:
            job.done = done
            db.session.commit()

        try:
            if kind is None:
                raise JobFailed(f"ไม่รู้จักงานประเภท {job.kind}")
            output = kind.run(job, dict(job.parameters or {}), progress)
            keys = _store(output.files)
        except Exception as exc:  # noqa: BLE001 - every failure ends as a failed job with a message
            db.session.rollback()
            if not isinstance(exc, JobFailed):
                log.exception("job %s failed", job_id)
            _finish_failed(job_id, str(exc) if isinstance(exc, JobFailed) else f"งานล้มเหลว: {exc}")
            return
        job.pdf_key, job.zip_key = keys.get("pdf"), keys.get("zip")
        job.result = output.result or None
        job.done = job.total
        job.status, job.finished_on, job.message = "done", now(), output.message or "เสร็จแล้ว"
        db.session.commit()


def _store(files: dict[str, bytes]) -> dict[str, str]:
    store, keys = job_files(), {}
    try:
        for role, data in files.items():
            keys[role] = store.save(data, SUFFIX[role])
    except Exception:
        for key in keys.values():
            store.delete(key)
        raise
    return keys


def _finish_failed(job_id: int, message: str) -> None:
    job = db.session.get(Job, job_id)
    job.status, job.finished_on, job.message = "failed", now(), message
    job.pdf_key = job.zip_key = None
    db.session.commit()


__all__ = ["JobFailed", "JobKind", "Output", "Plan", "dispatch", "get_kind", "kinds", "register_kind",
           "run_job", "submit"]
