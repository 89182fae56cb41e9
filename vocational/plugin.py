"""vocational's hook implementations: the education type and the curriculum skeletons."""

from pathlib import Path

from lsq_core.plugins import hookimpl
from lsq_core.plugins.registries import Curriculum, EducationType, Level, SubjectGroup

EDUCATION_TYPE = "vocational"

LEVELS = (
    *(Level(f"pvc{n}", f"ปวช.{n}", f"Certificate year {n}", "pvc") for n in range(1, 4)),
    *(Level(f"pvs{n}", f"ปวส.{n}", f"Higher certificate year {n}", "pvs") for n in range(1, 3)),
)

# หมวดวิชา of the 2562/2563 curricula (domain/vocational.md §1.2)
SUBJECT_GROUPS = (
    SubjectGroup("core", "หมวดวิชาสมรรถนะแกนกลาง", "Core competencies"),
    SubjectGroup("voc_basic", "กลุ่มสมรรถนะวิชาชีพพื้นฐาน", "Basic vocational competencies"),
    SubjectGroup("voc_specific", "กลุ่มสมรรถนะวิชาชีพเฉพาะ", "Specific vocational competencies"),
    SubjectGroup("voc_elective", "กลุ่มสมรรถนะวิชาชีพเลือก", "Elective vocational competencies"),
    SubjectGroup("internship", "ฝึกประสบการณ์สมรรถนะวิชาชีพ", "Internship"),
    SubjectGroup("project", "โครงการพัฒนาทักษะวิชาชีพ", "Vocational project"),
    SubjectGroup("free", "หมวดวิชาเลือกเสรี", "Free electives"),
    SubjectGroup("activity", "กิจกรรมเสริมหลักสูตร", "Co-curricular activities"),
)

# 5 digits, hyphen, 4 digits since 2556; legacy 4+4 accepted for old records.
SUBJECT_CODE = r"^[23][0-9]{3,4}-[0-9]{4}$"


@hookimpl
def lsq_register_education_types(registry):
    registry.add(EducationType(
        identifier=EDUCATION_TYPE,
        name_th="อาชีวศึกษา",
        name_en="Vocational education",
        levels=LEVELS,
        learner_th="นักศึกษา",
    ))


@hookimpl
def lsq_register_curricula(registry):
    registry.add(Curriculum(
        identifier="pvc_2562",
        education_type=EDUCATION_TYPE,
        name_th="หลักสูตรประกาศนียบัตรวิชาชีพ พุทธศักราช 2562",
        name_en="Certificate in Vocational Education curriculum B.E. 2562",
        levels=("pvc1", "pvc2", "pvc3"),
        subject_groups=SUBJECT_GROUPS,
        subject_code_pattern=SUBJECT_CODE,
    ))
    registry.add(Curriculum(
        identifier="pvs_2563",
        education_type=EDUCATION_TYPE,
        name_th="หลักสูตรประกาศนียบัตรวิชาชีพชั้นสูง พุทธศักราช 2563",
        name_en="Higher Certificate in Vocational Education curriculum B.E. 2563",
        levels=("pvs1", "pvs2"),
        subject_groups=SUBJECT_GROUPS,
        subject_code_pattern=SUBJECT_CODE,
    ))


@hookimpl
def lsq_translation_dirs():
    return [str(Path(__file__).parent / "translations")]
