"""Client-generated request ids, which make re-sent writes idempotent."""
from __future__ import annotations

import re

from .errors import DomainError

_CLIENT_ID = re.compile(r"^[A-Za-z0-9_-]{8,64}$")


def client_id(raw: object) -> str:
    """Validate a client-generated id (a UUID or similar, 8–64 URL-safe characters)."""
    if not isinstance(raw, str) or not _CLIENT_ID.match(raw):
        raise DomainError("client_id_invalid")
    return raw
