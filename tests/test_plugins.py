"""The plugin system: every hook documented and tested, throw-away plugins for each hook,
and the manager's rules (order, failures, duplicates, disabling)."""

from __future__ import annotations

import importlib.metadata
import inspect
import subprocess
import sys
import textwrap
from pathlib import Path

import click
import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from click.testing import CliRunner

from lsq_core.app import create_app
from lsq_core.plugins import hookimpl, hookspecs
from lsq_core.plugins.manager import DEFAULT_PLUGINS, LsqPlugins
from lsq_core.plugins.registries import StartupError
from tests.conftest import built_app, make_config

ROOT = Path(__file__).resolve().parent.parent
HOOKS = [name for name, fn in inspect.getmembers(hookspecs, inspect.isfunction) if name.startswith("lsq_")]


def write_plugin(folder: Path, name: str, source: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.py"
    path.write_text(textwrap.dedent(source), encoding="utf-8")
    return folder


def app_with_dropins(tmp_path, source, name="throwaway", **config):
    folder = write_plugin(tmp_path / "dropins", name, source)
    return create_app(make_config(tmp_path, f"sqlite:///{tmp_path / 'p.db'}", PLUGINS_DIR=str(folder), **config))


# --- meta-tests --------------------------------------------------------------


@pytest.mark.parametrize("hook", HOOKS)
def test_every_hookspec_is_documented(hook):
    doc = getattr(hookspecs, hook).__doc__ or ""
    assert doc.strip(), hook
    assert ":returns:" in doc and "Example::" in doc and "@hookimpl" in doc, hook
    for parameter in inspect.signature(getattr(hookspecs, hook)).parameters:
        assert f":param {parameter}:" in doc, (hook, parameter)


@pytest.mark.parametrize("hook", HOOKS)
def test_every_hookspec_has_a_test(hook):
    assert f"test_hook_{hook}" in globals(), f"write test_hook_{hook} in tests/test_plugins.py"


def test_hook_reference_in_docs_is_current():
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "hook_docs.py"), "--check"],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout
    doc = (ROOT / "docs" / "plugins.md").read_text(encoding="utf-8")
    for hook in HOOKS:
        params = ", ".join(inspect.signature(getattr(hookspecs, hook)).parameters)
        assert f"### {hook}({params})" in doc


# --- one test per hook, each with a throw-away plugin ------------------------------


def test_hook_lsq_register_education_types(tmp_path):
    app = app_with_dropins(tmp_path, """
        from lsq_core.plugins import hookimpl
        from lsq_core.plugins.registries import EducationType, Level

        @hookimpl
        def lsq_register_education_types(registry):
            registry.add(EducationType("nfe", "การศึกษานอกระบบ", "Non-formal",
                                       levels=(Level("nfe1", "กศน.ประถม", "NFE primary"),)))
    """)
    registry = app.extensions["lsq"].education_types
    assert registry.identifiers()[:2] == ["basic", "vocational"]
    assert registry["nfe"].name_th == "การศึกษานอกระบบ"
    assert registry.origins["nfe"] == "throwaway"
    assert ("nfe1", "กศน.ประถม") in registry.level_choices()


def test_hook_lsq_register_curricula(tmp_path):
    app = app_with_dropins(tmp_path, """
        from lsq_core.plugins import hookimpl
        from lsq_core.plugins.registries import Curriculum

        @hookimpl
        def lsq_register_curricula(registry):
            registry.add(Curriculum("basic_local", "basic", "หลักสูตรท้องถิ่น",
                                    subject_code_pattern=r"^ท[0-9]{5}$"))
    """)
    curricula = app.extensions["lsq"].curricula
    assert set(curricula.identifiers()) >= {"basic_2551", "pvc_2562", "pvs_2563", "basic_local"}
    assert curricula["basic_local"].subject_code_is_valid("ท21101")
    assert curricula["basic_2551"].subject_code_is_valid("ค21101")
    assert not curricula["basic_2551"].subject_code_is_valid("ค2110")
    assert curricula["pvc_2562"].subject_code_is_valid("20000-1101")
    assert curricula["pvc_2562"].subject_code_is_valid("2000-1101")  # legacy 4+4


def test_curriculum_must_name_a_registered_education_type(tmp_path):
    with pytest.raises(StartupError, match="no plugin registered"):
        app_with_dropins(tmp_path, """
            from lsq_core.plugins import hookimpl
            from lsq_core.plugins.registries import Curriculum

            @hookimpl
            def lsq_register_curricula(registry):
                registry.add(Curriculum("orphan", "martial_arts", "หลักสูตรกำพร้า"))
        """)


def test_hook_lsq_register_role_grants(demo_app):
    from lsq_core.cli import sync_permissions

    class Grants:
        @hookimpl
        def lsq_register_role_grants(self, grants):
            grants.grant("Teacher", "Appointment", ["can_read"])

    state = demo_app.extensions["lsq"]
    state.plugins.register(Grants(), name="grants-test")
    try:
        with demo_app.app_context():
            sync_permissions()
        response = demo_app.test_client().post(
            "/api/v1/security/login", json={"username": "teacher_a", "password": "lsqdemo", "provider": "db"})
        token = response.json["access_token"]
        listing = demo_app.test_client().get("/api/v1/appointment/", headers={"Authorization": f"Bearer {token}"})
        assert listing.status_code == 200
        assert listing.json["count"] == 2  # teacher_a's school only: scope still applies
    finally:
        state.plugins.unregister("grants-test")
        with demo_app.app_context():
            sync_permissions()


def test_hook_lsq_translation_dirs(tmp_path):
    catalog = Catalog(locale="th")
    catalog.add("Schools", "สถานศึกษาในสังกัด")
    mo_dir = tmp_path / "plugin_translations" / "th" / "LC_MESSAGES"
    mo_dir.mkdir(parents=True)
    with open(mo_dir / "messages.mo", "wb") as handle:
        write_mo(handle, catalog)
    folder = write_plugin(tmp_path / "dropins", "translator", f"""
        from lsq_core.plugins import hookimpl

        @hookimpl
        def lsq_translation_dirs():
            return [{str(tmp_path / "plugin_translations")!r}]
    """)
    with built_app(tmp_path, PLUGINS_DIR=str(folder)) as app:
        assert str(tmp_path / "plugin_translations") in app.config["BABEL_TRANSLATION_DIRECTORIES"]
        client = app.test_client()
        client.post("/login/", data={"username": "dla_admin", "password": "lsqdemo"})
        page = client.get("/schoolview/list/").get_data(as_text=True)
        assert "สถานศึกษาในสังกัด" in page  # the plugin's catalogue, merged after the core's


def test_hook_lsq_register_views(tmp_path):
    app = app_with_dropins(tmp_path, """
        from flask_appbuilder import BaseView, expose
        from lsq_core.plugins import hookimpl

        class HelloView(BaseView):
            route_base = "/hello"

            @expose("/")
            def hello(self):
                return "สวัสดีจากปลั๊กอิน"

        @hookimpl
        def lsq_register_views(appbuilder):
            appbuilder.add_view_no_menu(HelloView)
    """)
    assert app.test_client().get("/hello/").get_data(as_text=True) == "สวัสดีจากปลั๊กอิน"


def test_hook_lsq_register_commands():
    class Commands:
        @hookimpl
        def lsq_register_commands(self, cli):
            @cli.command("hello")
            def hello():
                click.echo("สวัสดี")

    group = click.Group("lsq")
    plugins = LsqPlugins()
    plugins.register(Commands(), name="commands-test")
    plugins.register_commands(group)
    result = CliRunner().invoke(group, ["hello"])
    assert result.exit_code == 0 and result.output.strip() == "สวัสดี"


def test_hook_lsq_app_ready(tmp_path):
    with pytest.raises(StartupError, match="MY_SETTING is required"):
        app_with_dropins(tmp_path, """
            from lsq_core.plugins import hookimpl
            from lsq_core.plugins.registries import StartupError

            @hookimpl
            def lsq_app_ready(app):
                if not app.config.get("MY_SETTING"):
                    raise StartupError("my_plugin: MY_SETTING is required")
        """)
    app = create_app(make_config(tmp_path, f"sqlite:///{tmp_path / 'q.db'}", MY_SETTING="x",
                                 PLUGINS_DIR=str(tmp_path / "dropins")))
    assert app.extensions["lsq"].plugins.pm.get_plugin("throwaway") is not None


# --- the manager's rules --------------------------------------------------------------


def test_duplicate_identifier_stops_startup_naming_both(tmp_path):
    with pytest.raises(StartupError) as caught:
        app_with_dropins(tmp_path, """
            from lsq_core.plugins import hookimpl
            from lsq_core.plugins.registries import EducationType

            @hookimpl
            def lsq_register_education_types(registry):
                registry.add(EducationType("basic", "ซ้ำ", "Duplicate"))
        """)
    message = str(caught.value)
    assert "'basic'" in message and "basic_ed.plugin" in message and "throwaway" in message


def test_a_plugin_that_fails_to_import_is_logged_and_skipped(tmp_path, caplog):
    folder = write_plugin(tmp_path / "dropins", "broken", "import module_that_does_not_exist\n")
    write_plugin(folder, "fine", """
        from lsq_core.plugins import hookimpl

        @hookimpl
        def lsq_app_ready(app):
            app.config["FINE_PLUGIN_RAN"] = True
    """)
    app = create_app(make_config(tmp_path, f"sqlite:///{tmp_path / 'p.db'}", PLUGINS_DIR=str(folder)))
    failures = app.extensions["lsq"].plugins.failures
    assert [(f.name, f.source) for f in failures] == [("broken", "drop-in")]
    assert "ModuleNotFoundError" in failures[0].error
    assert app.config["FINE_PLUGIN_RAN"] is True
    assert "broken" in caplog.text


def test_a_plugin_with_an_unknown_hook_is_skipped(tmp_path):
    app = app_with_dropins(tmp_path, """
        from lsq_core.plugins import hookimpl

        @hookimpl
        def lsq_no_such_hook():
            return 1
    """)
    plugins = app.extensions["lsq"].plugins
    assert plugins.pm.get_plugin("throwaway") is None
    assert "lsq_no_such_hook" in plugins.failures[0].error


def test_entry_points_load_in_tree_plugins_first(monkeypatch):
    real = importlib.metadata.entry_points(group="lsq.plugins")
    assert {ep.name for ep in real} >= set(DEFAULT_PLUGINS)  # installed like a third party's
    fake = importlib.metadata.EntryPoint("aaa_third_party", "tests.plugin_fixtures.third_party",
                                         "lsq.plugins")
    broken = importlib.metadata.EntryPoint("zzz_broken", "tests.plugin_fixtures.does_not_exist",
                                           "lsq.plugins")
    monkeypatch.setattr(importlib.metadata, "entry_points",
                        lambda group=None: [fake, broken, *real] if group == "lsq.plugins" else [])
    plugins = LsqPlugins().load()
    names = [info.name for info in plugins.plugins()]
    assert names[:3] == ["basic_ed", "vocational", "aaa_third_party"]
    assert [f.name for f in plugins.failures] == ["zzz_broken"]
    assert "nfe_fixture" in plugins.register_education_types()


def test_disabled_plugins_are_not_loaded(tmp_path):
    app = create_app(make_config(tmp_path, f"sqlite:///{tmp_path / 'p.db'}", DISABLED_PLUGINS=["vocational"]))
    assert app.extensions["lsq"].education_types.identifiers() == ["basic"]


def test_lsq_plugins_command_lists_contributions(demo_app):
    result = demo_app.test_cli_runner().invoke(args=["plugins"])
    from lsq_core.cli import plugins_command

    result = demo_app.test_cli_runner().invoke(plugins_command)
    assert result.exit_code == 0, result.output
    assert "basic_ed" in result.output and "education types: basic" in result.output
    assert "curricula: pvc_2562, pvs_2563" in result.output
    assert "example_notice" in result.output


def test_hook_lsq_register_grading_scales(tmp_path):
    app = app_with_dropins(tmp_path, """
        from decimal import Decimal
        from lsq_core.grading import Band, GradingScale, Letter
        from lsq_core.plugins import hookimpl
        from lsq_core.plugins.registries import EducationType

        @hookimpl
        def lsq_register_education_types(registry):
            registry.add(EducationType("nfe", "การศึกษานอกระบบ", "Non-formal"))

        @hookimpl
        def lsq_register_grading_scales(registry):
            registry.add(GradingScale(
                identifier="nfe_pass_fail", education_type="nfe", name_th="ผ่าน/ไม่ผ่าน",
                bands=(Band(Decimal(50), "1", "ผ่าน"), Band(Decimal(0), "0", "ไม่ผ่าน")),
                letters=(Letter("ข", "ขาดสอบ", pending=True),)))
    """)
    scales = app.extensions["lsq"].grading_scales
    assert scales.identifiers()[0] == "basic_2551"  # in-tree plugins first
    scale = scales.for_education_type("nfe")
    assert scale.grade_for_score(50, {}) == "1" and scale.grade_for_score(49, {}) == "0"
    assert scale.allowed_grades("basic") == ["1", "0", "ข"]


def test_hook_lsq_register_graduation_rules(tmp_path):
    app = app_with_dropins(tmp_path, """
        from dataclasses import dataclass
        from lsq_core.graduation import GraduationRule
        from lsq_core.plugins import hookimpl

        @dataclass(frozen=True)
        class NfeRule(GraduationRule):
            def check(self, summary):
                return ["ยังไม่ได้สอบ N-NET"] + super().check(summary)

        @hookimpl
        def lsq_register_graduation_rules(registry):
            registry.add(NfeRule("nfe_end", levels=("nfe3",), stage_levels=("nfe1", "nfe2", "nfe3")))
    """)
    from lsq_core.graduation import StudentSummary

    rules = app.extensions["lsq"].graduation_rules
    assert rules.for_level("m3").identifier == "basic_m3"
    reasons = rules.for_level("nfe3").check(StudentSummary(student_id=1, level="nfe3", rtw="pass",
                                                           activities_missing=True,
                                                           characteristics="good"))
    assert reasons == ["ยังไม่ได้สอบ N-NET", "ยังไม่มีผลการประเมินกิจกรรมพัฒนาผู้เรียน"]


def test_hook_lsq_load_demo(tmp_path):
    folder = write_plugin(tmp_path / "dropins", "demo_extra", """
        from lsq_core.models import Subject
        from lsq_core.plugins import hookimpl

        @hookimpl
        def lsq_load_demo(demo):
            school = demo.schools["8100301"]
            demo.session.add(Subject(school=school, curriculum="basic_2551", code="ท16201",
                                     name_th="ภาษาไทยเพิ่มเติม (ปลั๊กอิน)", group="ท", kind="additional", hours=40))
    """)
    with built_app(tmp_path, PLUGINS_DIR=str(folder)) as app:
        from lsq_core.extensions import db
        from lsq_core.models import Student, Subject

        with app.app_context():
            assert db.session.query(Subject).filter_by(code="ท16201").one().name_th.endswith("(ปลั๊กอิน)")
            assert db.session.query(Student).filter_by(education_type="basic").count() == 300  # basic_ed's demo ran too


def test_hook_lsq_register_document_types(tmp_path):
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "conduct.html").write_text(
        "<html><head><style>{{ font_css }} body { font-family: Sarabun; }</style></head>"
        "<body><p>หนังสือรับรองความประพฤติ {{ student.full_name() }}</p></body></html>", encoding="utf-8")
    folder = write_plugin(tmp_path / "dropins", "conduct", f"""
        from pathlib import Path
        from lsq_core.documents.base import DocumentType
        from lsq_core.plugins import hookimpl

        @hookimpl
        def lsq_register_document_types(registry):
            registry.add(DocumentType(identifier="conduct.letter", name_th="หนังสือรับรองความประพฤติ",
                                      template="conduct.html", template_dir=Path({str(tmp_path / "templates")!r})))
    """)
    with built_app(tmp_path, PLUGINS_DIR=str(folder)) as app:
        types = app.extensions["lsq"].document_types
        assert types.identifiers()[:1] == ["basic_ed.pp1"] and "conduct.letter" in types
        client = app.test_client()
        token = client.post("/api/v1/security/login", json={"username": "registrar_c", "password": "lsqdemo",
                                                           "provider": "db"}).json["access_token"]
        from lsq_core.extensions import db
        from lsq_core.models import School, Student

        with app.app_context():
            student = db.session.query(Student).join(School).filter(School.code == "8100301").first().id
        issued = client.post("/api/v1/document/", json={"type": "conduct.letter", "student_id": student},
                             headers={"Authorization": f"Bearer {token}"})
        assert issued.status_code == 201, issued.json
        assert issued.json["serial"] is None  # not a controlled form


def test_hook_lsq_render_pdf(tmp_path):
    """A site's engine answers for the pages it wants; every other page falls through to xhtml2pdf."""
    (tmp_path / "templates").mkdir()
    for name, text in (("other.html", "ใบรับรอง"), ("mine.html", "SITE-ENGINE")):
        (tmp_path / "templates" / name).write_text(f"<html><body><p>{text}</p></body></html>", encoding="utf-8")
    folder = write_plugin(tmp_path / "dropins", "engine", """
        from lsq_core.plugins import hookimpl

        @hookimpl
        def lsq_render_pdf(html, template_dir):
            return b"%PDF-site-engine" if "SITE-ENGINE" in html else None
    """)
    from lsq_core.documents.engine import render_pdf

    with built_app(tmp_path, demo=False, PLUGINS_DIR=str(folder)) as app, app.app_context():
        assert render_pdf(tmp_path / "templates", "mine.html", {}) == b"%PDF-site-engine"
        built_in = render_pdf(tmp_path / "templates", "other.html", {})
        assert built_in.startswith(b"%PDF-1.") and b"site-engine" not in built_in


def test_hook_lsq_register_exporters(tmp_path):
    """A plugin's exporter joins the core's (which come through the same hook, first) and runs."""
    app = app_with_dropins(tmp_path, """
        from lsq_core.exports import Exporter, Option, table_bytes
        from lsq_core.plugins import hookimpl

        class Codes(Exporter):
            def export(self, session, schools, options):
                kind, case = self.kind(options), self.option(options, "case")
                rows = [[s.code.upper() if case == "upper" else s.code] for s in schools]
                return f"codes.{kind}", table_bytes(kind, "รหัส", ["รหัสสถานศึกษา"], rows)

        @hookimpl
        def lsq_register_exporters(registry):
            registry.add(Codes(identifier="throwaway.codes", name_th="รหัสสถานศึกษา", kinds=("csv",),
                               options=(Option("case", "ตัวพิมพ์", (("upper", "ใหญ่"), ("lower", "เล็ก")), "lower"),)))
    """)
    exporters = app.extensions["lsq"].exporters
    assert exporters.identifiers()[0] == "lsq.gpax" and exporters.identifiers()[-1] == "throwaway.codes"
    assert exporters.origins["throwaway.codes"] == "throwaway"

    class FakeSchool:
        code, education_type_list = "8100201", ["basic"]

    with app.app_context():
        from lsq_core.exports import ExportError, run

        name, data = run("throwaway.codes", None, [FakeSchool()], {"case": "upper"})
        assert name == "codes.csv" and data.decode("utf-8-sig").splitlines() == ["รหัสสถานศึกษา", "8100201"]
        with pytest.raises(ExportError, match="ต้องเป็น upper, lower"):
            run("throwaway.codes", None, [FakeSchool()], {"case": "title"})


def test_a_second_exporter_with_the_same_identifier_stops_startup(tmp_path):
    with pytest.raises(StartupError, match="Duplicate exporter identifier 'lsq.gpax'"):
        app_with_dropins(tmp_path, """
            from lsq_core.exports import Exporter
            from lsq_core.plugins import hookimpl

            class Same(Exporter):
                def export(self, session, schools, options):
                    return "same.csv", b""

            @hookimpl
            def lsq_register_exporters(registry):
                registry.add(Same(identifier="lsq.gpax", name_th="ซ้ำ"))
        """)
