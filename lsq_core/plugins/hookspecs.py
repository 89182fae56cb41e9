"""Every LSQ hook, in one place.

Each hook is called with keyword arguments only. An implementation may accept
fewer arguments than the spec lists (pluggy passes only those it names), so
specs can grow without breaking plugins. Results of non-firstresult hooks come
back as a list, last-registered plugin first.

The "Example" block of each docstring is checked by tests/test_hookspecs.py to
exist; the hook reference in docs/plugins.md is generated from these docstrings.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pluggy

from lsq_core.plugins import NAME

if TYPE_CHECKING:  # pragma: no cover
    from pathlib import Path

    import click
    from flask import Flask
    from flask_appbuilder import AppBuilder

    from lsq_core.plugins.registries import (
        CurriculumRegistry, DocumentTypeRegistry, EducationTypeRegistry, ExporterRegistry, GradingScaleRegistry,
        GraduationRuleRegistry, RoleGrants,
    )

hookspec = pluggy.HookspecMarker(NAME)


# --- start-up: what a plugin contributes ------------------------------------


@hookspec
def lsq_register_education_types(registry: "EducationTypeRegistry") -> None:
    """Add the kinds of programme this plugin serves (basic, vocational, ...).

    Called once per application, while the app is being built. A second
    education type with an identifier already registered stops start-up.

    :param registry: call ``registry.add(EducationType(...))`` for each type.
    :returns: nothing; contribute through the registry.

    Example::

        @hookimpl
        def lsq_register_education_types(registry):
            registry.add(EducationType(
                identifier="basic", name_th="การศึกษาขั้นพื้นฐาน",
                name_en="Basic education",
                levels=(Level("p1", "ป.1", "Grade 1"),)))
    """


@hookspec
def lsq_register_curricula(registry: "CurriculumRegistry") -> None:
    """Add curriculum definitions: levels served, learning areas or subject
    groups, and the subject-code rule.

    Called once per application after every education type is registered, so a
    curriculum may name any registered education type.

    :param registry: call ``registry.add(Curriculum(...))`` for each curriculum.
    :returns: nothing; contribute through the registry.

    Example::

        @hookimpl
        def lsq_register_curricula(registry):
            registry.add(Curriculum(
                identifier="basic_2551", education_type="basic",
                name_th="หลักสูตรแกนกลางการศึกษาขั้นพื้นฐาน พ.ศ. 2551",
                subject_groups=(SubjectGroup("ท", "ภาษาไทย"),),
                subject_code_pattern=r"^[ก-ฮ][1-3][0-9]{4}$"))
    """


@hookspec
def lsq_register_grading_scales(registry: "GradingScaleRegistry") -> None:
    """Add grading scales: score → grade, the letter results, what each counts for.

    Called once per application. A scale is an ``lsq_core.grading.GradingScale``
    for one education type; its ``default_policy`` holds the defaults of the rules
    the sources leave open, which a school may override in its settings.

    :param registry: call ``registry.add(GradingScale(...))``.
    :returns: nothing; contribute through the registry.

    Example::

        @hookimpl
        def lsq_register_grading_scales(registry):
            registry.add(GradingScale(
                identifier="basic_2551", education_type="basic", name_th="ระดับผลการเรียน 8 ระดับ",
                bands=(Band(Decimal(80), "4", "ดีเยี่ยม"), Band(Decimal(0), "0", "ต่ำกว่าเกณฑ์")),
                letters=(Letter("ร", "รอการตัดสิน", pending=True),)))
    """


@hookspec
def lsq_register_graduation_rules(registry: "GraduationRuleRegistry") -> None:
    """Add graduation rules: for the levels a rule serves, every unmet criterion in Thai.

    Called once per application. A rule is an ``lsq_core.graduation.GraduationRule``
    with ``levels`` (the finishing levels it checks, e.g. ``("m3",)``) and
    ``check(summary) -> list[str]``, the reasons a student is not yet eligible
    (an empty list means eligible).

    :param registry: call ``registry.add(rule)``.
    :returns: nothing; contribute through the registry.

    Example::

        @hookimpl
        def lsq_register_graduation_rules(registry):
            registry.add(CreditRule(identifier="basic_m3", levels=("m3",),
                                    basic_credits=Decimal(66), additional_credits=Decimal(11)))
    """


@hookspec
def lsq_register_document_types(registry: "DocumentTypeRegistry") -> None:
    """Add official document types (ปพ.1, ปพ.7, รบ.1 …) that the platform numbers, renders,
    keeps and verifies.

    Called once per application. A type is an ``lsq_core.documents.base.DocumentType``
    (or a subclass overriding ``context``) with an identifier ``"<plugin>.<form>"``, its
    Thai name, the roles that may issue it, whether it takes a controlled serial, and its
    Jinja2 template (rendered by lsq_core.documents.engine with correct Thai).

    :param registry: call ``registry.add(DocumentType(...))``.
    :returns: nothing; contribute through the registry.

    Example::

        @hookimpl
        def lsq_register_document_types(registry):
            registry.add(DocumentType(identifier="my_plugin.conduct", name_th="หนังสือรับรองความประพฤติ",
                                      template="conduct.html", template_dir=Path(__file__).parent / "templates"))
    """


@hookspec
def lsq_register_exporters(registry: "ExporterRegistry") -> None:
    """Add exporters: files a user may download for the schools in their scope (the GPAX file for
    university admission, the Ministry's GPA file, lists of students and results …).

    Called once per application. An exporter is an ``lsq_core.exports.Exporter`` (or a subclass)
    with an identifier, a Thai name, the file kinds it writes (``"csv"``, ``"xlsx"``, ``"txt"``)
    and one method ``export(session, schools, options) -> (filename, bytes)``. The core's own
    exporters come through this same hook (lsq_core.exports.default). The screen, the REST
    endpoint ``GET /api/v1/export/<identifier>`` and ``lsq export run`` check scope before
    calling it, so an exporter reads only the schools it is handed.

    :param registry: call ``registry.add(MyExporter())``.
    :returns: nothing; contribute through the registry.

    Example::

        @hookimpl
        def lsq_register_exporters(registry):
            registry.add(ClassListExporter(identifier="my_plugin.class_list", name_th="รายชื่อนักเรียนตามห้อง",
                                           kinds=("csv",)))
    """


@hookspec(firstresult=True)
def lsq_render_pdf(html: str, template_dir: "Path") -> bytes | None:
    """Render a document's HTML to PDF with another engine than the built-in xhtml2pdf.

    Called for every document rendered, with the HTML its Jinja2 template produced
    (values escaped, Thai not yet shaped) and the template's folder, the only folder
    besides the font folder that the page may read. The first plugin that returns
    bytes wins; return None to leave the document to the next plugin or the built-in
    engine. A replacement engine must keep the three Thai properties
    (docs/thai-pdf-spike.md): shaped marks, a text layer equal to the source, and
    wrapping at word boundaries.

    :param html: the page, a whole HTML document.
    :param template_dir: the folder its relative resources come from.
    :returns: the PDF bytes, or None.

    Example::

        @hookimpl
        def lsq_render_pdf(html, template_dir):
            if os.environ.get("MY_SITE_ENGINE") == "weasyprint":
                return weasyprint.HTML(string=html, base_url=str(template_dir)).write_pdf()
            return None
    """


@hookspec
def lsq_register_role_grants(grants: "RoleGrants") -> None:
    """Grant the permissions of a plugin's own screens and APIs to LSQ's roles.

    Called by ``lsq init`` when it writes the roles. Roles themselves are
    defined in lsq_core.security.roles; plugins only add to them.

    :param grants: call ``grants.grant(role_name, view_name, permissions)``.
    :returns: nothing.

    Example::

        @hookimpl
        def lsq_register_role_grants(grants):
            grants.grant("School Registrar", "StudentView",
                         ["can_list", "can_show", "can_add", "can_edit"])
    """


@hookspec
def lsq_translation_dirs() -> list[str]:
    """Return folders of gettext catalogues (``<dir>/<lang>/LC_MESSAGES/messages.mo``).

    Called while the app is built, before Flask-AppBuilder sets up Babel, so the
    plugin's strings are translated like the core's. Later folders win.

    :returns: a list of absolute paths.

    Example::

        @hookimpl
        def lsq_translation_dirs():
            return [str(Path(__file__).parent / "translations")]
    """


@hookspec
def lsq_load_demo(demo) -> None:
    """Add a plugin's demo data (students, subjects, results …) to a fresh demo database.

    Called by ``lsq demo`` after the core's organisation data is in, inside one
    transaction. ``demo.schools`` maps school codes to School rows,
    ``demo.years`` Buddhist-Era years to AcademicYear rows, ``demo.users``
    usernames to users; ``demo.with_students`` is False for a light demo.

    :param demo: the lsq_core.demo.DemoContext being built.
    :returns: nothing.

    Example::

        @hookimpl
        def lsq_load_demo(demo):
            for school in demo.schools_running("basic"):
                ...
    """


# --- application: screens and commands --------------------------------------


@hookspec
def lsq_register_views(appbuilder: "AppBuilder") -> None:
    """Add a plugin's screens, REST APIs and menu entries.

    Called inside the application context after the core views are registered.
    Use ``appbuilder.add_view`` / ``add_api``; subclass the core's
    ``LsqModelView`` / ``LsqModelRestApi`` so that scope is enforced.

    :param appbuilder: the application's Flask-AppBuilder instance.
    :returns: nothing.

    Example::

        @hookimpl
        def lsq_register_views(appbuilder):
            appbuilder.add_view(StudentView, "Students", category="Students",
                                label=lazy_gettext("นักเรียน"))
    """


@hookspec
def lsq_register_commands(cli: "click.Group") -> None:
    """Add subcommands to the ``lsq`` command line.

    Called when the ``lsq`` group is built.

    :param cli: the ``lsq`` click group; call ``cli.add_command(command)``.
    :returns: nothing.

    Example::

        @hookimpl
        def lsq_register_commands(cli):
            @cli.command("promote")
            def promote():
                ...
    """


@hookspec
def lsq_app_ready(app: "Flask") -> None:
    """Called once the application is fully built, inside its app context.

    Use it for start-up checks a plugin needs (a font present, a setting valid).
    Raise ``lsq_core.plugins.manager.StartupError`` to stop start-up with a
    clear message.

    :param app: the Flask application.
    :returns: nothing.

    Example::

        @hookimpl
        def lsq_app_ready(app):
            if not app.config.get("MY_SETTING"):
                raise StartupError("my_plugin: MY_SETTING is required")
    """
