"""The file store: uploaded documents kept as files under the instance folder, never in rows.

Files get random names, so a name never says whose file it is; the row that
points at a file decides who may download it (through its scope).
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from pathlib import Path

#: what the store keeps: PDFs (orders, issued documents, merged bulk PDFs) and the zips of bulk jobs
_KEY = re.compile(r"^[0-9a-f]{32}\.(pdf|zip)$")


@dataclass(frozen=True)
class StoredFile:
    key: str
    name: str
    size: int
    sha256: str


def pdf_error(data: bytes, max_bytes: int) -> str | None:
    """Why an upload is not an acceptable PDF, in Thai, or None."""
    if not data:
        return "ไม่พบไฟล์ กรุณาแนบไฟล์คำสั่ง (PDF)"
    if len(data) > max_bytes:
        return f"ไฟล์มีขนาด {len(data) / 1048576:.1f} MB เกินกำหนด {max_bytes / 1048576:.0f} MB"
    if not data.startswith(b"%PDF-") or b"%%EOF" not in data[-2048:]:
        return "ไฟล์ที่แนบไม่ใช่ไฟล์ PDF กรุณาแนบคำสั่งแต่งตั้งเป็นไฟล์ PDF เท่านั้น"
    return None


class FileStore:
    def __init__(self, root: str | Path) -> None:
        self.root = Path(root)

    def save(self, data: bytes, suffix: str) -> str:
        """Keep ``data`` under a new random key ending in ``suffix`` (".pdf", ".zip"); returns the key."""
        self.root.mkdir(parents=True, exist_ok=True)
        key = secrets.token_hex(16) + suffix
        if not _KEY.match(key):
            raise ValueError(f"the file store keeps .pdf and .zip files, not {suffix}")
        with open(self.root / key, "xb") as handle:
            handle.write(data)
        return key

    def save_pdf(self, data: bytes, original_name: str) -> StoredFile:
        key = self.save(data, ".pdf")
        name = Path(original_name or "order.pdf").name[:255]
        return StoredFile(key=key, name=name, size=len(data), sha256=hashlib.sha256(data).hexdigest())

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
