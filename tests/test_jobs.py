"""Background jobs: a classroom's documents in bulk, in-process and through a real Celery worker on Redis."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
import time
import uuid
import zipfile

import pytest

from lsq_core.extensions import db
from lsq_core.models import AcademicYear, Classroom, Enrollment, IssuedDocument, Job, School, Student
from tests.conftest import Api, built_app

pytestmark = pytest.mark.skipif(shutil.which("pdfinfo") is None, reason="poppler-utils not installed")
REDIS = os.environ.get("LSQ_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


def classroom_of(app, school_code, level, year=2569):
    with app.app_context():
        classroom = (db.session.query(Classroom).join(AcademicYear).join(School)
                     .filter(School.code == school_code, Classroom.level == level, AcademicYear.year == year).one())
        students = (db.session.query(Student.student_number).join(Enrollment)
                    .filter(Enrollment.classroom_id == classroom.id, Student.status.in_(("studying", "graduated")))
                    .order_by(Enrollment.number).all())
        return classroom.id, [number for (number,) in students]


def wait_for(client, status_url, timeout=240):
    deadline = time.monotonic() + timeout
    while True:
        answer = client.get(status_url)
        assert answer.status_code == 200, answer.get_data(as_text=True)
        if answer.json["status"] in ("done", "failed"):
            return answer.json
        assert time.monotonic() < deadline, answer.json
        time.sleep(0.3)


def pages(data: bytes) -> int:
    info = subprocess.run(["pdfinfo", "-"], input=data, capture_output=True, check=True).stdout.decode()
    return int(next(line for line in info.splitlines() if line.startswith("Pages:")).split()[-1])


def counts(app):
    with app.app_context():
        return db.session.query(Job).count(), db.session.query(IssuedDocument).count()


def test_a_classroom_s_documents_in_the_background(demo_app, api):
    classroom_id, numbers = classroom_of(demo_app, "8100202", "m1")
    client = api("registrar_b")
    started = client.post("/api/v1/job/", json={"kind": "bulk_documents", "type": "basic_ed.pp7",
                                                "classroom_id": classroom_id})
    assert started.status_code == 202, started.json
    assert started.json["status_url"] == f"/api/v1/job/{started.json['id']}"
    answer = wait_for(client, started.json["status_url"])
    assert answer["status"] == "done", answer["message"]
    assert (answer["done"], answer["total"]) == (len(numbers), len(numbers))
    assert answer["message"] == f"ออกใบรับรองผลการศึกษา (ปพ.7) แล้ว {len(numbers)} ฉบับ"
    assert set(answer["files"]) == {"pdf", "zip"}

    with demo_app.app_context():
        job = db.session.get(Job, answer["id"])
        documents = [db.session.get(IssuedDocument, pk) for pk in job.result["documents"]]
        assert [d.student.student_number for d in documents] == numbers
        serials = [d.serial_number for d in documents]
        assert serials == list(range(serials[0], serials[0] + len(numbers)))  # consecutive, one each
        one = client.get(f"/api/v1/document/{documents[0].id}/pdf").data
    merged = client.get(answer["files"]["pdf"])
    assert merged.status_code == 200 and merged.data.startswith(b"%PDF-")
    assert pages(merged.data) == len(numbers) * pages(one)
    bundle = client.get(answer["files"]["zip"])
    assert bundle.status_code == 200
    with zipfile.ZipFile(io.BytesIO(bundle.data)) as archive:
        assert sorted(archive.namelist()) == sorted(f"{n}.pdf" for n in numbers)
        assert archive.read(f"{numbers[0]}.pdf") == one  # the single file is the issued one, unchanged


def test_an_ineligible_student_stops_the_job_before_anything_is_issued(demo_app, api):
    classroom_id, numbers = classroom_of(demo_app, "8100202", "m3")
    client = api("registrar_b")
    before = counts(demo_app)
    refused = client.post("/api/v1/job/", json={"kind": "bulk_documents", "type": "basic_ed.pp2_b",
                                                "classroom_id": classroom_id})
    assert refused.status_code == 422
    messages = refused.json["message"]["student_ids"]
    assert messages[0].startswith(f"ยังไม่ได้ออกเอกสารฉบับใด: นักเรียน {len(numbers)} คนไม่มีสิทธิ์")
    assert any(m.startswith(numbers[0]) and "ยังไม่ได้รับอนุมัติให้สำเร็จการศึกษา" in m for m in messages[1:])
    unknown = client.post("/api/v1/job/", json={"kind": "bulk_documents", "type": "basic_ed.nothing",
                                               "classroom_id": classroom_id})
    assert unknown.status_code == 422 and "ไม่รู้จักเอกสาร" in unknown.json["message"]["type"][0]
    no_kind = client.post("/api/v1/job/", json={"kind": "nothing"})
    assert no_kind.status_code == 422 and "ไม่รู้จักงาน" in no_kind.json["message"]["kind"][0]
    assert counts(demo_app) == before


def test_a_failure_half_way_names_the_student_and_offers_no_files(demo_app, api, tmp_path):
    from lsq_core.documents.base import DocumentType

    (tmp_path / "broken.html").write_text("<html><body>{{ no_such_value }}</body></html>")
    registry = demo_app.extensions["lsq"].document_types
    registry.add(DocumentType("test.broken", "เอกสารทดสอบ", controlled_serial=True, template="broken.html",
                              template_dir=tmp_path))
    classroom_id, numbers = classroom_of(demo_app, "8100202", "m4")
    client = api("registrar_b")
    try:
        started = client.post("/api/v1/job/", json={"kind": "bulk_documents", "type": "test.broken",
                                                    "classroom_id": classroom_id})
        assert started.status_code == 202
        answer = wait_for(client, started.json["status_url"])
    finally:
        registry._items.pop("test.broken")
        registry.origins.pop("test.broken")
    assert answer["status"] == "failed" and answer["files"] == {}
    assert answer["message"].startswith(f"ออกเอกสารทดสอบให้ {numbers[0]} ") and "no_such_value" in answer["message"]
    assert "ออกไปแล้ว 0 ฉบับ" in answer["message"]
    assert client.get(f"/api/v1/job/{answer['id']}/pdf").status_code == 404
    with demo_app.app_context():
        assert db.session.query(IssuedDocument).filter_by(document_type="test.broken").count() == 0


def test_jobs_follow_scope_and_roles(demo_app, api, web):
    classroom_id, _ = classroom_of(demo_app, "8100202", "m5")
    body = {"kind": "bulk_documents", "type": "basic_ed.pp7", "classroom_id": classroom_id}
    before = counts(demo_app)
    assert api("registrar_a").post("/api/v1/job/", json=body).status_code == 404
    assert api("lao_officer").post("/api/v1/job/", json=body).status_code == 403
    assert api("teacher_a").post("/api/v1/job/", json=body).status_code == 403
    assert counts(demo_app) == before
    started = api("registrar_b").post("/api/v1/job/", json=body)
    assert started.status_code == 202
    pk = started.json["id"]
    wait_for(api("registrar_b"), started.json["status_url"])
    for user, expected in (("registrar_b", 200), ("dla_admin", 200), ("lao_officer", 200),
                           ("krabi_province", 200), ("registrar_a", 404), ("lao_officer_pao", 404),
                           ("registrar_c", 404), ("teacher_a", 403)):
        assert api(user).get(f"/api/v1/job/{pk}").status_code == expected, user
        assert api(user).get(f"/api/v1/job/{pk}/zip").status_code == expected, user
    listing = api("registrar_a").get("/api/v1/job/").json
    assert pk not in listing["ids"]
    assert pk in api("registrar_b").get("/api/v1/job/").json["ids"]
    assert web("registrar_a").get(f"/jobview/progress/{pk}").status_code == 404
    assert web("registrar_a").get(f"/jobview/status/{pk}").status_code == 404
    assert web("registrar_a").get(f"/jobview/file/{pk}/pdf").status_code == 404
    assert web("lao_officer").get(f"/jobview/file/{pk}/pdf").status_code == 200
    page = web("registrar_b").get(f"/jobview/progress/{pk}").get_data(as_text=True)
    assert "ใบรับรองผลการศึกษา (ปพ.7)" in page and "100%" in page


def test_bulk_form_on_screen(demo_app, web):
    classroom_id, numbers = classroom_of(demo_app, "8100202", "m6")
    registrar = web("registrar_b")
    form = registrar.get("/jobview/bulk").get_data(as_text=True)
    assert "ใบรับรองผลการศึกษา (ปพ.7)" in form and "ม.6/1 (2569)" in form
    assert "โรงเรียนเทศบาล 1" not in form  # only the registrar's own classrooms
    refused = registrar.post("/jobview/bulk", data={"classroom_id": classroom_id, "type": "basic_ed.pp2_p",
                                                   "graduated_only": ""}, follow_redirects=True)
    assert "ยังไม่ได้ออกเอกสารฉบับใด" in refused.get_data(as_text=True)
    assert web("lao_officer").get("/jobview/bulk").status_code in (302, 403)
    other, _ = classroom_of(demo_app, "8100201", "m1")
    assert registrar.post("/jobview/bulk", data={"classroom_id": other, "type": "basic_ed.pp7"}).status_code == 404


WORKERS = {
    "celery": [sys.executable, "-m", "celery", "-A", "lsq_core.celery_worker", "worker", "--pool=solo",
               "--concurrency=1", "--without-gossip", "--without-mingle", "--without-heartbeat", "--loglevel=INFO"],
    "lsq worker": [sys.executable, "-c", "from lsq_core.cli import main; main()", "worker", "--pool", "solo",
                   "--concurrency", "1"],
}


@pytest.mark.parametrize("command", list(WORKERS))
def test_a_real_celery_worker_runs_the_job_from_redis(tmp_path, command):
    redis = pytest.importorskip("redis")
    try:
        redis.Redis.from_url(REDIS).ping()
    except Exception:  # noqa: BLE001
        pytest.skip(f"no Redis at {REDIS}")
    queue = f"lsq-test-{uuid.uuid4().hex[:8]}"
    with built_app(tmp_path, BROKER_URL=REDIS, JOB_QUEUE=queue) as app:
        classroom_id, numbers = classroom_of(app, "8100201", "p5")
        client = Api(app.test_client(), "registrar_a")
        started = client.post("/api/v1/job/", json={"kind": "bulk_documents", "type": "basic_ed.pp7",
                                                    "classroom_id": classroom_id})
        assert started.status_code == 202, started.json
        time.sleep(1)
        assert client.get(started.json["status_url"]).json["status"] == "queued"  # nothing runs in-process
        env = {**os.environ, "LSQ_DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
               "LSQ_INSTANCE_PATH": app.config["INSTANCE_PATH"], "LSQ_FILES_DIR": app.config["FILES_DIR"],
               "LSQ_SECRET_KEY": app.config["SECRET_KEY"], "LSQ_BROKER_URL": REDIS, "LSQ_JOB_QUEUE": queue}
        log = open(tmp_path / "worker.log", "w")
        argv = WORKERS[command] + (["-Q", queue] if command == "celery" else [])  # lsq worker reads LSQ_JOB_QUEUE
        worker = subprocess.Popen(argv, env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            answer = wait_for(client, started.json["status_url"])
        finally:
            worker.terminate()
            worker.wait(timeout=30)
            log.close()
        output = (tmp_path / "worker.log").read_text()
        assert answer["status"] == "done", (answer, output[-3000:])
        assert "Task lsq.run_job[" in output and "succeeded" in output, output[-3000:]
        assert answer["done"] == len(numbers)
        with zipfile.ZipFile(io.BytesIO(client.get(answer["files"]["zip"]).data)) as archive:
            assert sorted(archive.namelist()) == sorted(f"{n}.pdf" for n in numbers)
