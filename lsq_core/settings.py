"""Where configuration comes from, in order: config.py, LSQ_* variables, the caller.

Kept free of Flask imports so that config.py can use it at import time.
"""

from __future__ import annotations

import json
import os
import secrets
from pathlib import Path

ENV_PREFIX = "LSQ_"


def package_dir() -> Path:
    return Path(__file__).resolve().parent


def instance_path() -> str:
    """The instance folder: LSQ_INSTANCE_PATH, else ./instance of the working directory."""
    return str(Path(os.environ.get("LSQ_INSTANCE_PATH", "instance")).resolve())


def translations_dir() -> Path:
    """lsq_core/translations when installed from a wheel, ./translations in a checkout."""
    for candidate in (package_dir() / "translations", package_dir().parent / "translations"):
        if (candidate / "th" / "LC_MESSAGES").is_dir():
            return candidate
    raise RuntimeError("LSQ translations folder not found (translations/th/LC_MESSAGES)")


def default_translation_directories() -> str:
    return str(translations_dir())


def parse_env_value(raw: str):
    try:
        return json.loads(raw)
    except ValueError:
        return raw


def env_overrides(environ=None) -> dict:
    """Every LSQ_<NAME> variable becomes the setting <NAME>."""
    environ = os.environ if environ is None else environ
    return {
        key[len(ENV_PREFIX):]: parse_env_value(value)
        for key, value in environ.items()
        if key.startswith(ENV_PREFIX) and len(key) > len(ENV_PREFIX)
    }


def database_url(config: dict) -> str:
    url = config.get("DATABASE_URL")
    if url:
        return url
    return "sqlite:///" + str(Path(config["INSTANCE_PATH"]) / "lsq.db")


def secret_key(config: dict) -> str:
    """LSQ_SECRET_KEY, else a key generated once and kept in the instance folder.

    A constant in the code would let anyone who read the source forge sessions.
    """
    if config.get("SECRET_KEY"):
        return config["SECRET_KEY"]
    path = Path(config["INSTANCE_PATH"]) / "secret_key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another process got there first
            pass
        else:
            with os.fdopen(fd, "w") as handle:
                handle.write(secrets.token_hex(32))
    return path.read_text().strip()
