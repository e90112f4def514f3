"""HTTP routes through Flask's test client."""
from __future__ import annotations

import re

from sqlalchemy import text

from app.domain.workshops import SAMHANDLING_TEMPLATE
from app.extensions import db


def token(client) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', client.get("/").text).group(1)


def create(client, **form):
    data = {"csrf_token": token(client), "title": "Verksted for ledere",
            "stakeholder": "Ledere", "language": "nb",
            "question": list(SAMHANDLING_TEMPLATE), **form}
    return client.post("/workshops", data=data)


def test_start_page_offers_join_and_create(client):
    page = client.get("/")
    assert page.status_code == 200
    assert 'name="code"' in page.text and 'action="/workshops"' in page.text


def test_template_link_fills_in_the_samhandling_questions(client):
    page = client.get("/?template=samhandling").text
    for question in SAMHANDLING_TEMPLATE:
        assert question in page


def test_creating_redirects_to_a_secret_facilitator_page(client):
    response = create(client)
    assert response.status_code == 302
    location = response.headers["Location"]
    secret = re.match(r"/f/([A-Za-z0-9_-]+)\?new=1$", location).group(1)
    assert len(secret) >= 22  # >= 128 bits of base64url
    page = client.get(location)
    assert page.status_code == 200
    assert 'id="keep-link"' in page.text
    assert 'id="keep-link"' not in client.get(location.split("?")[0]).text


def test_bad_form_keeps_what_was_typed_and_says_why(client):
    response = create(client, title="   ", question=["Mitt lange spørsmål", ""])
    assert response.status_code == 400
    assert "Mitt lange spørsmål" in response.text
    assert 'role="alert"' in response.text


def test_form_without_csrf_token_is_refused(client):
    response = client.post("/workshops", data={"title": "x", "question": ["q"]})
    assert response.status_code == 400


def test_unknown_secret_links_are_404(client):
    assert client.get("/f/" + "A" * 27).status_code == 404
    assert client.get("/s/" + "A" * 27).status_code == 404


def test_join_page_sets_an_httponly_participant_cookie(client):
    location = create(client).headers["Location"]
    code = re.search(r"/j/([A-Z0-9]+)", client.get(location).text).group(1)
    response = client.get(f"/j/{code}")
    assert response.status_code == 200
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    again = client.get(f"/j/{code}")
    assert "Set-Cookie" not in again.headers or "vp" not in again.headers["Set-Cookie"]


def test_typed_code_is_forgiving_and_wrong_code_explains(client):
    location = create(client).headers["Location"]
    code = re.search(r"/j/([A-Z0-9]+)", client.get(location).text).group(1)
    typed = f" {code[:3].lower()}-{code[3:]} "
    response = client.post("/join", data={"csrf_token": token(client), "code": typed})
    assert response.status_code == 302 and response.headers["Location"] == f"/j/{code}"
    wrong = client.post("/join", data={"csrf_token": token(client), "code": "AAAAAA"})
    assert wrong.status_code == 404 and 'id="code-error"' in wrong.text


def test_security_headers_forbid_inline_scripts_and_third_parties(client):
    headers = client.get("/").headers
    csp = headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert headers["Referrer-Policy"] == "no-referrer"


def test_norwegian_browsers_get_bokmal(client):
    page = client.get("/", headers={"Accept-Language": "no-NO,no;q=0.9,en;q=0.5"})
    assert re.search(r'<html lang="nb"[ >]', page.text)
    page = client.get("/?lang=en", headers={"Accept-Language": "nb"})
    assert re.search(r'<html lang="en"[ >]', page.text)


def test_accessibility_statement_shows_neutral_words_until_configured(app, client):
    page = client.get("/tilgjengelighet")
    assert page.status_code == 200
    assert re.search(r'<html lang="nb"[ >]', page.text)
    assert "Om tilgjengelighet" in page.text and "Tilsynet for universell utforming av IKT" in page.text
    assert "fyll inn" not in page.text and "[" not in page.text.split("<main", 1)[1]
    assert 'class="placeholder"' not in page.text
    assert "Tilgjengelighetserklæring for Verksted, drevet av virksomheten som tilbyr tjenesten." \
        in page.text
    assert "<p>Virksomheten som tilbyr tjenesten må følge" in page.text  # capital at the start
    assert "Si fra til den som leder verkstedet ditt" in page.text
    assert 'href="https://uustatus.no/"' in page.text and "ikke gjort ennå" in page.text
    assert 'href="https://www.uutilsynet.no/"' in page.text
    assert "fill in" not in client.get("/tilgjengelighet?lang=en").text
    assert "verksemda som tilbyr tenesta" in client.get("/tilgjengelighet?lang=nn").text
    app.config.update(ORG_NAME="Kristiansand kommune", CONTACT_EMAIL="uu@kristiansand.kommune.no",
                      ACCESSIBILITY_ASSESSED="2026-03-01", UUSTATUS_URL="https://uustatus.no/nb/erklaringer/publisert/x",
                      ACCESSIBILITY_DEVIATIONS="Lydsignalet fra tidtakeren mangler teksting.")
    page = client.get("/tilgjengelighet?lang=nb")
    assert "fyll inn" not in page.text
    assert "Tilgjengelighetserklæring for Verksted, drevet av Kristiansand kommune." in page.text
    assert 'href="mailto:uu@kristiansand.kommune.no"' in page.text
    assert "1. mars 2026" in page.text
    assert "<li>Lydsignalet fra tidtakeren mangler teksting.</li>" in page.text
    assert 'href="https://uustatus.no/nb/erklaringer/publisert/x"' in page.text
    english = client.get("/tilgjengelighet?lang=en").text
    assert "About accessibility" in english and "run by Kristiansand kommune." in english


def test_every_page_links_the_accessibility_statement(client):
    for path in ("/", "/personvern", "/tilgjengelighet", "/f/" + "A" * 27):
        html = client.get(path).text
        assert '<a href="/tilgjengelighet" id="accessibility-link">' in html, path


def test_the_server_warns_at_start_when_the_statement_is_not_filled_in(tmp_path):
    """`python -m app` names the unset settings once; with them set it says nothing."""
    from tests.support.servers import ServerProcess

    server = ServerProcess(tmp_path)
    server.start(timeout=60)
    server.stop()
    assert "accessibility statement (/tilgjengelighet) is incomplete" in server.log()
    assert "VERKSTED_ORG_NAME" in server.log() and "VERKSTED_UUSTATUS_URL" in server.log()
    configured = ServerProcess(tmp_path / "set", env={
        "VERKSTED_ORG_NAME": "Arendal kommune", "VERKSTED_CONTACT_EMAIL": "uu@arendal.kommune.no",
        "VERKSTED_ACCESSIBILITY_ASSESSED": "2026-03-01",
        "VERKSTED_UUSTATUS_URL": "https://uustatus.no/nb/erklaringer/publisert/x"})
    (tmp_path / "set").mkdir()
    configured.start(timeout=60)
    configured.stop()
    assert "accessibility statement" not in configured.log()


def test_the_template_button_without_javascript_keeps_what_was_typed(client):
    response = client.post("/workshops/template", data={
        "csrf_token": token(client), "title": "Verksted for ledere", "stakeholder": "Ledere",
        "question": ["Mitt eget spørsmål"], "language": "nn", "allow_names": "on"})
    assert response.status_code == 200
    assert 'value="Verksted for ledere"' in response.text and 'value="Ledere"' in response.text
    for question in SAMHANDLING_TEMPLATE:
        assert question in response.text
    assert '<option value="nn" selected>' in response.text
    assert 'id="allow_names" name="allow_names" checked' in response.text
    with db.session() as session:
        assert session.execute(text("SELECT count(*) FROM workshops")).scalar() == 0
