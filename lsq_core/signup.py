"""Sign-up and approval: who applies, who may decide, and what a decision does.

A school registrar is approved by the registration officer of the school's
LAO; an LAO registration officer by a DLA admin. Nobody else may decide, not
even a DLA admin on a registrar's application: the LAO officer is the one who
knows the person and the appointment order.
"""

from __future__ import annotations

import datetime as dt

from flask import current_app
from werkzeug.security import generate_password_hash

from lsq_core.extensions import db
from lsq_core.models import Appointment, SignupRequest, UserProfile
from lsq_core.security import roles as R
from lsq_core.security.scope import AUTHORITY
from lsq_core.validation import Errors, ValidationFailed

ROLE_FOR_REQUEST = {
    "school_registrar": R.SCHOOL_REGISTRAR,
    "lao_registration_officer": R.LAO_OFFICER,
}


def may_decide(user, signup: SignupRequest) -> bool:
    sm = current_app.appbuilder.sm
    if user is None or not getattr(user, "is_authenticated", False) or signup is None:
        return False
    if signup.requested_role == "school_registrar":
        scope = sm.scope_of(user)
        return (sm.has_role(user, R.LAO_OFFICER) and scope.level == AUTHORITY
                and scope.authority_id == signup.authority_id)
    if signup.requested_role == "lao_registration_officer":
        return sm.has_role(user, R.DLA_ADMIN)
    return False


def submit(*, username, password, title, first_name, last_name, email, national_id, position, phone,
           requested_role, authority, school, order_number, order_date, stored_file) -> SignupRequest:
    """Create the inactive account and its application in one transaction."""
    sm = current_app.appbuilder.sm
    errors = Errors()
    if sm.find_user(username=username) is not None:
        errors.add("username", "ชื่อผู้ใช้นี้มีผู้ใช้แล้ว กรุณาเลือกชื่ออื่น")
    if sm.find_user(email=email) is not None:
        errors.add("email", "อีเมลนี้ลงทะเบียนไว้แล้ว")
    if requested_role == "school_registrar":
        if school is None:
            errors.add("school", "กรุณาเลือกสถานศึกษาของท่าน")
        elif authority is not None and school.authority_id != authority.id:
            errors.add("school", "สถานศึกษาที่เลือกไม่ได้สังกัด อปท. ที่เลือก")
        if school is not None:
            authority = school.authority
    elif requested_role == "lao_registration_officer":
        school = None
        if authority is None:
            errors.add("authority", "กรุณาเลือก อปท. ของท่าน")
    else:
        errors.add("requested_role", "กรุณาเลือกบทบาทที่ขอใช้งาน")
    errors.raise_if_any()

    user = sm.user_model()
    user.username, user.first_name, user.last_name, user.email = username, first_name, last_name, email
    user.password = generate_password_hash(password, method=current_app.config.get(
        "FAB_PASSWORD_HASH_METHOD", "scrypt"))
    user.active = False
    user.roles = []
    db.session.add(user)
    db.session.flush()
    signup = SignupRequest(
        user=user, requested_role=requested_role, title=title, national_id=national_id,
        position=position, phone=phone, authority=authority, school=school,
        order_number=order_number, order_date=order_date,
        order_file_key=stored_file.key, order_file_name=stored_file.name,
        order_file_size=stored_file.size, order_file_sha256=stored_file.sha256,
        status="pending", submitted_on=dt.datetime.utcnow(),
    )
    db.session.add(signup)
    db.session.commit()
    return signup


def approve(signup: SignupRequest, approver) -> None:
    """Activate the account with its role and scope, and file the appointment order."""
    if not may_decide(approver, signup):
        raise PermissionError("not the approver of this application")
    if not signup.is_pending:
        raise ValidationFailed({"status": ["คำขอนี้ได้รับการพิจารณาแล้ว"]})
    sm = current_app.appbuilder.sm
    role = sm.find_role(ROLE_FOR_REQUEST[signup.requested_role])
    user = signup.user
    user.active = True
    user.roles = [role]
    profile = db.session.query(UserProfile).filter_by(user_id=user.id).one_or_none()
    if profile is None:
        profile = UserProfile(user=user)
        db.session.add(profile)
    profile.title, profile.national_id = signup.title, signup.national_id
    profile.position, profile.phone = signup.position, signup.phone
    if signup.requested_role == "school_registrar":
        profile.school, profile.authority, profile.province = signup.school, None, None
    else:
        profile.school, profile.authority, profile.province = None, signup.authority, None
    db.session.add(Appointment(
        person_name=f"{signup.title or ''}{user.first_name} {user.last_name}".strip(),
        position=signup.position, role=signup.requested_role, authority=signup.authority,
        school=signup.school, user=user, order_number=signup.order_number, order_date=signup.order_date,
        effective_from=signup.order_date, status="active",
        order_file_key=signup.order_file_key, order_file_name=signup.order_file_name,
        order_file_size=signup.order_file_size, order_file_sha256=signup.order_file_sha256,
    ))
    _decide(signup, approver, "approved", None)


def reject(signup: SignupRequest, approver, reason: str) -> None:
    if not may_decide(approver, signup):
        raise PermissionError("not the approver of this application")
    if not signup.is_pending:
        raise ValidationFailed({"status": ["คำขอนี้ได้รับการพิจารณาแล้ว"]})
    if not (reason or "").strip():
        raise ValidationFailed({"decision_reason": ["กรุณาระบุเหตุผลที่ไม่อนุมัติ"]})
    signup.user.active = False
    _decide(signup, approver, "rejected", reason.strip())


def _decide(signup, approver, status, reason) -> None:
    signup.status = status
    signup.decided_by_id = approver.id
    signup.decided_on = dt.datetime.utcnow()
    signup.decision_reason = reason
    db.session.commit()


def pending_for(user) -> int:
    """How many applications wait for this user's decision."""
    sm = current_app.appbuilder.sm
    query = db.session.query(SignupRequest).filter(SignupRequest.status == "pending")
    if sm.has_role(user, R.DLA_ADMIN):
        return query.filter(SignupRequest.requested_role == "lao_registration_officer").count()
    scope = sm.scope_of(user)
    if sm.has_role(user, R.LAO_OFFICER) and scope.level == AUTHORITY:
        return query.filter(SignupRequest.requested_role == "school_registrar",
                            SignupRequest.authority_id == scope.authority_id).count()
    return 0
