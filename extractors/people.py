"""A character's given name or surname alone ("it was Isolde who ...", "she framed Julian"),
where the names found no mention: the character, for `lore_coref`.

Only a word of one entity's name (no other entity's label or alias holds it), capitalised, not
a title ("Queen") and not an ordinary word ("Will", "Hope"), in the article's body.
"""

from __future__ import annotations

import re

from extractors.doc_model import BOOK, CHAR, ORG, PERSON, SHOW, LoreMention, block_kind_at


def bare_character_names(doc, text: str, ents, mentions, lex) -> None:
    titles = {h.rstrip(".") for h in lex.cues["honorifics"]}
    owners: dict[str, set[int]] = {}
    for e in ents:
        if e.type in (PERSON, CHAR, SHOW, BOOK, ORG):
            for label in {e.label, *e.aliases}:
                for word in re.findall(r"[\w'’-]+", label):
                    owners.setdefault(word, set()).add(e.id)
    spans = sorted((m.start, m.end) for m in mentions)
    added = []
    for e in ents:
        words = [w for w in e.label.split() if w.lower().rstrip(".") not in titles]
        if e.type != CHAR or len(e.label.split()) < 2 or not words:
            continue
        for word in dict.fromkeys((words[0], words[-1])):
            if (len(word) < 3 or not word[:1].isupper() or owners.get(word, set()) != {e.id}
                    or lex.is_common(word.lower()) or word.lower() in titles):
                continue
            for m in re.finditer(r"(?<![\w'’-])" + re.escape(word) + r"(?![\w-])", text):
                if any(a < m.end() and m.start() < b for a, b in spans) or block_kind_at(doc, m.start()) != "body":
                    continue
                added.append(LoreMention(m.start(), m.end(), e.id, "name"))
                spans.append((m.start(), m.end()))
    mentions.extend(added)
