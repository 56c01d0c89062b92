"""Relations read from the dependency parse: frames over heads, dependency labels and lemmas.

A frame is one statement a sentence makes about two arguments, found from the tree rather than
the word order, so "X is adapted from Y's novel", "Y's novel, which X adapts," and "the show,
based on Y's bestseller X," are read by one frame each, not one rule per phrasing. Arguments are
token indices; the caller maps a token to its entity (typing maps candidates, relations map
mentions). Conjuncts and appositions spread an argument ("by A and B", "the novelist, Y,").

Frames carry generic predicates where the parse alone cannot tell ("made_by": author of a book,
creator of a show); `kind` of "isa" frames is a class (BOOK, SHOW, PERSON). The lemma lexicons
are data (`data/frames.json`).
"""

from __future__ import annotations

from functools import lru_cache

from spacy.tokens import Span, Token

from extractors.doc_model import BOOK, CHAR, FILM, ORG, PERSON, SHOW, sentence_at
from extractors.frame_base import (  # noqa: F401  (lexicon, read_lexicon: part of this module's interface)
    CLAUSE_UP, SUBJECTS, Frame, children_of, fronted_title, kin_frame, kin_of, lemma, lexicon, misattached_subject,
    in_brackets, name_heads, parenthesised_name, possessors, prep_objects, read_lexicon, title_opening, with_conjuncts,
)
from extractors.verb_frames import VerbFrames
from extractors.lexicons import network_words



# frames whose arguments can be of several classes ("A adapts the novel": a show or a writer)
UNTYPED_RULES = {"adapted", "adapted_by", "follows", "name_poss_name", "name_is_name"}
# what each frame says about the class of its arguments, for typing (subject, object)
ROLE_CLASSES = {
    "basedOn": (SHOW, BOOK), "sequel": (BOOK, BOOK), "network": (SHOW, ORG), "portrayedBy": (CHAR, PERSON),
    "made_by": (None, PERSON), "harmed": (CHAR, CHAR), "framed": (CHAR, CHAR), "sibling": (CHAR, CHAR),
    "parent": (CHAR, CHAR), "romantic": (CHAR, CHAR),
    "renewalStatus": (SHOW, None), "releaseDate": (SHOW, None), "series_next": (None, BOOK),
    "name_pair": (CHAR, PERSON),  # only "Character (Actor)", the usual order; other pairs are untyped
}


def _both(tok: Token) -> bool:
    """"Both", "both of them", "both boys", "the two"."""
    return tok.lower_ == "both" or any(c.lower_ == "both" and c.dep_ in ("det", "predet", "preconj") for c in tok.children) \
        or (tok.lower_ == "two" and any(c.lower_ == "the" for c in tok.children))


def _initials_of(short: Token, name: Token) -> bool:
    """"the Nigerian Television Authority (NTA)": the bracket abbreviates the name before it."""
    words = [t.text for t in name.subtree if t.i <= name.i and t.text[:1].isupper()]
    return short.text.isupper() and len(short.text) >= 2 and short.text == "".join(w[0] for w in words)


def _role_in_cast_line(name: Token, description: Token) -> Token:
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


def _modifier_names(noun: Token) -> list[Token]:
    """The proper-noun words among the modifiers before a noun, through chains of compounds
    and modifiers ("a late-night Channel Four Television arts magazine show": Channel, Four; the
    mentions they fall in say which names they are)."""
    out, todo = [], [c for c in noun.children if c.i < noun.i and c.dep_ in ("compound", "nmod", "amod")]
    while todo:
        c = todo.pop()
        if c.pos_ == "PROPN":
            out.append(c)
        todo += [g for g in c.children if g.i < c.i and g.dep_ in ("compound", "nmod", "amod")]
    return sorted(out, key=lambda t: t.i)


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


# a sequel frame read from a possessive ("Y's follow-up, B"): which side the possessor is on
_POSSESSOR_FIRST, _POSSESSOR_LAST = "_poss", "_poss_prequel"


def role_classes(f: Frame) -> tuple[str | None, str | None]:
    """The classes a frame gives its two arguments; what a writer writes is a book, what a
    creator creates is left open (a show or a book)."""
    if f.predicate == "made_by":  # a writer writes books; what is created, developed, devised is a show
        return (BOOK if f.verb == "write" else SHOW if f.verb in ("create", "co-create", "develop", "devise") else None,
                PERSON)
    if f.predicate == "sequel" and f.rule.endswith(_POSSESSOR_FIRST):  # "Y's follow-up, B": Y, a writer or a book
        return (None, BOOK)
    if f.predicate == "sequel" and f.rule.endswith(_POSSESSOR_LAST):  # "Y's prequel, B"
        return (BOOK, None)
    if f.rule == "adapts":  # "A adapted Y's X": what is adapted is a book (A may be a show or a writer)
        return (None, BOOK)
    return ROLE_CLASSES.get(f.predicate, (None, None))


@lru_cache(maxsize=1)
def default_reader() -> "FrameReader":
    return FrameReader(lexicon())


class FrameReader(VerbFrames):
    """Reads frames with one lexicon (a component's own, or the package's)."""

    # the lexicon roles a common noun can carry a frame by, besides describing a work or person
    NOUN_ROLES = ("sequel_nouns", "prequel_nouns", "adaptation_nouns", "sibling_nouns", "parent_nouns",
                  "child_nouns", "romantic_nouns", "role_nouns", "relationship_nouns")

    def __init__(self, lex: dict, networks: frozenset[str] | None = None):
        self.lex = lex
        self.networks = network_words() if networks is None else networks
        self.key = hash(tuple(sorted((k, tuple(sorted(v.items() if isinstance(v, dict) else v)))
                                     for k, v in lex.items())))

    def _which_antecedent(self, head: Token) -> Token:
        """"a series ... by the writer Y, which premiered on N": the small parser hangs "which" on
        the person named last; a person is never a "which", so the work the phrase hangs from is."""
        if head.ent_type_ != "PERSON" and self.noun_class(head) != PERSON:
            return head
        tok = head
        for _ in range(8):
            if tok.head.i == tok.i or tok.dep_ not in ("appos", "pobj", "prep", "agent", "compound", "acl", "conj"):
                break
            tok = tok.head
            if self.noun_class(tok) in (SHOW, BOOK):
                return tok
        return head

    def _defined_as_work(self, name: Token) -> bool:
        """"X is a novel / the last book / a television series": the name's sentence defines it as a work."""
        if name.dep_ != "nsubj" or lemma(name.head) != "be":
            return False
        return any(self.noun_class(a) in (BOOK, SHOW) or lemma(a) in self.lex["film_nouns"]
                   for a in children_of(name.head, "attr"))

    def _genre(self, mod: Token) -> bool:
        """"science fiction" in "a science fiction series": a genre, not a medium."""
        words = [lemma(c) for c in mod.lefts if c.dep_ in ("compound", "amod")] + [lemma(mod)]
        return " ".join(words[-2:]) in self.lex["genre_phrases"]

    def noun_class(self, tok: Token) -> str | None:
        """BOOK, SHOW or PERSON for a describing noun ("novel", "television series", "novelist")."""
        lem = lemma(tok)
        mods = {lemma(c) for c in tok.children if c.dep_ in ("compound", "amod", "nmod") and not self._genre(c)}
        if lem in self.lex["person_nouns"]:
            return PERSON
        if lem in self.lex["screen_genre_nouns"] and not mods & self.lex["book_nouns"]:
            # "a crime drama", "a period comedy": screen genres unless "novel" says otherwise, or
            # "a drama authored by X" (a play: shows are written, never authored)
            if any(c.dep_ == "acl" and lemma(c) in self.lex["literary_author_verbs"] for c in tok.children):
                return BOOK
            return SHOW
        if lem in self.lex["ambiguous_work_nouns"]:  # "series", "thriller": the modifiers decide
            if mods & self.lex["screen_modifiers"] or mods & self.networks or self._network_modifier(tok):
                return SHOW  # "the Hulu version", "the new Peacock mystery series"
            if mods & self.lex["print_modifiers"] or mods & self.lex["book_nouns"]:
                return BOOK
            slot = tok.head if tok.dep_ == "compound" else tok  # "in her collection X": X's slot
            if slot.dep_ == "pobj" and slot.head.lower_ == "in" and lemma(slot.head.head) == "collect":
                return BOOK  # "a story collected in her 1973 collection X"
            if lem in self.lex["show_nouns"]:
                return SHOW
            if any(c.dep_ == "poss" for c in tok.children):  # "her third book, two years on from her debut"
                return self._sentence_work_kind(tok)
            return None
        if lem in self.lex["book_nouns"]:
            return BOOK
        if lem in self.lex["show_nouns"]:
            return SHOW
        if lem in self.lex["film_nouns"] and not mods & self.lex["screen_modifiers"]:
            return FILM  # "a 1931 silent film" (but "a television film" stays unsaid)
        return None

    def _sentence_work_kind(self, tok: Token) -> str | None:
        """BOOK or SHOW when the sentence's plain work nouns are all of that one kind ("novel",
        "book" / "series", "show"), else None."""
        doc = tok.doc
        start, end = sentence_at(doc, tok.idx)  # (cached bounds: Token.sent walks the sentence)
        cache = doc.user_data.setdefault("lore_sentence_work_kind", {})
        if start not in cache:
            books, shows, ambiguous = self.lex["book_nouns"], self.lex["show_nouns"], self.lex["ambiguous_work_nouns"]
            lemmas = {lemma(t) for t in doc.char_span(start, end, alignment_mode="expand") if t.pos_ == "NOUN"} - ambiguous
            kinds = {BOOK for _ in lemmas & books} | {SHOW for _ in lemmas & shows - books}
            cache[start] = next(iter(kinds)) if len(kinds) == 1 else None
        return cache[start]

    def _network_modifier(self, noun: Token) -> bool:
        """A network's name among the proper-noun modifiers of a work noun, however deep in its
        compound ("Peacock" in "the Peacock mystery series"): there even a name that is also
        a word ("Peacock", "Fox") is the network."""
        stack = [c for c in noun.children if c.dep_ == "compound"]
        while stack:
            c = stack.pop()
            if c.pos_ == "PROPN" and c.lower_ in network_words(ambiguous=True):
                return True
            stack += [g for g in c.children if g.dep_ == "compound"]
        return False

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
                head.tag_ == "NNS" and head.dep_ == "ROOT") else _role_in_cast_line(head, noun))
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

    def args(self, tok: Token) -> list[Token]:
        """An argument token and what stands for it: its conjuncts ("A and B") and, for a
        describing noun ("the novelist Y", "her sister, Y"), the names it describes."""
        out = [tok]
        if tok.pos_ in ("NOUN",) or self.noun_class(tok):
            out += self._named_by(tok)
        out = with_conjuncts(out)
        # "A, B and their younger sister C": a describing noun among the conjuncts stands for its name
        out += [n for t in out if t is not tok and t.pos_ == "NOUN" for n in t.children
                if n.dep_ == "appos" and n.pos_ == "PROPN" and not in_brackets(n) and n not in out]
        claimed = getattr(self, "_claimed", frozenset())
        return [t for t in out if t is tok or t.i not in claimed]

    @staticmethod
    def _named_by(noun: Token) -> list[Token]:
        """The names a describing noun carries: "the novelist Y", "her sister, Y" (a name before
        the noun is its topic: "the Dexter books")."""
        return [c for c in noun.children if (c.dep_ in ("appos",) or (c.dep_ == "compound" and c.pos_ == "PROPN"
                                                                     and c.i > noun.i))
                and not in_brackets(c)]

    def stolen_subjects(self, verb: Token) -> list[Token]:
        """"A plays B, and C and D round out the cast": the small parser hangs "C and D" on B as
        conjuncts and leaves the second verb without a subject. The names right before a
        finite verb with no subject of its own, back to the "and" or comma that opens its
        clause, are that subject."""
        if verb.dep_ not in ("conj", "advcl") or verb.tag_ not in ("VBP", "VBZ", "VBD") or \
                any(c.dep_ in SUBJECTS for c in verb.children):
            return []
        doc, j = verb.doc, verb.i - 1
        if j < verb.sent.start or doc[j].pos_ != "PROPN":
            return []
        while j >= verb.sent.start and (doc[j].pos_ == "PROPN" or doc[j].lower_ == "and"):
            j -= 1
        if j < verb.sent.start or doc[j].text not in (",", ";") and doc[j].lower_ != "and":
            return []
        run = [t for t in doc[j + 1:verb.i] if t.pos_ == "PROPN"]
        if any(t.head.i == verb.i or t.head in run and t.dep_ not in ("compound", "flat", "conj") for t in run):
            return []
        return [t for t in run if t.dep_ not in ("compound", "flat")]

    def hedged(self, tok: Token) -> bool:
        """A negation, a modal or a hedge word in the clause of `tok` or the clauses it hangs from."""
        t, title_end = tok, title_opening(tok)
        for _ in range(5):
            for c in t.children:
                if c.i < title_end:
                    continue  # "Don't Look Back? is a film": the title's "not" negates nothing
                if c.dep_ == "neg" or (c.dep_ == "preconj" and c.lower_ == "neither") or (
                        c.dep_ == "aux" and lemma(c) in self.lex["modal_lemmas"]):
                    return True
                if c.dep_ in ("advmod", "mark", "prep", "amod") and lemma(c) in self.lex["hedge_lemmas"]:
                    return True
            if lemma(t) in self.lex["hedge_lemmas"] or t.lower_ == "nor":
                return True
            # up through the clauses that bind this one; a coordinated verb without a subject of
            # its own shares the first one's negation ("did not write A or create B")
            shares = t.dep_ == "conj" and not any(c.dep_ in SUBJECTS for c in t.children)
            if (t.dep_ not in CLAUSE_UP and not shares) or t.head.i == t.i:
                return False
            t = t.head
        return False

    def subjects_of(self, verb: Token) -> tuple[list[Token], bool]:
        """The subject of a verb and whether it is passive; for a participle or relative clause
        ("the show, based on ...", "a series that aired on ...") the noun it modifies."""
        # (a past tense hung on a noun, "a telenovela created and written by Y", is a participle
        # the tagger misread)
        passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children) or (
            verb.tag_ == "VBN" and (verb.dep_ == "acl" or any(c.dep_ == "agent" for c in verb.children))) or (
            verb.tag_ == "VBD" and verb.dep_ == "acl" and verb.head.pos_ == "NOUN" and any(
                c.dep_ == "agent" or c.dep_ == "conj" and any(a.dep_ == "agent" for a in c.children)
                for c in verb.children))
        subj = children_of(verb, *SUBJECTS)
        relative = bool(subj) and lemma(subj[0]) in ("that", "which", "who", "whom") and verb.dep_ == "relcl"
        if relative:
            subj = [self._which_antecedent(verb.head) if lemma(subj[0]) == "which" else verb.head]
            head = verb.head  # "Y, creator of X, who adapted ...": "who" is the creator, not X
            if lemma(children_of(verb, *SUBJECTS)[0]) in ("who", "whom") and head.dep_ == "pobj" and \
                    lemma(head.head) == "of" and self.noun_class(head.head.head) == PERSON:
                subj = [head.head.head]
            elif lemma(children_of(verb, *SUBJECTS)[0]) == "who" and head.pos_ == "NOUN" and head.dep_ == "pobj" and \
                    lemma(head.head) in ("from", "in", "at", "on") and head.head.head.pos_ == "NOUN":
                subj = [head.head.head]  # "a pilot from the island who ...": the pilot
        if not subj and verb.dep_ == "acl" and verb.tag_ == "VBG" and verb.head.dep_ in ("dobj", "npadvmod") and (
                lemma(verb.head) in self.lex["season_nouns"] or self.noun_class(verb.head) == SHOW):
            subj = children_of(verb.head.head, *SUBJECTS)  # "A starts the series dating B": A, not the series
        if not subj and verb.dep_ == "acl" and verb.head.lower_ in ("both", "all", "each") and verb.head.dep_ == "appos":
            subj = [verb.head.head]  # "three sequels, all written by Y: A, B and C": the sequels
        if not subj and verb.dep_ in ("acl", "relcl", "prep") and verb.head.pos_ in ("NOUN", "PROPN"):
            subj = [self._topic_owner(verb.head) or verb.head]  # "the second novel, following A": the novel, or what it describes
        if not subj and self.stolen_subjects(verb):
            return self.stolen_subjects(verb), passive  # as they are: their conjuncts are the earlier objects
        if not subj and verb.dep_ == "conj":
            head_subj, head_passive = self.subjects_of(verb.head)
            return head_subj, passive or (head_passive and verb.tag_ == "VBN")  # "written and drawn by Y"
        if not subj and verb.dep_ in ("pcomp", "pobj") and verb.tag_ == "VBG" and verb.head.dep_ == "prep" and \
                verb.head.head.pos_ in ("VERB", "AUX"):  # "After streaming on N, it aired on M": it
            subj = children_of(verb.head.head, *SUBJECTS)
        if not subj and verb.dep_ in ("xcomp", "advcl") and verb.head.pos_ in ("VERB", "AUX"):
            subj = children_of(verb.head, *SUBJECTS)
            # ("Created by A and hosted by B, the show ...": the parser made B the subject)
            subj = [next((c for c in s.children if c.dep_ == "appos" and misattached_subject(c)), s) for s in subj]
            if not subj and verb.dep_ == "xcomp":  # "..., who ... and ends up killing X": the subject above
                return self.subjects_of(verb.head)[0], passive
        if not subj:
            subj = fronted_title(verb)
        out: list[Token] = []
        for s in subj:
            out += self.args(s)
            if self.noun_class(s):
                out += self.described(s)
            elif s.pos_ == "NOUN" and s.dep_ == "appos":  # "Karl (Leo), the sailor who killed": Karl
                head = s.head
                out += [_role_in_cast_line(head, s)] if head.pos_ == "PROPN" else [c for c in head.children
                                                            if c.dep_ == "appos" and c.pos_ == "PROPN"]
            elif s.pos_ == "NOUN" and s.dep_ == "attr" and relative:  # "P is a soldier who becomes ...": P
                out += self.described(s)
        if relative:  # "the season, which premiered ...": not the names the parser joins to it after the clause
            return [t for t in with_conjuncts(out) if t.i < verb.i], passive
        return with_conjuncts(out), passive

    def _name_as_name(self, sent: Span) -> list[Frame]:
        """"A as C, B as the quarterback D, and E as F": each name right before "as" plays the
        name after it, read from the tokens (the small parser rarely gets a long cast list
        right). Only in a sentence that casts (a casting verb or noun), and only between names:
        the types decide which is the role."""
        if not any(lemma(t) in self.lex["cast_words"] for t in sent):
            return []
        doc, out = sent.doc, []
        for tok in sent:
            if tok.lower_ != "as" or tok.i == sent.start or doc[tok.i - 1].pos_ != "PROPN":
                continue
            j, gap = tok.i + 1, 0
            while j < sent.end and doc[j].pos_ != "PROPN" and gap < 4 and doc[j].is_lower and doc[j].is_alpha:
                j, gap = j + 1, gap + 1
            if gap and j + 1 < sent.end and doc[j].text == "," and doc[j + 1].pos_ == "PROPN":
                j += 1  # "as his mother, Miss Ivy"
            if j >= sent.end or doc[j].pos_ != "PROPN":
                continue
            while j + 1 < sent.end and doc[j + 1].pos_ == "PROPN":
                j += 1
            if j + 1 < sent.end and doc[j + 1].tag_ == "POS":
                continue  # "as Walter's brother, ...": an owner, not the role
            k = j + 1  # "as Scotland Yard head of security Ida Moss": the name after the description
            while k < sent.end and k - j <= 4 and doc[k].is_lower and (doc[k].pos_ in ("NOUN", "ADJ") or doc[k].lower_ == "of"):
                k += 1
            if k > j + 1 and k < sent.end and doc[k].pos_ == "PROPN":
                j = k
                while j + 1 < sent.end and doc[j + 1].pos_ == "PROPN":
                    j += 1
            out.append(Frame("portrayedBy", j, tok.i - 1, "name_as_name", self.hedged(tok.head)))
        return out

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

    def _series_mates(self, noun: Token, lem: str, h: bool) -> list[Frame]:
        """"X belongs to a trilogy (with A and B)", "together with A and B, X forms his
        trilogy": A and B are books of the series X belongs to."""
        withs = [noun] + [c for c in noun.children if c.dep_ == "prep" and lemma(c) in ("along", "together")]
        if noun.dep_ == "dobj" and lemma(noun.head) in ("form", "complete", "make", "comprise", "constitute"):
            # "together with A and B, it forms ..." (but "she developed the series with A": a co-writer)
            withs += [noun.head] + [c for c in noun.head.children if c.dep_ == "advmod" and lemma(c) == "together"]
        members = [a for w in withs for x in prep_objects(w, "with", "alongside") for a in self.args(x)
                   if a.pos_ == "PROPN"]
        if not members:
            return []
        owner, up = [], noun
        for _ in range(3):  # "part of a trilogy", "the second novel in a trilogy": the subject of "is"
            up = up.head
            if up.pos_ in ("VERB", "AUX"):
                owner = self.subjects_of(up)[0]
                break
        # "a series", "a saga" may be a show's: only a books' series says its members are books
        books = (lem not in self.lex["ambiguous_work_nouns"] and lem != "franchise") or self.noun_class(noun) == BOOK
        out = [Frame("isa", m.i, BOOK, f"{lem}_with", h) for m in members] if books else []
        return out + [Frame("series_mate", o.i, m.i, f"{lem}_with", h) for o in owner for m in members if o.i != m.i]

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

    def _topic_owner(self, noun: Token) -> Token | None:
        """"a volume on the history of the navy written by Y": a participle the parser hangs on
        the last noun of a topic ("on", "about" and "of" phrases) belongs to the work noun the
        topic is of."""
        h = noun
        while h.dep_ == "pobj" and h.head.dep_ == "prep":
            prep = lemma(h.head)
            if prep in ("on", "about") and self.noun_class(h.head.head) in (BOOK, SHOW):
                return h.head.head
            if prep != "of":
                return None
            h = h.head.head
        return None

    def act(self, lem: str) -> str | None:
        """The lore:harmed subproperty a harm verb's lemma names ("poison": poisoned), if any."""
        return self.lex["harm_acts"].get(lem)

    def find(self, sent: Span) -> list[Frame]:
        """Every frame of one sentence, read once per lexicon (typing and relations share them)."""
        cache = sent.doc.user_data.setdefault("lore_frames", {})
        key = (self.key, sent.start, sent.end)
        if key not in cache:
            cache[key] = self._read(sent)
        return cache[key]

    def _read(self, sent: Span) -> list[Frame]:
        frames: list[Frame] = []
        # names claimed by a later verb as its subject do not spread as conjuncts of earlier objects
        # (kept while this sentence is read: reading it may read the sentence before)
        outer = getattr(self, "_claimed", frozenset())
        self._claimed = {t.i for v in sent if v.pos_ == "VERB" for t in self.stolen_subjects(v)}
        try:
            return self._read_tokens(sent, frames)
        finally:
            self._claimed = outer

    def _read_tokens(self, sent: Span, frames: list[Frame]) -> list[Frame]:
        frames += self._name_as_name(sent)
        title_end = title_opening(sent[0]) if len(sent) else sent.start
        for tok in sent:
            if tok.i < title_end:
                continue  # the words of a title the sentence defines are a name
            if tok.pos_ in ("NOUN", "PROPN"):
                frames += self._noun_frames(tok)
            # a root with a subject is a verb whatever the tagger says ("A and B round out the cast")
            if tok.pos_ in ("VERB", "AUX") or tok.tag_ in ("VBN", "VBG") or (
                    tok.dep_ == "ROOT" and tok.pos_ == "NOUN" and any(c.dep_ in SUBJECTS for c in tok.children)):
                frames += self._verb_frames(tok)
            if tok.pos_ in ("ADJ", "VERB") and tok.tag_ in ("JJ", "VBN"):
                frames += self._adjective_frames(tok)
        return frames

    def _noun_frames(self, noun: Token) -> list[Frame]:
        out: list[Frame] = []
        kind = self.noun_class(noun)
        lem = lemma(noun)
        if kind is None and noun.pos_ != "PROPN" and not any(lem in self.lex[k] for k in self.NOUN_ROLES + ("ambiguous_work_nouns",)):
            return out
        targets = self.described(noun)
        h = self.hedged(noun.head if noun.dep_ in ("attr", "pobj", "dobj") else noun)
        if kind:
            out += [Frame("isa", t.i, kind, f"isa_{lem}", h) for t in targets]
        if kind == PERSON and lem in self.lex["maker_nouns"]:  # "X, the author of Y", "the creator of Y, X,"
            works = [a for x in prep_objects(noun, "of") for a in self.args(x)]
            # "the show's creator", "its creator" (a name's possessive, "Y's creator", may be a person's
            # own: "Ana's author friend"; only a work or "its" is the work made)
            works += [c for c in noun.children if c.dep_ == "poss" and (
                c.lower_ == "its" or c.pos_ == "NOUN" and self.noun_class(c) in (SHOW, BOOK))]
            out += [Frame("made_by", w.i, t.i, f"{lem}_of", h, "create" if lem in self.lex["creator_nouns"] else "write")
                    for w in works for t in targets]
        if kind == SHOW:  # "the BBC drama X", "a late-night Channel Four Television arts magazine show"
            # "The ITV version, developed by X, ...": the show the article is about (but "like the BBC
            # version" speaks of another one)
            definite = noun.dep_ in ("nsubj", "nsubjpass") and any(
                c.dep_ == "det" and c.lower_ in ("the", "this") for c in noun.children)
            for c in _modifier_names(noun):
                out += [Frame("from_pair", t.i, c.i, f"{lem}_compound", h) for t in (targets or [noun] * definite)]
                if c.lower_ in network_words(ambiguous=True):  # "the Peacock drama": the network
                    out.append(Frame("isa", c.i, ORG, f"{lem}_network", h))
        if kind == SHOW:  # "X is ITV's longest-running drama": a network's (a person's may be a star's)
            for c in (c for c in noun.children if c.dep_ == "poss" and c.pos_ == "PROPN"):
                out += [Frame("from_pair", t.i, c.i, f"{lem}_poss", h) for t in targets]
        if kind == SHOW:  # "a drama from Ana Ruiz", "a series from HBO": the types say which
            for src in (a for x in prep_objects(noun, "from") for a in self.args(x)):
                out += [Frame("from_pair", t.i, src.i, f"{lem}_from", h) for t in targets]
        if kind in (BOOK, SHOW):
            by = prep_objects(noun, "by")
            for person in (a for p in by for a in self.args(p)):
                out += [Frame("made_by", t.i, person.i, f"{lem}_by", h, "write" if kind == BOOK else "create") for t in targets]
                out.append(Frame("isa", person.i, PERSON, f"{lem}_by", h))
            for series in prep_objects(noun, "in", "of"):  # "the third novel in Y's series Z", "... in the trilogy by Y"
                # ... or in Y's series by its name ("the second novel in Y's A Song of Salt")
                if lemma(series) in self.lex["series_nouns"] or (
                        series.pos_ == "PROPN" and any(c.dep_ == "poss" for c in series.subtree if c.i < series.i)):
                    owners = [c for c in series.children if c.dep_ == "poss"] or [
                        c for c in series.subtree if c.dep_ == "poss" and c.i < series.i and c.pos_ == "PROPN"][:1]
                    for o in owners + prep_objects(series, "by"):
                        out += [Frame("made_by", t.i, a.i, f"{lem}_in_series", h, "write") for a in self.args(o) for t in targets]
            owners = [c for c in noun.children if c.dep_ == "poss"]
            if not owners and kind == BOOK and noun.dep_ == "compound" and noun.head.pos_ == "PROPN":
                # "her 1973 collection X", parsed with "collection" a compound of X, "her" X's (a
                # show's possessor may be its network: from_pair above)
                owners = [c for c in noun.head.children if c.dep_ == "poss" and c.i < noun.i]
            for o in owners:  # "Atwood's novel X", "her novels"
                for t in targets:
                    out.append(Frame("made_by", t.i, o.i, f"poss_{lem}", h, "write" if kind == BOOK else "create"))
        if kind is None and (lem in self.lex["ambiguous_work_nouns"] or lem in self.lex["sequel_nouns"]):
            for o in (c for c in noun.children if c.dep_ == "poss"):  # "Y's debut, X", "X, Y's follow-up"
                out += [Frame("made_by", t.i, o.i, f"poss_{lem}", h, "make") for t in targets]
        if lem in self.lex["sequel_nouns"] or lem in self.lex["prequel_nouns"]:
            before = prep_objects(noun, "to", "of")
            owners = [c for c in noun.children if c.dep_ == "poss"]
            forward = lem in self.lex["sequel_nouns"]
            # "the sequel to A, B,": the small parser hangs the sequel's name B on A; a name there
            # is the sequel (a description of A would be a noun: "A, her first novel")
            named = targets or [c for x in before for c in x.children
                                if c.pos_ == "PROPN" and c.i > x.i and (c.dep_ == "appos" or (
                                    c.dep_ == "conj" and not any(g.dep_ == "cc" for g in x.children)))]
            poss_rule = lem + (_POSSESSOR_FIRST if forward else _POSSESSOR_LAST)
            for b, rule in [(a, f"{lem}_to") for x in before for a in self.args(x)] + [
                    (a, poss_rule) for x in owners for a in self.args(x)]:
                for t in named:
                    out.append(Frame("sequel", b.i, t.i, rule, h) if forward else Frame("sequel", t.i, b.i, rule, h))
        if lem in self.lex["series_nouns"]:
            out += self._series_mates(noun, lem, h)
        if lem in self.lex["adaptation_nouns"]:
            for src in (a for x in prep_objects(noun, "of") for a in self.args(x)):
                out += [Frame("basedOn", t.i, src.i, f"{lem}_of", h) for t in targets]
        kin = kin_of(lem, self.lex)
        if kin:
            owners = [o for c in possessors(noun) for o in self._kin_owner(noun, c)]
            if not owners:  # "the brother she has been looking for is B": hers
                owners = [x for c in noun.children if c.dep_ == "relcl" for x in children_of(c, "nsubj")
                          if x.pos_ in ("PRON", "PROPN") and x.tag_ not in ("WP", "WDT")]
            of = prep_objects(noun, "of")
            owners += of
            for other in (c for c in noun.children if c.dep_ == "conj" and self._kin_joined_to_kin(c)):
                owners += self._named_by(other)  # "the father of A and her brother, B": of B too
            if of and of[0].pos_ == "PROPN":  # "the father of A (x), B (y) and C": the parser hangs B on
                listed = [c for c in noun.children if c.dep_ == "appos" and c.i > of[0].i and c.pos_ == "PROPN"]
                owners += listed  # "father" as an apposition; B belongs to the list after "of"
                targets = [t for t in targets if t not in listed and not any(t in x.conjuncts for x in listed)]
            if kin == "child":  # "A's son by B": B is a parent too
                owners += prep_objects(noun, "by")
                if noun.dep_ == "dobj" and lemma(noun.head) in ("have", "raise", "adopt") and not owners:
                    owners += self.subjects_of(noun.head)[0]  # "A and B have three children: C, D and E"
            # an owner in the kin noun's own list ("A, B and her daughters, C and D": B) is that
            # name alone, not the list's other members
            listed_with = set(noun.conjuncts)
            for o in (a for x in owners for a in ([x] if x in listed_with else self.args(x))):
                for t in targets:
                    out.append(kin_frame(kin, o.i, t.i, h))
            if noun.dep_ == "attr" and noun.tag_ in ("NNS", "NNPS") and kin in ("sibling", "romantic"):
                subj = [s for s in targets]
                out += [Frame(kin, a.i, b.i, f"are_{kin}", h) for a, b in zip(subj, subj[1:])]
        if noun.pos_ == "PROPN":
            inner = parenthesised_name(noun)
            if inner is not None and not self._defined_as_work(noun) and not _initials_of(inner, noun):
                # "Jerry Edgar (Jamie Hector)" or "Jamie Hector (Jerry Edgar)"; but in "X (Y) is a
                # novel" Y is the work's other title
                out.append(Frame("name_pair", noun.i, inner.i, "name_paren_name", h))
            for c in noun.children:  # "Laura Dern's Renata Klein", "Netflix's X", "Atwood's X"
                if c.dep_ == "poss" and c.pos_ == "PROPN":
                    out.append(Frame("name_pair", c.i, noun.i, "name_poss_name", h))
            if noun.dep_ in ("attr",) and lemma(noun.head) == "be":  # "Riley Keough is Daisy Jones"
                for subj in children_of(noun.head, "nsubj"):
                    if subj.pos_ == "PROPN":
                        out.append(Frame("name_pair", subj.i, noun.i, "name_is_name", h))
        if lem in self.lex["role_nouns"]:  # "A takes on the role of C", "A lands the part of C"
            roles = [a for x in prep_objects(noun, "of") for a in self.args(x)]
            if not roles and any(c.dep_ == "det" and c.lower_ == "the" for c in noun.children) and (
                    noun.dep_ == "dobj" or noun.dep_ == "pobj" and noun.head.lower_ in ("into", "over")):
                roles = [noun]  # "C steps into the role": the character named last (see frame_facts)
            verb = noun.head
            while verb.dep_ in ("prep", "pobj", "dobj") and verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
                verb = verb.head
            if verb.pos_ in ("VERB", "AUX"):
                actors, passive = self.subjects_of(verb)
                if not passive:
                    out += [Frame("portrayedBy", r.i, a.i, "role_of", h or self.hedged(verb)) for r in roles for a in actors]
        if kind == BOOK:
            for c in noun.children:  # "three Connelly books", "the Harry Potter novels" (checked by type)
                if c.dep_ == "compound" and c.pos_ == "PROPN" and c.i < noun.i and not c.ent_type_ in ("", "WORK_OF_ART"):
                    out += [Frame("made_by", t.i, c.i, f"compound_{lem}", h, "write") for t in targets]
        if lem in self.lex["relationship_nouns"]:  # "X has an affair with Y", "X's romance with Y"
            partners = [a for x in prep_objects(noun, "with") for a in self.args(x)]
            lovers = [a for x in noun.children if x.dep_ == "poss" for a in self.args(x)]
            if not lovers and noun.dep_ in ("dobj", "attr") and noun.head.pos_ in ("VERB", "AUX"):
                lovers = self.subjects_of(noun.head)[0]
            out += [Frame("romantic", a.i, b.i, f"{lem}_with", h) for a in lovers for b in partners if a.i != b.i]
        if lem in self.lex["relationship_nouns"] or (lem == "story" and any(
                lemma(c) == "love" and c.dep_ in ("compound", "amod", "nmod") for c in noun.children)):
            # "the love story of A and B", "the marriage of A and B": the two named together
            for x in prep_objects(noun, "of"):
                pair = [t for t in self.args(x) if t.pos_ == "PROPN"]
                if len(pair) == 2:
                    out.append(Frame("romantic", pair[0].i, pair[1].i, f"{lem}_of", h))
        if noun.dep_ == "pobj" and lemma(noun.head) == "as" and noun.head.head.pos_ in ("PROPN",):
            actor = noun.head.head  # "A as C" in a cast list ("A as the quarterback C": _name_as_name)
            out.append(Frame("portrayedBy", noun.i, actor.i, "name_as_role", h))
        return out
