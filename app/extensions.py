"""Extensions created bare and bound to the application in ``create_app``."""
from flask_babel import Babel
from flask_socketio import SocketIO

from .store import db

socketio = SocketIO()
babel = Babel()

__all__ = ["socketio", "babel", "db"]
