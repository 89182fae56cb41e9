"""The audit ledger: every create, update and delete of a scoped record, with who, old → new and why."""

from __future__ import annotations

from lsq_core.extensions import db
from lsq_core.models import AuditEvent, School


def events(app, **filters):
    with app.app_context():
        return [(e.action, e.actor_name, e.changes, e.reason, e.school_id)
                for e in db.session.query(AuditEvent).filter_by(**filters).order_by(AuditEvent.id)]


def test_update_through_the_screen_records_old_new_and_reason(fresh_app):
    app = fresh_app
    with app.app_context():
        school = db.session.query(School).filter_by(code="8100201").one()
        pk, authority, district = school.id, school.authority_id, school.district_id
    client = app.test_client()
    client.post("/login/", data={"username": "registrar_a", "password": "lsqdemo"})
    form = client.get(f"/schoolview/edit/{pk}")
    assert form.status_code == 200
    response = client.post(f"/schoolview/edit/{pk}", data={
        "code": "8100201", "moe_code": "3081020101", "name_th": "โรงเรียนเทศบาล 1 ตลาดเก่า",
        "authority": str(authority), "district": str(district), "phone": "075 999 999",
        "director_name": "นายใหม่ ใจดี", "education_types": ["basic"],
        "levels": ["p1", "p2", "p3", "p4", "p5", "p6", "m1", "m2", "m3"], "_reason": "ผู้อำนวยการคนใหม่"})
    assert response.status_code == 302
    updates = [e for e in events(app, table_name="lsq_school", record_id=pk) if e[0] == "update"]
    assert len(updates) == 1
    action, actor, changes, reason, school_id = updates[0]
    assert actor == "registrar_a" and reason == "ผู้อำนวยการคนใหม่" and school_id == pk
    assert changes["director_name"] == {"old": "นายประเสริฐ ศรีสุข", "new": "นายใหม่ ใจดี"}
    assert changes["phone"]["new"] == "075 999 999"
    assert "code" not in changes  # unchanged fields are not listed


def test_create_and_delete_are_recorded_and_the_ledger_outlives_the_record(fresh_app):
    app = fresh_app
    client = app.test_client()
    login = client.post("/api/v1/security/login",
                        json={"username": "dla_admin", "password": "lsqdemo", "provider": "db"})
    headers = {"Authorization": f"Bearer {login.json['access_token']}"}
    created = client.post("/api/v1/academic_year/", json={"year": 2570}, headers=headers)
    assert created.status_code == 201
    pk = created.json["id"]
    assert client.delete(f"/api/v1/academic_year/{pk}", headers={**headers, "X-LSQ-Reason": "สร้างผิด"}
                         ).status_code == 200
    recorded = events(app, table_name="lsq_academic_year", record_id=pk)
    assert [(a, actor) for a, actor, *_ in recorded] == [("create", "dla_admin"), ("delete", "dla_admin")]
    assert recorded[0][2]["year"] == {"old": None, "new": 2570}
    assert recorded[1][3] == "สร้างผิด"


def test_demo_load_is_in_the_ledger_as_the_demo_actor(demo_app):
    assert any(actor == "demo" for _, actor, *_ in events(demo_app, table_name="lsq_school"))


def test_national_ids_never_enter_the_ledger(demo_app):
    with demo_app.app_context():
        for event in db.session.query(AuditEvent).filter_by(table_name="lsq_signup_request"):
            assert "national_id" not in event.changes
