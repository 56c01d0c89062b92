"""Text normalisation, in one place: how a name is keyed wherever two spellings must meet
(extraction, evaluation, question linking) and how a question or a pattern word is read.

Every form starts from `standard`: Unicode NFKC and one apostrophe ("’", "‘", "ʼ", "＇", "‛"
and "`" read as "'"). Then:

- `label_key`: case folded, punctuation, format and control characters and pictographic
  symbols (emoji) made spaces ("&" and "'" kept), whitespace collapsed, a leading "the", "a"
  or "an" dropped when a word follows. The key of EVAL.md's scoring and of `kg ask`'s linking.
- `name_key`: the looser key under which the extractor groups an article's mentions: also
  without the other symbols ("Apple TV+" is "Apple TV") and a closing possessive ("Netflix's").
- `spaced`: `standard` with the separators of `label_key` made spaces, case kept (questions).
- `plain_word`: one token as the relation patterns read it: lower case, straight quotes and
  dashes.
- `fold`: diacritics dropped ("Zoë" -> "Zoe").
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["APOSTROPHES", "SLUG_APOSTROPHES", "fold", "label_key", "name_key", "plain_word", "spaced", "standard"]

APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\uff07": "'", "\u201b": "'", "`": "'"})
# IRIs are minted from slugs with the table they were first minted with, so a stored article or
# entity keeps its IRI: "`" and "‛" stay out of it
SLUG_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\uff07": "'"})
_WORD_MARKS = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-"})
_KEEP = frozenset("&'")
_SEPARATORS = frozenset({"Cf", "Cc", "So", "Sk"})  # with every punctuation category (P*)
_LEADING_ARTICLE = re.compile(r"^(?:the|a|an)\s+(?=\S)")


def standard(text: str) -> str:
    """NFKC, and one apostrophe."""
    return unicodedata.normalize("NFKC", text or "").translate(APOSTROPHES)


def _separated(text: str, keep) -> str:
    out = []
    for ch in text:
        out.append(ch if ch in _KEEP or keep(ch) else " ")
    return " ".join("".join(out).split())


def _not_separator(ch: str) -> bool:
    cat = unicodedata.category(ch)
    return not (cat[0] == "P" or cat in _SEPARATORS)


def spaced(text: str) -> str:
    """`standard`, punctuation and pictographic symbols made spaces ("&", "'" kept), case kept."""
    return _separated(standard(text), _not_separator)


def label_key(text: str) -> str:
    """"The  Queen’s Gambit!" -> "queen's gambit" (EVAL.md's comparison form)."""
    return _LEADING_ARTICLE.sub("", spaced(text).casefold())


def name_key(text: str) -> str:
    """"The Crown's" -> "crown", "Apple TV+" -> "apple tv": letters, digits and marks only, then
    as `label_key`, and a closing possessive dropped."""
    key = _LEADING_ARTICLE.sub("", _separated(standard(text).casefold(), _letter_or_digit))
    words = key.split(" ")
    if len(words) > 1 and words[-1] in ("'s", "s'"):
        key = " ".join(words[:-1])
    return key[:-2] if key.endswith("'s") else key


def _letter_or_digit(ch: str) -> bool:
    return ch.isalnum() or unicodedata.category(ch)[0] == "M"


def plain_word(text: str) -> str:
    """A token as the patterns read it: "Creator’s" -> "creator's", "—" -> "-"."""
    return text.translate(_WORD_MARKS).lower()


def fold(text: str) -> str:
    """Diacritics dropped ("Zoë Kravitz" -> "Zoe Kravitz"), everything else kept."""
    decomposed = unicodedata.normalize("NFKD", text)
    return unicodedata.normalize("NFC", "".join(ch for ch in decomposed if not unicodedata.combining(ch)))
