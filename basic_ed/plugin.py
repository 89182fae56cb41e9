"""basic_ed's hook implementations: the education type and the 2551 core curriculum skeleton."""

from pathlib import Path

from basic_ed.rules import ACTIVITY_GROUP, BASIC_SCALE, GRADUATION_RULES, check_subject
from lsq_core.plugins import hookimpl
from lsq_core.plugins.registries import Curriculum, EducationType, Level, SubjectGroup

EDUCATION_TYPE = "basic"

LEVELS = (
    Level("k1", "อ.1", "Kindergarten 1", "early_childhood"),
    Level("k2", "อ.2", "Kindergarten 2", "early_childhood"),
    Level("k3", "อ.3", "Kindergarten 3", "early_childhood"),
    *(Level(f"p{n}", f"ป.{n}", f"Primary {n}", "primary") for n in range(1, 7)),
    *(Level(f"m{n}", f"ม.{n}", f"Secondary {n}", "lower_secondary") for n in range(1, 4)),
    *(Level(f"m{n}", f"ม.{n}", f"Secondary {n}", "upper_secondary") for n in range(4, 7)),
)

# The 8 learning areas (กลุ่มสาระการเรียนรู้) and their code letters; foreign
# languages each use their own letter (domain/basic_ed.md §2.1).
LEARNING_AREAS = (
    SubjectGroup("ท", "ภาษาไทย", "Thai language"),
    SubjectGroup("ค", "คณิตศาสตร์", "Mathematics"),
    SubjectGroup("ว", "วิทยาศาสตร์และเทคโนโลยี", "Science and technology"),
    SubjectGroup("ส", "สังคมศึกษา ศาสนา และวัฒนธรรม", "Social studies, religion and culture"),
    SubjectGroup("พ", "สุขศึกษาและพลศึกษา", "Health and physical education"),
    SubjectGroup("ศ", "ศิลปะ", "Arts"),
    SubjectGroup("ง", "การงานอาชีพ", "Occupations"),
    SubjectGroup("อ", "ภาษาต่างประเทศ (ภาษาอังกฤษ)", "Foreign languages (English)"),
    SubjectGroup("จ", "ภาษาต่างประเทศ (ภาษาจีน)", "Foreign languages (Chinese)"),
    SubjectGroup("ญ", "ภาษาต่างประเทศ (ภาษาญี่ปุ่น)", "Foreign languages (Japanese)"),
)


@hookimpl
def lsq_register_education_types(registry):
    registry.add(EducationType(
        identifier=EDUCATION_TYPE,
        name_th="การศึกษาขั้นพื้นฐาน",
        name_en="Basic education",
        levels=LEVELS,
        learner_th="นักเรียน",
    ))


@hookimpl
def lsq_register_curricula(registry):
    letters = "".join(area.code for area in LEARNING_AREAS)
    registry.add(Curriculum(
        identifier="basic_2551",
        education_type=EDUCATION_TYPE,
        name_th="หลักสูตรแกนกลางการศึกษาขั้นพื้นฐาน พุทธศักราช 2551 (ฉบับปรับปรุง พ.ศ. 2560)",
        name_en="Basic Education Core Curriculum B.E. 2551 (revised 2560)",
        levels=tuple(level.code for level in LEVELS if level.stage != "early_childhood"),
        subject_groups=LEARNING_AREAS + (SubjectGroup(ACTIVITY_GROUP, "กิจกรรมพัฒนาผู้เรียน",
                                                      "Learner development activities"),),
        # letter, level 1-3, year 0-6, type 1 basic / 2 additional, 2-digit sequence
        subject_code_pattern=rf"^[{letters}][1-3][0-6][12][0-9]{{2}}$",
        subject_checker=check_subject,
    ))


@hookimpl
def lsq_register_grading_scales(registry):
    registry.add(BASIC_SCALE)


@hookimpl
def lsq_register_graduation_rules(registry):
    for rule in GRADUATION_RULES:
        registry.add(rule)


@hookimpl
def lsq_translation_dirs():
    return [str(Path(__file__).parent / "translations")]


@hookimpl
def lsq_load_demo(demo):
    from basic_ed.demo import load

    load(demo)


@hookimpl
def lsq_register_document_types(registry):
    from basic_ed.documents import DOCUMENT_TYPES

    for document_type in DOCUMENT_TYPES:
        registry.add(document_type)
