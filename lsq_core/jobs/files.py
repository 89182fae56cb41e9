"""Where a job's results are kept: the instance file store (lsq_core.files), which keeps
the merged PDF and the zip under random names; they are served only through the Job row
that points at them, and so through its scope."""

from __future__ import annotations

from lsq_core.org_rules import file_store as job_files  # noqa: F401 - the jobs' name for the store

SUFFIX = {"pdf": ".pdf", "zip": ".zip"}
MIMETYPE = {"pdf": "application/pdf", "zip": "application/zip"}
