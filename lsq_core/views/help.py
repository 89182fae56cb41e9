"""The Help menu (คู่มือการใช้งาน): the three Thai manuals and the developer guide, on screen and as PDF,
and the help link every screen shows in its header (lsq_core.manuals.HELP_LINKS).

Every signed-in user may read every manual: the screens are guarded by the "Home" resource,
which every LSQ role reads (lsq_core.security.roles.SELF_SERVICE), so the menu shows for all.
"""

from __future__ import annotations

import io

from flask import abort, current_app, g, request, send_file, send_from_directory, url_for
from flask_appbuilder import BaseView, expose, has_access
from flask_babel import lazy_gettext as _l
from markupsafe import Markup

from lsq_core import manuals
from lsq_core.manuals import MANUALS

#: the repository's own developer documents the developer guide links to, shown as they are
DEVELOPER_DOCS = {"architecture": "architecture.md", "plugins": "plugins.md", "exports": "exports.md"}
#: the menu heading is short ("คู่มือ"): the menu bar must stay on one line at 1280 px
HELP = ("Help", _l("Help"), "fa-question-circle")
MENU_LINKS = (
    ("Central manual", "central", _l("Manual: central level"), "fa-university"),
    ("Basic school manual", "basic", _l("Manual: basic-education schools"), "fa-graduation-cap"),
    ("Vocational college manual", "vocational", _l("Manual: vocational colleges"), "fa-wrench"),
    ("Developer guide", "developer", _l("Developer guide (English)"), "fa-code"),
)


def _manual_or_404(key):
    """The manual, or 404; also when docs/manuals/ is not beside the package (a wheel install)."""
    if key not in MANUALS or not MANUALS[key].path.is_file():
        abort(404)
    return MANUALS[key]


def _doc_links(html: str) -> str:
    """The developer guide's links to ../architecture.md and the like, to their help pages."""
    for name, filename in DEVELOPER_DOCS.items():
        html = html.replace(f'href="../{filename}', f'href="{url_for("HelpView.doc", name=name)}')
    return html


class HelpView(BaseView):
    route_base = "/help"
    class_permission_name = "Home"
    method_permission_name = {"index": "read", "manual": "read", "pdf": "read", "screenshot": "read",
                              "doc": "read"}
    base_permissions = ["can_read"]
    default_view = "index"

    @expose("/")
    @has_access
    def index(self):
        preferred = manuals.manual_for_user(g.user, self.appbuilder.sm)
        rows = [{"key": m.key, "title": manuals.title_of(m.key), "audience": m.audience,
                 "url": url_for("HelpView.manual", key=m.key), "pdf": url_for("HelpView.pdf", key=m.key),
                 "yours": m.key == preferred} for m in MANUALS.values()]
        return self.render_template("lsq/help_index.html", title=str(_l("User manuals")), manuals=rows)

    @expose("/<key>")
    @has_access
    def manual(self, key):
        manual = _manual_or_404(key)
        body = manuals.render_html(key, self.appbuilder,
                                   lambda name: url_for("HelpView.screenshot", name=name))
        if key == "developer":
            body = Markup(_doc_links(str(body)))
        return self.render_template("lsq/help_manual.html", title=manuals.title_of(key), manual=manual,
                                    body=body, pdf_url=url_for("HelpView.pdf", key=key))

    @expose("/<key>/pdf")
    @has_access
    def pdf(self, key):
        manual = _manual_or_404(key)
        data = manuals.render_pdf(key, self.appbuilder)
        return send_file(io.BytesIO(data), mimetype="application/pdf",
                         as_attachment=request.args.get("download") == "1",
                         download_name=f"lsq-{manual.key}-manual.pdf")

    @expose("/screenshots/<name>")
    @has_access
    def screenshot(self, name):
        return send_from_directory(manuals.SCREENSHOTS_DIR, name, mimetype="image/png", max_age=3600)

    @expose("/doc/<name>")
    @has_access
    def doc(self, name):
        if name not in DEVELOPER_DOCS:
            abort(404)
        text = (manuals.MANUALS_DIR.parent / DEVELOPER_DOCS[name]).read_text(encoding="utf-8")
        body = Markup(manuals._markdown(text))
        return self.render_template("lsq/help_manual.html", title=name, manual=MANUALS["developer"], body=body,
                                    pdf_url=None)


def help_link_context():
    """``lsq_help``: the manual section of the screen being shown, for the header's help link."""
    user = getattr(g, "user", None)
    if user is None or not getattr(user, "is_authenticated", False) or request.endpoint is None:
        return {"lsq_help": None}
    sm = current_app.appbuilder.sm
    preferred = getattr(g, "lsq_manual", None)
    if preferred is None:
        preferred = g.lsq_manual = manuals.manual_for_user(user, sm)
    target = manuals.help_target(request.endpoint, preferred)
    if target is None:
        return {"lsq_help": None}
    key, section = target
    return {"lsq_help": {"url": url_for("HelpView.manual", key=key, _anchor=section),
                         "title": manuals.section_title(key, section) or manuals.title_of(key)}}


def register_help(appbuilder, state, add_menu_view) -> None:
    """The Help menu (last in the menu bar), its links, and the header help link of every screen."""
    add_menu_view(appbuilder, state, HelpView, "All manuals", _l("All manuals and PDFs"), HELP, "fa-book")
    for name, key, label, icon in MENU_LINKS:
        appbuilder.add_link(name, href=f"{HelpView.route_base}/{key}", icon=icon, label=label, category=HELP[0],
                            category_label=HELP[1], category_icon=HELP[2])
        state.menu_resources.setdefault(name, set()).add(HelpView.class_permission_name)
    current_app.context_processor(help_link_context)
