"""Pronouns and plural descriptions that stand for people ("his father, X", "Z poisoned him",
"their mother, W", "the couple"), for `lore_coref`.

Rules, not a model:
- a singular pronoun takes a person or character of its gender named in its sentence or the
  two before; a name in parentheses (an actor beside a role) is no antecedent;
- an object pronoun ("Z poisoned him") never takes the subject of its own verb (read from the
  parse, the verb's or its conjunct head's subject);
- a pronoun that opens its sentence's people ("He left ...", "Her son ...") takes the subject
  of the sentence before when that fits, else the nearest;
- "they", "their", "the pair", "the couple", "the siblings" take the two or more people last
  named together ("A and B", "A, B and C"); the mention points to the first of them and the
  group is kept on the Doc, so a story fact about it holds for each (`expand_group_facts`).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from functools import lru_cache

from extractors.doc_model import CHAR, PERSON, LoreFact, LoreMention, block_kind_at, sentence_bounds, text_of

PLURAL = {"they", "them", "their", "theirs", "themselves"}
_GROUP_NOUN = re.compile(r"(?<!\w)the\s+(?:pair|couple|siblings|twins|two|brothers|sisters|lovers|newlyweds)(?!\w)", re.I)
_OBJECT_DEPS = {"dobj", "obj", "dative", "iobj"}
_SUBJECT_DEPS = {"nsubj", "nsubjpass"}
_JOINED = re.compile(r"\s*(?:,\s*(?:and\s+|&\s*)?|and\s+|&\s*)$")
STORY = {"sibling", "parent", "romantic", "harmed", "framed"}
_CASTING_VERBS = {"play", "portray", "star", "voice", "reprise", "cast"}
_YOUNG_KIN = {"son", "daughter", "stepson", "stepdaughter", "grandson", "granddaughter"}


MAX_CANDIDATES = 40  # the people named last before a pronoun that may be its antecedent


class PronounResolver:
    def __init__(self, lex):
        self.lex = lex
        cues = lex.cues
        self.pronouns = cues["pronouns"]
        self.object_verbs = set(cues["story_verbs_object_pronoun"])
        self.kin_words = set(cues["kin_words"])
        self.titles = {h.rstrip("."): "" for h in cues["honorifics"]} | cues["gendered_titles"]
        kin = "|".join(sorted(map(re.escape, cues["kin_gender"]), key=len, reverse=True))
        self.kin_gender = cues["kin_gender"]
        # "her husband, B", "A's sister B" / "B, his wife,": what a kin word says of a name's gender
        self._kin_before = re.compile(rf"\b(?:his|her|their|its|\w+['’]s)\s+(?:[\w-]+\s+)?({kin})\s*,?\s*$", re.I)
        self._kin_after = re.compile(rf"^\s*(?:\([^()]*\)\s*)?,\s*(?:his|her|their|\w+['’]s)\s+(?:[\w-]+\s+)?({kin})\b", re.I)
        self.hints: dict[int, str] = {}
        self.descriptions = {k: v for k, v in cues["person_descriptions"].items() if " " not in k}
        self.role_titles = set(cues["role_titles"])

    def __call__(self, doc, ents, mentions) -> None:
        people = [m for m in mentions if ents[m.entity].type in (CHAR, PERSON)]
        if not people:
            return
        text = text_of(doc)
        self.young: set[int] = set()  # named as someone's son or daughter: "the boy", "the girl" may be them
        self.hints = self._kin_hints(text, people)
        bounds = sentence_bounds(doc)
        added: list[LoreMention] = []
        groups: list[tuple[int, int, list[int]]] = []
        noun_groups = {m.start(): m for m in _GROUP_NOUN.finditer(text)}
        pool = sorted(people, key=lambda m: m.start)  # kept sorted: each pronoun looks only at its window
        starts = [m.start for m in pool]

        def add(mention: LoreMention) -> None:
            added.append(mention)
            at = bisect_right(starts, mention.start)
            starts.insert(at, mention.start)
            pool.insert(at, mention)
        for k, sent in enumerate(doc.sents):
            if block_kind_at(doc, sent.start_char) != "body":
                continue
            window = bounds[max(0, k - 2)][0]
            for tok in sent:
                described = self._description(tok)
                if described:  # "the boy", "the king": a character named before
                    start = tok.doc[tok.i - 1].idx
                    if not _taken(mentions + added, start, tok.idx + len(tok.text)):
                        hi = bisect_left(starts, start)
                        target = self._titled(ents, pool[:hi], text, tok.lower_) if tok.lower_ in self.role_titles \
                            else self._antecedent(doc, ents, pool[max(bisect_left(starts, window), hi - MAX_CANDIDATES):hi],
                                                  tok, sent, described, window, bounds, k)
                        if target is not None:
                            add(LoreMention(start, tok.idx + len(tok.text), target, "pronoun"))
                    continue
                gender = self.pronouns.get(tok.lower_)
                if gender is None and tok.lower_ not in PLURAL and tok.idx not in noun_groups:
                    continue
                hi = bisect_left(starts, tok.idx + len(tok.text))
                local = pool[max(bisect_left(starts, window), hi - MAX_CANDIDATES):hi]
                if gender is None:
                    end = noun_groups[tok.idx].end() if tok.idx in noun_groups else tok.idx + len(tok.text)
                    group = _last_group(text, ents, local, window, tok.idx)
                    if group and not _taken(mentions + added, tok.idx, end):
                        add(LoreMention(tok.idx, end, group[0], "pronoun"))
                        groups.append((tok.idx, end, group))
                    continue
                target = self._antecedent(doc, ents, local, tok, sent, gender, window, bounds, k)
                if target is not None:
                    add(LoreMention(tok.idx, tok.idx + len(tok.text), target, "pronoun"))
        mentions.extend(added)
        doc.user_data["lore_groups"] = groups

    def _antecedent(self, doc, ents, people, tok, sent, gender, window, bounds, k) -> int | None:
        text = text_of(doc)
        before = [m for m in reversed(people) if window <= m.start and m.end <= tok.idx and not _in_parentheses(text, m)]
        # a name of that gender or of none known; a pronoun mention by its own gender ("He ... her": not him)
        fits = [m for m in before if self._gender(ents[m.entity]) in (gender, "u")
                and (m.kind != "pronoun" or self.pronouns.get(text[m.start:m.end].lower(), gender) in (gender, "u"))]
        if not fits:
            return None
        if tok.lower_ in self.descriptions:  # "the boy": not the subject of a clause it stands in,
            governing = self._governing_subjects(doc, people, tok)
            fits = [m for m in fits if m.entity not in governing]
            fits = [m for m in fits if m.entity in self.young] or fits  # a son or daughter if one was named
            return fits[0].entity if fits else None
        following = {t.lower_ for t in doc[tok.i + 1:tok.i + 4]}
        if following & self.kin_words:  # "her twin sister": a character's kin, not an actor's
            fits = [m for m in fits if ents[m.entity].type == CHAR] or fits
        if self._is_object(tok):
            subjects = self._subjects(doc, people, tok)
            if subjects is None:  # no parse to read: the nearest name not cut off by "and"
                verb = doc[tok.i - 1].idx
                subjects = {next((m.entity for m in fits if " and " not in f" {text[m.end:verb]} "), None)}
            others = [m for m in fits if m.entity not in subjects]
            if others:
                in_sentence = [m for m in others if m.start >= sent.start_char]
                return (in_sentence or others)[0].entity
            return None
        if tok.is_sent_start and tok.dep_ in _SUBJECT_DEPS | {"poss"}:
            # "A (X): the grandmother who raised B. She ...", "... Her mother is ...": A
            entry = _entry_name(doc, people, tok, text)
            if entry is not None and any(m.entity == entry for m in fits):
                return entry
        if tok.dep_ == "poss" and len(fits) > 1:  # "A, who grew up as B's ward, rides back to his father": A
            subject = self._clause_subject(doc, people, tok)
            if subject is not None and any(m.entity == subject for m in fits):
                return subject
        if tok.dep_ in _SUBJECT_DEPS | {"poss"} and doc.has_annotation("DEP") and not self._is_subject(doc, fits[0]):
            # a subject or possessive pronoun prefers a subject before it in its sentence to a nearer
            # object ("A is met by his wife, B, and their son, C; ... he flees": A)
            kind = ents[fits[0].entity].type
            subjects = [m for m in fits if m.start >= sent.start_char and self._is_subject(doc, m)
                        and ents[m.entity].type == kind]  # an actor's name is no subject for a role's pronoun
            if subjects:
                return subjects[0].entity
        if not any(m.start >= sent.start_char for m in before) and tok.dep_ in _SUBJECT_DEPS | {"poss"} and k > 0:
            subject = self._sentence_subject(doc, people, bounds[k - 1])
            if subject is not None and any(m.entity == subject for m in fits):
                if ents[subject].type == CHAR or all(ents[m.entity].type == PERSON for m in fits):
                    return subject
        return fits[0].entity

    def _description(self, tok) -> str | None:
        """The gender "the boy" or "the king" speaks of ("u" for a title that says none), or None:
        a description right after "the" that is not part of a name ("the boy king Joffrey")."""
        if tok.i == 0 or tok.doc[tok.i - 1].lower_ != "the" or tok.pos_ != "NOUN":
            return None
        nxt = tok.doc[tok.i + 1] if tok.i + 1 < len(tok.doc) else None
        if nxt is not None and (nxt.pos_ == "PROPN" or nxt.lower_ in self.role_titles or nxt.lower_ in ("of", "who")):
            return None  # "the boy king J", "the man who ...": no anaphor
        if tok.lower_ in self.role_titles:
            return self.titles.get(tok.lower_) or "u"
        return self.descriptions.get(tok.lower_)

    def _titled(self, ents, before, text: str, title: str) -> int | None:
        """The person named last before with this title: "King C", "the young king C", "C, the king",
        "C is the king"."""
        near, after = _title_patterns(title)
        for m in reversed(before):
            if m.kind == "pronoun":
                continue
            if ents[m.entity].label.lower().startswith(title + " ") or near.search(text[max(0, m.start - 30):m.start]) \
                    or after.match(text[m.end:m.end + 40]):
                return m.entity
        return None

    def _is_object(self, tok) -> bool:
        if tok.lower_ in self.descriptions or tok.lower_ in self.role_titles:
            return tok.dep_ in _OBJECT_DEPS
        if tok.lower_ not in ("him", "her", "them"):
            return False
        if tok.lower_ == "her" and tok.dep_ == "poss":
            return False
        return tok.dep_ in _OBJECT_DEPS or (tok.i > 0 and tok.doc[tok.i - 1].lower_ in self.object_verbs)

    def _subjects(self, doc, people, tok) -> set[int] | None:
        """The entities of the subject of the verb `tok` is the object of (or of the verb it is
        conjoined to: "Z stabbed X and poisoned him"); None when the parse shows none."""
        if not doc.has_annotation("DEP"):  # rules only: no parse to read (walking it crashes spaCy)
            return None
        verb = tok.head
        for _ in range(3):
            subj = [c for c in verb.children if c.dep_ in _SUBJECT_DEPS]
            if subj and all(s.pos_ in ("NOUN", "PROPN", "PRON") and s.tag_ not in ("WP", "WDT") for s in subj):
                ids = {_entity_at(people, t) for s in subj for t in _name_tokens(s)}
                ids.discard(None)
                return ids  # empty: a subject that is no one named ("i pictured her")
            if subj:  # "who" ("A was the one who pushed her") or a misparse ("When A lunges, B pushed him")
                text = text_of(doc)
                sent_start = verb.sent.start_char
                named = [m for m in people if sent_start <= m.start and m.end <= verb.idx and not _in_parentheses(text, m)]
                return {named[-1].entity} if named else None
            if verb.dep_ in ("conj", "xcomp", "advcl") and verb.head.i != verb.i:
                verb = verb.head
            else:
                break
        return None

    def _kin_hints(self, text: str, people) -> dict[int, str]:
        """The gender a kin word gives a name ("her husband, B": B is a man), for names whose
        given name does not say."""
        hints: dict[int, str] = {}
        for m in people:
            found = self._kin_before.search(text[max(0, m.start - 40):m.start]) or \
                self._kin_after.match(text[m.end:m.end + 60])
            if found:
                hints.setdefault(m.entity, self.kin_gender[found.group(1).lower()])
                if found.group(1).lower() in _YOUNG_KIN:
                    self.young.add(m.entity)
        return hints

    @staticmethod
    def _governing_subjects(doc, people, tok) -> set[int]:
        """The named subjects of the clauses around `tok`, up to a coordinated clause with its own
        subject ("A sees B, and C throws the boy": C; "A learns that the boy's father is C": A)."""
        out: set[int] = set()
        if not doc.has_annotation("DEP"):
            return out
        node = tok
        while node.head.i != node.i:
            node = node.head
            subj = [c for c in node.children if c.dep_ in _SUBJECT_DEPS]
            out |= {e for s in subj if (e := _entity_at(people, s)) is not None}
            if subj and node.dep_ == "conj":
                break
        return out

    @staticmethod
    def _is_subject(doc, m: LoreMention) -> bool:
        """Whether a mention is the subject of its clause (a name's head, or a pronoun), and not
        an actor's ("A plays him, and he ...", "A is C, and B plays her brother": the role)."""
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is None or span.root.dep_ not in _SUBJECT_DEPS:
            return False
        verb = span.root.head  # "A plays C", "A is C": an actor beside a role
        return verb.lemma_ not in _CASTING_VERBS and not (
            verb.lemma_ == "be" and any(c.dep_ == "attr" and c.pos_ == "PROPN" for c in verb.children))

    @staticmethod
    def _clause_subject(doc, people, tok) -> int | None:
        """The named subject of the clause a possessive pronoun stands in (not a relative "who"),
        when the pronoun is no part of that subject."""
        if not doc.has_annotation("DEP"):
            return None
        verb = tok.head  # up to the clause's verb (or the root, which the small parser may tag a noun)
        while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
            verb = verb.head
        subj = [c for c in verb.children if c.dep_ in _SUBJECT_DEPS]
        if not subj and verb.i > 0 and doc[verb.i - 1].dep_ in ("advmod", "npadvmod", "nmod", "compound") and \
                (named := _entity_at(people, doc[verb.i - 1])) is not None:
            return named  # "Surname introduced X in his debut": the parser took the name for an adverb
        if not subj and verb.dep_ == "acl":  # "B, a woman searching for her brother": B
            noun = verb.head
            return _entity_at(people, noun) or (_entity_at(people, noun.head) if noun.dep_ == "appos" else None)
        if len(subj) != 1 or subj[0].tag_ in ("WP", "WDT", "PRP") or tok in subj[0].subtree:
            return None
        return _entity_at(people, subj[0])

    def _sentence_subject(self, doc, people, bound) -> int | None:
        if not doc.has_annotation("DEP"):
            return None
        span = doc.char_span(bound[0], bound[1], alignment_mode="expand")
        if span is None:
            return None
        for tok in span:
            if tok.dep_ in _SUBJECT_DEPS and tok.head.dep_ == "ROOT":
                ent = _entity_at(people, tok)
                if ent is not None:
                    return ent
        return None

    def _gender(self, ent) -> str:
        """The gender of a name's given name, past its titles ("Queen Isolde"); else the
        title's ("Lord Varrick"); "u" when neither says."""
        words = ent.label.split()
        while len(words) > 1 and words[0].lower().rstrip(".") in self.titles:
            words = words[1:]
        given = self.lex.gender(" ".join(words))
        if given and given != "u":
            return given
        return self.titles.get(ent.label.split()[0].lower().rstrip("."), "") or self.hints.get(ent.id, "u")


@lru_cache(maxsize=64)
def _title_patterns(title: str) -> tuple[re.Pattern, re.Pattern]:
    """What stands before a name with this title ("the young king "), and after it (", the king")."""
    return (re.compile(rf"\b{re.escape(title)}\s+(?:[\w-]+\s+)?$", re.I),
            re.compile(rf"^\s*(?:\([^()]*\)\s*)?(?:,|is|was|becomes|became)\s+(?:the|a)\s+(?:[\w-]+\s+)?"
                       rf"{re.escape(title)}\b", re.I))


def _name_tokens(tok):
    """A subject's head, its conjuncts ("A and B") and appositions ("his wife, B")."""
    out, todo = [], [tok]
    while todo:
        t = todo.pop()
        out.append(t)
        todo.extend(c for c in t.children if c.dep_ in ("conj", "appos"))
    return out


def _entity_at(mentions, tok) -> int | None:
    for m in mentions:
        if m.start <= tok.idx < m.end:
            return m.entity
    return None


_ASIDE_BEFORE = re.compile(r"(?:\(|\b(?:played|portrayed|voiced)\s+by)\s*$", re.I)


def _in_parentheses(text: str, m: LoreMention) -> bool:
    """"Gerald (Hugh Fennimore)", "Perry, played by X,": the actor beside a role."""
    return bool(_ASIDE_BEFORE.search(text[max(0, m.start - 20):m.start]))


def _taken(mentions, start, end) -> bool:
    return any(m.start < end and start < m.end for m in mentions)


def _last_group(text, ents, pool, window, pos) -> list[int] | None:
    """The two or more people last named together before `pos` ("A and B", "A, B and C")."""
    names = [m for m in pool if window <= m.start and m.end <= pos and m.kind != "pronoun"
             and not _in_parentheses(text, m)]
    best: list[int] | None = None
    run: list[LoreMention] = []
    for m in names:
        if run and _JOINED.fullmatch(" " + _strip_parens(text[run[-1].end:m.start])):
            run.append(m)
        else:
            run = [m]
        ids = list(dict.fromkeys(x.entity for x in run))
        if len(ids) >= 2 and (any(" and " in f" {text[a.end:b.start]} " or "&" in text[a.end:b.start]
                                  for a, b in zip(run, run[1:]))
                              # "A, B and their sister": a list that the pronoun itself ends
                              or re.fullmatch(r"\s*,?\s*and\s+", _strip_parens(text[m.end:pos]))):
            best = ids
    if best is None and len(names) >= 2:  # "A rules with his wife, B. The couple ...": the last two named,
        a, b = names[-2], names[-1]  # a pair by its spouse word
        if _SPOUSE_BEFORE.search(_strip_parens(text[a.end:b.start])) and a.entity != b.entity:
            best = [a.entity, b.entity]
    return best


_SPOUSE_BEFORE = re.compile(r"^(?:['’]s|[^.;:!?]{0,80}?\b(?:his|her))\s+(?:[\w-]+\s+)?(?:ex-)?(?:wife|husband|spouse|fianc[ée]e?|"
                            r"girlfriend|boyfriend)\s*,?\s*$"
                            r"|^\s*(?:is|was|were|are|has been|had been|got)\s+(?:\w+\s+)?(?:married|engaged)\s+to\s+$", re.I)


def _strip_parens(gap: str) -> str:
    """"A (actor), B (actor) and C": the gap without its parentheses."""
    return re.sub(r"\([^()]*\)", "", gap)


def expand_group_facts(doc, ents, facts: list[LoreFact], strong_person: float) -> list[LoreFact]:
    """A story fact one of whose arguments is a plural mention ("their mother, W") holds for
    every member of the group; a member typed Person only weakly is then a character (of the
    show of the character the fact names), one typed firmly stops it."""
    groups = doc.user_data.get("lore_groups") or []
    out = list(facts)
    seen = {(f.subject, f.predicate, f.object) for f in facts}
    for f in facts:
        if f.predicate not in STORY:
            continue
        for start, end, members in groups:
            if not f.sentence_start <= start < f.sentence_end:
                continue
            for side in ("subject", "object"):
                ent = getattr(f, side)
                if ent != members[0]:
                    continue
                other = f.object if side == "subject" else f.subject
                for member in members[1:]:
                    e = ents[member]
                    if member == other or (e.type == PERSON and e.confidence >= strong_person):
                        continue
                    if e.type == PERSON:
                        e.type, e.show = CHAR, ents[members[0]].show if ents[members[0]].type == CHAR else ents[other].show
                    s, o = (member, other) if side == "subject" else (other, member)
                    if (s, f.predicate, o) not in seen:
                        seen.add((s, f.predicate, o))
                        out.append(LoreFact(s, f.predicate, o, f.sentence_start, f.sentence_end,
                                            f.rule + "+group", f.confidence, f.as_of))
    return out


_GLOSS = re.compile(r"\s*(?:\(|:|–|—)")


def _entry_name(doc, people, tok, text: str) -> int | None:
    """The name an entry of a cast or character list is about: the one that opens the
    paragraph holding `tok`, glossed right after ("A (X): ...", "A: ...", "A – ...")."""
    for start, end, _ in doc._.lore_blocks or ():
        if start <= tok.idx < end:
            first = next((m for m in people if start <= m.start <= start + 2 and m.kind == "name"), None)
            if first is not None and first.start < tok.idx and _GLOSS.match(text, first.end):
                return first.entity
            return None
    return None
