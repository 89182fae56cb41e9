"""Celery, when ``BROKER_URL`` is set: one Celery app per Flask app, built from its config.

Nothing here runs at import time. The web process only *sends* a task by name
(``lsq.run_job`` with the job id); the worker (lsq_core.celery_worker) builds the
Flask app with ``create_app()`` and the same Celery app, whose one task runs
lsq_core.jobs.run_job inside that app's context. The task carries nothing but the
id: the parameters, the progress and the outcome are in the Job row, which both
sides reach through the shared database (and the shared FILES_DIR).

``JOB_QUEUE`` (env ``LSQ_JOB_QUEUE``, default "lsq") names the queue, so several LSQ
sites, or test runs, can share one Redis without taking each other's jobs.
"""

from __future__ import annotations

TASK_NAME = "lsq.run_job"


def queue_name(app) -> str:
    return app.config.get("JOB_QUEUE") or "lsq"


def celery_for(app):
    """The Celery app of this Flask app (made once, kept in ``app.extensions``)."""
    celery = app.extensions.get("lsq_celery")
    if celery is None:
        celery = app.extensions["lsq_celery"] = make_celery(app)
    return celery


def make_celery(app):
    from celery import Celery

    broker = app.config.get("BROKER_URL")
    if not broker:
        raise RuntimeError("BROKER_URL is not set (LSQ_BROKER_URL=redis://127.0.0.1:6379/0)")
    celery = Celery("lsq", broker=broker, set_as_current=False)
    celery.conf.update(
        task_default_queue=queue_name(app),
        task_ignore_result=True,  # the outcome is in the Job row
        worker_prefetch_multiplier=1,  # bulk jobs are long: one at a time per worker process
        broker_connection_retry_on_startup=True,
        worker_hijack_root_logger=False,
    )

    @celery.task(name=TASK_NAME)
    def run_job_task(job_id: int) -> None:
        from lsq_core.extensions import db
        from lsq_core.jobs import run_job

        with app.app_context():
            try:
                run_job(job_id)
            finally:
                db.session.remove()

    return celery


def send(app, job_id: int) -> None:
    celery_for(app).send_task(TASK_NAME, args=[job_id], queue=queue_name(app))
