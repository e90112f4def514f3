"""One word for one thing in each language: the dots people give are "prikker" (nn
"prikkar", en "dots"), never "stemmer"/"votes" as a count; the group a workshop is for is a
"deltakergruppe" (nn "deltakargruppe", en "stakeholder group"), never "interessentgruppe".
The verb stays ("stemme på", "vote on"): people vote by giving dots."""
from __future__ import annotations

import re

import pytest

from tests.web.test_translations import extracted_messages, load_catalog

MIXED = {  # words that name the same thing as the chosen one, per language
    "nb": [r"[Ii]nteressentgrupp", r"(\d|%\(\w+\)s|\() ?stemme", r"stemmeta", r"^Stemmer$",
           r"[Dd]eltakargrupp"],
    "nn": [r"[Ii]nteressentgrupp", r"(\d|%\(\w+\)s|\() ?stemme", r"stemmeta", r"^Stemmer$",
           r"[Dd]eltakergrupp"],
    "en": [r"\bvotes\b", r"\b1 vote\b", r"\bvote counts?\b", r"participant group"],
}
CHOSEN = {"nb": ("prikk", "Deltakergruppe"), "nn": ("prikk", "Deltakargruppe"),
          "en": ("dot", "Stakeholder group")}


@pytest.fixture(scope="module")
def used():
    return {msgid for msgid, _context in extracted_messages()}


@pytest.mark.parametrize("locale", ["nb", "nn", "en"])
def test_the_catalogue_uses_one_word_for_dots_and_for_the_group(locale, used):
    texts = [m.string for m in load_catalog(locale)
             if m.id and not m.pluralizable and m.id in used and m.string]
    mixed = [text for text in texts for pattern in MIXED[locale] if re.search(pattern, text)]
    assert not mixed, f"{locale} mixes words: {mixed}"
    for word in CHOSEN[locale]:
        assert any(word in text for text in texts), word
