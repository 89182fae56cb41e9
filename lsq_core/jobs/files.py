"""Where a job's results are kept: the instance file store, which also holds zips here.

lsq_core.files.FileStore keeps PDFs only (its keys end in .pdf); a job also makes a
zip. This subclass keeps the same folder, the same random names and the same key
check, with ``.zip`` allowed, so a job's files are served exactly like other files:
only through the row (the Job) that points at them, and so through its scope.
"""

from __future__ import annotations

import re
import secrets
from pathlib import Path

from flask import current_app

from lsq_core.files import FileStore

_KEY = re.compile(r"^[0-9a-f]{32}\.(pdf|zip)$")
SUFFIX = {"pdf": ".pdf", "zip": ".zip"}
MIMETYPE = {"pdf": "application/pdf", "zip": "application/zip"}


class JobFileStore(FileStore):
    def save(self, data: bytes, role: str) -> str:
        """Keep ``data`` under a new random key ending in the role's suffix; returns the key."""
        self.root.mkdir(parents=True, exist_ok=True)
        key = secrets.token_hex(16) + SUFFIX[role]
        with open(self.root / key, "xb") as handle:
            handle.write(data)
        return key

    def path(self, key: str) -> Path:
        if not _KEY.match(key or ""):
            raise FileNotFoundError(key)
        path = self.root / key
        if not path.is_file():
            raise FileNotFoundError(key)
        return path

    def delete(self, key: str | None) -> None:
        if key and _KEY.match(key):
            (self.root / key).unlink(missing_ok=True)


def job_files() -> JobFileStore:
    return JobFileStore(current_app.config["FILES_DIR"])
