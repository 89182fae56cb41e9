"""All LSQ core models, importable from one place (Alembic's target metadata is Model.metadata)."""

from lsq_core.models.audit import AuditEvent
from lsq_core.models.base import Audited, Model, Scoped
from lsq_core.models.calendar import CalendarEvent, ResultEntryExtension
from lsq_core.models.documents import IssuedDocument, SerialCounter
from lsq_core.models.graduate_reports import GraduateReport, GraduateReportEntry
from lsq_core.models.jobs import Job
from lsq_core.models.org import AcademicYear, District, LocalAuthority, Province, School, Term
from lsq_core.models.programmes import ProgrammeUnit
from lsq_core.models.people import Appointment, SignupRequest, UserProfile
from lsq_core.models.results import (
    CoursePlan, Result, ResultHistory, Subject, TeachingAssignment, TraitAssessment,
)
from lsq_core.models.study import Classroom, Enrollment, Student

__all__ = [
    "AcademicYear", "Appointment", "AuditEvent", "Audited", "Classroom", "CoursePlan", "District", "Enrollment",
    "IssuedDocument", "SerialCounter", "Job", "GraduateReport", "GraduateReportEntry",
    "LocalAuthority", "Model", "Province", "Result", "ResultHistory", "School", "Scoped", "SignupRequest",
    "Student", "Subject", "TeachingAssignment", "Term", "TraitAssessment", "UserProfile",
    "CalendarEvent", "ResultEntryExtension", "ProgrammeUnit",
]
