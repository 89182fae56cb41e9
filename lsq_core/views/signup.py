"""Sign-up from the login page, and the approvers' queue."""

from __future__ import annotations

from flask import abort, flash, g, redirect, request, send_file, url_for
from flask_appbuilder import BaseView, expose, has_access
from flask_appbuilder.fieldwidgets import BS3PasswordFieldWidget, BS3TextFieldWidget, Select2Widget
from flask_appbuilder.models.sqla.interface import SQLAInterface
from flask_appbuilder.widgets import FormWidget
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, Length, Optional, ValidationError

from lsq_core import signup as signup_logic
from lsq_core.extensions import db
from lsq_core.forms import ThaiDateField, pdf_field
from lsq_core.models import LocalAuthority, School, SignupRequest
from lsq_core.models.people import SIGNUP_ROLES
from lsq_core.org_rules import file_store
from lsq_core.thai import digits_only, national_id_error
from lsq_core.validation import ValidationFailed
from lsq_core.views.base import VIEW_PERMISSIONS, LsqModelView

TITLES = [("นาย", "นาย"), ("นาง", "นาง"), ("นางสาว", "นางสาว"), ("ว่าที่ร้อยตรี", "ว่าที่ร้อยตรี"),
          ("ดร.", "ดร.")]
REQUIRED = "จำเป็นต้องกรอก"


def _national_id(form, field):
    problem = national_id_error(field.data)
    if problem:
        raise ValidationError(problem)
    field.data = digits_only(field.data)


def _authority_choices():
    rows = (db.session.query(LocalAuthority).order_by(LocalAuthority.province_id, LocalAuthority.name_th).all())
    return [("", "— เลือก อปท. —")] + [(str(a.id), f"{a.name_th} (จ.{a.province.name_th})") for a in rows]


def _school_choices():
    rows = db.session.query(School).order_by(School.name_th).all()
    return [("", "— เลือกสถานศึกษา —")] + [(str(s.id), f"{s.name_th} ({s.authority.name_th})") for s in rows]


class SignupForm(FlaskForm):
    requested_role = SelectField(_l("Applying as"), choices=list(SIGNUP_ROLES.items()), widget=Select2Widget())
    username = StringField(_l("Username"), validators=[DataRequired(REQUIRED), Length(3, 64)],
                           widget=BS3TextFieldWidget())
    password = PasswordField(_l("Password"), validators=[DataRequired(REQUIRED), Length(
        8, 128, message="รหัสผ่านต้องยาวอย่างน้อย 8 ตัวอักษร")], widget=BS3PasswordFieldWidget())
    confirm_password = PasswordField(_l("Confirm password"), validators=[
        EqualTo("password", message="รหัสผ่านทั้งสองช่องไม่ตรงกัน")], widget=BS3PasswordFieldWidget())
    title = SelectField(_l("Title"), choices=TITLES, widget=Select2Widget())
    first_name = StringField(_l("First name"), validators=[DataRequired(REQUIRED), Length(max=64)],
                             widget=BS3TextFieldWidget())
    last_name = StringField(_l("Last name"), validators=[DataRequired(REQUIRED), Length(max=64)],
                            widget=BS3TextFieldWidget())
    national_id = StringField(_l("National ID"), validators=[DataRequired(REQUIRED), _national_id],
                              widget=BS3TextFieldWidget())
    position = StringField(_l("Position"), validators=[DataRequired(REQUIRED), Length(max=200)],
                           widget=BS3TextFieldWidget())
    email = StringField(_l("E-mail"), validators=[DataRequired(REQUIRED), Email("รูปแบบอีเมลไม่ถูกต้อง")],
                        widget=BS3TextFieldWidget())
    phone = StringField(_l("Phone"), validators=[Optional(), Length(max=50)], widget=BS3TextFieldWidget())
    authority = SelectField(_l("Local authority"), choices=_authority_choices, widget=Select2Widget(),
                            validate_choice=False)
    school = SelectField(_l("School"), choices=_school_choices, widget=Select2Widget(), validate_choice=False,
                         description=_l("School registrars only"))
    order_number = StringField(_l("Order number"), validators=[DataRequired(REQUIRED), Length(max=50)],
                               widget=BS3TextFieldWidget())
    order_date = ThaiDateField(_l("Order date"), validators=[DataRequired("กรุณากรอกวันที่ของคำสั่ง")])
    order_pdf = pdf_field(_l("Appointment order (PDF)"), required=True)


class SignupView(BaseView):
    """The public application form (no login)."""

    route_base = "/signup"
    default_view = "form"

    @expose("/", methods=["GET", "POST"])
    def form(self):
        form = SignupForm()
        if form.validate_on_submit():
            authority = db.session.get(LocalAuthority, int(form.authority.data)) if form.authority.data else None
            school = db.session.get(School, int(form.school.data)) if form.school.data else None
            stored = file_store().save_pdf(form.order_pdf.pdf_bytes, form.order_pdf.pdf_name)
            try:
                signup_logic.submit(
                    username=form.username.data.strip(), password=form.password.data, title=form.title.data,
                    first_name=form.first_name.data.strip(), last_name=form.last_name.data.strip(),
                    email=form.email.data.strip(), national_id=form.national_id.data,
                    position=form.position.data.strip(), phone=form.phone.data,
                    requested_role=form.requested_role.data, authority=authority, school=school,
                    order_number=form.order_number.data.strip(), order_date=form.order_date.data,
                    stored_file=stored)
            except ValidationFailed as exc:
                db.session.rollback()
                file_store().delete(stored.key)
                for field, messages in exc.messages.items():
                    form[field].errors = list(form[field].errors or []) + messages
            else:
                return self.render_template("lsq/signup_done.html", title=_l("Application received"))
        widget = FormWidget(form=form, include_cols=list(form._fields.keys() - {"csrf_token"}),
                            exclude_cols=[])
        widget.template_args["include_cols"] = [n for n in form._fields if n != "csrf_token"]
        return self.render_template("lsq/signup.html", title=_l("Apply for an account"), form=form,
                                    form_widget=widget)


class SignupRequestView(LsqModelView):
    """The approvers' queue: each approver sees the applications in their scope."""

    datamodel = SQLAInterface(SignupRequest)
    class_permission_name = "SignupRequest"
    method_permission_name = {**VIEW_PERMISSIONS, "approve": "approve", "reject": "approve",
                              "order": "read"}
    base_permissions = ["can_read", "can_approve"]
    include_route_methods = {"list", "show", "approve", "reject", "order"}
    list_title = _l("Account applications")
    show_title = _l("Account application")
    list_columns = ["submitted_on", "applicant_name", "role_label", "authority", "school", "status_label"]
    show_columns = ["submitted_on", "applicant_name", "role_label", "position", "authority", "school",
                    "order_number", "order_date", "order_link", "status_label", "decided_on",
                    "decision_reason"]
    search_columns = ["status", "requested_role", "authority", "school"]
    label_columns = {
        "submitted_on": _l("Submitted"), "applicant_name": _l("Applicant"), "role_label": _l("Applying as"),
        "authority": _l("Local authority"), "school": _l("School"), "status_label": _l("Status"),
        "status": _l("Status"), "requested_role": _l("Applying as"), "position": _l("Position"),
        "order_number": _l("Order number"), "order_date": _l("Order date"),
        "order_link": _l("Appointment order (PDF)"), "decided_on": _l("Decided on"),
        "decision_reason": _l("Reason"),
    }
    show_template = "lsq/signup_show.html"
    base_order = ("submitted_on", "desc")

    def _get_visible(self, pk):
        item = self.datamodel.get(pk, self._base_filters)
        if item is None:
            abort(404)
        return item

    @expose("/show/<pk>", methods=["GET"])
    @has_access
    def show(self, pk):
        item = self._get_visible(pk)
        widgets = self._get_show_widget(pk, item)
        self.update_redirect()
        return self.render_template(self.show_template, pk=pk, title=self.show_title, widgets=widgets,
                                    related_views=self._related_views, item=item,
                                    may_decide=signup_logic.may_decide(g.user, item))

    @expose("/approve/<int:pk>", methods=["POST"])
    @has_access
    def approve(self, pk):
        item = self._get_visible(pk)
        try:
            signup_logic.approve(item, g.user)
        except PermissionError:
            abort(403)
        except ValidationFailed as exc:
            flash(exc.summary(), "danger")
        else:
            flash(f"อนุมัติบัญชีของ {item.applicant_name} แล้ว", "success")
        return redirect(url_for("SignupRequestView.show", pk=pk))

    @expose("/reject/<int:pk>", methods=["POST"])
    @has_access
    def reject(self, pk):
        item = self._get_visible(pk)
        try:
            signup_logic.reject(item, g.user, request.form.get("reason", ""))
        except PermissionError:
            abort(403)
        except ValidationFailed as exc:
            db.session.rollback()
            flash(" ".join(m for msgs in exc.messages.values() for m in msgs), "danger")
        else:
            flash(f"ไม่อนุมัติคำขอของ {item.applicant_name} แล้ว", "warning")
        return redirect(url_for("SignupRequestView.show", pk=pk))

    @expose("/order/<int:pk>")
    @has_access
    def order(self, pk):
        item = self._get_visible(pk)
        try:
            path = file_store().path(item.order_file_key)
        except FileNotFoundError:
            abort(404)
        return send_file(path, mimetype="application/pdf", download_name=item.order_file_name)


