"""LsqSecurityManager: roles as code, the signed-in user's scope, and login messages.

Like Superset's security manager, it is the one place where roles, permissions
and row-level scope are decided.
"""

from __future__ import annotations

import logging

from flask import flash, g, redirect, request
from flask_appbuilder import expose
from flask_appbuilder.security.forms import LoginForm_db
from flask_appbuilder.security.sqla.manager import SecurityManager
from flask_appbuilder.security.views import AuthDBView
from flask_appbuilder.utils.base import get_safe_redirect
from flask_appbuilder.security.decorators import no_cache
from flask_login import login_user

from lsq_core.models import LocalAuthority, School, SignupRequest, UserProfile
from lsq_core.security import roles as R
from lsq_core.security.scope import (
    ALL, AUTHORITY, NOTHING, PROVINCE, SCHOOL, EVERYTHING, Scope,
)

log = logging.getLogger(__name__)


class LsqAuthDBView(AuthDBView):
    """FAB's login, plus: an applicant whose account is not approved is told why."""

    login_template = "lsq/login.html"

    @expose("/login/", methods=["GET", "POST"])
    @no_cache
    def login(self):
        if g.user is not None and g.user.is_authenticated:
            return redirect(self._get_safe_next_url())
        form = LoginForm_db()
        if form.validate_on_submit():
            next_url = get_safe_redirect(request.args.get("next", ""))
            sm = self.appbuilder.sm
            user = sm.auth_user_db(form.username.data, form.password.data)
            if not user:
                message = sm.signup_login_message(form.username.data, form.password.data)
                flash(message or str(self.invalid_login_message), "warning")
                return redirect(self.appbuilder.get_url_for_login_with(next_url))
            login_user(user, remember=False)
            return redirect(next_url)
        return self.render_template(self.login_template, title=self.title, form=form,
                                    appbuilder=self.appbuilder)


class LsqSecurityManager(SecurityManager):
    authdbview = LsqAuthDBView

    # --- scope -------------------------------------------------------------

    def profile_of(self, user) -> UserProfile | None:
        if user is None or not getattr(user, "id", None):
            return None
        return self.session.query(UserProfile).filter_by(user_id=user.id).one_or_none()

    def scope_of(self, user) -> Scope:
        """The part of the tree a user works in; no profile and no admin role means nothing."""
        if user is None or not getattr(user, "is_authenticated", False):
            return NOTHING
        role_names = {role.name for role in user.roles}
        if self.auth_role_admin in role_names:
            return EVERYTHING
        profile = self.profile_of(user)
        if profile is None:
            return NOTHING
        if profile.school_id:
            school = self.session.get(School, profile.school_id)
            teacher_only = role_names == {R.TEACHER}
            return Scope(SCHOOL, province_id=school.authority.province_id,
                         authority_id=school.authority_id, school_id=school.id,
                         teacher_id=user.id if teacher_only else None)
        if profile.authority_id:
            authority = self.session.get(LocalAuthority, profile.authority_id)
            return Scope(AUTHORITY, province_id=authority.province_id, authority_id=authority.id)
        if profile.province_id:
            return Scope(PROVINCE, province_id=profile.province_id)
        return NOTHING

    def current_scope(self) -> Scope:
        """The scope of the request's user, computed once per request."""
        scope = getattr(g, "lsq_scope", None)
        if scope is None:
            scope = self.scope_of(getattr(g, "user", None))
            g.lsq_scope = scope
        return scope

    def has_role(self, user, role_name: str) -> bool:
        return user is not None and getattr(user, "is_authenticated", False) and any(
            role.name == role_name for role in user.roles)

    # --- sign-up outcome at login ---------------------------------------------

    def signup_login_message(self, username: str, password: str) -> str | None:
        """Tell an applicant, who proved their password, where their application stands."""
        from werkzeug.security import check_password_hash

        user = self.find_user(username=username)
        if user is None or user.is_active or not user.password:
            return None
        if not check_password_hash(user.password, password or ""):
            return None
        signup = (self.session.query(SignupRequest).filter_by(user_id=user.id)
                  .order_by(SignupRequest.id.desc()).first())
        if signup is None:
            return "บัญชีนี้ถูกระงับการใช้งาน กรุณาติดต่อผู้ดูแลระบบ"
        if signup.status == "pending":
            approver = ("เจ้าพนักงานทะเบียนของ " + signup.authority.name_th
                        if signup.requested_role == "school_registrar" else "ผู้ดูแลระบบส่วนกลาง (กสถ.)")
            return f"คำขอใช้งานของท่านอยู่ระหว่างรอการอนุมัติจาก{approver}"
        if signup.status == "rejected":
            return f"คำขอใช้งานของท่านไม่ได้รับการอนุมัติ เหตุผล: {signup.decision_reason or '-'}"
        return "บัญชีนี้ถูกระงับการใช้งาน กรุณาติดต่อผู้ดูแลระบบ"

    # --- roles as code ----------------------------------------------------------

    def sync_roles(self, grants=None, menu_resources: dict[str, set[str]] | None = None) -> None:
        """Write every LSQ role's permissions exactly as defined in code.

        :param grants: RoleGrants contributed by plugins (lsq_register_role_grants).
        :param menu_resources: menu name (item or category) → resources it opens, so a
            role sees a menu entry exactly when it may read something behind it.
        """
        menu_resources = menu_resources or {}
        all_pvms = self.get_all_permissions_views_objects()
        admin = self.add_role(self.auth_role_admin)
        self._set_role_permissions(admin, all_pvms)
        self.add_role(self.auth_role_public)
        for role_name, resources in R.ROLE_PERMISSIONS.items():
            wanted: set[tuple[str, str]] = set(R.SELF_SERVICE)
            for resource, perms in resources.items():
                wanted |= {(perm, resource) for perm in perms}
            if grants is not None:
                wanted |= grants.for_role(role_name)
            readable = {res for perm, res in wanted if perm == R.READ}
            for menu_name, resources_behind in menu_resources.items():
                if resources_behind & readable:
                    wanted.add(("menu_access", menu_name))
            role = self.add_role(role_name)
            pvms = [pvm for pvm in all_pvms
                    if (pvm.permission.name, pvm.view_menu.name) in wanted]
            self._set_role_permissions(role, pvms)
        self.session.commit()

    def get_all_permissions_views_objects(self):
        return self.session.query(self.permissionview_model).all()

    def _set_role_permissions(self, role, pvms) -> None:
        role.permissions = list(pvms)
        self.session.merge(role)


def role_label(name: str) -> str:
    return R.ROLE_LABELS.get(name, name)


__all__ = ["LsqSecurityManager", "LsqAuthDBView", "role_label", "ALL"]
