"""Sign-up and approval: inactive until the right approver decides; nobody else can."""

from __future__ import annotations

from lsq_core.extensions import db
from lsq_core.models import Appointment, LocalAuthority, School, SignupRequest, UserProfile
from tests.conftest import pdf_upload, web_login

VALID_ID = "1103702071838"  # domain/basic_ed.md §9.1 worked example


def ids(app):
    with app.app_context():
        schools = {s.code: s.id for s in db.session.query(School)}
        authorities = {a.code: a.id for a in db.session.query(LocalAuthority)}
    return schools, authorities


def form(app, **overrides):
    schools, authorities = ids(app)
    data = {
        "requested_role": "school_registrar", "username": "new_registrar", "password": "secret-pass-1",
        "confirm_password": "secret-pass-1", "title": "นางสาว", "first_name": "มาลัย", "last_name": "ใจดี",
        "national_id": VALID_ID, "position": "ครู", "email": "malai@example.org", "phone": "",
        "authority": str(authorities["81002"]), "school": str(schools["8100201"]),
        "order_number": "55/2569", "order_date": "2026-06-10", "order_pdf": pdf_upload(),
    }
    data.update(overrides)
    return data


def submit(app, **overrides):
    client = app.test_client()
    return client.post("/signup/", data=form(app, **overrides), content_type="multipart/form-data",
                       follow_redirects=True)


def signup_of(app, username):
    with app.app_context():
        request = (db.session.query(SignupRequest).join(SignupRequest.user)
                   .filter_by(username=username).one_or_none())
        return (request.id, request.status, request.user.active) if request else None


def test_registrar_application_is_approved_only_by_the_schools_lao_officer(fresh_app, web):
    app = fresh_app
    page = submit(app)
    assert page.status_code == 200
    assert "ระบบได้รับคำขอของท่านแล้ว" in page.get_data(as_text=True)
    pk, status, active = signup_of(app, "new_registrar")
    assert (status, active) == ("pending", False)

    login = web_login(app.test_client(), "new_registrar", "secret-pass-1").get_data(as_text=True)
    assert "อยู่ระหว่างรอการอนุมัติจากเจ้าพนักงานทะเบียนของ เทศบาลเมืองกระบี่" in login

    def client_of(username):
        client = app.test_client()
        web_login(client, username)
        return client

    # not in their scope: 404; in scope but not the approver: 403
    assert client_of("lao_officer_pao").post(f"/signuprequestview/approve/{pk}").status_code == 404
    assert client_of("registrar_a").post(f"/signuprequestview/approve/{pk}").status_code in (302, 403)
    assert client_of("krabi_province").post(f"/signuprequestview/approve/{pk}").status_code in (302, 403)
    assert client_of("dla_admin").post(f"/signuprequestview/approve/{pk}").status_code == 403
    assert signup_of(app, "new_registrar")[1:] == ("pending", False)

    officer = client_of("lao_officer")
    assert "มาลัย" in officer.get("/signuprequestview/list/").get_data(as_text=True)
    assert officer.post(f"/signuprequestview/approve/{pk}").status_code == 302
    assert signup_of(app, "new_registrar")[1:] == ("approved", True)
    with app.app_context():
        request = db.session.get(SignupRequest, pk)
        profile = db.session.query(UserProfile).filter_by(user_id=request.user_id).one()
        assert profile.school.code == "8100201" and profile.national_id == VALID_ID
        assert [r.name for r in request.user.roles] == ["School Registrar"]
        assert db.session.query(Appointment).filter_by(order_number="55/2569").one().user_id == request.user_id
    new_user = app.test_client()
    assert "มาลัย" in web_login(new_user, "new_registrar", "secret-pass-1").get_data(as_text=True)
    assert new_user.get("/schoolview/list/").get_data(as_text=True).count("8100202") == 0


def test_rejection_reason_is_shown_at_login(fresh_app):
    app = fresh_app
    submit(app, username="rejected_one", email="r1@example.org")
    pk = signup_of(app, "rejected_one")[0]
    officer = app.test_client()
    web_login(officer, "lao_officer")
    assert officer.post(f"/signuprequestview/reject/{pk}", data={"reason": ""}).status_code == 302
    assert signup_of(app, "rejected_one")[1] == "pending"  # a rejection needs a reason
    officer.post(f"/signuprequestview/reject/{pk}", data={"reason": "คำสั่งแต่งตั้งไม่ชัดเจน"})
    assert signup_of(app, "rejected_one")[1:] == ("rejected", False)
    login = web_login(app.test_client(), "rejected_one", "secret-pass-1").get_data(as_text=True)
    assert "ไม่ได้รับการอนุมัติ เหตุผล: คำสั่งแต่งตั้งไม่ชัดเจน" in login


def test_lao_officer_application_is_approved_only_by_dla_admin(fresh_app):
    app = fresh_app
    submit(app, requested_role="lao_registration_officer", school="", username="new_officer",
           email="officer@example.org")
    pk, status, active = signup_of(app, "new_officer")
    assert (status, active) == ("pending", False)
    officer = app.test_client()
    web_login(officer, "lao_officer")
    assert officer.post(f"/signuprequestview/approve/{pk}").status_code == 403
    admin = app.test_client()
    web_login(admin, "dla_admin")
    assert admin.post(f"/signuprequestview/approve/{pk}").status_code == 302
    assert signup_of(app, "new_officer")[1:] == ("approved", True)
    with app.app_context():
        request = db.session.get(SignupRequest, pk)
        assert [r.name for r in request.user.roles] == ["LAO Registration Officer"]


def test_demo_has_one_application_waiting_for_lao_officer(demo_app, web):
    home = web("lao_officer").get("/").get_data(as_text=True)
    assert "คำขอใช้งานที่รอท่านพิจารณา" in home
    assert "คำขอใช้งานที่รอท่านพิจารณา" not in web("lao_officer_pao").get("/").get_data(as_text=True)


def test_bad_applications_are_refused_in_thai_and_nothing_is_saved(demo_app):
    app = demo_app
    with app.app_context():
        users_before = db.session.query(SignupRequest).count()
    cases = [
        ({"national_id": "1103702071839"}, "เลขประจำตัวประชาชนไม่ถูกต้อง"),
        ({"national_id": "12345"}, "ต้องเป็นตัวเลข 13 หลัก"),
        ({"order_pdf": pdf_upload("order.pdf", b"GIF89a not a pdf")}, "ไม่ใช่ไฟล์ PDF"),
        ({"order_pdf": pdf_upload("big.pdf", b"%PDF-1.4\n" + b"0" * (6 * 1024 * 1024) + b"\n%%EOF")},
         "เกินกำหนด"),
        ({"order_pdf": pdf_upload("", b"")}, "กรุณาแนบไฟล์คำสั่งแต่งตั้ง"),
        ({"username": "registrar_a"}, "ชื่อผู้ใช้นี้มีผู้ใช้แล้ว"),
        ({"school": str(ids(app)[0]["8100301"])}, "ไม่ได้สังกัด อปท. ที่เลือก"),
        ({"confirm_password": "other"}, "รหัสผ่านทั้งสองช่องไม่ตรงกัน"),
        ({"email": "not-an-email"}, "รูปแบบอีเมลไม่ถูกต้อง"),
    ]
    for overrides, message in cases:
        page = submit(app, **overrides).get_data(as_text=True)
        assert message in page, (overrides.keys(), message)
    with app.app_context():
        assert db.session.query(SignupRequest).count() == users_before
        assert app.appbuilder.sm.find_user(username="new_registrar") is None
