"""HTTP blueprints: start and join pages, facilitator and projector pages, QR codes,
reports and exports, series and their synthesis."""
from .csrf import csrf_token, check_csrf
from .facilitate import bp as facilitate_bp
from .main import bp as main_bp
from .reports import bp as reports_bp
from .series import bp as series_bp

BLUEPRINTS = (main_bp, facilitate_bp, reports_bp, series_bp)

__all__ = ["BLUEPRINTS", "csrf_token", "check_csrf"]
