"""WSGI entry point for gunicorn (see Procfile): the production configuration.

gunicorn's eventlet or gevent worker monkey-patches before it imports this
module; the PostgreSQL driver still needs its own patch.
"""
import os
import sys

from .asyncio_patch import patch_driver_only

patch_driver_only(os.environ.get("VERKSTED_ASYNC_MODE", "gevent"))

from . import create_app  # noqa: E402 - after the patch
from .checks import statement_warning  # noqa: E402
from .config import ProductionConfig  # noqa: E402

try:
    app = create_app(ProductionConfig)
except RuntimeError as refused:  # a missing or weak SECRET_KEY: one clear line, no traceback
    print(f"verksted: {refused}", file=sys.stderr)
    sys.exit(1)
if warning := statement_warning(app.config):
    print(f"verksted: {warning}", file=sys.stderr)
