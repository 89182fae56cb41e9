"""vocational's hook implementations: the education type, the curricula, grading and graduation."""

from pathlib import Path

from lsq_core.plugins import hookimpl
from lsq_core.plugins.registries import Curriculum, EducationType, Level
from vocational.rules import (
    GRADUATION_RULES, GROUPS_2562, GROUPS_2567, GROUPS_LEGACY, MINIMUMS_PVC_2562, MINIMUMS_PVC_2567,
    MINIMUMS_PVS_2563, PVC, PVS, STANDARD_ASSESSMENT, VOCATIONAL_SCALE, check_subject,
)

EDUCATION_TYPE = "vocational"

LEVELS = (
    *(Level(f"pvc{n}", f"ปวช.{n}", f"Certificate year {n}", "pvc") for n in range(1, 4)),
    *(Level(f"pvs{n}", f"ปวส.{n}", f"Higher certificate year {n}", "pvs") for n in range(1, 3)),
)

# 5 digits, hyphen, 4 digits since 2556 (2 = ปวช., 3 = ปวส.); legacy 4 + 4 digits for old records
CODE_PVC = r"^2[0-9]{3,4}-[0-9]{4}$"  # the legacy 4 + 4 of transferred records too
CODE_PVS = r"^3[0-9]{3,4}-[0-9]{4}$"
CODE_PVC_LEGACY = r"^2[0-9]{3}-[0-9]{4}$"
CODE_PVS_LEGACY = r"^3[0-9]{3}-[0-9]{4}$"

CERTIFICATE = "หลักสูตรประกาศนียบัตรวิชาชีพ"
HIGHER = "หลักสูตรประกาศนียบัตรวิชาชีพชั้นสูง"
CURRICULA = (
    Curriculum("pvc_2562", EDUCATION_TYPE, f"{CERTIFICATE} พุทธศักราช 2562",
               "Certificate in Vocational Education curriculum B.E. 2562", PVC, GROUPS_2562, CODE_PVC,
               check_subject, MINIMUMS_PVC_2562),
    Curriculum("pvs_2563", EDUCATION_TYPE, f"{HIGHER} พุทธศักราช 2563",
               "Higher Certificate in Vocational Education curriculum B.E. 2563", PVS, GROUPS_2562, CODE_PVS,
               check_subject, MINIMUMS_PVS_2563),
    Curriculum("pvc_2567", EDUCATION_TYPE, f"{CERTIFICATE} พุทธศักราช 2567",
               "Certificate in Vocational Education curriculum B.E. 2567", PVC, GROUPS_2567, CODE_PVC,
               check_subject, MINIMUMS_PVC_2567),
    # older curricula: their students' records are kept and printed, no graduation minima known
    Curriculum("pvc_2556", EDUCATION_TYPE, f"{CERTIFICATE} พุทธศักราช 2556",
               "Certificate curriculum B.E. 2556", PVC, GROUPS_LEGACY, CODE_PVC, check_subject, legacy=True),
    Curriculum("pvs_2557", EDUCATION_TYPE, f"{HIGHER} พุทธศักราช 2557",
               "Higher Certificate curriculum B.E. 2557", PVS, GROUPS_LEGACY, CODE_PVS, check_subject, legacy=True),
    Curriculum("pvc_2545", EDUCATION_TYPE, f"{CERTIFICATE} พุทธศักราช 2545",
               "Certificate curriculum B.E. 2545", PVC, GROUPS_LEGACY, CODE_PVC_LEGACY, check_subject, legacy=True),
    Curriculum("pvs_2546", EDUCATION_TYPE, f"{HIGHER} พุทธศักราช 2546",
               "Higher Certificate curriculum B.E. 2546", PVS, GROUPS_LEGACY, CODE_PVS_LEGACY, check_subject,
               legacy=True),
)


@hookimpl
def lsq_register_education_types(registry):
    registry.add(EducationType(
        identifier=EDUCATION_TYPE,
        name_th="อาชีวศึกษา",
        name_en="Vocational education",
        levels=LEVELS,
        learner_th="นักศึกษา",
        screen_words=(("ปพ.3", "รบ.2"), ("ปพ.1", "รบ.1")),
        subject_kinds=(("basic", "รายวิชาบังคับ"), ("additional", "รายวิชาเลือก"),
                       ("activity", "กิจกรรมเสริมหลักสูตร")),
        assessments=(STANDARD_ASSESSMENT,),
    ))


@hookimpl
def lsq_register_curricula(registry):
    for curriculum in CURRICULA:
        registry.add(curriculum)


@hookimpl
def lsq_register_grading_scales(registry):
    registry.add(VOCATIONAL_SCALE)


@hookimpl
def lsq_register_graduation_rules(registry):
    for rule in GRADUATION_RULES:
        registry.add(rule)


@hookimpl
def lsq_translation_dirs():
    return [str(Path(__file__).parent / "translations")]


@hookimpl
def lsq_register_views(appbuilder):
    from vocational.views import WithdrawalApi

    appbuilder.add_api(WithdrawalApi)


@hookimpl
def lsq_load_demo(demo):
    from vocational.demo import load

    load(demo)


@hookimpl
def lsq_register_commands(cli):
    import datetime as dt

    import click
    from flask.cli import with_appcontext

    @cli.command("expire-incompletes")
    @click.option("--school", "school_code", required=True, help="the college's code (School.code)")
    @click.option("--date", "on", default=None, help="the day to judge by, YYYY-MM-DD (default: today)")
    @with_appcontext
    def expire_incompletes_command(school_code, on):
        """ม.ส. past its make-up deadline becomes ม.ท. (run daily, or by hand)."""
        from lsq_core.extensions import db
        from lsq_core.models import School
        from vocational.actions import expire_incompletes

        school = db.session.query(School).filter_by(code=school_code).one_or_none()
        if school is None:
            raise click.ClickException(f"ไม่พบสถานศึกษารหัส {school_code}")
        today = dt.date.fromisoformat(on) if on else dt.date.today()
        changed = expire_incompletes(db.session, school, today)
        db.session.commit()
        for result in changed:
            click.echo(f"{result.student.student_number} {result.subject.code}: ม.ส. → ม.ท.")
        click.echo(f"เปลี่ยน ม.ส. เป็น ม.ท. {len(changed)} รายการ")


@hookimpl
def lsq_register_document_types(registry):
    from vocational.documents import DOCUMENT_TYPES

    for document_type in DOCUMENT_TYPES:
        registry.add(document_type)
