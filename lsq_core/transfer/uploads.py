"""Uploaded transfer workbooks, kept between the dry run and the import.

Under FILES_DIR/transfer: ``<token>.xlsx`` and ``<token>.json`` (who uploaded it, for which
school, its name and row counts). The token is random; only its uploader may use it, and
only for a school they may still write (checked by the caller).
"""

from __future__ import annotations

import json
import secrets
from pathlib import Path

from flask import current_app


def folder() -> Path:
    path = Path(current_app.config["FILES_DIR"]) / "transfer"
    path.mkdir(parents=True, exist_ok=True)
    return path


def save(upload, user_id: int, school_id: int, name: str) -> str:
    token = secrets.token_hex(16)
    upload.save(folder() / f"{token}.xlsx")
    write_note(token, {"user_id": user_id, "school_id": school_id, "name": name})
    return token


def write_note(token: str, note: dict) -> None:
    (folder() / f"{token}.json").write_text(json.dumps(note))


def load(token: str, user_id: int) -> tuple[Path, dict] | None:
    """The upload's path and note, or None when there is no such upload of this user."""
    if not token or not token.isalnum() or len(token) != 32:
        return None
    path, note = folder() / f"{token}.xlsx", folder() / f"{token}.json"
    if not path.exists() or not note.exists():
        return None
    meta = json.loads(note.read_text())
    if meta.get("user_id") != user_id:
        return None
    return path, meta


def discard(token: str) -> None:
    for suffix in (".xlsx", ".json"):
        (folder() / f"{token}{suffix}").unlink(missing_ok=True)
