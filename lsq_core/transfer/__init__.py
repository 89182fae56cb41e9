"""The transfer workbook (แฟ้มโอนข้อมูล): LSQ's own template for bringing a school's data in
from LocalSchool or any other system, and for taking it out again.

* ``schema``   the workbook in one place: sheets, columns, Thai headers, kinds, allowed values, keys
* ``export``   write it, empty (the template) or filled with a school's data, streaming rows
* ``reader``   the dry run: every row and field checked, problems as (sheet, row, column, value,
               Thai message), and the failed rows as a workbook to correct
* ``importer`` the import: all or nothing, upserts on natural keys, results set by set through
               lsq_core.results_bulk (what results_service.enter_result would write, per chunk)

Command line: ``lsq export transfer --school CODE -o FILE.xlsx [--empty]`` and
``lsq import FILE.xlsx --school CODE [--dry-run] [--failed-rows OUT.xlsx]``.
"""
