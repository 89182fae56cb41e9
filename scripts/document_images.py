"""Page images of the official documents, issued from the demo data, for docs/documents/.

    python scripts/document_images.py

Builds a demo database in a temporary folder, runs the ปพ.3 workflow for the ม.6 class of
โรงเรียนเทศบาล 2 คลองจิหลาด (registrar_b prepares and submits, lao_officer verifies), issues
ปพ.1 (both sides), ปพ.2, ปพ.3, ปพ.6 and ปพ.7, and writes each page as a PNG with pdftoppm.
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


def main() -> None:
    from flask_appbuilder.security.sqla.models import User

    from lsq_core import graduate_reports
    from lsq_core.app import create_app
    from lsq_core.cli import init_database
    from lsq_core.demo import load_demo
    from lsq_core.documents import issuing
    from lsq_core.extensions import db
    from lsq_core.models import AcademicYear, School
    from lsq_core.org_rules import file_store

    with tempfile.TemporaryDirectory() as tmp:
        app = create_app({"INSTANCE_PATH": tmp, "DATABASE_URL": f"sqlite:///{tmp}/demo.db",
                          "SERVER_NAME": "lsq.example.go.th", "PREFERRED_URL_SCHEME": "https"})
        with app.app_context():
            init_database()
            load_demo()
            user = lambda name: db.session.query(User).filter_by(username=name).one()  # noqa: E731
            registrar, officer = user("registrar_b"), user("lao_officer")
            school = db.session.query(School).filter_by(code="8100202").one()
            year = db.session.query(AcademicYear).filter_by(year=2569).one()
            report = graduate_reports.build(school, year, "m6")
            graduate_reports.submit(report, dt.date(2026, 3, 31), registrar, today=dt.date(2026, 4, 1))
            graduate_reports.verify(report, officer)
            student = report.entries[0].student
            issued = {
                "pp1": issuing.issue("basic_ed.pp1", student, registrar),
                "pp2-p": issuing.issue("basic_ed.pp2_p", student, registrar),
                "pp3": issuing.issue_for_report("basic_ed.pp3", report, registrar),
                "pp6": issuing.issue("basic_ed.pp6", student, registrar),
                "pp7": issuing.issue("basic_ed.pp7", student, registrar),
            }
            for name, document in issued.items():
                for old in OUT.glob(f"{name}-demo-*.png"):
                    old.unlink()
                subprocess.run(["pdftoppm", "-r", "110", "-png", str(file_store().path(document.file_key)),
                                str(OUT / f"{name}-demo")], check=True)
                print(name, sorted(p.name for p in OUT.glob(f"{name}-demo-*.png")))


if __name__ == "__main__":
    main()
