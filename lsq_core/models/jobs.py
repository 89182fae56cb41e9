"""Background jobs: one row per piece of work that takes too long for a request.

The row is the only channel between whoever runs the work (a thread of the web
process, or a Celery worker on another machine) and the person waiting for it:
the runner writes status, progress and the Thai message here, the job page
reads them. Scoped by the school the work is about, like the records it makes.
"""

from __future__ import annotations

import datetime as dt
from typing import Optional

from flask_appbuilder.security.sqla.models import User  # noqa: F401 - mapper needs it first
from sqlalchemy import JSON, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lsq_core.models.base import Model
from lsq_core.models.study import SchoolScoped

JOB_STATUSES = {"queued": "รอคิว", "running": "กำลังทำงาน", "done": "เสร็จแล้ว", "failed": "ล้มเหลว"}


class Job(SchoolScoped, Model):
    """Not Audited: its progress changes many times a minute; what a job *makes* (issued
    documents and the like) is audited where it is made."""

    __tablename__ = "lsq_job"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(40), nullable=False)
    parameters: Mapped[dict] = mapped_column(JSON, nullable=False, default=dict)
    status: Mapped[str] = mapped_column(String(10), nullable=False, default="queued", index=True)
    total: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    done: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    #: what the job is doing or why it failed, in Thai
    message: Mapped[Optional[str]] = mapped_column(Text)
    #: file-store keys of what the job made: the merged PDF and the zip of single files
    pdf_key: Mapped[Optional[str]] = mapped_column(String(100))
    zip_key: Mapped[Optional[str]] = mapped_column(String(100))
    #: anything else the kind reports (e.g. the ids and serials of issued documents)
    result: Mapped[Optional[dict]] = mapped_column(JSON)
    created_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("ab_user.id"))
    #: the school the work is about (None: a job above school level, seen by the DLA admin only)
    school_id: Mapped[Optional[int]] = mapped_column(ForeignKey("lsq_school.id"), index=True)
    created_on: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False, default=dt.datetime.utcnow)
    started_on: Mapped[Optional[dt.datetime]] = mapped_column(DateTime)
    finished_on: Mapped[Optional[dt.datetime]] = mapped_column(DateTime)

    school = relationship("School")
    created_by = relationship("User")

    def __repr__(self) -> str:
        return f"{self.kind} #{self.id}"

    @property
    def title(self) -> str:
        """What the job does, in Thai, as its kind wrote it when the job was checked."""
        return (self.parameters or {}).get("title") or self.kind

    def links(self):
        from lsq_core.views.jobs import job_links

        return job_links(self)

    @property
    def status_label(self) -> str:
        return JOB_STATUSES.get(self.status, self.status)

    @property
    def percent(self) -> int:
        if self.status == "done":
            return 100
        return int(100 * self.done / self.total) if self.total else 0

    @property
    def progress_label(self) -> str:
        return f"{self.done}/{self.total} ({self.percent}%)"

