"""The home page: who you are, where you work, and what waits for you."""

from __future__ import annotations

import datetime as dt

from flask import g, url_for
from flask_appbuilder import IndexView, expose
from flask_babel import lazy_gettext as _l

from lsq_core import signup as signup_logic
from lsq_core.security.roles import ROLE_LABELS
from lsq_core.views.home_tasks import tasks_context

HOME_LINKS = (
    ("TeachingAssignment", "TeachingAssignmentView.list", _l("Teaching assignments"),
     _l("Open the results grid of a subject and classroom to enter scores.")),
    ("Student", "StudentView.list", _l("Students"), _l("Student records, transfers and the whole record of results.")),
    ("School", "SchoolView.list", _l("Schools"), _l("School profiles, codes and the names printed on documents.")),
    ("Appointment", "AppointmentView.list", _l("Appointment orders"),
     _l("Registration officer, registrar and committee appointments, with the orders attached.")),
    ("AuditEvent", "AuditEventView.list", _l("Audit ledger"), _l("Who changed what, when and why.")),
)


class LsqIndexView(IndexView):
    index_template = "lsq/index.html"

    @expose("/")
    def index(self):
        user = g.user
        context = {"today": dt.date.today()}
        if user is not None and user.is_authenticated:
            sm = self.appbuilder.sm
            profile = sm.profile_of(user)
            context["role_labels"] = [str(ROLE_LABELS.get(r.name, r.name)) for r in user.roles]
            context["scope_label"] = profile.scope_label if profile is not None else "ทั้งประเทศ"
            context["pending_signups"] = signup_logic.pending_for(user)
            context.update(tasks_context(user, sm))  # deadlines, reports and terms waiting for this person
            context["links"] = [
                {"label": label, "text": text, "url": url_for(endpoint)}
                for resource, endpoint, label, text in HOME_LINKS
                if sm.has_access("can_read", resource)
            ]
        return self.render_template(self.index_template, appbuilder=self.appbuilder, **context)
