"""Verksted: live sticky-note workshops for a room of phones.

``create_app`` lives in ``app.factory``. The package itself imports nothing
heavy, so ``python -m app`` can monkey-patch (eventlet/gevent) before Flask,
SQLAlchemy or the socket libraries are imported.
"""


def __getattr__(name: str):
    if name == "create_app":
        from .factory import create_app
        return create_app
    raise AttributeError(f"module 'app' has no attribute {name!r}")


__all__ = ["create_app"]
