"""How names are compared: the one folding of a seat's, a place's or a party's name
(case, accents, ligatures, apostrophes and punctuation), read by seat lookups
(:meth:`psephos.model.Election.find_seat`) and by party names outside the vocabulary
(:func:`psephos.model.party_in`)."""

from __future__ import annotations

import re
import unicodedata

#: Letters NFKD leaves whole, as keyboards type them (Île-des-Sœurs -> ile des soeurs).
_LIGATURES = str.maketrans({"œ": "oe", "æ": "ae", "ß": "ss", "ø": "o", "ł": "l", "đ": "d"})
#: Apostrophes (straight, typographic, modifier letter), dropped so "St. John's" is "St Johns".
_APOSTROPHES = re.compile("['\u2019\u2018\u02bc`]")


def normalise_name(name: str) -> str:
    """A seat or place name as lookups compare it: lower case, accents and ligatures folded
    (Glyndŵr -> glyndwr, Lévis -> levis, Sœurs -> soeurs), ``&`` read as ``and``, apostrophes
    dropped (St. John's -> st johns), other punctuation and repeated spaces gone, and a
    saint's title written as its short form (Saint Albans -> st albans, Lac-Saint-Jean ->
    lac st jean, Sainte-Foy -> ste foy), as names are written both ways."""
    text = name.lower().replace("&", " and ").translate(_LIGATURES)
    text = unicodedata.normalize("NFKD", _APOSTROPHES.sub("", text))
    text = "".join(char for char in text if not unicodedata.combining(char))
    text = re.sub(r"[^a-z0-9]+", " ", text)
    return " ".join(_SAINTS.get(word, word) for word in text.split())


#: A saint's title and its short form, one spelling for lookups (:func:`normalise_name`).
_SAINTS = {"saint": "st", "sainte": "ste"}
