"""LSQ's roles, defined in code and written to the database by ``lsq init``.

Permissions are collapsed per resource into read / write / delete (the screen
and the REST API of a resource share one permission name, e.g. "School"), so a
role reads as a short table. Which *rows* a role reaches is decided separately
by the user's scope (lsq_core.security.scope); this module only says which
*kinds* of record a role may touch.
"""

from __future__ import annotations

READ, WRITE, DELETE, APPROVE, REMEDY = "can_read", "can_write", "can_delete", "can_approve", "can_remedy"
VERIFY = "can_verify"  # the LAO's check of a school's graduate report (ปพ.3)

DLA_ADMIN = "DLA Admin"
PROVINCE_OFFICER = "Province Officer"
LAO_OFFICER = "LAO Registration Officer"
SCHOOL_REGISTRAR = "School Registrar"
TEACHER = "Teacher"

ROLE_LABELS = {
    DLA_ADMIN: "ผู้ดูแลระบบส่วนกลาง (กสถ.)",
    PROVINCE_OFFICER: "ท้องถิ่นจังหวัด",
    LAO_OFFICER: "เจ้าพนักงานทะเบียน อปท.",
    SCHOOL_REGISTRAR: "นายทะเบียนสถานศึกษา",
    TEACHER: "ครูผู้สอน",
}

#: Scope level each role works at (what its UserProfile must name).
ROLE_SCOPE_LEVEL = {
    DLA_ADMIN: "all",
    PROVINCE_OFFICER: "province",
    LAO_OFFICER: "authority",
    SCHOOL_REGISTRAR: "school",
    TEACHER: "school",
}

R, RW, RWD = {READ}, {READ, WRITE}, {READ, WRITE, DELETE}

#: every permission a resource has, whichever screen or API declares it. Views that share a
#: resource must all declare the same set: Flask-AppBuilder deletes a resource's permissions
#: that the view it is registering does not list.
RESOURCE_PERMISSIONS = ["can_read", "can_write", "can_delete"]
RESULT_PERMISSIONS = RESOURCE_PERMISSIONS + ["can_remedy"]
GRADUATE_REPORT_PERMISSIONS = RESOURCE_PERMISSIONS + ["can_verify"]
#: the progress dashboards and appointment tracking (screens, Excel export and
#: GET /api/v1/dashboard/progress): read only, the figures of the user's own scope
DASHBOARD_PERMISSIONS = ["can_read"]

#: the registry of a school: students, classes, subjects, results
REGISTRY = ("Student", "Classroom", "Enrollment", "Subject", "TeachingAssignment", "Result", "TraitAssessment")

#: resource (class_permission_name) → permissions, per role. DLA Admin gets everything.
ROLE_PERMISSIONS: dict[str, dict[str, set[str]]] = {
    PROVINCE_OFFICER: {
        "Province": R, "District": R, "LocalAuthority": R, "School": R,
        "AcademicYear": R, "Term": R, "Appointment": R, "AuditEvent": R,
        "SignupRequest": R, **{resource: R for resource in REGISTRY}, "IssuedDocument": R, "Job": R,
        "GraduateReport": R, "Dashboard": R,
    },
    LAO_OFFICER: {
        "Province": R, "District": R, "LocalAuthority": R, "School": R,
        "AcademicYear": R, "Term": R, "Appointment": RWD, "AuditEvent": R,
        "SignupRequest": {READ, APPROVE}, **{resource: R for resource in REGISTRY}, "IssuedDocument": R,
        "GraduateReport": {READ, VERIFY},  # verifies or returns its schools' ปพ.3
        "Job": R, "Dashboard": R,
    },
    SCHOOL_REGISTRAR: {
        "Province": R, "District": R, "LocalAuthority": R, "School": RW,
        "AcademicYear": R, "Term": R, "Appointment": RWD, "AuditEvent": R,
        **{resource: RWD for resource in REGISTRY}, "Result": {READ, WRITE, DELETE, REMEDY},
        # background jobs: a bulk issue is started by the registrar; ปพ.3: built and submitted by them
        "IssuedDocument": RW, "Job": RW, "GraduateReport": RW, "Dashboard": R,
    },
    TEACHER: {
        "Province": R, "District": R, "LocalAuthority": R, "School": R,
        "AcademicYear": R, "Term": R, "Student": R, "Classroom": R, "Enrollment": R, "Subject": R,
        "TeachingAssignment": R, "Result": {READ, WRITE, REMEDY},
    },
}

#: the operating calendar (everyone reads it, the DLA admin keeps it) and the extensions of a
#: term's result entry (granted by the LAO registration officer for the LAO's schools; a school
#: and its province read theirs). Kept as one block so the table above stays as it was.
CALENDAR_PERMISSIONS: dict[str, dict[str, set[str]]] = {
    PROVINCE_OFFICER: {"CalendarEvent": R, "ResultEntryExtension": R},
    LAO_OFFICER: {"CalendarEvent": R, "ResultEntryExtension": RW},
    SCHOOL_REGISTRAR: {"CalendarEvent": R, "ResultEntryExtension": R},
    TEACHER: {"CalendarEvent": R},
}
for _role, _resources in CALENDAR_PERMISSIONS.items():
    ROLE_PERMISSIONS[_role].update(_resources)

#: the transfer workbook (lsq_core.transfer, screen lsq_core.views.transfer): a registrar downloads
#: and imports their own school's; the DLA admin (every permission) any school's
TRANSFER_PERMISSIONS: dict[str, dict[str, set[str]]] = {
    SCHOOL_REGISTRAR: {"TransferWorkbook": RW},
}
for _role, _resources in TRANSFER_PERMISSIONS.items():
    ROLE_PERMISSIONS[_role].update(_resources)

#: exports (lsq_core.exports: GPAX for university admission, the Ministry's GPA file, lists; screen
#: lsq_core.views.exports, REST GET /api/v1/export/<exporter>): read only, and only the schools of the
#: user's own scope: a registrar their school, an LAO officer their LAO's, a province officer the
#: province's, the DLA admin (every permission) any school. Teachers export nothing.
EXPORT_PERMISSIONS = ["can_read"]
EXPORT_GRANTS: dict[str, dict[str, set[str]]] = {
    PROVINCE_OFFICER: {"Export": R}, LAO_OFFICER: {"Export": R}, SCHOOL_REGISTRAR: {"Export": R},
}
for _role, _resources in EXPORT_GRANTS.items():
    ROLE_PERMISSIONS[_role].update(_resources)

#: the programme tree of vocational curricula (lsq_core.models.programmes): national data that
#: everyone reads and the DLA admin (every permission) keeps
PROGRAMME_GRANTS: dict[str, dict[str, set[str]]] = {
    role: {"ProgrammeUnit": R} for role in (PROVINCE_OFFICER, LAO_OFFICER, SCHOOL_REGISTRAR, TEACHER)
}
for _role, _resources in PROGRAMME_GRANTS.items():
    ROLE_PERMISSIONS[_role].update(_resources)

#: what every signed-in person may do with their own account
SELF_SERVICE = {
    ("can_this_form_get", "ResetMyPasswordView"),
    ("can_this_form_post", "ResetMyPasswordView"),
    ("can_this_form_get", "UserInfoEditView"),
    ("can_this_form_post", "UserInfoEditView"),
    ("can_userinfo", "UserDBModelView"),
    ("resetmypassword", "UserDBModelView"),
    ("can_get", "OpenApi"),
    ("can_read", "Home"),
}

#: fields only the DLA admin may change on a school (the codes and the LAO it belongs to)
SCHOOL_ADMIN_FIELDS = ("code", "moe_code", "authority_id")
