"""Series routes through Flask's test client, on SQLite and PostgreSQL."""
from __future__ import annotations

import hashlib
import re

from alembic import command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from alembic.config import Config
from sqlalchemy import inspect, text

from app.extensions import db
from app.store.database import MIGRATIONS_DIR
from tests.web.test_pages import create, token


def start_series(client, title="Samhandlingskommunen 2026"):
    secret = create(client).headers["Location"].split("/")[2].split("?")[0]
    response = client.post(f"/f/{secret}/series", data={"csrf_token": token(client),
                                                        "title": title})
    assert response.status_code == 302
    series = re.match(r"/serie/([\w-]+)\?new=1$", response.headers["Location"]).group(1)
    return secret, series


def test_a_series_link_is_a_160_bit_secret_stored_only_as_its_digest(client):
    _workshop, series = start_series(client)
    assert len(series) >= 27  # 20 random bytes, base64url
    page = client.get(f"/serie/{series}?new=1").text
    assert 'id="keep-series-link"' in page and f"/serie/{series}" in page
    assert 'id="keep-series-link"' not in client.get(f"/serie/{series}").text
    with db.session() as session:
        rows = session.execute(text("SELECT title, secret_digest FROM series")).all()
    assert rows == [("Samhandlingskommunen 2026", hashlib.sha256(series.encode()).hexdigest())]


def test_a_new_workshop_in_the_series_copies_the_questions_and_shows_its_link_once(client):
    _workshop, series = start_series(client)
    response = client.post(f"/serie/{series}/new", data={"csrf_token": token(client),
                                                         "stakeholder": "Politikere"})
    assert response.status_code == 302  # POST/redirect/GET
    assert response.headers["Location"] == f"/serie/{series}#new-workshop-link"
    shown = client.get(f"/serie/{series}")
    assert shown.headers["Cache-Control"] == "no-store"
    url = re.search(r'id="created-link" readonly value="([^"]+)"', shown.text).group(1)
    page = client.get(url.split("localhost", 1)[1]).text
    assert "Samhandlingskommunen 2026 – Politikere" in page
    assert "Politikere" in client.get(f"/serie/{series}").text
    assert 'id="created-link"' not in client.get(f"/serie/{series}").text


def test_only_a_facilitator_link_brings_a_workshop_into_a_series(client):
    first, series = start_series(client)
    other = create(client, stakeholder="Ledere").headers["Location"].split("/")[2].split("?")[0]
    projector = re.search(r"/s/([\w-]+)", client.get(f"/f/{other}").text).group(1)

    def add(link):
        return client.post(f"/serie/{series}/workshops",
                           data={"csrf_token": token(client), "facilitator_link": link})

    assert "error=not_admitted" in add(f"http://localhost/s/{projector}").headers["Location"]
    assert "error=not_admitted" in add("A" * 27).headers["Location"]
    assert "error" not in add(f"http://localhost/f/{other}?new=1").headers["Location"]
    assert "error" not in add(other).headers["Location"]  # again: nothing changes
    page = client.get(f"/serie/{series}").text
    assert page.count("Take out of the series") + page.count("Ta ut av serien") == 2
    # A workshop belongs to one series at most.
    _again, second = start_series(client, "Another")
    refused = client.post(f"/serie/{second}/workshops", data={
        "csrf_token": token(client), "facilitator_link": first})
    assert "error=workshop_in_series" in refused.headers["Location"]
    assert 'role="alert"' in client.get(refused.headers["Location"]).text


def test_forms_need_the_csrf_token(client):
    workshop, series = start_series(client)
    assert client.post(f"/serie/{series}/new", data={"stakeholder": "x"}).status_code == 400
    assert client.post(f"/f/{workshop}/series", data={"title": "x"}).status_code == 400


def test_deleting_or_taking_out_a_workshop_keeps_the_series(client):
    workshop, series = start_series(client)
    other = create(client).headers["Location"].split("/")[2].split("?")[0]
    client.post(f"/serie/{series}/workshops", data={"csrf_token": token(client),
                                                    "facilitator_link": other})
    client.post(f"/f/{workshop}/delete", data={"csrf_token": token(client), "confirm": "yes"})
    with db.session() as session:
        assert session.execute(text("SELECT count(*) FROM series_workshops")).scalar() == 1
        (member,) = session.execute(text("SELECT workshop_id FROM series_workshops")).one()
    assert client.get(f"/serie/{series}/synthese").status_code == 200
    client.post(f"/serie/{series}/remove", data={"csrf_token": token(client),
                                                 "workshop_id": str(member)})
    assert client.get(f"/f/{other}").status_code == 200  # the workshop itself stays
    refused = client.post(f"/serie/{series}/new", data={"csrf_token": token(client),
                                                        "stakeholder": "Ledere"})
    assert "error=series_empty" in refused.headers["Location"]


def series_rows() -> tuple[int, int]:
    with db.session() as session:
        return (session.execute(text("SELECT count(*) FROM series")).scalar(),
                session.execute(text("SELECT count(*) FROM series_themes")).scalar())


def test_deleting_the_last_workshop_deletes_the_series_title_and_themes(client):
    workshop, series = start_series(client, title="Hemmelig serietittel")
    with db.session() as session:  # a theme the owner named (what the theme form stores)
        (series_id,) = session.execute(text("SELECT id FROM series")).one()
        session.execute(text("INSERT INTO series_themes (series_id, position, created_at, "
                             "title) VALUES (:s, 0, CURRENT_TIMESTAMP, 'Tillit')"),
                        {"s": series_id})
    assert series_rows() == (1, 1)
    client.post(f"/f/{workshop}/delete", data={"csrf_token": token(client), "confirm": "yes"})
    assert series_rows() == (0, 0)
    assert client.get(f"/serie/{series}").status_code == 404


def test_retention_of_the_last_workshop_deletes_the_series(client):
    from datetime import timedelta

    from app.services import views, workshops
    start_series(client)
    start_series(client, title="Andre serie")
    assert series_rows() == (2, 0)
    assert workshops.purge_older_than(30, now=views.now() + timedelta(days=31)) == 2
    assert series_rows() == (0, 0)


def test_migration_0004_goes_down_and_up_again(app):
    database = app.extensions["verksted_db"]
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    with database.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0003")
    assert "series" not in inspect(database.engine).get_table_names()
    database.migrate("head")
    assert {"series", "series_workshops", "series_themes", "series_theme_groups"} <= set(
        inspect(database.engine).get_table_names())


@settings(max_examples=25, deadline=None, database=None, suppress_health_check=list(HealthCheck))
@given(form=st.dictionaries(
    st.sampled_from(["title", "stakeholder", "facilitator_link", "group_a", "group_b",
                     "group_id", "workshop_id", "position"]),
    st.one_of(st.text(max_size=300), st.sampled_from(["1", "²", "-1", "9" * 30, "١"])),
    max_size=5))
def test_fuzzed_series_forms_never_crash(client, form):
    if not hasattr(client, "series_secret"):
        client.series_secret = start_series(client)
    workshop, series = client.series_secret
    posts = [f"/f/{workshop}/series"] + [f"/serie/{series}/{path}" for path in (
        "workshops", "new", "remove", "themes/link", "themes/unlink",
        "themes/rename")]
    for path in posts:
        try:
            response = client.post(path, data={"csrf_token": token(client), **form})
        except (UnicodeEncodeError, ValueError):
            continue
        assert response.status_code in (200, 302, 400), (path, form, response.status_code)


def test_reloading_after_creating_a_workshop_never_creates_a_second_one(client):
    _workshop, series = start_series(client)
    response = client.post(f"/serie/{series}/new", data={"csrf_token": token(client),
                                                         "stakeholder": "Politikere"},
                           follow_redirects=True)
    assert response.request.method == "GET"  # a reload repeats this GET, not the POST
    assert response.text.count('id="created-link"') == 1
    reloaded = client.get(response.request.path)
    assert 'id="created-link"' not in reloaded.text
    with db.session() as session:
        assert session.execute(text("SELECT count(*) FROM workshops")).scalar() == 2
    # The once-shown link belongs to its series: another series' page never shows it.
    _other, second = start_series(client, "Another")
    client.post(f"/serie/{series}/new", data={"csrf_token": token(client),
                                              "stakeholder": "Ledere"})
    assert 'id="created-link"' not in client.get(f"/serie/{second}").text
    assert 'id="created-link"' in client.get(f"/serie/{series}").text
