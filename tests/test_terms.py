"""The plain meanings of psephos's terms (psephos.terms), the one place pages take them from."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from psephos.terms import TERMS, term_meaning

TEMPLATES = Path(__file__).resolve().parents[1] / "src" / "psephos" / "web" / "templates"


def test_each_meaning_follows_what_this_means() -> None:
    for term, words in TERMS.items():
        assert words[:1].islower(), term  # after "What this means: "
        assert not words.endswith("."), term  # the macro ends the sentence


def test_every_term_a_template_asks_for_has_a_meaning() -> None:
    asked = set()
    for template in TEMPLATES.glob("*.html"):
        text = template.read_text(encoding="utf-8")
        asked |= set(re.findall(r'term_meaning\("([^"]+)"\)', text))
        for terms in re.findall(r'what_this_means\("[^"]+", \[([^\]]*)\]', text):
            asked |= set(re.findall(r'"([^"]+)"', terms))
    assert asked and asked <= set(TERMS), asked - set(TERMS)


def test_an_unknown_term_names_the_terms_there_are() -> None:
    with pytest.raises(KeyError, match=r"'stand-aside'.*stand-down"):
        term_meaning("stand-aside")
