"""The core's screens, APIs and menus, registered per app.

``add_menu_view`` also records which permission resource sits behind each menu
entry, so ``lsq init`` can show a role exactly the menus it may open.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from lsq_core.api.org import (
    AcademicYearApi, AppointmentApi, DistrictApi, LocalAuthorityApi, ProvinceApi, SchoolApi, TermApi,
)
from lsq_core.views.org import (
    AcademicYearView, AppointmentView, AuditEventView, DistrictView, LocalAuthorityView, ProvinceView,
    SchoolView, TermView,
)
from lsq_core.api.dashboard import DashboardApi
from lsq_core.api.documents import DocumentApi
from lsq_core.api.exports import ExportApi
from lsq_core.api.jobs import JobApi
from lsq_core.api.study import (
    ClassroomApi, EnrollmentApi, ResultApi, StudentApi, SubjectApi, TeachingAssignmentApi, TraitAssessmentApi,
)
from lsq_core.api.calendar import CalendarEventApi, ResultEntryExtensionApi
from lsq_core.views.calendar import CalendarEventView, ResultEntryExtensionView
from lsq_core.views.programmes import ProgrammeUnitApi, ProgrammeUnitView
from lsq_core.views.cohorts import CohortView
from lsq_core.views.dashboard import AppointmentTrackingView, DashboardView
from lsq_core.views.documents import IssuedDocumentView
from lsq_core.views.exports import ExportView
from lsq_core.views.graduate_reports import GraduateReportView
from lsq_core.views.jobs import JobView
from lsq_core.views.grid import ResultGridView
from lsq_core.views.help import register_help
from lsq_core.views.traits import TraitGridView
from lsq_core.views.transfer import TransferView
from lsq_core.views.verify import VerifyView
from lsq_core.views.signup import SignupRequestView, SignupView
from lsq_core.views.study import (
    ClassroomView, CoursePlanView, EnrollmentView, ResultView, StudentView, SubjectView, TeachingAssignmentView,
    TraitAssessmentView,
)
from lsq_core.views.users import UserProfileView

ORGANISATION = ("Organisation", _l("Organisation"), "fa-sitemap")
CALENDAR = ("Academic calendar", _l("Academic calendar"), "fa-calendar")
PEOPLE = ("People", _l("People and appointments"), "fa-users")
REGISTRY = ("Registry", _l("Students and results"), "fa-book")
PROGRESS = ("Progress", _l("Progress"), "fa-bar-chart")


def add_menu_view(appbuilder, state, view, name, label, category, icon):
    cat_name, cat_label, cat_icon = category
    instance = appbuilder.add_view(view, name, label=label, icon=icon, category=cat_name,
                                   category_label=cat_label, category_icon=cat_icon)
    resource = instance.class_permission_name
    state.menu_resources.setdefault(name, set()).add(resource)
    state.menu_resources.setdefault(cat_name, set()).add(resource)
    return instance


def register_core_views(appbuilder, state) -> None:
    add = lambda *args: add_menu_view(appbuilder, state, *args)  # noqa: E731
    add(ProvinceView, "Provinces", _l("Provinces"), ORGANISATION, "fa-map")
    add(DistrictView, "Districts", _l("Districts"), ORGANISATION, "fa-map-marker")
    add(LocalAuthorityView, "Local authorities", _l("Local authorities"), ORGANISATION, "fa-building")
    add(SchoolView, "Schools", _l("Schools"), ORGANISATION, "fa-graduation-cap")
    add(StudentView, "Students", _l("Students"), REGISTRY, "fa-child")
    add(ClassroomView, "Classrooms", _l("Classrooms"), REGISTRY, "fa-th")
    add(EnrollmentView, "Enrolments", _l("Enrolments"), REGISTRY, "fa-list-ol")
    add(SubjectView, "Subjects", _l("Subjects"), REGISTRY, "fa-book")
    add(CoursePlanView, "Course structure", _l("Course structure"), REGISTRY, "fa-sitemap")
    add(TeachingAssignmentView, "Teaching assignments", _l("Teaching assignments"), REGISTRY, "fa-pencil")
    add(ResultView, "Results", _l("Results"), REGISTRY, "fa-check-square-o")
    add(IssuedDocumentView, "Issued documents", _l("Issued documents"), REGISTRY, "fa-file-text-o")
    add(GraduateReportView, "Graduate reports", _l("Graduate reports (ปพ.3)"), REGISTRY, "fa-list-alt")
    add(JobView, "Background jobs", _l("Background jobs"), REGISTRY, "fa-tasks")
    add(ProgrammeUnitView, "Programme structure", _l("Programme structure"), REGISTRY, "fa-sitemap")
    add(TraitAssessmentView, "Assessments", _l("Reading-thinking-writing and characteristics"), REGISTRY,
        "fa-star")
    add(TransferView, "Transfer workbook", _l("Transfer workbook"), REGISTRY, "fa-exchange")
    add(ExportView, "Exports", _l("Exports"), REGISTRY, "fa-download")
    add(AcademicYearView, "Academic years", _l("Academic years"), CALENDAR, "fa-calendar-o")
    add(TermView, "Terms", _l("Terms"), CALENDAR, "fa-calendar-check-o")
    add(CalendarEventView, "Operating calendar", _l("Operating calendar"), CALENDAR, "fa-calendar")
    add(ResultEntryExtensionView, "Result entry extensions", _l("Result entry extensions"), CALENDAR,
        "fa-clock-o")
    add(AppointmentView, "Appointment orders", _l("Appointment orders"), PEOPLE, "fa-file-pdf-o")
    add(SignupRequestView, "Account applications", _l("Account applications"), PEOPLE, "fa-user-plus")
    add(UserProfileView, "User scopes", _l("User scopes"), PEOPLE, "fa-id-card")
    add(AuditEventView, "Audit ledger", _l("Audit ledger"), PEOPLE, "fa-history")
    add(DashboardView, "Progress dashboard", _l("Progress dashboard"), PROGRESS, "fa-bar-chart")
    add(AppointmentTrackingView, "Appointment tracking", _l("Appointment tracking"), PROGRESS, "fa-id-badge")
    register_help(appbuilder, state, add_menu_view)
    appbuilder.add_view_no_menu(SignupView)
    appbuilder.add_view_no_menu(ResultGridView)
    appbuilder.add_view_no_menu(CohortView)
    appbuilder.add_view_no_menu(TraitGridView)
    appbuilder.add_view_no_menu(VerifyView)
    for api in (ProvinceApi, DistrictApi, LocalAuthorityApi, SchoolApi, AcademicYearApi, TermApi,
                AppointmentApi, StudentApi, ClassroomApi, EnrollmentApi, SubjectApi, TeachingAssignmentApi,
                ResultApi, TraitAssessmentApi, DocumentApi, JobApi, DashboardApi):
        appbuilder.add_api(api)
    appbuilder.add_api(CalendarEventApi)
    appbuilder.add_api(ResultEntryExtensionApi)
    appbuilder.add_api(ExportApi)
    appbuilder.add_api(ProgrammeUnitApi)
