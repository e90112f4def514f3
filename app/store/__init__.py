"""Persistence: the only package that knows tables and SQL.

``db`` is created bare here and bound to an application by ``init_app``;
services open a unit of work with ``db.session()``.
"""
from .database import Database

db = Database()

__all__ = ["db", "Database"]
