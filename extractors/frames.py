"""Relations read from the dependency parse: frames over heads, dependency labels and lemmas.

A frame is one statement a sentence makes about two arguments, found from the tree rather than
the word order, so "X is adapted from Y's novel", "Y's novel, which X adapts," and "the show,
based on Y's bestseller X," are read by one frame each, not one rule per phrasing. Arguments are
token indices; the caller maps a token to its entity (typing maps candidates, relations map
mentions). Conjuncts and appositions spread an argument ("by A and B", "the novelist, Y,").

Frames carry generic predicates where the parse alone cannot tell ("made_by": author of a book,
creator of a show); `kind` of "isa" frames is a class (BOOK, SHOW, PERSON). The lemma lexicons
are data (`data/frames.json`).

This module holds the reader: a sentence read once per lexicon, the arguments and subjects of a
clause, its hedges, the class a describing noun names, and the classes each frame gives its
arguments. The frames themselves are read by its mixins: nouns' in extractors/noun_frames.py
(whom a describing noun stands for in extractors/noun_referents.py), verbs' and adjectives' in
extractors/verb_frames.py.
"""

from __future__ import annotations

from functools import lru_cache

from spacy.tokens import Span, Token

from extractors.doc_model import BOOK, CHAR, FILM, ORG, PERSON, SHOW, sentence_at
from extractors.frame_base import (
    CLAUSE_UP, SUBJECTS, Frame, children_of, fronted_title, in_brackets, lemma, lexicon, misattached_subject,
    title_opening, with_conjuncts,
)
from extractors.lexicons import network_words
from extractors.noun_frames import POSSESSOR_FIRST, POSSESSOR_LAST, NounFrames
from extractors.noun_referents import NounReferents, role_in_cast_line
from extractors.verb_frames import VerbFrames


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


def role_classes(f: Frame) -> tuple[str | None, str | None]:
    """The classes a frame gives its two arguments; what a writer writes is a book, what a
    creator creates is left open (a show or a book)."""
    if f.predicate == "made_by":  # a writer writes books; what is created, developed, devised is a show
        return (BOOK if f.verb == "write" else SHOW if f.verb in ("create", "co-create", "develop", "devise") else None,
                PERSON)
    if f.predicate == "sequel" and f.rule.endswith(POSSESSOR_FIRST):  # "Y's follow-up, B": Y, a writer or a book
        return (None, BOOK)
    if f.predicate == "sequel" and f.rule.endswith(POSSESSOR_LAST):  # "Y's prequel, B"
        return (BOOK, None)
    if f.rule == "adapts":  # "A adapted Y's X": what is adapted is a book (A may be a show or a writer)
        return (None, BOOK)
    return ROLE_CLASSES.get(f.predicate, (None, None))


@lru_cache(maxsize=1)
def default_reader() -> "FrameReader":
    return FrameReader(lexicon())


class FrameReader(NounFrames, NounReferents, VerbFrames):
    """Reads frames with one lexicon (a component's own, or the package's)."""

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
                out += [role_in_cast_line(head, s)] if head.pos_ == "PROPN" else [c for c in head.children
                                                            if c.dep_ == "appos" and c.pos_ == "PROPN"]
            elif s.pos_ == "NOUN" and s.dep_ == "attr" and relative:  # "P is a soldier who becomes ...": P
                out += self.described(s)
        if relative:  # "the season, which premiered ...": not the names the parser joins to it after the clause
            return [t for t in with_conjuncts(out) if t.i < verb.i], passive
        return with_conjuncts(out), passive

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
