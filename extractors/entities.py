"""`lore_entities`: find names and decide what each is (show, book, person, character, organisation).

Evidence for a type comes from typing patterns over sentence skeletons
(`data/typing.json`: "created by NAME" makes NAME a person), from gazetteers (networks,
studios, publishers, sites), and from the shape of the name (a known given name, an
organisation suffix). Votes are summed per name across the article, so one clear context
types every mention; a mention whose own context says otherwise (the novel a show shares its
title with) becomes an entity of its own.

This module holds the component: the candidates it keeps (trimmed of sentence openers, label
words and owners' names), the entities it makes of them, and the dates and seasons. The votes and
the class decided for a name are in extractors/entity_typing.py; which names are one entity, in
extractors/entity_merging.py.
"""

from __future__ import annotations

import re
from collections import Counter

from spacy.language import Language
from spacy.tokens import Doc

from extractors import skeleton
from extractors.candidates import Candidate, CandidateFinder, find_dates_in, find_seasons
from extractors.doc_model import BOOK, DATE, FILM, SEASON, SHOW, LoreEntity, LoreMention, text_of
from extractors.entity_merging import merged_groups
from extractors.entity_typing import (
    TRUSTED_BLOCKS, TYPING_BLOCKS, decide, mention_kind, person_shaped, share_votes, vote_patterns, vote_shapes,
    without_titles,
)
from extractors.lexicons import lexicons, pattern_keywords
from extractors.frame_base import read_lexicon
from extractors.frames import FrameReader
from extractors.name_evidence import (
    join_nicknames, mark_site_names, nickname_of, vote_frames, with_model_entities, without_nickname,
    without_place_of_company,
)
from extractors.patterns import Pattern, PatternSet
from extractors.rule_component import RuleComponent
from extractors.tables import table_candidates
from extractors.title_spans import (
    extend_titles, join_colon_titles, keep_marked_titles, keep_site_whole, keep_title_whole, split_by_parse, split_known,
)
from kg.text import name_key, plain_word

WEAK_NAME_VOTES = 1.5  # what an ordinary capitalised word needs to count as a name


@Language.factory(
    "lore_entities_v2",
    assigns=["doc._.lore_entities", "doc._.lore_mentions"],
)
def make_entities(nlp: Language, name: str):
    return EntityRecognizer(name)


class EntityRecognizer(RuleComponent):
    RULES = {"typing": "typing.json", "frames": "frames.json"}

    def __init__(self, name: str):
        super().__init__(name)
        self.lex = lexicons()
        self.finder = CandidateFinder(self.lex)
        self.honorifics = frozenset(self.lex.cues["honorifics"])
        self.fix = skeleton.TypoFixer(set(pattern_keywords()), self.lex.common_words)

    def initialize(self, get_examples=None, *, nlp=None, typing: str | None = None, frames: str | None = None) -> None:
        self.read_rules(typing=typing, frames=frames)

    def set_rules(self, docs: dict) -> None:
        self.patterns = PatternSet([Pattern.from_spec(s) for s in docs["typing"]])
        self.frames = FrameReader(read_lexicon(docs["frames"]))
        lex = self.frames.lex
        self.work_nouns = frozenset().union(*(lex[k] for k in (
            "book_nouns", "show_nouns", "film_nouns", "screen_genre_nouns", "ambiguous_work_nouns")))

    def __call__(self, doc: Doc) -> Doc:
        self.require_rules()
        cands = self._candidates(doc)
        lists = vote_patterns(doc, cands, self.patterns, self.fix)
        if doc.has_annotation("DEP"):
            vote_frames(doc, cands, self.frames, TYPING_BLOCKS)
        for members in lists:  # with the parse's votes too: "sequels: A (1982), B and C"
            share_votes(members, cands)
        vote_shapes(cands, self.lex, site_known=bool(doc.user_data.get("lore_site")))
        cands = [c for c in cands if not c.weak or max(c.votes.values(), default=0) >= WEAK_NAME_VOTES]
        entities, mentions = self._resolve(doc, cands)
        self._add_dates_and_seasons(doc, entities, mentions)
        doc._.lore_entities = entities
        doc._.lore_mentions = sorted(mentions, key=lambda m: m.start)
        return doc

    # -- candidates ------------------------------------------------------------------------

    def _candidates(self, doc: Doc) -> list[Candidate]:
        raw = self.finder.find(doc)
        raw = with_model_entities(doc, raw, self.lex.is_given_name)
        raw = keep_title_whole(doc, raw)
        raw = keep_marked_titles(doc, raw, self.lex.is_common)
        raw = join_colon_titles(doc, raw)
        raw = keep_site_whole(doc, raw)
        raw = join_nicknames(doc, raw)
        raw = table_candidates(doc, raw, Candidate)
        raw = split_by_parse(doc, raw)
        if doc.has_annotation("DEP"):
            raw = extend_titles(doc, raw)
        raw = [part for c in raw for part in self._split_owner(c)]
        dates = find_dates_in(doc)
        raw = [c for c in raw if not _inside_any(c, dates)]
        trusted = {name_key(c.text) for c in raw if c.block in TRUSTED_BLOCKS and (
            not c.sent_start or not self._opener_like(c.text.split()[0]))}
        trusted |= {name_key(c.text) for c in raw if c.org}
        raw = [part for c in raw for part in split_known(c, trusted, doc)]
        raw = without_place_of_company(doc, raw, set(self.lex.cues["org_suffixes"]))
        out = []
        for c in raw:
            key = name_key(c.text)
            if c.org or c.whole or key in trusted:
                out.append(c)
            elif c.block in ("heading", "title"):
                prefix = _trusted_prefix(c, trusted)  # "The Expanse Reading Order" -> "The Expanse"
                if prefix:
                    out.append(prefix)
            elif c.sent_start:
                trimmed = self._trim_opener(doc, c, trusted)
                if trimmed:
                    out.append(trimmed)
            else:
                out.append(c)
        text = text_of(doc)
        return mark_site_names(doc, [self._drop_label_word(c, trusted) for c in out
                                     if self._plausible(c) and not _speaker_label(text, c)])

    def _split_owner(self, c: Candidate) -> list[Candidate]:
        """"Ruth Hale's Severn trilogy": a person's full name and what is theirs are two names
        ("Caliban's War" and "Sophie's Choice", one word before the 's, stay titles)."""
        m = re.match(r"^(\S+(?: \S+)+?)['’]s (\S.*)$", c.text)
        if c.org or c.whole or m is None:
            return [c]
        owner, rest = m.group(1).split(), m.group(2)
        named = [w for w in owner if not re.fullmatch(r"[A-Z]\.", w)]  # "George R. R. Hale": initials aside
        if not (self.lex.is_clear_given_name(owner[0]) and person_shaped(named, self.lex)):
            return [c]
        first = Candidate(c.start, c.start + len(m.group(1)), m.group(1), c.block, c.sent_start)
        second_start = c.start + m.start(2)
        return [first, Candidate(second_start, c.end, rest, c.block, False)]

    def _drop_label_word(self, c: Candidate, trusted: set[str]) -> Candidate:
        """"Author The Couch Dispatch", "Official Netflix...", "Screenwriter Poppy Reed": a
        headline word or an occupation before a name."""
        words = c.text.split(" ")
        if c.org or len(words) < 2 or (words[0].lower() not in self.lex.non_entities
                                       and words[0].lower() not in self.frames.lex["person_nouns"]
                                       and not self._demonym(words)):
            return c
        rest = " ".join(words[1:])
        # "Jamaican Roger Mais": a clear given name after the label word starts a person's name,
        # whatever the surname looks like
        person = 3 <= len(words) <= 5 and all(w[:1].isupper() for w in words[1:]) and (
            self.lex.is_clear_given_name(words[1]) or words[0].lower() in self.frames.lex["person_nouns"])
        if words[1] in ("The", "A", "An") or name_key(rest) in trusted or person:  # "Jamaican Roger Mais"
            start = c.start + len(words[0]) + 1
            return Candidate(start, c.end, rest, c.block, False)
        return c

    def _demonym(self, words: list[str]) -> bool:
        """"Glaswegian James Herriot", "Parisian Anne Roux": a word shaped like a demonym (and no
        given name itself) before a clear given name and a surname."""
        first = words[0]
        return len(words) >= 3 and first.endswith(_DEMONYM_ENDINGS) and not self.lex.is_given_name(first) \
            and not self.lex.is_surname(first) and self.lex.is_clear_given_name(words[1])

    def _opener_like(self, word: str) -> bool:
        """A capitalised first word that may just open a sentence ("The", "Despite", "Season")."""
        w = plain_word(word)
        return w in self.lex.cues["sentence_openers"] or self.lex.is_common(w) or w in self.lex.non_entities

    def _trim_opener(self, doc: Doc, c: Candidate, trusted: set[str]) -> Candidate | None:
        words = c.text.split()
        first = plain_word(words[0])
        opener = first in self.lex.cues["sentence_openers"]
        if len(words) == 1:
            return None if (opener or self.lex.is_common(first)) else c
        # "Newcomer Leila Haddad will...": a capitalised ordinary word before a person's name
        opener = opener or (self.lex.is_common(first) and self.lex.is_clear_given_name(words[1]))
        if not opener:
            return c
        span = doc.char_span(c.start, c.end, alignment_mode="expand")
        rest = span[1:]
        while len(rest) and not rest[0].text[:1].isupper():
            rest = rest[1:]
        if not len(rest):
            return None
        return Candidate(rest.start_char, rest.end_char, rest.text, c.block, False)

    def _plausible(self, c: Candidate) -> bool:
        if c.org:
            return True
        key = name_key(c.text)
        if not key or key in self.lex.non_entities or key in self.lex.places:
            return False
        one_word = len(c.text.split()) == 1  # "The Expanse" is a title even though "expanse" is a word
        if one_word and self.lex.is_common(key) and not self.lex.is_given_name(c.text):
            # "a sequel, Windfall,": an ordinary word may be a title, if the context says so
            c.weak = c.block in ("body", "heading") and key not in self.lex.cues["sentence_openers"]
            return c.weak
        return True

    # -- from candidates to entities -------------------------------------------------------

    def _resolve(self, doc: Doc, cands: list[Candidate]):
        groups = merged_groups(cands, text_of(doc), self.work_nouns, self.lex, self.honorifics)
        entities: list[LoreEntity] = []
        mentions: list[LoreMention] = []
        by_type_key: dict[tuple[str, str], LoreEntity] = {}
        shows_elsewhere = sum(1 for ms in groups.values() if sum(c.votes.get(SHOW, 0) for c in ms) >= 1.5)
        speaks_of_screen = bool(_SCREEN_TALK.search(text_of(doc))) or any(
            c.org and getattr(self.lex.organizations.get(c.text), "category", None) == "networks"
            for ms in groups.values() for c in ms)
        headline = " ".join(text_of(doc)[s:e] for s, e, kind in (doc._.lore_blocks or []) if kind == "title").lower()
        screen_headline = bool(_SCREEN_WORDS.search(headline))
        in_headline = {c.text.lower() for ms in groups.values() for c in ms
                       if screen_headline and c.block == "body" and c.text.lower() in headline}
        for key, members in groups.items():
            votes = Counter()
            for c in members:
                votes.update(c.votes)
            kind = decide(members, votes, self.lex, self.honorifics)
            if kind is None and any(_SEASON_AFTER.match(text_of(doc), c.end) for c in members):
                kind = SHOW  # a headline's "X Season 2", "X's second series": the show, though named nowhere else
            if kind is None:
                continue
            # An article titled with a book's name, about no other show, that speaks of the screen
            # is about its adaptation: the mentions that no book cue claims are the show.
            # ... and a headline that names the book and speaks of the screen ("... Before Series 2",
            # "X Is Back Thursday") is about its adaptation whatever other shows the article names
            # (an adaptation the article calls a film is no show)
            titled_show = kind == BOOK and not votes.get(FILM) and (
                (not shows_elsewhere and speaks_of_screen and any(c.block == "title" for c in members))
                or (screen_headline and _names_whole(max((c.text for c in members), key=len).lower(), headline, in_headline)))
            for c in members:
                own = SHOW if titled_show and not c.votes.get(BOOK) else mention_kind(c, kind)
                ent = by_type_key.get((own, key))
                if ent is None:
                    label = _canonical(members, c) if c.org else without_titles(
                        without_nickname(_canonical(members, c)), self.honorifics)
                    ent = LoreEntity(len(entities), own, label, confidence=_confidence(votes, own))
                    entities.append(ent)
                    by_type_key[(own, key)] = ent
                if c.text != ent.label:
                    ent.aliases.add(c.text)
                if not c.org and nickname_of(c.text):
                    ent.aliases.add(nickname_of(c.text))
                mentions.append(LoreMention(c.start, c.end, ent.id))
        return entities, mentions

    # -- dates and seasons -----------------------------------------------------------------

    def _add_dates_and_seasons(self, doc: Doc, entities: list, mentions: list) -> None:
        text = text_of(doc)
        titles = [(m.start, m.end) for m in mentions if entities[m.entity].type in (BOOK, SHOW)]
        for start, end, value, datatype in find_dates_in(doc):
            if any(s < end and start < e for s, e in titles):
                continue  # "2001: A Space Odyssey", "Salt Road 1984": the year is part of a title
            ent = LoreEntity(len(entities), DATE, text[start:end], value=value, datatype=datatype)
            entities.append(ent)
            mentions.append(LoreMention(start, end, ent.id, "date"))
        for start, end, number in find_seasons(doc, self.lex.cues["ordinals"]):
            ent = LoreEntity(len(entities), SEASON, text[start:end], value=str(number))
            entities.append(ent)
            mentions.append(LoreMention(start, end, ent.id, "season"))


_SEASON_AFTER = re.compile(r"\s*(?:['’]s\s+(?:\w+\s+)?)?(?:season|series)\s+(?:\d|one|two|three|four|five|six)", re.I)


_DEMONYM_ENDINGS = ("ian", "ean", "ese", "ish", "ite")  # "Glaswegian", "Chilean", "Maltese", "Cornish", "Muscovite"


_SCREEN_WORDS = re.compile(r"\b(?:season|seasons|series|episode|episodes|show|tv|television|netflix|hbo|hulu|"
                           r"streaming|renewed|renewal|cancell?ed|cast|premiere|finale|adaptation|is back|returns)\b")


# the screen in an article's own words: an encyclopedia entry on a novel has none of them
_SCREEN_TALK = re.compile(r"\b(?:seasons?|episodes?|tv|television|streaming|streamer|renewed|renewal|premiered?|"
                          r"premieres|finale|showrunner|aired|airs|broadcasts?|broadcaster|on-screen|screen)\b", re.I)


def _names_whole(title: str, headline: str, in_headline: set[str]) -> bool:
    """The headline names `title` as itself, not inside a longer title the article names
    (`in_headline`: the body's names the headline holds; "Salt Road" in "The Salt Road Diaries")."""
    if len(title) <= 3 or not re.search(rf"(?<!\w){re.escape(title)}(?!\w)", headline):
        return False
    return not any(title in other and len(other) > len(title) for other in in_headline)


def _speaker_label(text: str, c: Candidate) -> bool:
    """"KEAVENEY: It's her second novel.": the capitalised speaker tag of a transcript line is
    no mention of anything."""
    line_start = text.rfind("\n", 0, c.start) + 1
    return not text[line_start:c.start].strip() and text.startswith(":", c.end) and c.text.isupper() and len(c.text) > 1


def _trusted_prefix(c: Candidate, trusted: set[str]) -> Candidate | None:
    words = c.text.split(" ")
    for n in range(len(words) - 1, 0, -1):
        head = " ".join(words[:n])
        if name_key(head) in trusted:
            return Candidate(c.start, c.start + len(head), head, c.block, c.sent_start)
    return None


def _inside_any(c: Candidate, spans) -> bool:
    return any(s <= c.start and c.end <= e for s, e, *_ in spans)


def _canonical(members: list[Candidate], c: Candidate) -> str:
    if c.org:
        return c.org
    members = [m for m in members if not m.alias] or members
    forms = Counter(m.text for m in members if not m.sent_start and m.block in TRUSTED_BLOCKS)
    # a sentence-initial form that extends one of those is the full name ("Nora Vale (Mia Roe): ...",
    # then "Nora" or "Vale" alone), not an opener stuck to a name
    seen = {tuple(f.split()) for f in forms}
    forms.update(m.text for m in members if m.sent_start and m.block in TRUSTED_BLOCKS and any(
        len(w) < len(m.text.split()) and (tuple(m.text.split()[:len(w)]) == w or (
            tuple(m.text.split()[-len(w):]) == w and m.text.split()[0].lower() not in ("the", "a", "an")))
        for w in seen))
    forms = forms or Counter(m.text for m in members)
    longest = max(len(f.split()) for f in forms)
    best = [f for f in forms if len(f.split()) == longest]
    return max(best, key=lambda f: (forms[f], -len(f))).strip("‘’'\"“” ")


def _confidence(votes: Counter, kind: str) -> float:
    return round(min(0.99, 0.5 + votes.get(kind, 0) / 6), 2)
