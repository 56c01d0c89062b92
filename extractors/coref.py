"""`lore_coref`: resolve what "the series", "the novel", "the book of the same name", "she" and
"her" refer to, place seasons and characters in their show.

Rules, not a model: a definite description takes the nearest preceding entity of its class
(the article's main show when there is none); pronouns and plural descriptions of people are
resolved by extractors/pronouns.py.

Across the document it also reads titles the names missed or mistyped where their place says
they are books (lists of titles, season tables, "book three, X", "a sequel, X"), a known
person's bare surname, "the novelist" (the nearest person the text made a writer), "the first
book" (the book the article called its series' first) and "the final season" once the article
numbers it ("its third and final season").
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter

from spacy.language import Language
from spacy.tokens import Doc

from extractors import series, skeleton
from extractors.doc_model import (
    BOOK, CHAR, DEFINED_TITLE, ORG, PERSON, SEASON, SHOW, LoreEntity, LoreMention, block_kind_at, find_names, sentence_at,
    sentence_bounds, text_of,
)
from extractors.lexicons import lexicons
from extractors.people import bare_character_names
from extractors.pronouns import PronounResolver
from kg.text import name_key


@Language.factory("lore_coref_v2", assigns=["doc._.lore_mentions", "doc._.lore_entities"], requires=["doc._.lore_entities"])
def make_coref(nlp: Language, name: str):
    return Coreference()


class Coreference:
    def __init__(self):
        self.lex = lexicons()
        cues = self.lex.cues
        self.same_name = re.compile(r"(?<!\w)(?:" + cues["same_name_regex"] + r")(?!\w)", re.I)
        self.same_name_show = re.compile(r"(?<!\w)(?:" + cues["same_name_show_regex"] + r")(?!\w)", re.I)
        self.adapted_into_show = re.compile(r"(?<!\w)(?:" + cues["adapted_into_show_regex"] + r")")
        self.it_verbs = set(cues["it_show_verbs"])
        self.it_object_verbs = set(cues["it_show_object_verbs"])
        self.anaphora = {kind.upper(): _phrase_regex(phrases) for kind, phrases in cues["anaphora"].items()}
        described = re.compile(r"(?<!\w)(?:" + cues["show_description_regex"] + r")(?!\w)", re.I)
        self.anaphora["SHOW"] = re.compile(self.anaphora["SHOW"].pattern + "|" + described.pattern, re.I)
        self.people = PronounResolver(self.lex)
        self.fix = skeleton.TypoFixer({"series", "show", "novel", "book"}, self.lex.common_words)

    def __call__(self, doc: Doc) -> Doc:
        ents: list[LoreEntity] = doc._.lore_entities or []
        mentions: list[LoreMention] = list(doc._.lore_mentions or [])
        main = main_show(doc, ents, mentions)
        text = text_of(doc)
        self._it_is_the_show(doc, ents, mentions, main)
        self._same_name_shows(doc, text, ents, mentions)
        self._same_name_books(doc, text, ents, mentions, main)
        self._title_lists(doc, text, ents, mentions, main)
        self._season_table_books(doc, text, ents, mentions, main)
        self._book_slots(doc, text, ents, mentions, main)
        self._dated_titles(doc, text, ents, mentions, main)
        self._known_titles(doc, text, ents, mentions)
        self._surnames(doc, text, ents, mentions)
        bare_character_names(doc, text, ents, mentions, self.lex)
        self._first_book_descriptions(doc, text, ents, mentions)
        self._definite_descriptions(doc, text, ents, mentions, main)
        self._writer_descriptions(doc, text, ents, mentions)
        self._misspelt_descriptions(doc, ents, mentions, main)
        self._unnamed_adaptations(doc, text, ents, mentions, main)
        self._final_season(doc, text, ents, mentions)
        self._new_season(doc, text, ents, mentions)
        self._seasons(doc, text, ents, mentions, main)
        self._characters(doc, ents, mentions, main)
        self.people(doc, ents, mentions)
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
            title = ents[show].label if show is not None else self._subject_title(doc, text, m.start(), ents, mentions)
            if title is None:
                continue
            book = _find_or_add(ents, BOOK, title)
            mentions.append(LoreMention(m.start(), m.end(), book, "anaphor"))

    def _same_name_shows(self, doc, text, ents, mentions) -> None:
        """"a TV serial with the same title": a show named after a book (the phrase is its
        mention, so what the sentence says of it is the show's)."""
        self._shows_named_after_books(doc, ents, mentions, [(m.start(), m.end(), m.start())
                                                            for m in self.same_name_show.finditer(text)])

    def _unnamed_adaptations(self, doc, text, ents, mentions, main) -> None:
        """In an article about no show, "the novel was adapted into an anime series, which aired
        on N": the show the book became, named after it."""
        if main is None:
            self._shows_named_after_books(doc, ents, mentions, [(m.start("noun"), m.end("noun"), m.start())
                                                                for m in self.adapted_into_show.finditer(text)])

    @staticmethod
    def _shows_named_after_books(doc, ents, mentions, found: list[tuple[int, int, int]]) -> None:
        """The book: the one named earlier in the sentence, else the one the article is about.
        Not when a show of that title is already named: then the phrase may be an earlier
        adaptation ("first adapted as a TV serial of the same title in 1985"), not the show."""
        if not found:
            return
        topic = None
        named_shows = {ents[m.entity].label for m in mentions if m.kind == "name" and ents[m.entity].type == SHOW}
        for start, end, cue in found:
            if _taken(mentions, start, end) or block_kind_at(doc, start) != "body":
                continue
            book = _nearest(ents, mentions, cue, BOOK, doc, since=sentence_at(doc, cue)[0])
            if book is None:
                topic = _topic_book(doc, ents, mentions) if topic is None else topic
                book = topic
            if book is None or ents[book].label in named_shows:
                continue
            mentions.append(LoreMention(start, end, _find_or_add(ents, SHOW, ents[book].label), "anaphor"))

    def _subject_title(self, doc, text, char, ents, mentions) -> str | None:
        """"X is a 1948 film taken from the book of the same title by Y": with no show to take
        the name from, the title that is the sentence's subject (a film is no show, but the
        novel it names is a book)."""
        start, _ = sentence_at(doc, char)
        defined = DEFINED_TITLE.match(text, start, char)
        if defined and self._title_like(re.sub(r"[,?!]", "", defined.group(1))) and not any(
                m.start < defined.end(1) and start < m.end and ents[m.entity].type != BOOK for m in mentions):
            return defined.group(1)  # "Are You There, Mr Fox? is a 1970 film ...": the title whole
        if not doc.has_annotation("DEP"):
            return None
        first = doc.char_span(start, char, alignment_mode="expand")
        subject = next((t for t in first or () if t.dep_ in ("nsubj", "nsubjpass") and t.head.dep_ == "ROOT"), None)
        if subject is None or subject.pos_ != "PROPN":
            return None
        left, right = subject.left_edge.idx, subject.idx + len(subject.text)
        verb = subject.head
        whole = text[start:verb.idx].strip()  # "Cold Harbour, Warm Heart? is a film ...": the title whole
        if subject.left_edge.idx == start and verb.lemma_ == "be" and self._title_like(re.sub(r"[,?!]", "", whole)):
            right = start + len(whole)
        if any(m.start < right and left < m.end and ents[m.entity].type != BOOK for m in mentions):
            return None  # a person, a show or a company
        title = text[left:right]
        return title if self._title_like(re.sub(r"[,?!]", "", title)) else None

    def _misspelt_descriptions(self, doc, ents, mentions, main) -> None:
        """"The seires was creatd by...": a definite description with a slip in its noun."""
        nouns = {"series": SHOW, "show": SHOW, "novel": BOOK, "book": BOOK}
        prev = None
        for tok in doc:
            det, prev = prev, tok
            if det is None or det.lower_ not in ("the", "this") or tok.lower_ in nouns or not 3 <= len(tok) <= 8:
                continue
            kind = nouns.get(self.fix(tok.lower_))
            start = det.idx
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
                    target = near if near is not None and near not in _named_in_passing(ents, mentions, main) else main
                else:
                    target = _nearest(ents, mentions, m.start(), kind, doc)
                    if target is not None and kind == BOOK and _ADAPTING.search(text, *sentence_at(doc, m.start())):
                        # ("X adapted the novel", "the source novel": the show's own book)
                        target = self._salient_book(ents, mentions, target, _section_start(doc, m.start()), m.start())
                if target is not None:
                    mentions.append(LoreMention(m.start(), m.end(), target, "anaphor"))

    @staticmethod
    def _salient_book(ents, mentions, nearest: int, since: int, pos: int) -> int | None:
        """"the novel" after a book named once in passing ("two years on from her debut, X") is the
        book of the title the section has kept naming before it (a show's mentions count for the
        book of its title); None when that title has no book yet (the description is left to the
        relation rules, which take the show's own book)."""
        named = Counter(ents[m.entity].label for m in mentions
                        if m.kind == "name" and since <= m.start < pos and ents[m.entity].type in (BOOK, SHOW))
        if named[ents[nearest].label] != 1:
            return nearest
        title, count = named.most_common(1)[0]
        if title == ents[nearest].label or count < 3:
            return nearest
        return next((e.id for e in ents if e.type == BOOK and e.label == title), None)

    def _first_book_descriptions(self, doc, text, ents, mentions) -> None:
        """"the first book", "the debut novel", "book one": the book the article has called its
        series' first ("X, the 2015 debut novel by", "the first novel, X"), not the nearest one."""
        first = None
        for m in sorted(mentions, key=lambda m: m.start):
            if ents[m.entity].type != BOOK or m.kind != "name":
                continue
            if _FIRST_AFTER.match(text[m.end:m.end + 60]) or _FIRST_BEFORE.search(text[max(0, m.start - 40):m.start]):
                first = m
                break
        if first is None:
            return
        for m in _FIRST_WORDS.finditer(text):
            if m.start() < first.end or _taken(mentions, m.start(), m.end()) or block_kind_at(doc, m.start()) != "body":
                continue
            if _name_follows(mentions, m.end(), text):
                continue
            mentions.append(LoreMention(m.start(), m.end(), first.entity, "anaphor"))

    def _writer_descriptions(self, doc, text, ents, mentions) -> None:
        """"the novelist said", "the author's follow-up": the writer the article has tied to a
        book (named in a sentence with a book and a word of writing), the nearest before."""
        writers = _writer_mentions(doc, text, ents, mentions)
        if not writers:
            return
        for m in _WRITER_WORDS.finditer(text):
            if _taken(mentions, m.start(), m.end()) or block_kind_at(doc, m.start()) != "body":
                continue
            if _name_follows(mentions, m.end(), text) or re.match(r"\s+of\b", text[m.end():m.end() + 4]):
                continue  # "the novelist Ada Kwan", "the author of X": a cue, not an anaphor
            before = [w for w in writers if w.end <= m.start()]
            if before:
                mentions.append(LoreMention(m.start(), m.end(), before[-1].entity, "anaphor"))

    def _title_lists(self, doc, text, ents, mentions, main) -> None:
        """A list of titles ("1. A", "A (1992), which is followed by") under a line about books
        in order ("the main sequence runs:", "the series runs like this:"): each item is a book."""
        blocks = doc._.lore_blocks or []
        i = 1
        while i < len(blocks):
            items = [it for it in series.list_items(text, blocks, i) if self._title_like(text[it[0]:it[1]])]
            intro = text[blocks[i - 1][0]:blocks[i - 1][1]]
            if len(items) >= 2 and series.LIST_INTRO.search(intro):
                spans = [(start, end) for start, end, _ in items]
                for start, end in spans:
                    same = [m for m in mentions if m.start == start and m.end == end]
                    if not _taken(mentions, start, end):
                        book = _find_or_add(ents, BOOK, text[start:end])
                        mentions.append(LoreMention(start, end, book, "name"))
                        continue
                    e = ents[same[0].entity] if same else None
                    only_here = e is not None and all(any(a <= m.start < b for a, b in spans)
                                                      for m in mentions if m.entity == e.id)
                    if e is not None and e.type in (SHOW, ORG) and e.id != main and (e.confidence <= 0.5 or only_here):
                        e.type = BOOK  # a title in the list, typed by no cue elsewhere
            i += max(1, len(items))

    def _book_slots(self, doc, text, ents, mentions, main) -> None:
        """A name in a book's place ("the second book, X", "a sequel, X", "Y followed A with X",
        "the sequel to A is X") that the names typed a show or an organisation on weak evidence
        is a book."""
        for m in sorted(mentions, key=lambda m: m.start):
            e = ents[m.entity]
            if m.kind != "name" or e.type not in (SHOW, ORG) or e.id == main or e.confidence > 0.75:
                continue
            s_start, _ = sentence_at(doc, m.start)
            before = text[max(s_start, m.start - 80):m.start]
            followed = "followed" in text[s_start:m.start].lower() and _WITH_SLOT.search(before)
            if _BOOK_SLOT.search(before) or followed:
                e.type = BOOK
        for m in _SLOT_TITLE.finditer(text):
            start, title = m.start("title"), m.group("title")
            while " " in title and title.split()[-1].lower() in _TRAILING:
                title = title.rsplit(" ", 1)[0]
            if title.lower() in _TRAILING:  # "A", "The": no title at all
                continue
            end = start + len(title)
            if _taken(mentions, start, end) or block_kind_at(doc, start) != "body":
                continue
            s_start, _ = sentence_at(doc, start)
            before = text[max(s_start, start - 80):start]
            if len(title.split()) < 2 and (self.lex.is_common(title.lower()) or not _BOOK_NUMBER.search(before)):
                continue  # one word is a title only where the text numbers it: "book two is Kestrel"
            followed = "followed" in text[s_start:start].lower() and _WITH_SLOT.search(before)
            if _BOOK_SLOT.search(before) or followed:
                mentions.append(LoreMention(start, end, _find_or_add(ents, BOOK, title), "name"))

    def _dated_titles(self, doc, text, ents, mentions, main) -> None:
        """"the novels A (2001), B (2003) and C (2006)": names listed with years beside a book,
        or after the series word itself ("the novels by X: A (2010) and B (2013)"), are books
        too, unless something typed them firmly (a name only the NER called a person is not)."""
        for s_start, s_end in sentence_bounds(doc):
            cue = series.SERIES_CUE.search(text[s_start:s_end])
            if not cue:
                continue
            dated = [m for m in mentions if s_start <= m.start < s_end and m.kind == "name"
                     and re.match(r"[*_\"”]*\s*\(\s*\d{4}\s*\)", text[m.end:m.end + 12])]
            if len(dated) < 2 or not (any(ents[m.entity].type == BOOK for m in dated)
                                      or s_start + cue.end() <= dated[0].start):
                continue
            for m in dated:
                e = ents[m.entity]
                if e.id != main and (e.type in (SHOW, ORG) and e.confidence <= 0.75
                                     or e.type == PERSON and e.confidence <= 0.5):
                    e.type = BOOK

    def _season_table_books(self, doc, text, ents, mentions, main) -> None:
        """A title in the source column of a season table ("Season; Episodes; Source novel") is
        a book."""
        for start, end, _ in series.season_table_cells(text, doc._.lore_blocks or []):
            same = [m for m in mentions if m.start == start and m.end == end]
            if same:
                e = ents[same[0].entity]
                if e.type in (SHOW, ORG) and e.id != main and e.confidence <= 0.75:
                    e.type = BOOK
            elif not _taken(mentions, start, end) and self._title_like(text[start:end]):
                mentions.append(LoreMention(start, end, _find_or_add(ents, BOOK, text[start:end]), "name"))

    def _known_titles(self, doc, text, ents, mentions) -> None:
        """A book's title written out again where the names were not found ("Jordan
        followed The Eye of the World with ..."): the same entity."""
        titles = {}
        for e in ents:
            if e.type == BOOK and len(e.label.split()) >= 2 and e.label[:1].isupper():
                titles.setdefault(e.label, e.id)
        for start, end, label in find_names(text, titles, left=r"\w'’", right=r"\w'’"):
            if not _taken(mentions, start, end) and block_kind_at(doc, start) in ("body", "heading"):
                mentions.append(LoreMention(start, end, titles[label], "name"))

    def _surnames(self, doc, text, ents, mentions) -> None:
        """"Jordan followed ...": a real person's surname alone, where no name was found, is
        that person, when no other entity's name holds the word."""
        owners: dict[str, set[int]] = {}
        for e in ents:
            if e.type in (PERSON, CHAR, SHOW, BOOK, ORG):
                for word in re.findall(r"[\w'’-]+", e.label):
                    owners.setdefault(word, set()).add(e.id)
        surnames = {}
        for e in ents:
            words = e.label.split()
            if e.type != PERSON or len(words) < 2 or e.confidence <= 0.5:
                continue
            last = words[-1]
            if len(last) >= 3 and last[:1].isupper() and owners.get(last, set()) == {e.id}:
                surnames[last] = e.id
        for start, end, last in find_names(text, surnames):
            if not _taken(mentions, start, end) and block_kind_at(doc, start) == "body":
                mentions.append(LoreMention(start, end, surnames[last], "name"))

    def _title_like(self, title: str) -> bool:
        words = title.split()
        small = set(self.lex.cues["title_words_lowercase_ok"])
        return 0 < len(words) <= 8 and words[0][:1].isupper() and all(w[:1].isupper() or w in small for w in words)

    # -- seasons and characters belong to shows ---------------------------------------------

    def _final_season(self, doc, text, ents, mentions) -> None:
        """"its third and final season" numbers the show's last season: "the final season" is
        then season three."""
        m = _NTH_AND_FINAL.search(text)
        n = self.lex.cues["ordinals"].get(m.group(1).lower()) if m else None
        if not n:
            return
        season = None
        for f in _THE_FINAL_SEASON.finditer(text):
            if _taken(mentions, f.start(), f.end()) or block_kind_at(doc, f.start()) != "body":
                continue
            if season is None:
                ents.append(LoreEntity(len(ents), SEASON, "final season", value=str(n)))
                season = ents[-1].id
            mentions.append(LoreMention(f.start(), f.end(), season, "season"))

    def _new_season(self, doc, text, ents, mentions) -> None:
        """"the coming season takes its story from X" in a piece that announces season three: the latest
        season named before it (in its section or the headline) is the new one."""
        numbered = [(m.start, int(ents[m.entity].value), m.entity) for m in mentions
                    if ents[m.entity].type == SEASON and str(ents[m.entity].value).isdigit()]
        for f in _THE_NEW_SEASON.finditer(text):
            if _taken(mentions, f.start(), f.end()) or block_kind_at(doc, f.start()) != "body":
                continue
            since = _section_start(doc, f.start())
            before = [(n, e) for start, n, e in numbered if start < f.start() and (start >= since or start < since and
                                                                                 block_kind_at(doc, start) == "title")]
            if before and max(before)[0] >= 2:  # the latest season named before it, in its section or headline
                mentions.append(LoreMention(f.start(), f.end(), max(before)[1], "season"))

    def _seasons(self, doc, text, ents, mentions, main) -> None:
        seen: dict[tuple[int | None, str], int] = {}
        shows = _ShowMentions(ents, mentions)
        for i in sorted(range(len(mentions)), key=lambda j: mentions[j].start):
            m = mentions[i]
            ent = ents[m.entity]
            if ent.type != SEASON:
                continue
            show = self._season_show(doc, text, shows, m)
            show = main if show is None else show
            key = (show, ent.value)
            if key in seen and seen[key] != ent.id:
                mentions[i] = LoreMention(m.start, m.end, seen[key], m.kind)
                continue
            seen[key] = ent.id
            ent.show = show

    def _season_show(self, doc, text, shows: "_ShowMentions", m) -> int | None:
        after = re.match(r"\s+of\s+", text[m.end:m.end + 6])
        if after and m.end + after.end() in shows.by_start:  # "season 2 of X"
            return shows.by_start[m.end + after.end()]
        for other in shows.ending_before(m.start, within=12):  # "X season 2", "X's second season"
            if re.fullmatch(r"\s*(?:['’]s)?\s*(?:the\s+)?", text[other.end:m.start]):
                return other.entity
        # the show named last in the section, one the article types with some evidence
        return shows.last_confident_before(m.start, since=_section_start(doc, m.start))

    def _characters(self, doc, ents, mentions, main) -> None:
        ordered = sorted(mentions, key=lambda m: m.start)
        votes: dict[int, Counter] = {}
        last_show = None
        passing = _named_in_passing(ents, mentions, main)
        for m in ordered:
            kind = ents[m.entity].type
            confident = ents[m.entity].confidence > 0.5 or m.entity == main
            if kind == SHOW and confident and block_kind_at(doc, m.start) != "title" and m.entity not in passing:
                last_show = m.entity
            elif kind == CHAR:
                votes.setdefault(m.entity, Counter())[last_show if last_show is not None else main] += 1
        for ent_id, counter in votes.items():
            counter.pop(None, None)
            ents[ent_id].show = counter.most_common(1)[0][0] if counter else main

    # -- "it" ------------------------------------------------------------------------------

    def _it_is_the_show(self, doc, ents, mentions, main) -> None:
        """"it's based on", "it premiered": "it" is the show when a show verb follows; "N, which
        broadcast it", "N renewed it": the show when a network's verb comes right before and the
        work named last is a show."""
        added = []
        for tok in doc:
            if tok.lower_ != "it" or block_kind_at(doc, tok.idx) != "body":
                continue
            following = [t.lower_ for t in doc[tok.i + 1:tok.i + 4]]
            if not any(w in self.it_verbs for w in following[:3]):
                if tok.i == 0 or doc[tok.i - 1].lower_ not in self.it_object_verbs:
                    continue
                work = max((m for m in mentions if m.end <= tok.idx and ents[m.entity].type in (SHOW, BOOK)),
                           key=lambda m: m.start, default=None)
                if work is not None and ents[work.entity].type == SHOW:
                    added.append(LoreMention(tok.idx, tok.idx + 2, work.entity, "pronoun"))
                continue
            show = previous_subject(doc, ents, mentions, tok, (SHOW,)) if tok.is_sent_start else None
            if show is None:
                show = _nearest(ents, mentions, tok.idx, SHOW, doc, since=_section_start(doc, tok.idx))
            show = main if show is None else show
            if show is not None:
                added.append(LoreMention(tok.idx, tok.idx + 2, show, "pronoun"))
        mentions.extend(added)


def previous_subject(doc: Doc, ents, mentions, tok, kinds: tuple[str, ...]) -> int | None:
    """The entity, of one of `kinds`, that is the subject of the sentence before `tok`'s: "X is
    episode six of Y. It premiered on N": X, though Y was named last."""
    # (Token.sent walks the whole Doc: the sentences are found from their starts instead)
    start = tok.i
    while start > 0 and not doc[start].is_sent_start:
        start -= 1
    if not doc.has_annotation("DEP") or start == 0:
        return None
    first = start - 1
    while first > 0 and not doc[first].is_sent_start:
        first -= 1
    before = doc[first:start]
    subject = next((t for t in before if t.dep_ in ("nsubj", "nsubjpass", "csubj") and t.head.dep_ == "ROOT"), None)
    if subject is None:
        return None
    for m in mentions:
        if m.start <= subject.idx < m.end and ents[m.entity].type in kinds:
            return m.entity
    return None


def _named_in_passing(ents: list[LoreEntity], mentions: list[LoreMention], main: int | None) -> set[int]:
    """Shows named once by name in an article clearly about another show ("creator of The
    Shield"): a credit, not where the article's characters or "the show" belong."""
    if main is None:
        return set()
    named = Counter(m.entity for m in mentions if m.kind == "name" and ents[m.entity].type == SHOW)
    if named[main] < 2 or any(n >= named[main] for e, n in named.items() if e != main):
        return set()  # a roundup, or no show the article is clearly about
    return {e for e, n in named.items() if e != main}


def main_show(doc: Doc, ents: list[LoreEntity], mentions: list[LoreMention]) -> int | None:
    """The show the article is about: named in its title, else the most mentioned show, among
    the shows with typing evidence when there are any."""
    found = _most_named(doc, ents, mentions, SHOW, title_weight=3, confident_only=True)
    return found if found is not None else _most_named(doc, ents, mentions, SHOW, title_weight=3)


def _most_named(doc: Doc, ents: list[LoreEntity], mentions: list[LoreMention], kind: str, *,
                title_weight: int, confident_only: bool = False) -> int | None:
    """The entity of `kind` named most often (a name in the title counts `title_weight`), the
    one mentioned first among equals; only those with typing evidence if `confident_only`."""
    counts: Counter = Counter()
    for m in mentions:
        e = ents[m.entity]
        if e.type == kind and m.kind == "name" and (e.confidence > 0.5 or not confident_only):
            counts[m.entity] += title_weight if block_kind_at(doc, m.start) == "title" else 1
    if not counts:
        return None
    top = max(counts.values())
    first: dict[int, int] = {}
    for m in mentions:
        if counts.get(m.entity) == top:
            first.setdefault(m.entity, m.start)
    return min(first, key=first.get)


_WRITER_WORDS = re.compile(r"(?<!\w)the\s+(?:novelist|author|writer)(?!\w)", re.I)
_BOOK_SLOT = re.compile(
    r"(?:\b(?:sequel|follow-up|prequel|(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|next|final|"
    r"last|opening|debut) (?:book|novel|novella|volume|instal+ment|entry)|book (?:one|two|three|four|five|six|seven|"
    r"eight|nine|ten|\d{1,2})(?:\s+(?:is|was))?|a (?:second|third|fourth|fifth|sixth|seventh)|(?:the|her|his|their|'s|’s) (?:[\w-]+ )?"
    r"(?:novel|book|novella))\s*[,:]?|\b(?:sequel|follow-up) to [^.;]{1,60}?\b(?:is|was))\s*[\"“*_]*$", re.I)
_FIRST = r"(?:first|debut|opening)\s+(?:full-length\s+)?(?:novel|book)"
_FIRST_AFTER = re.compile(r"[*_\"”]*,?\s+(?:the|her|his|their|[A-Z][\w-]*['’]s)\s+(?:\d{4}\s+)?" + _FIRST + r"\b")
_FIRST_BEFORE = re.compile(r"\b(?:the|her|his|their)\s+" + _FIRST + r"\s*[,:]?\s*[\"“*_]*$", re.I)
_FIRST_WORDS = re.compile(r"(?<!\w)(?:the\s+" + _FIRST + r"|book\s+one)(?!\w)", re.I)
_BOOK_NUMBER = re.compile(r"\bbook\s+(?:one|two|three|four|five|six|seven|eight|nine|ten|\d{1,2})\s*(?:[,:]|is|was)\s*$", re.I)
_NTH_AND_FINAL = re.compile(r"\b(\w+)\s+and\s+(?:final|last)\s+(?:season|series)\b", re.I)
_THE_NEW_SEASON = re.compile(r"(?<=\bthe\s)(?:new|upcoming|coming|latest|forthcoming)\s+(?:season|series)\b(?!\s+of\b)", re.I)
_THE_FINAL_SEASON = re.compile(r"(?<=\bthe\s)(?:final|last)\s+season\b", re.I)
_TRAILING = {"of", "the", "and", "in", "on", "a", "an", "to", "for", "at", "from", "with", "&"}
# a capitalised title after a comma, "with" or "is" ("with The Oyster Lantern", "book three, The Weir Keeper")
_SLOT_TITLE = re.compile(r"(?:,|\bwith|\bis|\bwas)\s+[\"“*_]*(?P<title>(?:The |A |An )?[A-Z][\w'’-]*"
                         r"(?: (?:of|the|and|in|on|a|an|to|for|at|from|with|&|[A-Z][\w'’-]*))*)")
_WITH_SLOT = re.compile(r"\bwith\s+(?:a |the )?[\"“*_]*$", re.I)
_WORKS = r"(?:novels?|books?|series|trilogy|saga|memoir|bestseller|debut|sequel|follow-up|duology|quartet)"
_WRITER_BEFORE = re.compile(r"(?:\b(?:written|penned|authored|novels?|books?|trilogy|saga|memoir|bestseller|debut|sequel|"
                            r"follow-up)\s+(?:(?!created|developed|produced|directed|adapted)[\w-]+\s+){0,2}?by\s+"
                            r"(?:the\s+)?(?:[\w-]+\s+){0,3}?|\b(?:author|novelist|writer)\s+)$", re.I)
_WRITER_AFTER = re.compile(r"(?:['’]s\s+(?:[\w-]+\s+){0,3}?" + _WORKS + r"\b|\s+(?:wrote|writes|penned|published|"
                           r"authored)\b|,\s+(?:the|a|an)\s+(?:[\w-]+\s+){0,2}?(?:author|novelist|writer)\b)", re.I)


def _writer_mentions(doc, text, ents, mentions) -> list[LoreMention]:
    """Name mentions of people the text makes writers: "a novel by Y", "the author Y", "Y's
    second novel", "Y wrote", "Y, the novelist,"."""
    out = []
    for m in sorted(mentions, key=lambda m: m.start):
        if ents[m.entity].type != PERSON or m.kind not in ("name",):
            continue
        s_start, s_end = sentence_at(doc, m.start)
        if _WRITER_BEFORE.search(text[s_start:m.start]) or _WRITER_AFTER.match(text[m.end:s_end]):
            out.append(m)
    return out


_ADAPTING = re.compile(r"\b(?:adapt\w*|based\s+on|source)\b", re.I)


def _topic_book(doc: Doc, ents, mentions) -> int | None:
    """The book the article is about: named in its title, else named most (the first of equals)."""
    return _most_named(doc, ents, mentions, BOOK, title_weight=100)


def _phrase_regex(phrases: list[str]) -> re.Pattern:
    alts = sorted((re.escape(p).replace(r"\ ", r"\s+") for p in phrases), key=len, reverse=True)
    # ("the manga series X", "the book series by Y": a longer description, not the phrase)
    return re.compile(r"(?<!\w)(?:" + "|".join(alts) + r")(?!\w)(?!\s+(?:series|books?|strip|saga)\b)", re.I)


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


class _ShowMentions:
    """The mentions of shows, indexed for the questions a season asks of each (one pass over
    the mentions, not one per season: an article may name thousands of seasons)."""

    def __init__(self, ents, mentions):
        shows = sorted((m for m in mentions if ents[m.entity].type == SHOW), key=lambda m: m.start)
        self.by_start = {}
        for m in shows:
            self.by_start.setdefault(m.start, m.entity)
        self.by_end = sorted(shows, key=lambda m: m.end)
        self.ends = [m.end for m in self.by_end]
        self.confident = [m for m in shows if ents[m.entity].confidence > 0.5]
        self.confident_ends = [m.end for m in self.confident]  # (sorted too: mentions do not nest)

    def ending_before(self, pos: int, within: int):
        """The mentions ending in the `within` characters before `pos`, in the order named."""
        lo, hi = bisect_left(self.ends, pos - within), bisect_right(self.ends, pos)
        return sorted(self.by_end[lo:hi], key=lambda m: m.start)

    def last_confident_before(self, pos: int, since: int) -> int | None:
        k = bisect_right(self.confident_ends, pos) - 1
        while k >= 0 and self.confident[k].start >= since:
            if self.confident[k].end <= pos:
                return self.confident[k].entity
            k -= 1
        return None


def _find_or_add(ents: list[LoreEntity], kind: str, label: str) -> int:
    key = name_key(label)
    for e in ents:
        if e.type == kind and name_key(e.label) == key:
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
