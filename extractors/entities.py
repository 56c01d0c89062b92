"""`lore_entities`: find names and decide what each is (show, book, person, character, organisation).

Evidence for a type comes from typing patterns over sentence skeletons
(`data/typing.json`: "created by NAME" makes NAME a person), from gazetteers (networks,
studios, publishers, sites), and from the shape of the name (a known given name, an
organisation suffix). Votes are summed per name across the article, so one clear context
types every mention; a mention whose own context says otherwise (the novel a show shares its
title with) becomes an entity of its own.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter, defaultdict

from spacy.language import Language
from spacy.tokens import Doc

from extractors import skeleton
from extractors.candidates import Candidate, CandidateFinder, find_dates_in, find_seasons, is_capitalised
from extractors.doc_model import (
    BOOK, CHAR, DATE, FILM, ORG, PERSON, SEASON, SHOW, LoreEntity, LoreMention, block_kind_at, text_of,
)
from extractors.lexicons import lexicons, pattern_keywords
from extractors.frame_base import read_lexicon
from extractors.frames import FrameReader
from extractors.name_evidence import (
    PLACE, extend_titles, join_colon_titles, join_nicknames, keep_marked_titles, keep_site_whole, keep_title_whole,
    mark_site_names, nickname_of, split_by_parse, split_known, without_place_of_company,
    vote_frames, with_model_entities, without_nickname,
)
from extractors.patterns import Pattern, PatternSet, match_all
from extractors.rule_component import RuleComponent
from extractors.tables import table_candidates
from kg.text import name_key, plain_word

TYPING_BLOCKS = ("body", "caption", "bio", "byline", "heading")
TRUSTED_BLOCKS = ("body", "caption", "bio")
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
        lists = self._vote_patterns(doc, cands)
        if doc.has_annotation("DEP"):
            vote_frames(doc, cands, self.frames, TYPING_BLOCKS)
        for members in lists:  # with the parse's votes too: "sequels: A (1982), B and C"
            _share_votes(members, cands)
        self._vote_shapes(cands, site_known=bool(doc.user_data.get("lore_site")))
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
        if not (self.lex.is_clear_given_name(owner[0]) and _person_shaped(named, self.lex)):
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

    # -- votes -----------------------------------------------------------------------------

    def _vote_patterns(self, doc: Doc, cands: list[Candidate]) -> list[list[int]]:
        """Typing votes from the patterns; returns the lists of names the sentences hold."""
        lists = []
        sents = list(doc.sents)
        starts = [s.start_char for s in sents]
        by_sent = defaultdict(list)
        for i, c in enumerate(cands):
            by_sent[bisect_right(starts, c.start) - 1].append(i)
        for n, sent in enumerate(sents):
            idx = by_sent.get(n)
            if not idx or block_kind_at(doc, sent.start_char) not in TYPING_BLOCKS:
                continue
            atoms = [(cands[i].start, cands[i].end, self._atom(cands[i], i)) for i in idx]
            text, _ = skeleton.build(sent, _disjoint(atoms), self.fix)
            seen = set()
            # "X (French: Y; also Z) is a novel": the sentence read without its aside as well
            for variant in dict.fromkeys((text, _ASIDE.sub(r"\1", text))):
                for m in match_all(self.patterns, variant):
                    key = (m.pattern.id, tuple(sorted((v, i) for v, g in m.groups.items() for _, i in g)))
                    if key in seen:
                        continue
                    seen.add(key)
                    for var, kind in m.pattern.spec["types"].items():
                        for _, i in m.groups.get(var, []):
                            if not cands[i].org or cands[i].org_ambiguous:
                                cands[i].vote(kind, m.pattern.spec.get("weight", 1.0))
            lists += _lists_in(text)
        return lists

    @staticmethod
    def _atom(c: Candidate, i: int) -> str:
        return f"§{ORG if c.org and not c.org_ambiguous else 'NAME'}{i}"

    def _vote_shapes(self, cands: list[Candidate], site_known: bool = False) -> None:
        suffixes = set(self.lex.cues["org_suffixes"])
        for c in cands:
            words = c.text.split()
            if c.org:
                c.vote(ORG, 0.4 if c.org_ambiguous else 10.0)  # an ambiguous word needs context
                continue
            if len(words) > 1 and words[-1].lower() in suffixes:
                c.vote(ORG, 1.5)
            elif 2 <= len(words) <= 3 and self.lex.is_clear_given_name(words[0]) and _person_shaped(words, self.lex):
                c.vote(PERSON, 0.6)  # "Terry Pratchett": a person unless the context says otherwise
            if c.block in ("bio", "byline") and self.lex.is_given_name(words[0]):
                c.vote(PERSON, 3.0)
            elif c.block == "byline" and not site_known:
                c.vote(ORG, 1.5)  # "By NAME | Site | date": the site (once the page's site is known,
                # the byline's other names are its sections: "NAME · Site · Books to Screen")

    # -- from candidates to entities -------------------------------------------------------

    def _resolve(self, doc: Doc, cands: list[Candidate]):
        groups: dict[str, list[Candidate]] = defaultdict(list)
        for c in cands:
            groups[c.org or _group_key(self._without_titles(without_nickname(c.text)))].append(c)
        _merge_nicknames(groups)
        _merge_stated_names(groups, text_of(doc), self.work_nouns)
        _merge_friendly_names(groups, text_of(doc))
        self._merge_short_forms(groups)
        _merge_title_short_forms(groups)
        _merge_subtitles(groups)
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
            kind = self._decide(members, votes)
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
                own = SHOW if titled_show and not c.votes.get(BOOK) else self._mention_kind(c, kind)
                ent = by_type_key.get((own, key))
                if ent is None:
                    label = _canonical(members, c) if c.org else self._without_titles(without_nickname(_canonical(members, c)))
                    ent = LoreEntity(len(entities), own, label, confidence=_confidence(votes, own))
                    entities.append(ent)
                    by_type_key[(own, key)] = ent
                if c.text != ent.label:
                    ent.aliases.add(c.text)
                if not c.org and nickname_of(c.text):
                    ent.aliases.add(nickname_of(c.text))
                mentions.append(LoreMention(c.start, c.end, ent.id))
        return entities, mentions

    def _is_title(self, word: str) -> bool:
        w = word.lower()
        return w in self.honorifics or w.rstrip(".") in self.honorifics

    def _without_titles(self, name: str) -> str:
        """"Detective Inspector Alys Fenwick", "Sheriff Wade Colley": the name without the titles
        before it, when at least two capitalised words remain ("Queen Charlotte" keeps hers).
        Mentions keep their titles (a title is a sign of a character); the entity does not."""
        words = name.split(" ")
        n = 0
        while n < len(words) and self._is_title(words[n]):
            n += 1
        rest = words[n:]
        if n == 0 or len(rest) < 2 or not all(is_capitalised(w) for w in rest):
            return name
        return " ".join(rest)

    def _merge_short_forms(self, groups: dict[str, list[Candidate]]) -> None:
        """"MacLennan", "Alina" or "Schmidt Hissrich" alone refer to the one full name they
        begin or end."""
        def named_like_a_person(v: list[Candidate]) -> bool:  # by its shape or by the NER
            return _person_like(v[0].text, self.lex) or any(c.model_kind == PERSON for c in v if not c.alias)
        full = [k for k, v in groups.items() if " " in k and not any(c.whole for c in v) and (
            named_like_a_person(v) or any(c.votes.get(CHAR) or c.votes.get(PERSON) for c in v))]
        # (a title kept whole, "Percy Vane and the Tide Kings", is nobody's full name)
        for key in sorted(groups, key=len):
            if key not in groups:
                continue
            words = key.split()
            owners = [k for k in full if k != key and len(k.split()) > len(words)
                      and (k.split()[:len(words)] == words or k.split()[-len(words):] == words)]
            if any(c.org or c.votes.get(SHOW, 0) >= 1 or c.votes.get(BOOK, 0) >= 1 for c in groups[key]):
                # "Lockwood" the show is not "Anthony Lockwood" the character; but where the show
                # is "Dexter", "Dexter's sister" is the character Dexter Morgan's
                # (a full name no context typed counts when it is shaped like a person's)
                people = [k for k in owners if sum(map(_person_votes, groups[k])) > sum(map(_work_votes, groups[k]))
                          or (not any(c.votes for c in groups[k]) and named_like_a_person(groups[k]))]
                moved = [c for c in groups[key] if not c.org and _person_votes(c) > _work_votes(c)]
                if len(people) != 1 or not moved:
                    continue
                rest = [c for c in groups[key] if c not in moved]
                if sum(map(_work_votes, rest)) >= sum(map(_person_votes, moved)):
                    groups[key] = rest  # the title stays the work; its person-like mentions are the person's
                    groups[people[0]].extend(moved)
                else:  # a person's short name that a misreading or two took for a title
                    groups[people[0]].extend(groups.pop(key))
                continue
            if len(owners) == 1:
                groups[owners[0]].extend(groups.pop(key))

    def _decide(self, members: list[Candidate], votes: Counter) -> str | None:
        if votes:
            kind, weight = votes.most_common(1)[0]
            if weight >= 0.5:
                return None if kind in (PLACE, FILM) else kind  # places and films are not entities of the graph
        if all(c.block in ("heading", "title", "caption") for c in members):
            return None
        model = Counter(c.model_kind for c in members if c.model_kind)
        words = max((c.text for c in members), key=len).split()
        if model and (len(words) > 1 or not self._known_word(words[0])):
            kind = model.most_common(1)[0][0]
            if kind == PLACE:
                return None
            if kind != PERSON or len(words) > 1:
                return kind
        kind = self._default_kind(words)
        body_mentions = sum(1 for c in members if c.block == "body")
        if kind == SHOW and (body_mentions < 1 or len(members) < 2):
            return None  # an unexplained title named once: too weak to call it a show
        return kind

    def _known_word(self, word: str) -> bool:
        """A surname, given name or ordinary word alone: the NER's guess does not type it."""
        lex = self.lex
        return lex.is_surname(word) or lex.is_given_name(word) or lex.is_common(plain_word(word))

    def _default_kind(self, words: list[str]) -> str | None:
        """What an unexplained name most likely is, from its shape alone."""
        lex, cues = self.lex, self.lex.cues
        first, last = words[0], words[-1]
        if self._is_title(first):
            return CHAR if len(words) > 1 else None
        if last.lower() in cues["place_suffixes"] or last.lower() in lex.places:
            return None  # "Trinity College Dublin", "Elizabethan London"
        if lex.is_given_name(first):
            return CHAR if len(words) == 1 else PERSON
        if len(words) == 1:
            if lex.is_common(first) or lex.is_surname(first) or first.endswith(("'s", "’s")):
                return None
            return SHOW
        if _person_shaped(words, lex):
            return PERSON
        return SHOW

    @staticmethod
    def _mention_kind(c: Candidate, group_kind: str) -> str:
        """A Show's title used with a book cue ("the novel X") is the Book, and vice versa."""
        if group_kind in (SHOW, BOOK):
            other = BOOK if group_kind == SHOW else SHOW
            if c.votes.get(other, 0) >= c.votes.get(group_kind, 0) + 1.0:
                return other
        return group_kind

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


# a bracketed aside between a name and the verb that defines it ("§NAME3 ( em : he ; ... ) is a series")
_ASIDE = re.compile(r"(§(?:NAME|ORG)\d+) \( [^()]{1,160}? \)(?= (?:is|was|are|were) )")
_SEASON_AFTER = re.compile(r"\s*(?:['’]s\s+(?:\w+\s+)?)?(?:season|series)\s+(?:\d|one|two|three|four|five|six)", re.I)
_DEMONYM_ENDINGS = ("ian", "ean", "ese", "ish", "ite")  # "Glaswegian", "Chilean", "Maltese", "Cornish", "Muscovite"


def _group_key(name: str) -> str:
    """The key that makes mentions one entity: name_key, but a leading "A" or "An" counts
    ("A Game of Thrones" the novel is not "Game of Thrones" the show; "the" never counts)."""
    key = name_key(name)
    first = name.split(" ", 1)[0]
    return f"{first.lower()} {key}" if first in ("A", "An") and " " in name and not key.startswith(("a ", "an ")) else key


_MEMBER = r"§NAME\d+(?: \( (?:[^§()\s]+ ){1,3}\))?"  # "A (1998)": a member with its year
_LIST = re.compile(
    rf"{_MEMBER}(?:(?: , | , then | then | , then by | then by | and then by | and (?=§NAME\d+(?: \( [^§()]+\))? , then )){_MEMBER})+(?: ,)? (?:and|&|or|then|and then by|"
    rf"and , finally ,|and finally) §NAME\d+"
    rf"|{_MEMBER} (?:and|&|then|and then by|and , finally ,) §NAME\d+"
)


def _lists_in(skeleton_text: str) -> list[list[int]]:
    """The candidates (indices) of each list of names in a sentence's skeleton."""
    out = []
    for m in _LIST.finditer(skeleton_text):
        if skeleton_text[max(0, m.start() - 3):m.start()] == "as ":
            continue  # "X as A and Y as B": a cast list pairs actors with roles, it is no list
        out.append([int(i) for i in re.findall(r"§NAME(\d+)", m.group(0))])
    return out


def _share_votes(members: list[int], cands: list[Candidate]) -> None:
    """Names listed together are of one kind: "the novels A, B and C" types all three."""
    pooled = Counter()
    for i in members:
        pooled.update(cands[i].votes)
    if not pooled:
        return
    kind, weight = pooled.most_common(1)[0]
    for i in members:
        if not cands[i].votes:
            cands[i].vote(kind, min(weight, 1.0) * 0.8)


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


def _person_votes(c: Candidate) -> float:
    return c.votes.get(CHAR, 0) + c.votes.get(PERSON, 0)


def _work_votes(c: Candidate) -> float:
    return c.votes.get(SHOW, 0) + c.votes.get(BOOK, 0)


def _speaker_label(text: str, c: Candidate) -> bool:
    """"KEAVENEY: It's her second novel.": the capitalised speaker tag of a transcript line is
    no mention of anything."""
    line_start = text.rfind("\n", 0, c.start) + 1
    return not text[line_start:c.start].strip() and text.startswith(":", c.end) and c.text.isupper() and len(c.text) > 1


def _merge_nicknames(groups: dict[str, list[Candidate]]) -> None:
    """'Wally' alone is 'Walter "Wally" Penrose' when the article gives him that nickname."""
    for key, members in list(groups.items()):
        for nick in {nickname_of(c.text) for c in members if not c.org} - {None}:
            short = name_key(nick)
            if short != key and short in groups and not any(c.org for c in groups[short]):
                members.extend(groups.pop(short))


# what joins a name to another name the text gives the same thing: "X (French: Y)", "X (lit. Y)",
# "X, also known as Y", "X (originally titled Y)"
_ALIAS_GAP = re.compile(r"\s*(?:\(\s*(?:(?!(?i:played|voiced|voice|author|written|writer|director|directed|starring|stars?|cast|"
                        r"creator|created|actor|actress|role|producer|produced|host|narrator|illustrator|translator|"
                        r"publisher|by)\b)(?:[A-Z][\w.-]*(?: [A-Za-z][\w.-]*)?|original(?: title)?)\s*:|lit\.|literally|also)"
                        r"|(?:\([^()]{0,30}?;\s*|[,(]\s*)(?:(?:also|better|sometimes|originally|often|informally|commonly)\s+)+"
                        r"(?:known|called|titled|published|referred\s+to)\s+(?:as\s+)?"
                        r"|[,(]?\s*a\.?k\.?a\.?)\s*[\"“‘']?$")
# "X (Y) is a novel", "X or Y is a play": a name the defining sentence gives beside the first
_DEFINED_GAP = re.compile(r"\s*(?:\(\s*[\"“‘']?|[\"”’']?\)?,?\s+or\s+[\"“‘']?)$")
_DEFINED_AFTER = re.compile(r"[\"”’']?\s*\)?\s*(?:(?:\([^()]{1,60}\)\s*)?,?\s*or\s+[^.;]{1,60}?\s+)?(?:is|was)\s+"
                            r"(?:an?|the)\s+((?:[\w-]+\s+){0,6}[\w-]+)")
_PHRASE_END_WORDS = " by of in from about that which who with for and set written "


def _merge_stated_names(groups: dict[str, list[Candidate]], text: str, work_nouns: frozenset[str]) -> None:
    """The text gives one thing two names: "L'Aube (French: The Dawn)", "X, also known as Y",
    or, in a sentence defining a work, "X (Y) is a novel" and "X or Y is a play". The second name
    joins the first's entity as an alias. (A bare "Name (Name)" elsewhere is a character and
    their actor: kept apart.)"""
    where = {id(c): k for k, members in groups.items() for c in members}
    ordered = sorted((c for members in groups.values() for c in members), key=lambda c: c.start)
    defining = False  # `a` is the name a sentence opens with, or another name given for it
    labels = {i + 1 for i, (a, b) in enumerate(zip(ordered, ordered[1:]))
              if re.fullmatch(r"\s*\(\s*", text[a.end:b.start]) and text[b.end:b.end + 1] == ":"}
    for i, a in enumerate(ordered[:-1]):
        if i in labels:
            continue  # "(French: Y)": the language is no name of it
        defining = a.sent_start or (defining and a.alias)
        b = ordered[i + 2] if i + 1 in labels and i + 2 < len(ordered) else ordered[i + 1]
        if a.org or b.org or a.block not in TRUSTED_BLOCKS:
            continue
        gap = text[a.end:b.start]
        if len(gap) > 64:
            continue
        named = bool(_ALIAS_GAP.match(gap))
        if not named and defining and _DEFINED_GAP.match(gap):
            after = _DEFINED_AFTER.match(text, b.end)
            named = after is not None and _heads_a_work(after.group(1).split(), work_nouns,
                                                        owned=bool(re.match(r"['’]s\b", text[after.end(1):])))
        ka, kb = where.get(id(a)), where.get(id(b))
        if not named or ka is None or kb is None or ka == kb:
            continue
        for c in groups[kb]:
            c.alias = True
            where[id(c)] = ka
        a.sent_start = False  # a name confirmed whole, though it opens its sentence: the label
        groups[ka].extend(groups.pop(kb))


def _heads_a_work(words: list[str], work_nouns: frozenset[str], owned: bool) -> bool:
    """A work noun heads the phrase: last (unless the phrase owns what follows, `owned`: "the
    show's moral centre"), or before a participle or a preposition ("a 1903 novel by", "a comedy
    authored by"); "a drama teacher" has none."""
    for j, w in enumerate(words):
        if w.lower() not in work_nouns:
            continue
        if j == len(words) - 1:
            if not owned:
                return True
        elif words[j + 1].endswith("ed") or f" {words[j + 1]} " in _PHRASE_END_WORDS:
            return True
    return False


_TO_FRIENDS = re.compile(r",\s*([A-Z][\w’'-]+)\s+to\s+(?:his|her|their)\s+(?:friends|family|intimates)\b")


def _merge_friendly_names(groups: dict[str, list[Candidate]], text: str) -> None:
    """"Lord Aldric Vane (Tom Reed), Al to his friends, ...": 'Al' is Aldric Vane wherever it
    stands, when the article says so right after the full name (an actor's brackets aside)."""
    where = {id(c): k for k, members in groups.items() for c in members}
    ends = sorted(((c.end, c) for members in groups.values() for c in members if not c.org), key=lambda x: x[0])
    for m in _TO_FRIENDS.finditer(text):
        before = re.sub(r"\s*\([^()]*\)\s*$", "", text[:m.start()])  # "Full Name (Actor)"
        owner = next((c for end, c in reversed(ends) if end == len(before)), None)
        short = name_key(m.group(1))
        key = where.get(id(owner)) if owner is not None else None
        if key and short != key and short in groups and " " in key and not any(c.org for c in groups[short]):
            groups[key].extend(groups.pop(short))
            owner.sent_start = False  # a confirmed full name, whatever opens its sentence: the label
            where = {id(c): k for k, members in groups.items() for c in members}


def _merge_title_short_forms(groups: dict[str, list[Candidate]]) -> None:
    """"Lockwood" with show cues is the show "Lockwood & Co." when that longer title, the only
    one it begins, has no cues of its own (a spin-off with its own cues stays apart)."""
    for key in [k for k in groups if " " not in k]:
        members = groups[key]
        if not any(c.votes.get(SHOW) for c in members) or any(c.org for c in members):
            continue
        # (a title with a subtitle, "X: The Early Years", names another work: a spin-off, a companion)
        longer = [k for k in groups if k != key and k.split()[0] == key and len(k.split()) > 1
                  and not any(":" in c.text for c in groups[k])]
        if len(longer) == 1 and not any(c.votes for c in groups[longer[0]]):
            groups[longer[0]].extend(groups.pop(key))


def _merge_subtitles(groups: dict[str, list[Candidate]]) -> None:
    """"Deep Frontier" alone is "Star Lanes: Deep Frontier" when the article names one title with
    that subtitle (a name some gazetteer knows stays apart: "Discovery" may be the channel)."""
    owners: dict[str, set[str]] = defaultdict(set)
    for key, members in groups.items():
        for c in members:
            if ":" in c.text and not c.org:
                owners[_group_key(c.text.split(":", 1)[1].strip())].add(key)
    for sub, keys in owners.items():
        owner = next(iter(keys))
        if len(keys) == 1 and owner in groups and sub in groups and sub != owner and not any(c.org for c in groups[sub]):
            groups[owner].extend(groups.pop(sub))


def _person_shaped(words: list[str], lex) -> bool:
    """"Tomasz Nowak", "Mal Oretsev": two or three capitalised words, none a common word."""
    if not 2 <= len(words) <= 3 or any(w[:1].islower() for w in words):
        return False
    if any(lex.is_common(w.strip(".")) for w in words):
        return False
    return lex.is_surname(words[-1]) or len(words[-1]) > 2


def _person_like(text: str, lex) -> bool:
    first = text.split()[0]
    return lex.is_given_name(first) or (len(first) == 2 and first[0].isupper() and first[1] == ".")


def _trusted_prefix(c: Candidate, trusted: set[str]) -> Candidate | None:
    words = c.text.split(" ")
    for n in range(len(words) - 1, 0, -1):
        head = " ".join(words[:n])
        if name_key(head) in trusted:
            return Candidate(c.start, c.start + len(head), head, c.block, c.sent_start)
    return None


def _inside_any(c: Candidate, spans) -> bool:
    return any(s <= c.start and c.end <= e for s, e, *_ in spans)


def _disjoint(atoms: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    out = []
    for a in sorted(atoms):
        if not out or a[0] >= out[-1][1]:
            out.append(a)
    return out


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
