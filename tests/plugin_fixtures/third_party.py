"""A plugin as a third party would ship it, found through a (faked) entry point."""

from lsq_core.plugins import hookimpl
from lsq_core.plugins.registries import EducationType


@hookimpl
def lsq_register_education_types(registry):
    registry.add(EducationType("nfe_fixture", "การศึกษานอกระบบ (ทดสอบ)", "Non-formal (fixture)"))
