"""WSGI entry point for gunicorn (see Procfile): the production configuration.

gunicorn's eventlet worker monkey-patches before it imports this module.
"""
from . import create_app
from .config import ProductionConfig

app = create_app(ProductionConfig)
