"""The phone page is rendered once per workshop and language (a join storm asks for it a
thousand times); the participant's own cookie is still set per phone."""
from __future__ import annotations

import re

from flask import template_rendered

from tests.web.test_pages import create


def test_phone_page_rendered_once_per_language_and_cookies_stay_personal(app, client):
    location = create(client, title="Innbyggermøte", stakeholder="Innbyggere").headers["Location"]
    code = re.search(r"/j/([A-Z0-9]+)", client.get(location).text).group(1)
    rendered = []

    def record(_sender, template, **_extra) -> None:
        rendered.append(template.name)

    template_rendered.connect(record, app)
    try:
        phones = [app.test_client() for _ in range(5)]
        pages = [phone.get(f"/j/{code}") for phone in phones]
        english = app.test_client().get(f"/j/{code}?lang=en")
    finally:
        template_rendered.disconnect(record, app)
    assert rendered.count("phone.html") == 2  # nb once for five phones, en once
    assert len({page.text for page in pages}) == 1
    assert "Innbyggermøte" in pages[0].text and 'lang="nb"' in pages[0].text
    assert 'lang="en"' in english.text and english.text != pages[0].text
    cookies = {page.headers["Set-Cookie"].split(";")[0] for page in pages}
    assert len(cookies) == 5  # each phone its own participant token
