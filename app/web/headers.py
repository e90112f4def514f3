"""Security headers on every response.

The Content-Security-Policy allows only this origin: no inline scripts, no
third-party fonts, scripts or images, so no visitor's address is ever sent
elsewhere. Referrer-Policy keeps secret links out of Referer headers.
"""
from __future__ import annotations

from flask import request

CSP = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])


def secure_headers(response):
    """After-request hook adding the security headers."""
    response.headers.setdefault("Content-Security-Policy", CSP)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "no-referrer")
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
    if request.is_secure:  # only over HTTPS, so a plain-HTTP LAN install is not locked out
        response.headers.setdefault("Strict-Transport-Security", "max-age=31536000")
    if not response.cache_control.max_age and response.mimetype == "text/html":
        response.headers.setdefault("Cache-Control", "no-store")
    return response
