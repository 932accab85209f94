"""Personal access keys: random, stored only as hashes."""

from __future__ import annotations

import hashlib
import re
import secrets
from typing import TypeGuard

KEY_BYTES = 24  # 192 bits
KEY_PATTERN = re.compile(r"^[A-Za-z0-9_-]{32}$")


def generate_key() -> str:
    return secrets.token_urlsafe(KEY_BYTES)


def hash_key(key: str) -> str:
    # Keys are long random strings, so a fast hash is enough (no dictionary to guess from).
    return hashlib.sha256(key.encode("ascii")).hexdigest()


def well_formed(key: object) -> TypeGuard[str]:
    return isinstance(key, str) and bool(KEY_PATTERN.match(key))
