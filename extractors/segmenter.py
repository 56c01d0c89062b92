"""`lore_segmenter`: sentence boundaries at end punctuation, at line breaks and after a
transcript's speaker tag ("Q:", "MARLOWE:").

Scraped articles put headings, captions and key-value lines on lines of their own with no
full stop; a line break therefore always ends a sentence.
"""

from __future__ import annotations

import numpy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc

_ENDS = {".", "!", "?", "…", "?!", "!?", "...", "。"}
_CLOSERS = {'"', "”", "’", "'", ")", "]"}


@Language.factory("lore_segmenter_v1", assigns=["token.is_sent_start"])
def make_segmenter(nlp: Language, name: str):
    return Segmenter()


class Segmenter:
    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        words = [t.text for t in doc]
        spaces = [t.whitespace_ for t in doc]
        flags = numpy.full((len(words), 1), -1, dtype="int64")  # -1: explicitly not a start
        start_next = True
        last_start = 0
        for i, word in enumerate(words):
            if start_next:
                last_start = i
            if start_next:
                flags[i, 0] = 1
            if word.isspace():
                # a line break ends the sentence; the break itself stays with the one before
                start_next = "\n" in word or (start_next and i == 0)
                if flags[i, 0] == 1 and "\n" not in word:
                    start_next = True
                continue
            start_next = False
            if word == ":" and 1 <= i - last_start <= 3 and all(w.isupper() for w in words[last_start:i]):
                start_next = True  # "Q:", "KEAVENEY:": a transcript's speaker tag is a sentence of its own
            elif word in _ENDS or (len(word) > 1 and word[-1] in ".!?" and word[-2] in ".!?"):
                start_next = _next_starts_sentence(words, spaces, i)
            elif word in _CLOSERS and i > 0 and words[i - 1] in _ENDS and not spaces[i - 1]:
                start_next = _next_starts_sentence(words, spaces, i)
        doc.from_array([SENT_START], flags.astype("uint64"))  # spaCy's arrays are uint64; -1 wraps
        return doc


def _next_starts_sentence(words: list[str], spaces: list[str], i: int) -> bool:
    """After end punctuation at i: does the next word open a sentence?"""
    j = i + 1
    if j < len(words) and words[j] in _CLOSERS and not spaces[i]:
        return False  # '."' or '.)': the closer ends this sentence; decide after it
    while j < len(words) and words[j].isspace():
        if "\n" in words[j]:
            return True
        j += 1
    if j >= len(words):
        return True
    first = words[j][:1]
    return first.isupper() or first.isdigit() or first in "\"'“‘([«"
