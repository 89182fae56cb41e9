"""REST resources of the organisation tree, the calendar and appointments.

Related records are named by relationship ("authority": 3), never by raw FK
column, which keeps the schemas working on marshmallow 4 too (STYLE.md 2.2).
"""

from __future__ import annotations

from flask import current_app, request, send_file
from flask_appbuilder.api import expose, protect, safe
from flask_appbuilder.models.sqla.interface import SQLAInterface

from lsq_core.api.base import API_PERMISSIONS, LsqModelRestApi
from lsq_core.extensions import db
from lsq_core.files import pdf_error
from lsq_core.models import (
    AcademicYear, Appointment, District, LocalAuthority, Province, School, Term,
)
from lsq_core.org_rules import check_school_admin_fields, file_store
from lsq_core.scoping import check_writable
from lsq_core.security.scope import OutOfScope


class ProvinceApi(LsqModelRestApi):
    resource_name = "province"
    class_permission_name = "Province"
    datamodel = SQLAInterface(Province)
    list_columns = show_columns = ["id", "code", "name_th", "name_en"]
    add_columns = edit_columns = ["code", "name_th", "name_en"]
    order_columns = ["code", "name_th"]


class DistrictApi(LsqModelRestApi):
    resource_name = "district"
    class_permission_name = "District"
    datamodel = SQLAInterface(District)
    list_columns = show_columns = ["id", "code", "name_th", "name_en", "province.id", "province.name_th"]
    add_columns = edit_columns = ["code", "name_th", "name_en", "province"]


class LocalAuthorityApi(LsqModelRestApi):
    resource_name = "authority"
    class_permission_name = "LocalAuthority"
    datamodel = SQLAInterface(LocalAuthority)
    list_columns = show_columns = ["id", "code", "name_th", "name_en", "authority_type", "type_label",
                                   "province.id", "province.name_th", "district.id", "district.name_th",
                                   "address", "phone"]
    add_columns = edit_columns = ["code", "name_th", "name_en", "authority_type", "province", "district",
                                  "address", "phone"]


SCHOOL_COLUMNS = ["code", "moe_code", "name_th", "name_en", "address", "subdistrict", "postcode", "phone",
                  "email", "director_name", "director_title", "registrar_name", "registrar_title",
                  "education_types", "levels"]


class SchoolApi(LsqModelRestApi):
    resource_name = "school"
    class_permission_name = "School"
    datamodel = SQLAInterface(School)
    list_columns = show_columns = ["id", *SCHOOL_COLUMNS, "authority.id", "authority.name_th",
                                   "district.id", "district.name_th"]
    add_columns = edit_columns = [*SCHOOL_COLUMNS, "authority", "district"]

    def pre_update(self, item):
        check_school_admin_fields(item)
        super().pre_update(item)


class AcademicYearApi(LsqModelRestApi):
    resource_name = "academic_year"
    class_permission_name = "AcademicYear"
    datamodel = SQLAInterface(AcademicYear)
    list_columns = show_columns = ["id", "year", "start_date", "end_date"]
    add_columns = edit_columns = ["year", "start_date", "end_date"]


class TermApi(LsqModelRestApi):
    resource_name = "term"
    class_permission_name = "Term"
    datamodel = SQLAInterface(Term)
    list_columns = show_columns = ["id", "number", "name_th", "start_date", "end_date",
                                   "academic_year.id", "academic_year.year"]
    add_columns = edit_columns = ["academic_year", "number", "start_date", "end_date"]


class AppointmentApi(LsqModelRestApi):
    resource_name = "appointment"
    class_permission_name = "Appointment"
    method_permission_name = {**API_PERMISSIONS, "get_order": "read", "put_order": "write"}
    datamodel = SQLAInterface(Appointment)
    list_columns = show_columns = [
        "id", "person_name", "position", "role", "role_label", "status", "status_label",
        "authority.id", "authority.name_th", "school.id", "school.name_th", "order_number", "order_date",
        "effective_from", "effective_to", "order_file_name", "order_file_size", "order_file_sha256", "note",
    ]
    add_columns = edit_columns = ["person_name", "position", "role", "status", "authority", "school",
                                  "order_number", "order_date", "effective_from", "effective_to", "note"]

    @expose("/<int:pk>/order", methods=["GET"])
    @protect()
    @safe
    def get_order(self, pk):
        """The uploaded appointment order (PDF).
        ---
        get:
          parameters:
          - in: path
            schema: {type: integer}
            name: pk
          responses:
            200:
              description: the PDF
              content:
                application/pdf: {}
            404:
              $ref: '#/components/responses/404'
        """
        item = self.datamodel.get(pk, self._base_filters)
        if item is None or not item.order_file_key:
            return self.response_404()
        try:
            path = file_store().path(item.order_file_key)
        except FileNotFoundError:
            return self.response_404()
        return send_file(path, mimetype="application/pdf", download_name=item.order_file_name)

    @expose("/<int:pk>/order", methods=["PUT"])
    @protect()
    @safe
    def put_order(self, pk):
        """Attach or replace the appointment order: multipart/form-data with a PDF in ``file``.
        ---
        put:
          parameters:
          - in: path
            schema: {type: integer}
            name: pk
          requestBody:
            content:
              multipart/form-data:
                schema:
                  type: object
                  properties:
                    file: {type: string, format: binary}
          responses:
            200:
              description: stored
            404:
              $ref: '#/components/responses/404'
            422:
              $ref: '#/components/responses/422'
        """
        item = self.datamodel.get(pk, self._base_filters)
        if item is None:
            return self.response_404()
        try:
            check_writable(item)
        except OutOfScope:
            return self.response_404()
        upload = request.files.get("file")
        max_bytes = int(current_app.config["MAX_ORDER_FILE_MB"]) * 1024 * 1024
        data = upload.stream.read(max_bytes + 1) if upload is not None else b""
        problem = pdf_error(data, max_bytes)
        if problem:
            return self.response_422(message={"file": [problem]})
        stored = file_store().save_pdf(data, upload.filename)
        item.order_file_key, item.order_file_name = stored.key, stored.name
        item.order_file_size, item.order_file_sha256 = stored.size, stored.sha256
        db.session.commit()  # an earlier file stays in the store: the ledger still points at it
        return self.response(200, sha256=stored.sha256, size=stored.size, name=stored.name)


