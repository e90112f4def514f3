"""HTTP blueprints: start and join pages, facilitator and projector pages, QR codes."""
from .csrf import csrf_token, check_csrf
from .facilitate import bp as facilitate_bp
from .main import bp as main_bp

BLUEPRINTS = (main_bp, facilitate_bp)

__all__ = ["BLUEPRINTS", "csrf_token", "check_csrf"]
