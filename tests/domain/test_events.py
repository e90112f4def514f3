"""The event vocabulary is defined once in Python and mirrored exactly in JavaScript."""
import re
from pathlib import Path

from app.domain import events, roles

JS = Path(__file__).resolve().parents[2] / "static" / "js" / "protocol.js"


def test_javascript_mirror_lists_exactly_the_python_events():
    js_names = dict(re.findall(r"^\s+([A-Z_]+): '([^']+)',", JS.read_text(), re.M))
    py_names = {name: value for name, value in vars(events).items()
                if name.isupper() and isinstance(value, str)}
    assert js_names == py_names


def test_every_client_request_has_a_role_rule():
    assert set(roles.ALLOWED) == set(events.CLIENT_REQUESTS)


def test_projector_may_only_read():
    allowed = {e for e, who in roles.ALLOWED.items() if roles.Role.PROJECTOR in who}
    assert allowed == {events.SNAPSHOT_GET}
