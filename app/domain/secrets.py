"""Secret links and join codes.

Secret links (facilitator, projector) carry 160 random bits; only their
SHA-256 digest is stored, so a copy of the database does not hand out
facilitator access. Join codes are short and easy to read aloud: they use
an alphabet without look-alikes (no 0/O/Q, 1/I/L, 5/S, 2/Z, 8/B) and are
grouped for reading ("K7M-R4X").
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets

JOIN_ALPHABET = "ACDEFGHJKMNPRTUVWXY34679"
JOIN_CODE_LENGTH = 6
SECRET_BYTES = 20  # 160 bits


def new_secret() -> str:
    """A URL-safe random secret of 160 bits."""
    return secrets.token_urlsafe(SECRET_BYTES)


def plausible(secret: object) -> bool:
    """Whether a presented value can be a secret link at all (worth a look-up)."""
    return isinstance(secret, str) and 10 < len(secret) < 100


def digest(secret: str) -> str:
    """The stored form of a secret: hex SHA-256."""
    return hashlib.sha256(secret.encode("utf-8", "surrogatepass")).hexdigest()


def matches(secret: str, stored_digest: str) -> bool:
    """Constant-time comparison of a presented secret with a stored digest."""
    return hmac.compare_digest(digest(secret), stored_digest)


def new_join_code() -> str:
    """A fresh join code such as ``K7MR4X`` (display it with ``format_join_code``)."""
    return "".join(secrets.choice(JOIN_ALPHABET) for _ in range(JOIN_CODE_LENGTH))


_NOT_CODE = re.compile(r"[\s\-–—.]+")


def parse_join_code(raw: object) -> str | None:
    """Canonical join code from what a person typed, or ``None`` if it cannot be one.

    Spaces, dashes and case are ignored. Characters that are never issued are
    rejected rather than guessed at.
    """
    if not isinstance(raw, str):
        return None
    code = _NOT_CODE.sub("", raw).upper()
    if len(code) != JOIN_CODE_LENGTH or any(c not in JOIN_ALPHABET for c in code):
        return None
    return code


def format_join_code(code: str) -> str:
    """Split a join code into two halves for reading aloud: ``K7M-R4X``."""
    half = len(code) // 2
    return f"{code[:half]}-{code[half:]}"


def derive(secret: str, purpose: str) -> str:
    """A second secret that only the holder of ``secret`` can compute.

    The projector link is derived from the facilitator link, so the
    facilitator page can always show it while the database stores digests only.
    """
    mac = hmac.new(secret.encode("utf-8", "surrogatepass"), purpose.encode(), hashlib.sha256)
    return base64.urlsafe_b64encode(mac.digest()[:SECRET_BYTES]).decode().rstrip("=")
