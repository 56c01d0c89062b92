"""`lore_coref`: resolve what "the series", "the novel", "the book of the same name", "she" and
"her" refer to, place seasons and characters in their show.

Rules, not a model: a definite description takes the nearest preceding entity of its class
(the article's main show when there is none); a pronoun takes the nearest preceding person or
character of its gender, but an object pronoun ("pushed her") skips the subject of its own
clause.
"""

from __future__ import annotations

import re
from collections import Counter

from spacy.language import Language
from spacy.tokens import Doc

from extractors import skeleton
from extractors.doc_model import BOOK, CHAR, PERSON, SEASON, SHOW, LoreEntity, LoreMention, block_kind_at, sentence_bounds, text_of
from extractors.lexicons import lexicons


@Language.factory("lore_coref", assigns=["doc._.lore_mentions", "doc._.lore_entities"], requires=["doc._.lore_entities"])
def make_coref(nlp: Language, name: str):
    return Coreference()


class Coreference:
    def __init__(self):
        self.lex = lexicons()
        cues = self.lex.cues
        self.same_name = re.compile(r"(?<!\w)(?:" + cues["same_name_regex"] + r")(?!\w)", re.I)
        self.it_verbs = set(cues["it_show_verbs"])
        self.anaphora = {kind.upper(): _phrase_regex(phrases) for kind, phrases in cues["anaphora"].items()}
        described = re.compile(r"(?<!\w)(?:" + cues["show_description_regex"] + r")(?!\w)", re.I)
        self.anaphora["SHOW"] = re.compile(self.anaphora["SHOW"].pattern + "|" + described.pattern, re.I)
        self.pronouns = cues["pronouns"]
        self.object_verbs = set(cues["story_verbs_object_pronoun"])
        self.kin_words = set(cues["kin_words"])
        self.fix = skeleton.TypoFixer({"series", "show", "novel", "book"}, self.lex.common_words)

    def __call__(self, doc: Doc) -> Doc:
        ents: list[LoreEntity] = doc._.lore_entities or []
        mentions: list[LoreMention] = list(doc._.lore_mentions or [])
        main = main_show(doc, ents, mentions)
        text = text_of(doc)
        self._it_is_the_show(doc, ents, mentions, main)
        self._same_name_books(doc, text, ents, mentions, main)
        self._definite_descriptions(doc, text, ents, mentions, main)
        self._misspelt_descriptions(doc, ents, mentions, main)
        self._seasons(doc, text, ents, mentions, main)
        self._characters(doc, ents, mentions, main)
        self._pronouns(doc, ents, mentions)
        doc._.lore_entities = ents
        doc._.lore_mentions = sorted(mentions, key=lambda m: m.start)
        return doc

    # -- definite descriptions -------------------------------------------------------------

    def _same_name_books(self, doc, text, ents, mentions, main) -> None:
        for m in self.same_name.finditer(text):
            if _taken(mentions, m.start(), m.end()) or block_kind_at(doc, m.start()) != "body":
                continue
            show = _nearest(ents, mentions, m.start(), SHOW, doc, since=_section_start(doc, m.start()))
            show = main if show is None else show
            if show is None:
                continue
            book = _find_or_add(ents, BOOK, ents[show].label)
            mentions.append(LoreMention(m.start(), m.end(), book, "anaphor"))

    def _misspelt_descriptions(self, doc, ents, mentions, main) -> None:
        """"The seires was creatd by...": a definite description with a slip in its noun."""
        nouns = {"series": SHOW, "show": SHOW, "novel": BOOK, "book": BOOK}
        for tok in doc:
            if tok.i == 0 or doc[tok.i - 1].lower_ not in ("the", "this"):
                continue
            kind = nouns.get(self.fix(tok.lower_)) if tok.lower_ not in nouns else None
            start = doc[tok.i - 1].idx
            if kind is None or _taken(mentions, start, tok.idx + len(tok.text)):
                continue
            target = main if kind == SHOW else _nearest(ents, mentions, start, BOOK, doc)
            if target is not None:
                mentions.append(LoreMention(start, tok.idx + len(tok.text), target, "anaphor"))

    def _definite_descriptions(self, doc, text, ents, mentions, main) -> None:
        for kind, regex in self.anaphora.items():
            for m in regex.finditer(text):
                if _taken(mentions, m.start(), m.end()) or block_kind_at(doc, m.start()) != "body":
                    continue
                if _name_follows(mentions, m.end(), text):
                    continue  # "the series Tiny Pretty Things": a cue, not an anaphor
                if kind == SHOW:
                    # the show just named, in a roundup; otherwise the show the article is about
                    near = _nearest(ents, mentions, m.start(), SHOW, doc, confident=True,
                                    since=_section_start(doc, m.start()))
                    target = near if near is not None else main
                else:
                    target = _nearest(ents, mentions, m.start(), kind, doc)
                if target is not None:
                    mentions.append(LoreMention(m.start(), m.end(), target, "anaphor"))

    # -- seasons and characters belong to shows ---------------------------------------------

    def _seasons(self, doc, text, ents, mentions, main) -> None:
        seen: dict[tuple[int | None, str], int] = {}
        for i, m in enumerate(sorted(mentions, key=lambda m: m.start)):
            ent = ents[m.entity]
            if ent.type != SEASON:
                continue
            show = self._season_show(doc, text, ents, mentions, m)
            show = main if show is None else show
            key = (show, ent.value)
            if key in seen and seen[key] != ent.id:
                mentions[mentions.index(m)] = LoreMention(m.start, m.end, seen[key], m.kind)
                continue
            seen[key] = ent.id
            ent.show = show

    def _season_show(self, doc, text, ents, mentions, m) -> int | None:
        after = re.match(r"\s+of\s+", text[m.end:m.end + 6])
        for other in mentions:
            if ents[other.entity].type != SHOW:
                continue
            if after and other.start == m.end + after.end():
                return other.entity
            between = text[other.end:m.start]
            if other.end <= m.start and re.fullmatch(r"\s*(?:['’]s)?\s*(?:the\s+)?", between):
                return other.entity
        return _nearest(ents, mentions, m.start, SHOW, None, since=_section_start(doc, m.start))

    def _characters(self, doc, ents, mentions, main) -> None:
        ordered = sorted(mentions, key=lambda m: m.start)
        votes: dict[int, Counter] = {}
        last_show = None
        for m in ordered:
            kind = ents[m.entity].type
            confident = ents[m.entity].confidence > 0.5 or m.entity == main
            if kind == SHOW and confident and block_kind_at(doc, m.start) != "title":
                last_show = m.entity
            elif kind == CHAR:
                votes.setdefault(m.entity, Counter())[last_show if last_show is not None else main] += 1
        for ent_id, counter in votes.items():
            counter.pop(None, None)
            ents[ent_id].show = counter.most_common(1)[0][0] if counter else main

    # -- pronouns --------------------------------------------------------------------------

    def _pronouns(self, doc, ents, mentions) -> None:
        people = [m for m in mentions if ents[m.entity].type in (CHAR, PERSON)]
        if not people:
            return
        added = []
        for sent in doc.sents:
            if block_kind_at(doc, sent.start_char) != "body":
                continue
            for tok in sent:
                gender = self.pronouns.get(tok.lower_)
                if gender is None:
                    continue
                target = self._antecedent(doc, ents, people + added, tok, sent, gender)
                if target is not None:
                    added.append(LoreMention(tok.idx, tok.idx + len(tok.text), target, "pronoun"))
        mentions.extend(added)

    def _it_is_the_show(self, doc, ents, mentions, main) -> None:
        """"it's based on", "it premiered": "it" is the show when a show verb follows."""
        added = []
        for tok in doc:
            if tok.lower_ != "it" or block_kind_at(doc, tok.idx) != "body":
                continue
            following = [t.lower_ for t in doc[tok.i + 1:tok.i + 4]]
            if not any(w in self.it_verbs for w in following[:3]):
                continue
            show = _nearest(ents, mentions, tok.idx, SHOW, doc, since=_section_start(doc, tok.idx))
            show = main if show is None else show
            if show is not None:
                added.append(LoreMention(tok.idx, tok.idx + 2, show, "pronoun"))
        mentions.extend(added)

    def _antecedent(self, doc, ents, people, tok, sent, gender) -> int | None:
        window_start = _window_start(doc, sent, 2)
        before = sorted((m for m in people if window_start <= m.start < tok.idx), key=lambda m: m.start, reverse=True)
        fits = [m for m in before if self._gender(ents[m.entity]) in (gender, "u")]
        if not fits:
            return None
        following = {t.lower_ for t in tok.doc[tok.i + 1:tok.i + 4]}
        if following & self.kin_words:  # "her twin sister": a character's kin, not an actor's
            fits = [m for m in fits if ents[m.entity].type == CHAR] or fits
        is_object = tok.i > 0 and doc[tok.i - 1].lower_ in self.object_verbs
        if is_object:
            # The verb's subject is the nearest name not cut off from it by "and" ("Delia ...
            # had pushed her": not Delia; "Satu kidnaps Diana and attacked her": Diana is an
            # object, so she may be "her").
            text, verb = text_of(doc), doc[tok.i - 1].idx
            subject = next((m.entity for m in fits if " and " not in f" {text[m.end:verb]} "), None)
            others = [m for m in fits if m.entity != subject]
            if subject is not None and others:
                return others[-1 if others[-1].start >= sent.start_char else 0].entity
        return fits[0].entity

    def _gender(self, ent: LoreEntity) -> str:
        return self.lex.gender(ent.label) or "u"


def main_show(doc: Doc, ents: list[LoreEntity], mentions: list[LoreMention]) -> int | None:
    """The show the article is about: named in its title, else the most mentioned show, among
    the shows with typing evidence when there are any."""
    def counts(confident: bool) -> Counter:
        c = Counter()
        for m in mentions:
            e = ents[m.entity]
            if e.type == SHOW and m.kind == "name" and (e.confidence > 0.5 or not confident):
                c[m.entity] += 3 if block_kind_at(doc, m.start) == "title" else 1
        return c

    scores = counts(confident=True) or counts(confident=False)
    if not scores:
        return None
    top = max(scores.values())
    firsts = {}
    for m in mentions:
        if scores.get(m.entity) == top:
            firsts.setdefault(m.entity, m.start)
    return min(firsts, key=firsts.get)


def _phrase_regex(phrases: list[str]) -> re.Pattern:
    alts = sorted((re.escape(p).replace(r"\ ", r"\s+") for p in phrases), key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(alts) + r")(?!\w)", re.I)


def _taken(mentions, start, end) -> bool:
    return any(m.start < end and start < m.end for m in mentions)


def _name_follows(mentions, end: int, text: str) -> bool:
    gap = re.match(r"[\s,:]*", text[end:end + 4]).end()
    return any(m.start == end + gap and m.kind == "name" for m in mentions)


def _nearest(ents, mentions, pos: int, kind: str, doc: Doc, confident: bool = False, since: int = 0) -> int | None:
    """The entity of `kind` mentioned last before `pos` (and after `since`; with typing
    evidence, if `confident`)."""
    best = None
    for m in mentions:
        if since <= m.start and m.end <= pos and ents[m.entity].type == kind and (best is None or m.start > best.start):
            if confident and ents[m.entity].confidence <= 0.5:
                continue
            best = m
    return best.entity if best else None


def _find_or_add(ents: list[LoreEntity], kind: str, label: str) -> int:
    key = skeleton.label_key(label)
    for e in ents:
        if e.type == kind and skeleton.label_key(e.label) == key:
            return e.id
    ents.append(LoreEntity(len(ents), kind, label, confidence=0.8))
    return ents[-1].id


def _section_start(doc: Doc, char: int) -> int:
    """Where the section holding `char` starts: its heading (or the title), else the article."""
    start = 0
    for b_start, _, kind in doc._.lore_blocks or []:
        if b_start > char:
            break
        if kind in ("heading", "title"):
            start = b_start
    return start


def _window_start(doc: Doc, sent, back: int) -> int:
    bounds = sentence_bounds(doc)
    i = next((n for n, b in enumerate(bounds) if b[0] == sent.start_char), 0)
    return bounds[max(0, i - back)][0]
