"""What definite descriptions and "it" refer to: "the series" (the show just named in a
roundup, else the main show), "the novel" (the book named last), "the book of the same name",
"a TV serial with the same title" (a show named after its book), "the first book" (the book the
article called its series' first), "the novelist" (the writer named last), a description with a
slip in its noun ("the seires"), and "it" before a show's verb. Used by `lore_coref`
(extractors/coref.py)."""

from __future__ import annotations

import re
from collections import Counter

from extractors import skeleton
from extractors.doc_model import BOOK, DEFINED_TITLE, PERSON, SHOW, LoreMention, block_kind_at, sentence_at
from extractors.main_show import named_in_passing, topic_book
from extractors.mention_lookup import find_or_add, name_follows, nearest, previous_subject, section_start, taken
from extractors.placed_names import title_like


class Anaphora:
    def __init__(self, lex):
        self.lex = lex
        cues = lex.cues
        self.same_name = re.compile(r"(?<!\w)(?:" + cues["same_name_regex"] + r")(?!\w)", re.I)
        self.same_name_show = re.compile(r"(?<!\w)(?:" + cues["same_name_show_regex"] + r")(?!\w)", re.I)
        self.adapted_into_show = re.compile(r"(?<!\w)(?:" + cues["adapted_into_show_regex"] + r")")
        self.it_verbs = set(cues["it_show_verbs"])
        self.it_object_verbs = set(cues["it_show_object_verbs"])
        self.descriptions = {kind.upper(): _phrase_regex(phrases) for kind, phrases in cues["anaphora"].items()}
        described = re.compile(r"(?<!\w)(?:" + cues["show_description_regex"] + r")(?!\w)", re.I)
        self.descriptions["SHOW"] = re.compile(self.descriptions["SHOW"].pattern + "|" + described.pattern, re.I)
        self.fix = skeleton.TypoFixer({"series", "show", "novel", "book"}, self.lex.common_words)

    def it_is_the_show(self, doc, ents, mentions, main) -> None:
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
                show = nearest(ents, mentions, tok.idx, SHOW, doc, since=section_start(doc, tok.idx))
            show = main if show is None else show
            if show is not None:
                added.append(LoreMention(tok.idx, tok.idx + 2, show, "pronoun"))
        mentions.extend(added)

    def same_name_books(self, doc, text, ents, mentions, main) -> None:
        for m in self.same_name.finditer(text):
            if taken(mentions, m.start(), m.end()) or block_kind_at(doc, m.start()) != "body":
                continue
            show = nearest(ents, mentions, m.start(), SHOW, doc, since=section_start(doc, m.start()))
            show = main if show is None else show
            title = ents[show].label if show is not None else self._subject_title(doc, text, m.start(), ents, mentions)
            if title is None:
                continue
            book = find_or_add(ents, BOOK, title)
            mentions.append(LoreMention(m.start(), m.end(), book, "anaphor"))

    def same_name_shows(self, doc, text, ents, mentions) -> None:
        """"a TV serial with the same title": a show named after a book (the phrase is its
        mention, so what the sentence says of it is the show's)."""
        self._shows_named_after_books(doc, ents, mentions, [(m.start(), m.end(), m.start())
                                                            for m in self.same_name_show.finditer(text)])

    def unnamed_adaptations(self, doc, text, ents, mentions, main) -> None:
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
            if taken(mentions, start, end) or block_kind_at(doc, start) != "body":
                continue
            book = nearest(ents, mentions, cue, BOOK, doc, since=sentence_at(doc, cue)[0])
            if book is None:
                topic = topic_book(doc, ents, mentions) if topic is None else topic
                book = topic
            if book is None or ents[book].label in named_shows:
                continue
            mentions.append(LoreMention(start, end, find_or_add(ents, SHOW, ents[book].label), "anaphor"))

    def _subject_title(self, doc, text, char, ents, mentions) -> str | None:
        """"X is a 1948 film taken from the book of the same title by Y": with no show to take
        the name from, the title that is the sentence's subject (a film is no show, but the
        novel it names is a book)."""
        start, _ = sentence_at(doc, char)
        defined = DEFINED_TITLE.match(text, start, char)
        if defined and title_like(re.sub(r"[,?!]", "", defined.group(1)), self.lex) and not any(
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
        if subject.left_edge.idx == start and verb.lemma_ == "be" and title_like(re.sub(r"[,?!]", "", whole), self.lex):
            right = start + len(whole)
        if any(m.start < right and left < m.end and ents[m.entity].type != BOOK for m in mentions):
            return None  # a person, a show or a company
        title = text[left:right]
        return title if title_like(re.sub(r"[,?!]", "", title), self.lex) else None

    def misspelt_descriptions(self, doc, ents, mentions, main) -> None:
        """"The seires was creatd by...": a definite description with a slip in its noun."""
        nouns = {"series": SHOW, "show": SHOW, "novel": BOOK, "book": BOOK}
        prev = None
        for tok in doc:
            det, prev = prev, tok
            if det is None or det.lower_ not in ("the", "this") or tok.lower_ in nouns or not 3 <= len(tok) <= 8:
                continue
            kind = nouns.get(self.fix(tok.lower_))
            start = det.idx
            if kind is None or taken(mentions, start, tok.idx + len(tok.text)):
                continue
            target = main if kind == SHOW else nearest(ents, mentions, start, BOOK, doc)
            if target is not None:
                mentions.append(LoreMention(start, tok.idx + len(tok.text), target, "anaphor"))

    def definite_descriptions(self, doc, text, ents, mentions, main) -> None:
        for kind, regex in self.descriptions.items():
            for m in regex.finditer(text):
                if taken(mentions, m.start(), m.end()) or block_kind_at(doc, m.start()) != "body":
                    continue
                if name_follows(mentions, m.end(), text):
                    continue  # "the series Tiny Pretty Things": a cue, not an anaphor
                if kind == SHOW:
                    # the show just named, in a roundup; otherwise the show the article is about
                    near = nearest(ents, mentions, m.start(), SHOW, doc, confident=True,
                                    since=section_start(doc, m.start()))
                    target = near if near is not None and near not in named_in_passing(ents, mentions, main) else main
                else:
                    target = nearest(ents, mentions, m.start(), kind, doc)
                    if target is not None and kind == BOOK and _ADAPTING.search(text, *sentence_at(doc, m.start())):
                        # ("X adapted the novel", "the source novel": the show's own book)
                        target = self._salient_book(ents, mentions, target, section_start(doc, m.start()), m.start())
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

    def first_book_descriptions(self, doc, text, ents, mentions) -> None:
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
            if m.start() < first.end or taken(mentions, m.start(), m.end()) or block_kind_at(doc, m.start()) != "body":
                continue
            if name_follows(mentions, m.end(), text):
                continue
            mentions.append(LoreMention(m.start(), m.end(), first.entity, "anaphor"))

    def writer_descriptions(self, doc, text, ents, mentions) -> None:
        """"the novelist said", "the author's follow-up": the writer the article has tied to a
        book (named in a sentence with a book and a word of writing), the nearest before."""
        writers = _writer_mentions(doc, text, ents, mentions)
        if not writers:
            return
        for m in _WRITER_WORDS.finditer(text):
            if taken(mentions, m.start(), m.end()) or block_kind_at(doc, m.start()) != "body":
                continue
            if name_follows(mentions, m.end(), text) or re.match(r"\s+of\b", text[m.end():m.end() + 4]):
                continue  # "the novelist Ada Kwan", "the author of X": a cue, not an anaphor
            before = [w for w in writers if w.end <= m.start()]
            if before:
                mentions.append(LoreMention(m.start(), m.end(), before[-1].entity, "anaphor"))


def _phrase_regex(phrases: list[str]) -> re.Pattern:
    alts = sorted((re.escape(p).replace(r"\ ", r"\s+") for p in phrases), key=len, reverse=True)
    # ("the manga series X", "the book series by Y": a longer description, not the phrase)
    return re.compile(r"(?<!\w)(?:" + "|".join(alts) + r")(?!\w)(?!\s+(?:series|books?|strip|saga)\b)", re.I)


_ADAPTING = re.compile(r"\b(?:adapt\w*|based\s+on|source)\b", re.I)

_FIRST = r"(?:first|debut|opening)\s+(?:full-length\s+)?(?:novel|book)"
_FIRST_AFTER = re.compile(r"[*_\"”]*,?\s+(?:the|her|his|their|[A-Z][\w-]*['’]s)\s+(?:\d{4}\s+)?" + _FIRST + r"\b")
_FIRST_BEFORE = re.compile(r"\b(?:the|her|his|their)\s+" + _FIRST + r"\s*[,:]?\s*[\"“*_]*$", re.I)
_FIRST_WORDS = re.compile(r"(?<!\w)(?:the\s+" + _FIRST + r"|book\s+one)(?!\w)", re.I)
_WRITER_WORDS = re.compile(r"(?<!\w)the\s+(?:novelist|author|writer)(?!\w)", re.I)
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
