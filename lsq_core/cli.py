"""The ``lsq`` command line: a Flask CLI group around create_app.

    lsq init            schema through Alembic migrations, then roles and permissions
    lsq demo [--port]   init, demo data when the database is empty, then serve on 127.0.0.1:8080
    lsq run             serve (Flask's server; put gunicorn in front in production)
    lsq create-admin    a DLA admin account
    lsq plugins         what is loaded and what each plugin contributes
    lsq export transfer --school CODE -o FILE.xlsx [--empty]   the transfer workbook
    lsq import FILE.xlsx --school CODE [--dry-run]             check (and import) a transfer workbook
"""

from __future__ import annotations

import sys

import click
from flask import current_app
from flask.cli import FlaskGroup, with_appcontext

from lsq_core.app import MIGRATIONS_DIR, create_app


def init_database() -> None:
    """Bring the schema to the newest migration and write roles and permissions."""
    from flask_migrate import upgrade

    upgrade(directory=MIGRATIONS_DIR)
    sync_permissions()


def sync_permissions() -> None:
    appbuilder = current_app.appbuilder
    state = current_app.extensions["lsq"]
    appbuilder.sm.add_role(appbuilder.sm.auth_role_admin)  # FAB adds every permission to it
    appbuilder.sm.add_role(appbuilder.sm.auth_role_public)
    appbuilder.add_permissions(update_perms=True)
    grants = state.plugins.register_role_grants()
    appbuilder.sm.sync_roles(grants=grants, menu_resources=state.menu_resources)


def serve(app, host: str, port: int) -> None:
    """Serve with Werkzeug's threaded server (Flask refuses app.run() inside its CLI)."""
    from werkzeug.serving import run_simple

    run_simple(host, port, app, threaded=True, use_reloader=False)


@click.group(cls=FlaskGroup, create_app=create_app, help="LSQ Open: ระบบงานทะเบียนวัดผล")
def main_group():
    pass


@main_group.command("init")
@with_appcontext
def init_command():
    """Create or upgrade the database schema, then write roles and permissions."""
    init_database()
    click.echo("ฐานข้อมูลและสิทธิ์ผู้ใช้พร้อมแล้ว (database and roles are up to date)")


@main_group.command("demo")
@click.option("--port", default=8080, show_default=True, help="port to serve on")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--no-serve", is_flag=True, help="set up the demo database and stop")
@with_appcontext
def demo_command(port, host, no_serve):
    """Init, load the demo data when the database is empty, then serve."""
    from lsq_core.demo import load_demo

    init_database()
    if load_demo():
        click.echo("โหลดข้อมูลตัวอย่างแล้ว (demo data loaded); every demo password is 'lsqdemo'")
    else:
        click.echo("ฐานข้อมูลมีข้อมูลอยู่แล้ว ไม่โหลดข้อมูลตัวอย่างซ้ำ (database not empty; demo data not loaded)")
    if no_serve:
        return
    click.echo(f"LSQ Open: http://{host}:{port}/  (dla_admin / lsqdemo)")
    serve(current_app._get_current_object(), host, port)


@main_group.command("create-admin")
@click.option("--username", prompt=True)
@click.option("--first-name", prompt=True)
@click.option("--last-name", prompt=True)
@click.option("--email", prompt=True)
@click.password_option()
@with_appcontext
def create_admin_command(username, first_name, last_name, email, password):
    """Create a DLA admin account."""
    sm = current_app.appbuilder.sm
    role = sm.find_role(sm.auth_role_admin)
    if role is None:
        raise click.ClickException("ยังไม่ได้สร้างบทบาท กรุณารัน `lsq init` ก่อน (run `lsq init` first)")
    if sm.find_user(username=username) is not None:
        raise click.ClickException(f"มีผู้ใช้ชื่อ {username} อยู่แล้ว (user exists)")
    user = sm.add_user(username, first_name, last_name, email, role, password)
    if not user:
        raise click.ClickException("สร้างผู้ใช้ไม่สำเร็จ (could not create the user)")
    click.echo(f"สร้างผู้ดูแลระบบส่วนกลาง {username} แล้ว (DLA admin created)")


@main_group.command("plugins")
@with_appcontext
def plugins_command():
    """List loaded plugins, what each contributes, and any that failed."""
    state = current_app.extensions["lsq"]
    for info in state.plugins.plugins():
        version = f" {info.version}" if info.version else ""
        click.echo(f"{info.name}{version}  [{info.source}: {info.module}]")
        click.echo(f"    hooks: {', '.join(info.hooks) or '-'}")
        prefix = info.module.split(".")[0] if info.source == "entry point" else info.module
        types = state.education_types.contributed_by(prefix)
        curricula = state.curricula.contributed_by(prefix)
        if types:
            click.echo(f"    education types: {', '.join(types)}")
        if curricula:
            click.echo(f"    curricula: {', '.join(curricula)}")
    for failure in state.plugins.failures:
        click.echo(f"FAILED {failure.name} [{failure.source}]: {failure.error}", err=True)


def _school_by_code(code: str):
    from lsq_core.extensions import db
    from lsq_core.models.org import School

    school = db.session.query(School).filter(School.code == code.strip()).one_or_none()
    if school is None:
        raise click.ClickException(f"ไม่พบสถานศึกษารหัส {code} (no school with code {code})")
    return school


@main_group.group("export")
def export_group():
    """Export data to files."""


@export_group.command("transfer")
@click.option("--school", "school_code", required=True, help="the school's code (School.code)")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False), help="the .xlsx file to write")
@click.option("--empty", is_flag=True, help="the template only, without the school's data")
@with_appcontext
def export_transfer_command(school_code, output, empty):
    """The transfer workbook (one sheet per entity, Thai headers, an explanation sheet)."""
    from lsq_core.transfer.export import write_workbook

    school = _school_by_code(school_code)
    counts = write_workbook(output, school, filled=not empty)
    click.echo(f"เขียน {output} แล้ว: " + ", ".join(f"{k} {v:,}" for k, v in counts.items()))


def _run_export(identifier: str, school_code: str, output: str, options: dict) -> None:
    """Run an exporter for one school and write its file (the command line is the operator: every school)."""
    from pathlib import Path

    from lsq_core.exports import ExportError, run
    from lsq_core.extensions import db

    school = _school_by_code(school_code)
    if "format" not in options and Path(output).suffix.lower() in (".csv", ".xlsx", ".txt"):
        options = {**options, "format": Path(output).suffix.lower()[1:]}
    try:
        filename, data = run(identifier, db.session, [school], options)
    except LookupError:
        raise click.ClickException(f"ไม่มีตัวส่งออก {identifier} (ดู lsq export list)") from None
    except ExportError as exc:
        raise click.ClickException(str(exc)) from None
    Path(output).write_bytes(data)
    click.echo(f"เขียน {output} แล้ว ({len(data):,} ไบต์; ชื่อแฟ้มตามรูปแบบที่กำหนด: {filename})")


@export_group.command("gpax")
@click.option("--school", "school_code", required=True, help="the school's code (School.code)")
@click.option("--terms", type=click.Choice(["5", "6"]), default="5", show_default=True,
              help="5 terms (ม.4/1 … ม.6/1) or 6 terms (… ม.6/2)")
@click.option("--year", default="", help="the Buddhist-Era academic year of the ม.6 classes (default: the latest)")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False),
              help="the file to write: .csv (UTF-8 with BOM) or .xlsx")
@with_appcontext
def export_gpax_command(school_code, terms, year, output):
    """GPAX and per-area GPA of the school's ม.6 students for university admission (CUPT/TCAS)."""
    _run_export("lsq.gpax", school_code, output, {"terms": terms, "year": year})


@export_group.command("run")
@click.argument("exporter")
@click.option("--school", "school_code", required=True, help="the school's code (School.code)")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False), help="the file to write")
@click.option("--option", "pairs", multiple=True, metavar="NAME=VALUE",
              help="an exporter option, e.g. --option terms=6 --option format=xlsx")
@with_appcontext
def export_run_command(exporter, school_code, output, pairs):
    """Run any registered exporter (see `lsq export list`) for one school."""
    options = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep:
            raise click.ClickException(f"ตัวเลือก {pair!r} ต้องเขียนเป็น NAME=VALUE")
        options[name.strip()] = value.strip()
    _run_export(exporter, school_code, output, options)


@export_group.command("list")
@with_appcontext
def export_list_command():
    """List the registered exporters, their file kinds and options."""
    from lsq_core.exports import exporters

    for exporter in exporters():
        click.echo(f"{exporter.identifier}  {exporter.name_th}")
        for option in exporter.all_options():
            choices = "|".join(v for v, _ in option.choices) or "…"
            click.echo(f"    {option.name}={choices}  {option.label_th}")


@main_group.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--school", "school_code", required=True, help="the school's code (School.code)")
@click.option("--dry-run", is_flag=True, help="check every row and report; write nothing")
@click.option("--failed-rows", type=click.Path(dir_okay=False), help="write the rows that failed to this .xlsx")
@with_appcontext
def import_command(path, school_code, dry_run, failed_rows):
    """Check a transfer workbook and, when it is clean, import it all at once (exit 1 on any error)."""
    from flask import g

    from lsq_core.transfer.importer import import_workbook
    from lsq_core.transfer.reader import failed_rows_workbook

    school = _school_by_code(school_code)
    g.lsq_actor_name = "lsq import"

    def progress(done, total):
        click.echo(f"  {done:,}/{total:,}", err=True)

    outcome = import_workbook(path, school, commit=not dry_run, progress=progress)
    report = outcome.report
    if not report.ok:
        click.echo(report.table())
        if failed_rows:
            failed_rows_workbook(report, failed_rows)
            click.echo(f"แถวที่ผิดพลาดอยู่ใน {failed_rows}")
        click.echo(f"พบข้อผิดพลาด {len(report.problems):,} รายการ ยังไม่ได้นำเข้าข้อมูลใด", err=True)
        sys.exit(1)
    rows = ", ".join(f"{k} {v:,}" for k, v in report.counts.items())
    if dry_run:
        click.echo(f"ตรวจสอบแล้ว ไม่พบข้อผิดพลาด ({rows}) — ยังไม่ได้นำเข้า (dry run)")
    else:
        click.echo(f"นำเข้าแล้ว: {outcome.summary()}")


@main_group.command("worker")
@click.option("--concurrency", default=2, show_default=True, help="jobs run at the same time")
@click.option("--pool", default="prefork", show_default=True, help="Celery's pool (solo: in this process)")
@with_appcontext
def worker_command(concurrency, pool):
    """Run a Celery worker for the background jobs (bulk documents, imports); needs LSQ_BROKER_URL."""
    from lsq_core.jobs.queue import celery_for, queue_name

    if not current_app.config.get("BROKER_URL"):
        raise click.ClickException("ยังไม่ได้ตั้งค่า LSQ_BROKER_URL (เช่น redis://127.0.0.1:6379/0): "
                                   "without a broker the web process runs the jobs itself")
    celery_for(current_app).worker_main(["worker", f"--concurrency={concurrency}", f"--pool={pool}",
                                         "-Q", queue_name(current_app), "--loglevel=INFO"])


def main() -> None:
    """Console entry point; plugins may add subcommands (lsq_register_commands)."""
    from lsq_core.plugins.manager import LsqPlugins

    try:
        LsqPlugins().load().register_commands(main_group)
    except Exception as exc:  # noqa: BLE001 - the built-in commands must still work
        click.echo(f"plugin commands not loaded: {exc}", err=True)
    main_group(prog_name="lsq")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
