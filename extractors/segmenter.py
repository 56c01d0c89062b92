"""`lore_segmenter`: sentence boundaries at end punctuation and at line breaks.

Scraped articles put headings, captions and key-value lines on lines of their own with no
full stop; a line break therefore always ends a sentence.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

_ENDS = {".", "!", "?", "…", "?!", "!?", "...", "。"}
_CLOSERS = {'"', "”", "’", "'", ")", "]"}


@Language.factory("lore_segmenter", assigns=["token.is_sent_start"])
def make_segmenter(nlp: Language, name: str):
    return Segmenter()


class Segmenter:
    def __call__(self, doc: Doc) -> Doc:
        start_next = True
        for i, tok in enumerate(doc):
            if tok.is_space:
                tok.is_sent_start = start_next
                if "\n" in tok.text:
                    start_next = True
                continue
            tok.is_sent_start = start_next
            start_next = "\n" in tok.whitespace_
            if tok.text in _ENDS or (tok.text.endswith((".", "!", "?")) and len(tok.text) > 1 and tok.text[-2] in ".!?"):
                start_next = start_next or _next_starts_sentence(doc, i)
            elif tok.text in _CLOSERS and i > 0 and doc[i - 1].text in _ENDS:
                start_next = start_next or _next_starts_sentence(doc, i)
        return doc


def _next_starts_sentence(doc: Doc, i: int) -> bool:
    for tok in doc[i + 1:i + 3]:
        if tok.is_space:
            continue
        if tok.text in _CLOSERS and not tok.whitespace_:
            return False
        return tok.text[:1].isupper() or tok.text[:1].isdigit() or tok.is_quote or tok.text[:1] in "(["
    return True
