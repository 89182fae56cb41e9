"""Page images of the vocational documents, issued from the demo data, for docs/documents/.

    python scripts/vocational_images.py

Builds a demo database in a temporary folder, runs the graduate-report workflow for the ปวช.3
cohort of วิทยาลัยการอาชีพ อบจ.กระบี่ (registrar_voc prepares and submits, lao_officer_pao
verifies; the director approved on 31 มีนาคม 2570, the end of the cohort's last term), issues
รบ.1 ปวช. (both sides) and the ประกาศนียบัตร of the graduate who repeated a subject, the รบ.2 of
the cohort and a ใบรับรองผลการเรียน of a ปวช.2 student, and writes each page as a PNG with pdftoppm.
The LAO's check is dated 2 เมษายน 2570 and the documents 5 เมษายน 2570, after the approval.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "documents"
sys.path.insert(0, str(ROOT))

APPROVED_ON = dt.date(2027, 3, 31)
CHECKED_AT = dt.datetime(2027, 4, 2, 3, 0)  # UTC: 2 เมษายน 2570, 10:00 in Thailand
ISSUED_ON = dt.date(2027, 4, 5)


def main() -> None:
    from flask_appbuilder.security.sqla.models import User

    from lsq_core import graduate_reports
    from lsq_core.app import create_app
    from lsq_core.cli import init_database
    from lsq_core.demo import load_demo
    from lsq_core.documents import issuing
    from lsq_core.extensions import db
    from lsq_core.models import AcademicYear, School, Student
    from lsq_core.org_rules import file_store

    with tempfile.TemporaryDirectory() as tmp:
        app = create_app({"INSTANCE_PATH": tmp, "DATABASE_URL": f"sqlite:///{tmp}/demo.db",
                          "SERVER_NAME": "lsq.example.go.th", "PREFERRED_URL_SCHEME": "https"})
        with app.app_context():
            init_database()
            load_demo()
            user = lambda name: db.session.query(User).filter_by(username=name).one()  # noqa: E731
            registrar, officer = user("registrar_voc"), user("lao_officer_pao")
            college = db.session.query(School).filter_by(code="8100101").one()
            year = db.session.query(AcademicYear).filter_by(year=2569).one()
            report = graduate_reports.build(college, year, "pvc3")
            graduate_reports.submit(report, APPROVED_ON, registrar, today=ISSUED_ON)
            graduate_reports.verify(report, officer)
            report.checked_on = CHECKED_AT  # the workflow stamps the real time; the pages tell one story
            db.session.commit()
            student = lambda number: db.session.query(Student).filter_by(  # noqa: E731
                school_id=college.id, student_number=number).one()
            repeated = student("671006")  # repeated การบัญชีเบื้องต้น 1, graduated
            issued = {
                "rb1-pvc": issuing.issue("vocational.rb1_pvc", repeated, registrar, today=ISSUED_ON),
                "cert-pvc": issuing.issue("vocational.cert_pvc", repeated, registrar, today=ISSUED_ON),
                "rb2-pvc": issuing.issue_for_report("vocational.rb2", report, registrar, today=ISSUED_ON),
                "rb-results": issuing.issue("vocational.results", student("681006"), registrar, today=ISSUED_ON),
            }
            for name, document in issued.items():
                for old in OUT.glob(f"{name}-demo-*.png"):
                    old.unlink()
                subprocess.run(["pdftoppm", "-r", "110", "-png", str(file_store().path(document.file_key)),
                                str(OUT / f"{name}-demo")], check=True)
                print(name, sorted(p.name for p in OUT.glob(f"{name}-demo-*.png")))


if __name__ == "__main__":
    main()
