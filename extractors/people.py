"""A character's given name or surname alone ("it was Isolde who ...", "she framed Julian"),
where the names found no mention: the character, for `lore_coref`.

Only a word of one entity's name (no other entity's label or alias holds it), capitalised, not
a title ("Queen") and not an ordinary word ("Will", "Hope"), in the article's body.
"""

from __future__ import annotations

import re

from extractors.doc_model import BOOK, CHAR, ORG, PERSON, SHOW, LoreMention, block_kind_at, find_names


def bare_character_names(doc, text: str, ents, mentions, lex) -> None:
    titles = {h.rstrip(".") for h in lex.cues["honorifics"]}
    owners: dict[str, set[int]] = {}
    for e in ents:
        if e.type in (PERSON, CHAR, SHOW, BOOK, ORG):
            for label in {e.label, *e.aliases}:
                for word in re.findall(r"[\w'’-]+", label):
                    owners.setdefault(word, set()).add(e.id)
    bare = {}
    for e in ents:
        words = [w for w in e.label.split() if w.lower().rstrip(".") not in titles]
        if e.type != CHAR or len(e.label.split()) < 2 or not words:
            continue
        for word in (words[0], words[-1]):
            if (len(word) >= 3 and word[:1].isupper() and owners.get(word, set()) == {e.id}
                    and not lex.is_common(word.lower()) and word.lower() not in titles):
                bare[word] = e.id
    spans = sorted((m.start, m.end) for m in mentions)
    for start, end, word in find_names(text, bare):
        if not any(a < end and start < b for a, b in spans) and block_kind_at(doc, start) == "body":
            mentions.append(LoreMention(start, end, bare[word], "name"))
