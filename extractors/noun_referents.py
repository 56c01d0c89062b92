"""Whom a describing noun stands for: the names "a novel", "the novelist", "her brother" are
said of ("X is a novel", "X, a novel", "the novel X", "a novel called X", "her sons, C and D"),
and whose a kin noun is ("his sister", "their son", "A, whose mother, B,"). A mixin of
FrameReader (extractors/frames.py), which supplies the lexicon, `noun_class`, `subjects_of` and
`find` (the pairs a sentence before names)."""

from __future__ import annotations

from spacy.tokens import Span, Token

from extractors.doc_model import BOOK, SHOW
from extractors.frame_base import (
    SUBJECTS, children_of, fronted_title, in_brackets, kin_of, lemma, misattached_subject, name_heads, possessors,
    prep_objects, with_conjuncts,
)


def _both(tok: Token) -> bool:
    """"Both", "both of them", "both boys", "the two"."""
    return tok.lower_ == "both" or any(c.lower_ == "both" and c.dep_ in ("det", "predet", "preconj") for c in tok.children) \
        or (tok.lower_ == "two" and any(c.lower_ == "the" for c in tok.children))


def role_in_cast_line(name: Token, description: Token) -> Token:
    """"A as B, a smuggler who ...": the small parser hangs the description on the actor A; in a
    cast line it is of the role, B."""
    if name.pos_ != "PROPN":
        return name
    roles = [o for p in children_of(name, "prep") if p.lower_ == "as" and p.i < description.i
             for o in children_of(p, "pobj") if o.pos_ == "PROPN"]
    return roles[-1] if roles else name


def _name_before_comma(noun: Token) -> Token:
    """"... adapts A Clash of Swords, the second novel": the name that ends right before the
    description's comma, where the parser hung the description on something else."""
    doc, j = noun.doc, noun.left_edge.i - 1
    if j > 0 and doc[j].text == "," and (doc[j - 1].pos_ == "PROPN" or doc[j - 1].text[:1].isupper()):
        return doc[j - 1]
    return noun.head


def _colon_list(noun: Token) -> list[Token]:
    """"three Okoro books: A (2009) and B (2012)": the first name of the list after a plural noun
    and a colon (its conjuncts follow it), wherever the parser hung the list."""
    doc, i = noun.doc, noun.i + 1
    if noun.tag_ not in ("NNS", "NNPS") or i + 1 >= len(doc) or doc[i].text != ":" or doc[i + 1].pos_ != "PROPN":
        return []
    first = doc[i + 1]
    while first.head.i > i and first.head.i != first.i and first.head.pos_ == "PROPN" and first.dep_ in ("compound", "flat"):
        first = first.head
    return [first]


def _after_colon_of_another(noun: Token, name: Token) -> bool:
    """A list after "other nouns:" belongs to that plural noun, not to `noun` the parser hung it on."""
    j = name.left_edge.i - 1
    return j > noun.i + 1 and name.doc[j].text == ":" and name.doc[j - 1].tag_ in ("NNS", "NNPS") and name.doc[j - 1] != noun


def _after_by(name: Token, kind: str | None) -> bool:
    """"the novel by A and B, a sprawling comedy": a work noun after the names of a by-phrase
    describes the work, not the last writer."""
    while name.dep_ == "conj":
        name = name.head
    return kind in (BOOK, SHOW) and name.dep_ == "pobj" and name.head.lower_ == "by"


def _title_after_comma(noun: Token) -> list[Token]:
    """The last word of a capitalised title right after "noun, " and closed by a comma or the
    sentence's end, read from the tokens."""
    doc, i = noun.doc, noun.i + 2
    if i >= len(doc) or doc[noun.i + 1].text != "," or not doc[i].text[:1].isupper():
        return []
    j = i  # capitalised words and the small words of titles ("When the Rain Comes")
    while j < min(len(doc), noun.i + 12) and (doc[j].text[:1].isupper() or doc[j].lower_ in _TITLE_SMALL_WORDS):
        j += 1
    if j == i or j >= len(doc) or doc[j].text not in (",", ".", ";"):
        return []
    return [doc[j - 1]]


_TITLE_SMALL_WORDS = {"of", "the", "a", "an", "and", "to", "in", "on", "for", "with", "at", "by", "from", "n't", "'s",
                      "’s", "or", "nor", "but"}


class NounReferents:
    def described(self, noun: Token) -> list[Token]:
        """The names a describing noun is said of: "X is a novel", "X, a novel", "the novel X",
        "the novel, X,", "a novel called X"."""
        out: list[Token] = []
        head = noun.head
        if noun.dep_ == "conj" and head.dep_ in ("attr", "appos") and head.pos_ != "PROPN" and not any(
                c.dep_ == "appos" for c in noun.children) and not self._owned_kin(head):
            return self.described(head)  # "X is the engineer, and Y's partner" (but "..., and her brother, Z")
        if noun.dep_ == "conj" and lemma(head) in ("be", "become", "remain") and any(
                c.dep_ in ("attr", "acomp") and c.i < noun.i for c in head.children):
            noun_dep = "attr"  # "A is the doctor, and B's partner", the second noun hung on the verb
        else:
            noun_dep = noun.dep_
        if noun_dep in ("attr", "acomp") and lemma(head) in ("be", "become", "remain"):
            subjects = [c for c in head.children if c.dep_ in SUBJECTS]
            if head.dep_ == "relcl" and any(lemma(c) in ("who", "which", "that") for c in subjects):
                subjects = self.subjects_of(head)[0]  # "A, the painter who becomes B's lover": A
            if not subjects and head.dep_ == "xcomp":
                subjects = self.subjects_of(head)[0]  # "A turns out to be B's half-brother": A
            if len(subjects) == 1 and _both(subjects[0]):
                subjects = self._earlier_pair(subjects[0]) or subjects  # "Both are daughters of C"
            # "C's son Tom is D's son": the names a describing subject stands for
            subjects = [n for x in subjects for n in ([x] + [c for c in x.children if c.dep_ == "appos" and c.pos_ == "PROPN"
                                                             and not in_brackets(c)]
                                                      if x.pos_ == "NOUN" else [x])]
            out += subjects or fronted_title(head)
        if noun.dep_ == "appos" and not misattached_subject(noun) and not _after_by(head, self.noun_class(noun)) and not (
                head.head.pos_ in ("VERB", "AUX") and head.i < head.head.i < noun.i) and not (self.noun_class(noun) in (SHOW, BOOK) and any(
                c.dep_ == "appos" and c.i < noun.i and not c.like_num and not in_brackets(c) for c in head.children)):
            # (a work noun as a second apposition of one name, "B, an officer who ..., the series
            # premiered", is the subject of a clause the small parser lost, not a description of B)
            out.append(_name_before_comma(noun) if head.pos_ not in ("PROPN", "NOUN", "PRON") or (
                head.tag_ == "NNS" and head.dep_ == "ROOT") else role_in_cast_line(head, noun))
        if noun.dep_ == "nsubj" and lemma(head) == "be" and noun.i < head.i and not any(
                t.text == "," or t.dep_ == "conj" for t in noun.doc[noun.i:head.i]):
            # "the brother she lost is B", "the novel is B" (but "A's sweetheart, and C is B": C is)
            out += [c for c in head.children if c.dep_ == "attr" and c.pos_ == "PROPN"]
        if noun.dep_ in ("compound", "nmod") and head.pos_ == "PROPN":
            out.append(head)
        for c in noun.children:
            if in_brackets(c) or _after_colon_of_another(noun, c):
                continue  # "her son Tom (Kit Oduya)": the actor in brackets is not what the noun describes
            if c.dep_ == "appos" or (c.dep_ in ("compound", "nmod") and c.pos_ == "PROPN" and c.i > noun.i):
                out.append(c)
            elif c.dep_ == "conj" and c.pos_ == "PROPN" and noun.tag_ == "NNS" and c.i == noun.i + 2 and \
                    noun.doc[noun.i + 1].text in (",", ":"):  # "two sons, A and B": the parser's conjunct is a list
                out.append(c)
            elif c.dep_ == "acl" and lemma(c) in ("call", "title", "name", "entitle"):
                out += [g for g in c.children if g.dep_ in ("oprd", "dobj", "attr", "npadvmod")]
        if not out and self.noun_class(noun) in (BOOK, SHOW):
            out += _colon_list(noun) or _title_after_comma(noun)  # "his debut novel, The Drowned Mill, and ..."
        if not out and any(lemma(o) in ("name", "title") and any(lemma(a) == "same" for a in o.children)
                           for o in prep_objects(noun, "of")):
            out.append(noun)  # "Y's memoir of the same title": the noun is the mention (an anaphor, see lore_coref)
        return self._own_list(noun, with_conjuncts(out))

    def _owned_kin(self, tok: Token) -> bool:
        """A kin noun with an owner of its own: "her sons", "Amos's brother"."""
        return tok.pos_ == "NOUN" and bool(kin_of(lemma(tok), self.lex)) and any(c.dep_ == "poss" for c in tok.children)

    def _own_list(self, noun: Token, names: list[Token]) -> list[Token]:
        """"A's daughter, B, and her sons, C and D": one coordination to the parser, two lists; a
        kin noun with an owner of its own starts the second, so each describing noun keeps the
        names on its side of it."""
        for t in names:
            if t is noun or not self._owned_kin(t):
                continue
            if t.i > noun.i:
                return [x for x in names if x.i < t.i]
            return [x for x in names if x.i > t.i]
        return names

    def _kin_owner(self, noun: Token, poss: Token) -> list[Token]:
        """Who "his", "her" or "their" stands for before a kin noun, where the sentence says it:
        "X and his sister" (the name the kin noun is joined to), "A's wife, B, raises their son"
        (the clause's subject and the one it is the partner of), "A and B raise their son"."""
        word = poss.lower_
        if word == "whose":  # "A, whose mother, B, ...": the name the relative clause is about
            clause = noun
            while clause.dep_ != "relcl" and clause.head.i != clause.i:
                clause = clause.head
            if clause.dep_ == "relcl":
                return [clause.head]
            # the small parser may hang "whose father, B," on A as an apposition
            return [noun.head] if noun.dep_ == "appos" and noun.head.pos_ == "PROPN" else []
        if word in ("his", "her") and noun.dep_ == "conj":
            head = noun.head
            joined = self._kin_joined_to_kin(noun)
            if joined:  # "the father of A and her brother, B": the brother is A's
                return joined
            if head.pos_ == "NOUN" and head.dep_ == "appos":  # "X, a young woman who ..., and her sister"
                head = head.head
            if head.pos_ == "PROPN":
                return [head]
        if word != "their":
            return [poss]
        verb = noun.head
        while verb.dep_ in ("prep", "pobj", "dobj", "conj", "appos") and verb.pos_ not in ("VERB", "AUX"):
            verb = verb.head
        if verb.pos_ not in ("VERB", "AUX"):
            return [poss]
        people: list[Token] = []
        for s in self.subjects_of(verb)[0]:
            if s.pos_ == "PROPN":
                people.append(s)
            elif kin_of(lemma(s), self.lex) == "romantic":  # "A's ex-wife, B,": A too
                people += [c for c in possessors(s) if c.pos_ == "PROPN"]
        people = name_heads(people)
        return people if len(people) > 1 else self._previous_pair(noun) or [poss]

    def _kin_joined_to_kin(self, noun: Token) -> list[Token]:
        """"C is the father of A and her brother, B": the small parser joins "her brother" to
        "father", not to A. The name after "of" of the kin noun it is joined to, if any."""
        head = noun.head
        if noun.dep_ != "conj" or head.pos_ != "NOUN" or not kin_of(lemma(head), self.lex):
            return []
        return [o for o in prep_objects(head, "of")[:1] if o.pos_ == "PROPN"]

    def _earlier_pair(self, tok: Token) -> list[Token]:
        """The two people "both" stands for: the one pair the sentence before names."""
        sent, doc = tok.sent, tok.doc
        if sent.start == 0:
            return []
        groups = self._groups(doc[sent.start - 1].sent)
        return [doc[i] for i in groups[0]] if len(groups) == 1 else []

    def _previous_pair(self, noun: Token) -> list[Token]:
        """"A and her sister B ... Their mother, C,": the siblings or the two names joined by
        "and" in the nearest of the few sentences before that names such a group, when it
        names exactly one."""
        sent, doc = noun.sent, noun.doc
        if sent.start == 0 or not any(t.lower_ == "their" and t.i < noun.i for t in sent[:3]):
            return []  # only where "their" opens the sentence
        prev = sent
        for _ in range(6):
            if prev.start == 0:
                return []
            prev = doc[prev.start - 1].sent
            groups = self._groups(prev)
            if groups:
                return [doc[i] for i in groups[0]] if len(groups) == 1 else []
        return []

    def _groups(self, sent: Span) -> list[tuple[int, int]]:
        """Pairs of people a sentence joins: siblings, a couple, or two names joined by "and"."""
        def name_at(i: int) -> int | None:  # "X ... and her sister Y": "her" is the last name before it
            tok = sent.doc[i]
            if tok.pos_ == "PROPN":
                return i
            if tok.lower_ in ("his", "her"):
                names = [t.i for t in sent if t.i < i and t.pos_ == "PROPN" and t.dep_ not in ("compound", "flat")
                         and not in_brackets(t)]
                return names[-1] if names else None
            return None
        groups = [(name_at(f.subject), name_at(f.object)) for f in self.find(sent)
                  if f.predicate in ("sibling", "romantic") and isinstance(f.object, int)]
        groups = [g for g in groups if g[1] is not None and g[0] != g[1]]
        groups += [(t.head.i, t.i) for t in sent if t.dep_ == "conj" and t.pos_ == "PROPN" and t.head.pos_ == "PROPN"]
        return list(dict.fromkeys(g for g in groups if g[0] is not None))
