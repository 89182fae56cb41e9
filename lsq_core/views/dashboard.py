"""Screens: the progress dashboard (แดชบอร์ดความก้าวหน้า) with drill-down province → LAO → school,
its Excel export, and appointment tracking (ติดตามคำสั่งแต่งตั้ง).

Charts are SVG drawn on the server (templates/lsq/dashboard_charts.html): no JavaScript,
nothing fetched from the internet, they print and they show in the Excel-free screenshot
the same as on screen. Every figure comes from lsq_core.dashboard, within the user's scope.
"""

from __future__ import annotations

import io

from flask import abort, request, send_file, url_for
from flask_appbuilder import BaseView, expose, has_access
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from lsq_core import dashboard
from lsq_core.api.dashboard import drill_arguments
from lsq_core.extensions import db
from lsq_core.models.graduate_reports import REPORT_STATUSES
from lsq_core.scoping import current_scope
from lsq_core.security.roles import DASHBOARD_PERMISSIONS
from lsq_core.security.scope import ALL, AUTHORITY, PROVINCE, SCHOOL

FLAG_LABELS = {
    "current": _l("Appointment in effect"),
    "expiring": _l("Expiring soon"),
    "expired": _l("Expired"),
    "missing": _l("No appointment on file"),
}
FLAG_COLOURS = {"current": "#2e7d32", "expiring": "#f9a825", "expired": "#c62828", "missing": "#757575"}
FLAG_CLASSES = {"current": "success", "expiring": "warning", "expired": "danger", "missing": "default"}
KIND_LABELS = {"officer": _l("LAO registration officer"), "registrar": _l("School registrar")}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

CHART_WIDTH, LABEL_WIDTH, BAR_AREA, ROW_HEIGHT = 600, 240, 270, 26


def report_label(state: str) -> str:
    return str(_("Not started")) if state == "none" else REPORT_STATUSES.get(state, state)


def short(text: str, size: int = 34) -> str:
    return text if len(text) <= size else text[: size - 1] + "…"


def pct_text(value) -> str:
    return "-" if value is None else f"{value:.2f}%"


def bar_chart(title: str, units: list[dict], value, text, *, maximum=None, colour="#1565c0") -> dict:
    """An SVG horizontal bar chart's geometry: one bar per unit, ``value(unit)`` long."""
    values = [float(value(u) or 0) for u in units]
    top = maximum if maximum is not None else max(values + [1])
    bars = []
    for i, (unit, v) in enumerate(zip(units, values)):
        width = 0 if not top else round(BAR_AREA * v / top, 1)
        bars.append({"y": i * ROW_HEIGHT + 8, "label": short(unit["label"]), "full": unit["label"],
                     "url": unit.get("url"), "segments": [{"x": LABEL_WIDTH, "width": width, "colour": colour}],
                     "text": text(unit), "text_x": LABEL_WIDTH + width + 6})
    return {"title": title, "bars": bars, "width": CHART_WIDTH, "height": len(units) * ROW_HEIGHT + 16,
            "label_width": LABEL_WIDTH, "bar_area": BAR_AREA, "legend": []}


def stacked_chart(title: str, units: list[dict], counts) -> dict:
    """Bars of appointment flags per unit (current, expiring, expired, missing), stacked."""
    totals = [sum(counts(u).values()) for u in units]
    top = max(totals + [1])
    bars = []
    for i, unit in enumerate(units):
        x, segments = LABEL_WIDTH, []
        for flag in dashboard.FLAGS:
            n = counts(unit).get(flag, 0)
            if n:
                width = round(BAR_AREA * n / top, 1)
                segments.append({"x": x, "width": width, "colour": FLAG_COLOURS[flag],
                                 "title": f"{FLAG_LABELS[flag]}: {n}"})
                x += width
        bars.append({"y": i * ROW_HEIGHT + 8, "label": short(unit["label"]), "full": unit["label"],
                     "url": unit.get("url"), "segments": segments,
                     "text": f"{counts(unit).get('current', 0)}/{totals[i]}", "text_x": x + 6})
    return {"title": title, "bars": bars, "width": CHART_WIDTH, "height": len(units) * ROW_HEIGHT + 16,
            "label_width": LABEL_WIDTH, "bar_area": BAR_AREA,
            "legend": [{"label": FLAG_LABELS[f], "colour": FLAG_COLOURS[f]} for f in dashboard.FLAGS]}


def drill_level(scope, args: dict) -> tuple[str, dict]:
    """Which level the page shows (national, province, authority, school) and its filter."""
    if "school_id" in args:
        return "school", {"school_id": args["school_id"]}
    if "authority_id" in args:
        return "authority", {"authority_id": args["authority_id"]}
    if "province_id" in args:
        return "province", {"province_id": args["province_id"]}
    if scope.level == ALL:
        return "national", {}
    if scope.level == PROVINCE:
        return "province", {"province_id": scope.province_id}
    if scope.level == AUTHORITY:
        return "authority", {"authority_id": scope.authority_id}
    if scope.level == SCHOOL:
        return "school", {"school_id": scope.school_id}
    abort(404)


class DashboardView(BaseView):
    route_base = "/dashboard"
    class_permission_name = "Dashboard"
    method_permission_name = {"progress": "read", "export": "read"}
    base_permissions = DASHBOARD_PERMISSIONS  # the same set as DashboardApi and AppointmentTrackingView
    default_view = "progress"

    @expose("/")
    @has_access
    def progress(self):
        scope = current_scope()
        level, narrowing = drill_level(scope, drill_arguments(request.args))
        figures = dashboard.progress(db.session, scope, **narrowing)
        crumbs = self._crumbs(scope, level, figures)
        if crumbs is None:
            abort(404)
        units = self._units(level, figures)
        charts = [
            bar_chart(_("Results complete (per cent of the year's expected results)"), units,
                      lambda u: u["results_complete_pct"], lambda u: pct_text(u["results_complete_pct"]),
                      maximum=100, colour="#2e7d32"),
            bar_chart(_("Students registered (studying)"), units, lambda u: u["students"],
                      lambda u: f"{u['students']:,}"),
            bar_chart(_("Pending ร and มส results"), units, lambda u: u["pending"], lambda u: f"{u['pending']:,}",
                      colour="#ef6c00"),
        ]
        if level in ("national", "province"):
            charts.append(stacked_chart(_("School registrar appointments"), units,
                                        lambda u: u["registrar_appointments"]))
        school = figures["schools"][0] if level == "school" else None
        return self.render_template(
            "lsq/dashboard.html", title=_("Progress dashboard"), level=level, figures=figures, units=units,
            charts=charts, crumbs=crumbs, total=figures["total"], school=school, flag_labels=FLAG_LABELS,
            flag_classes=FLAG_CLASSES, report_label=report_label, pct_text=pct_text,
            export_url=url_for("DashboardView.export", **{k.replace("_id", ""): v for k, v in narrowing.items()}))

    def _crumbs(self, scope, level, figures):
        """Breadcrumbs from the user's own level down to the shown one; None when the shown unit is out of scope."""
        crumbs = []
        if scope.level == ALL:
            crumbs.append({"label": _("Whole country"), "url": url_for("DashboardView.progress")})
        if level == "national":
            return crumbs
        if not figures["provinces"]:
            return None
        province = figures["provinces"][0]
        if scope.level in (ALL, PROVINCE):
            crumbs.append({"label": _("Province %(name)s", name=province["name"]),
                           "url": url_for("DashboardView.progress", province=province["id"])})
        if level == "province":
            return crumbs
        if level == "authority" and not figures["authorities"]:
            return None
        if level == "school" and not figures["schools"]:
            return None
        authority_id = figures["schools"][0]["authority"] if level == "school" else figures["authorities"][0]["id"]
        authority = next(a for a in figures["authorities"] if a["id"] == authority_id)
        if scope.level in (ALL, PROVINCE, AUTHORITY):
            crumbs.append({"label": authority["name"], "url": url_for("DashboardView.progress",
                                                                      authority=authority["id"])})
        if level == "school":
            school = figures["schools"][0]
            crumbs.append({"label": school["name"], "url": url_for("DashboardView.progress", school=school["id"])})
        return crumbs

    def _units(self, level, figures) -> list[dict]:
        """The rows under the shown level: provinces, LAOs, schools, or a school's class levels."""
        if level == "national":
            return [{**p, "label": p["name"], "url": url_for("DashboardView.progress", province=p["id"])}
                    for p in figures["provinces"]]
        if level == "province":
            return [{**a, "label": a["name"], "url": url_for("DashboardView.progress", authority=a["id"])}
                    for a in figures["authorities"]]
        if level == "authority":
            return [{**s, "label": s["name"], "url": url_for("DashboardView.progress", school=s["id"])}
                    for s in figures["schools"]]
        school = figures["schools"][0]
        rows = dashboard.level_progress(db.session, school["id"], dashboard.current_year(db.session, figures["today"]))
        return [{**r, "label": r["name"], "url": None} for r in rows]

    @expose("/export.xlsx")
    @has_access
    def export(self):
        """The schools of the shown level and their appointments as an Excel workbook (Thai headers)."""
        scope = current_scope()
        level, narrowing = drill_level(scope, drill_arguments(request.args))
        figures = dashboard.progress(db.session, scope, **narrowing)
        if not figures["schools"] and not figures["authorities"]:
            abort(404)
        data = workbook(figures)
        name = f"lsq-dashboard-{figures['year'] or ''}.xlsx"
        return send_file(io.BytesIO(data), mimetype=XLSX, download_name=name, as_attachment=True)


def workbook(figures: dict) -> bytes:
    """Two sheets: the schools with their figures, and every tracked appointment with its flag."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.active
    sheet.title = str(_("Schools"))[:31]
    headers = [_("Province"), _("Local authority"), _("School code"), _("School"), _("Students registered"),
               _("Expected results"), _("Results entered"), _("Results complete (per cent)"),
               _("Pending ร/มส"), _("Graduates"), _("Graduate reports (ปพ.3)"), _("Registrar appointment"),
               _("Order number"), _("Effective until")]
    sheet.append([str(h) for h in headers])
    for school in figures["schools"]:
        registrar = school["registrar"] or {}
        reports = ", ".join(f"{figures['finishing_levels'].get(lv, lv)}: {report_label(st)}"
                            for lv, st in school["graduate_reports"].items())
        sheet.append([school["province_name"], school["authority_name"], school["code"], school["name"],
                      school["students"], school["expected_results"], school["complete_results"],
                      school["results_complete_pct"], school["pending"], school["graduates"], reports,
                      str(FLAG_LABELS[school["registrar_appointment"]]), registrar.get("order_number"),
                      registrar.get("effective_to")])
        sheet.cell(row=sheet.max_row, column=8).number_format = "0.00"
        sheet.cell(row=sheet.max_row, column=14).number_format = "dd/mm/yyyy"
    appointments = book.create_sheet(str(_("Appointments"))[:31])
    appointments.append([str(h) for h in (_("Appointment"), _("Unit"), _("Local authority"), _("Province"),
                                          _("Status"), _("Appointed person"), _("Order number"),
                                          _("Effective from"), _("Effective until"), _("Days left"))])
    for row in dashboard.appointment_rows(figures):
        a = row["appointment"] or {}
        appointments.append([str(KIND_LABELS[row["kind"]]), row["unit"], row["authority_name"], row["province_name"],
                             str(FLAG_LABELS[row["flag"]]), a.get("person_name"), a.get("order_number"),
                             a.get("effective_from"), a.get("effective_to"), a.get("days_left")])
        for column in (8, 9):
            appointments.cell(row=appointments.max_row, column=column).number_format = "dd/mm/yyyy"
    for ws in (sheet, appointments):
        for cell in ws[1]:
            cell.font = Font(bold=True)
        ws.freeze_panes = "A2"
        for i, column in enumerate(ws.columns, start=1):
            width = max(len(str(c.value)) if c.value is not None else 0 for c in column)
            ws.column_dimensions[get_column_letter(i)].width = min(max(10, width + 2), 50)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


class AppointmentTrackingView(BaseView):
    route_base = "/appointmenttracking"
    class_permission_name = "Dashboard"
    method_permission_name = {"tracking": "read"}
    base_permissions = DASHBOARD_PERMISSIONS  # the same set as DashboardView and DashboardApi
    default_view = "tracking"

    @expose("/")
    @has_access
    def tracking(self):
        scope = current_scope()
        args = drill_arguments(request.args)
        figures = dashboard.progress(db.session, scope, results=False, **args)
        rows = dashboard.appointment_rows(figures)
        counts = {flag: sum(1 for r in rows if r["flag"] == flag) for flag in dashboard.FLAGS}
        flag, kind = request.args.get("flag", ""), request.args.get("kind", "")
        if flag in dashboard.FLAGS:
            rows = [r for r in rows if r["flag"] == flag]
        if kind in KIND_LABELS:
            rows = [r for r in rows if r["kind"] == kind]
        order = {f: i for i, f in enumerate(("expired", "missing", "expiring", "current"))}
        rows.sort(key=lambda r: (order[r["flag"]], r["province_name"], r["authority_name"],
                                 r["kind"] != "officer", r["unit"]))
        return self.render_template(
            "lsq/appointment_tracking.html", title=_("Appointment tracking"), rows=rows, counts=counts,
            figures=figures, flag=flag, kind=kind, flag_labels=FLAG_LABELS, flag_classes=FLAG_CLASSES,
            kind_labels=KIND_LABELS, authorities=figures["authorities"], provinces=figures["provinces"],
            selected=args)
