"""All LSQ core models, importable from one place (Alembic's target metadata is Model.metadata)."""

from lsq_core.models.audit import AuditEvent
from lsq_core.models.base import Audited, Model, Scoped
from lsq_core.models.org import AcademicYear, District, LocalAuthority, Province, School, Term
from lsq_core.models.people import Appointment, SignupRequest, UserProfile

__all__ = [
    "AcademicYear", "Appointment", "AuditEvent", "Audited", "District", "LocalAuthority",
    "Model", "Province", "School", "Scoped", "SignupRequest", "Term", "UserProfile",
]
