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

import json
from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Span, Token

from extractors.doc_model import BOOK, CHAR, ORG, PERSON, SHOW
from extractors.lexicons import DATA

SUBJECTS = ("nsubj", "nsubjpass", "csubj")
OBJECTS = ("dobj", "obj", "pobj", "attr", "oprd")
CLAUSE_UP = ("xcomp", "ccomp", "auxpass", "aux")  # a verb whose hedges and negations also bind this one


@dataclass(frozen=True)
class Frame:
    predicate: str  # lore predicate, "made_by" (author or creator) or "isa"
    subject: int  # token index
    object: int | str  # token index, or the class of an "isa" frame
    rule: str
    hedged: bool = False
    verb: str = ""  # the lemma that carried the frame


def read_lexicon(data: dict) -> dict:
    """The lemma sets (and lemma maps) of a frames.json document; keys starting with "_" are
    comments."""
    return {k: dict(v) if isinstance(v, dict) else frozenset(v) for k, v in data.items() if not k.startswith("_")}


@lru_cache(maxsize=1)
def lexicon() -> dict:
    """The package's own lexicon (data/frames.json)."""
    return read_lexicon(json.loads((DATA / "frames.json").read_text(encoding="utf-8")))


@lru_cache(maxsize=1)
def default_reader() -> "FrameReader":
    return FrameReader(lexicon())


def lemma(tok: Token) -> str:
    return (tok.lemma_ or tok.text).lower()


def _misattached_subject(noun: Token) -> bool:
    """"Written by A, the episode aired ...": the small parser hangs the clause's subject on A as
    an apposition; A is then no episode."""
    head = noun.head
    return head.dep_ == "pobj" and head.head.dep_ == "agent" and head.head.head.dep_ == "ROOT" and \
        head.head.head.tag_ == "VBN" and head.head.head.i == head.sent.start


def _with_conjuncts(toks: list[Token]) -> list[Token]:
    out: list[Token] = []
    for t in toks:
        for x in (t, *t.conjuncts, *_listed_after(t)):
            if x not in out:
                out.append(x)
    return out


def _listed_after(tok: Token) -> list[Token]:
    """Names listed after a name in parentheses, read from the tokens: "A (x), B (y) and C (z)"
    is a list the small parser loses once parentheses interrupt it. Each listed name must carry
    its own parentheses too, so "A (x), and B plays C" lists nothing."""
    doc, out, j = tok.doc, [], tok.i + 1
    if tok.pos_ != "PROPN" or j >= len(doc) or doc[j].text != "(":
        return out
    while j < len(doc) and doc[j].text == "(":
        close = next((k for k in range(j + 1, min(len(doc), j + 10)) if doc[k].text == ")"), None)
        if close is None:
            return out
        k = close + 1
        while k < len(doc) and doc[k].lower_ in (",", "and", "or"):
            k += 1
        if k == close + 1 or k >= len(doc) or doc[k].pos_ != "PROPN":
            return out
        while k + 1 < len(doc) and doc[k + 1].pos_ == "PROPN":  # to the last word of the name
            k += 1
        if k + 1 >= len(doc) or doc[k + 1].text != "(":
            return out
        out.append(doc[k])
        j = k + 1
    return out


def _children(tok: Token, *deps: str) -> list[Token]:
    return [c for c in tok.children if c.dep_ in deps]


def _prep_objects(tok: Token, *preps: str) -> list[Token]:
    out = []
    for p in tok.children:
        if p.dep_ in ("prep", "agent") and lemma(p) in preps:
            out += [o for o in p.children if o.dep_ == "pobj"]
    return out


def _parenthesised_name(tok: Token) -> Token | None:
    """The last proper noun inside "( ... )" right after the name `tok` ends, read from the
    tokens (the small parser often attaches such parentheses anywhere); None unless the
    parentheses hold only a name ("(2002)", "(the one who ...)")."""
    doc = tok.doc
    if tok.i + 2 >= len(doc) or doc[tok.i + 1].text != "(":
        return None
    end = next((j for j in range(tok.i + 2, min(len(doc), tok.i + 9)) if doc[j].text == ")"), None)
    if end is None or end == tok.i + 2:
        return None
    inner = doc[tok.i + 2:end]
    if not all(t.pos_ == "PROPN" or t.text in (".", "-") for t in inner):
        return None
    return [t for t in inner if t.pos_ == "PROPN"][-1] if any(t.pos_ == "PROPN" for t in inner) else None


def _kin(lem: str, lex) -> str | None:
    for key, pred in (("sibling_nouns", "sibling"), ("parent_nouns", "parent"), ("child_nouns", "child"),
                      ("romantic_nouns", "romantic")):
        if lem in lex[key]:
            return pred
    return None


def _kin_frame(kin: str, owner: int, target: int, h: bool) -> Frame:
    """"O's mother T": parent(T, O); "O's son T": parent(O, T); sister, husband: symmetric."""
    if kin == "parent":
        return Frame("parent", target, owner, "kin_parent", h)
    if kin == "child":
        return Frame("parent", owner, target, "kin_child", h)
    return Frame(kin, owner, target, f"kin_{kin}", h)


def _is_later_season(noun: Token) -> bool:
    """"a second season", "season 3", "another series", "a new season": not the first."""
    for c in noun.children:
        if c.dep_ in ("amod", "nummod", "det") and c.lower_ not in ("first", "1", "one", "the", "a", "an", "its", "this"):
            return True
    return False


def _names(toks: list[Token]) -> list[Token]:
    """The proper-noun heads among argument tokens, each once, in text order."""
    return sorted({t.i: t for t in toks if t.pos_ == "PROPN" and t.dep_ not in ("compound", "flat")}.values(),
                  key=lambda t: t.i)


# frames whose arguments can be of several classes ("A adapts the novel": a show or a writer)
UNTYPED_RULES = {"adapts", "follows", "followed_with", "name_poss_name", "name_is_name"}
# what each frame says about the class of its arguments, for typing (subject, object)
ROLE_CLASSES = {
    "basedOn": (SHOW, BOOK), "sequel": (BOOK, BOOK), "network": (SHOW, ORG), "portrayedBy": (CHAR, PERSON),
    "made_by": (None, PERSON), "harmed": (CHAR, CHAR), "framed": (CHAR, CHAR), "sibling": (CHAR, CHAR),
    "parent": (CHAR, CHAR), "romantic": (CHAR, CHAR),
    "renewalStatus": (SHOW, None), "releaseDate": (SHOW, None),
    "name_pair": (CHAR, PERSON),  # only "Character (Actor)", the usual order; other pairs are untyped
}


def role_classes(f: Frame) -> tuple[str | None, str | None]:
    """The classes a frame gives its two arguments; what a writer writes is a book, what a
    creator creates is left open (a show or a book)."""
    if f.predicate == "made_by":
        return (BOOK if f.verb == "write" else None, PERSON)
    return ROLE_CLASSES.get(f.predicate, (None, None))


class FrameReader:
    """Reads frames with one lexicon (a component's own, or the package's)."""

    # the lexicon roles a common noun can carry a frame by, besides describing a work or person
    NOUN_ROLES = ("sequel_nouns", "prequel_nouns", "adaptation_nouns", "sibling_nouns", "parent_nouns",
                  "child_nouns", "romantic_nouns", "role_nouns", "relationship_nouns")

    def __init__(self, lex: dict):
        self.lex = lex
        self.key = hash(tuple(sorted((k, tuple(sorted(v.items() if isinstance(v, dict) else v)))
                                     for k, v in lex.items())))

    def noun_class(self, tok: Token) -> str | None:
        """BOOK, SHOW or PERSON for a describing noun ("novel", "television series", "novelist")."""
        lem = lemma(tok)
        mods = {lemma(c) for c in tok.children if c.dep_ in ("compound", "amod", "nmod")}
        if lem in self.lex["person_nouns"]:
            return PERSON
        if lem in self.lex["screen_genre_nouns"] and not mods & self.lex["book_nouns"]:
            return SHOW  # "a crime drama", "a period comedy": screen genres unless "novel" says otherwise
        if lem in self.lex["ambiguous_work_nouns"]:  # "series", "thriller": the modifiers decide
            if mods & self.lex["screen_modifiers"]:
                return SHOW
            if mods & self.lex["print_modifiers"] or mods & self.lex["book_nouns"]:
                return BOOK
            return SHOW if lem in self.lex["show_nouns"] else None
        if lem in self.lex["book_nouns"]:
            return BOOK
        if lem in self.lex["show_nouns"]:
            return SHOW
        return None

    def described(self, noun: Token) -> list[Token]:
        """The names a describing noun is said of: "X is a novel", "X, a novel", "the novel X",
        "the novel, X,", "a novel called X"."""
        out: list[Token] = []
        head = noun.head
        if noun.dep_ == "conj" and head.dep_ in ("attr", "appos"):  # "X is the engineer, and Y's partner"
            return self.described(head)
        if noun.dep_ in ("attr", "acomp") and lemma(head) == "be":
            out += [c for c in head.children if c.dep_ in SUBJECTS]
        if noun.dep_ == "appos" and not _misattached_subject(noun):
            out.append(head)
        if noun.dep_ in ("compound", "nmod") and head.pos_ == "PROPN":
            out.append(head)
        for c in noun.children:
            if c.dep_ == "appos" or (c.dep_ in ("compound", "nmod") and c.pos_ == "PROPN" and c.i > noun.i):
                out.append(c)
            elif c.dep_ == "acl" and lemma(c) in ("call", "title", "name", "entitle"):
                out += [g for g in c.children if g.dep_ in ("oprd", "dobj", "attr", "npadvmod")]
        return _with_conjuncts(out)

    def args(self, tok: Token) -> list[Token]:
        """An argument token and what stands for it: its conjuncts ("A and B") and, for a
        describing noun ("the novelist Y", "her sister, Y"), the names it describes."""
        out = [tok]
        if tok.pos_ in ("NOUN",) or self.noun_class(tok):
            out += [c for c in tok.children if c.dep_ in ("appos",) or (c.dep_ == "compound" and c.pos_ == "PROPN")]
        return _with_conjuncts(out)

    def hedged(self, tok: Token) -> bool:
        """A negation, a modal or a hedge word in the clause of `tok` or the clauses it hangs from."""
        t = tok
        for _ in range(5):
            for c in t.children:
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
        passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children) or (
            verb.dep_ == "acl" and verb.tag_ == "VBN")
        subj = _children(verb, *SUBJECTS)
        if subj and lemma(subj[0]) in ("that", "which", "who", "whom") and verb.dep_ == "relcl":
            subj = [verb.head]
        if not subj and verb.dep_ in ("acl", "relcl", "prep") and verb.head.pos_ in ("NOUN", "PROPN"):
            subj = [verb.head]  # "the second novel, following A": the novel, or what it describes
        if not subj and verb.dep_ == "conj":
            return self.subjects_of(verb.head)[0], passive
        if not subj and verb.dep_ in ("xcomp", "advcl") and verb.head.pos_ in ("VERB", "AUX"):
            subj = _children(verb.head, *SUBJECTS)
        out: list[Token] = []
        for s in subj:
            out += self.args(s)
            if self.noun_class(s):
                out += self.described(s)
        return _with_conjuncts(out), passive

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
        for tok in sent:
            if tok.pos_ in ("NOUN", "PROPN"):
                frames += self._noun_frames(tok)
            if tok.pos_ in ("VERB", "AUX") or tok.tag_ in ("VBN", "VBG"):
                frames += self._verb_frames(tok)
            if tok.pos_ in ("ADJ", "VERB") and tok.tag_ in ("JJ", "VBN"):
                frames += self._adjective_frames(tok)
        return frames

    def _noun_frames(self, noun: Token) -> list[Frame]:
        out: list[Frame] = []
        kind = self.noun_class(noun)
        lem = lemma(noun)
        if kind is None and noun.pos_ != "PROPN" and not any(lem in self.lex[k] for k in self.NOUN_ROLES):
            return out
        targets = self.described(noun)
        h = self.hedged(noun.head if noun.dep_ in ("attr", "pobj", "dobj") else noun)
        if kind:
            out += [Frame("isa", t.i, kind, f"isa_{lem}", h) for t in targets]
        if kind == PERSON and lem in self.lex["maker_nouns"]:  # "X, the author of Y", "the creator of Y, X,"
            works = [a for x in _prep_objects(noun, "of") for a in self.args(x)]
            out += [Frame("made_by", w.i, t.i, f"{lem}_of", h, "create" if lem in self.lex["creator_nouns"] else "write")
                    for w in works for t in targets]
        if kind == SHOW:  # "the BBC drama X", "an HBO series": an organisation naming the show
            for c in noun.children:
                if c.dep_ == "compound" and c.pos_ == "PROPN" and c.i < noun.i:
                    out += [Frame("from_pair", t.i, c.i, f"{lem}_compound", h) for t in targets]
        if kind == SHOW:  # "a drama from Ana Ruiz", "a series from HBO": the types say which
            for src in (a for x in _prep_objects(noun, "from") for a in self.args(x)):
                out += [Frame("from_pair", t.i, src.i, f"{lem}_from", h) for t in targets]
        if kind in (BOOK, SHOW):
            by = _prep_objects(noun, "by")
            for person in (a for p in by for a in self.args(p)):
                out += [Frame("made_by", t.i, person.i, f"{lem}_by", h, "write" if kind == BOOK else "create") for t in targets]
                out.append(Frame("isa", person.i, PERSON, f"{lem}_by", h))
            for series in _prep_objects(noun, "in", "of"):  # "the third novel in Y's series Z", "... in the trilogy by Y"
                if lemma(series) in self.lex["series_nouns"]:
                    for o in [c for c in series.children if c.dep_ == "poss"] + _prep_objects(series, "by"):
                        out += [Frame("made_by", t.i, a.i, f"{lem}_in_series", h, "write") for a in self.args(o) for t in targets]
            owners = [c for c in noun.children if c.dep_ == "poss"]
            for o in owners:  # "Atwood's novel X", "her novels"
                for t in targets:
                    out.append(Frame("made_by", t.i, o.i, f"poss_{lem}", h, "write" if kind == BOOK else "create"))
        if lem in self.lex["sequel_nouns"] or lem in self.lex["prequel_nouns"]:
            before = _prep_objects(noun, "to", "of") + [c for c in noun.children if c.dep_ == "poss"]
            forward = lem in self.lex["sequel_nouns"]
            for b in (a for x in before for a in self.args(x)):
                for t in targets:
                    out.append(Frame("sequel", b.i, t.i, f"{lem}_to", h) if forward else Frame("sequel", t.i, b.i, f"{lem}_to", h))
        if lem in self.lex["adaptation_nouns"]:
            for src in (a for x in _prep_objects(noun, "of") for a in self.args(x)):
                out += [Frame("basedOn", t.i, src.i, f"{lem}_of", h) for t in targets]
        kin = _kin(lem, self.lex)
        if kin:
            owners = [c for c in noun.children if c.dep_ == "poss"] + _prep_objects(noun, "of")
            for o in (a for x in owners for a in self.args(x)):
                for t in targets:
                    out.append(_kin_frame(kin, o.i, t.i, h))
            if noun.dep_ == "attr" and noun.tag_ in ("NNS", "NNPS") and kin in ("sibling", "romantic"):
                subj = [s for s in targets]
                out += [Frame(kin, a.i, b.i, f"are_{kin}", h) for a, b in zip(subj, subj[1:])]
        if noun.pos_ == "PROPN":
            inner = _parenthesised_name(noun)
            if inner is not None:  # "Jerry Edgar (Jamie Hector)" or "Jamie Hector (Jerry Edgar)"
                out.append(Frame("name_pair", noun.i, inner.i, "name_paren_name", h))
            for c in noun.children:  # "Laura Dern's Renata Klein", "Netflix's X", "Atwood's X"
                if c.dep_ == "poss" and c.pos_ == "PROPN":
                    out.append(Frame("name_pair", c.i, noun.i, "name_poss_name", h))
            if noun.dep_ in ("attr",) and lemma(noun.head) == "be":  # "Riley Keough is Daisy Jones"
                for subj in _children(noun.head, "nsubj"):
                    if subj.pos_ == "PROPN":
                        out.append(Frame("name_pair", subj.i, noun.i, "name_is_name", h))
        if lem in self.lex["role_nouns"]:  # "A takes on the role of C", "A lands the part of C"
            roles = [a for x in _prep_objects(noun, "of") for a in self.args(x)]
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
            partners = [a for x in _prep_objects(noun, "with") for a in self.args(x)]
            lovers = [a for x in noun.children if x.dep_ == "poss" for a in self.args(x)]
            if not lovers and noun.dep_ in ("dobj", "attr") and noun.head.pos_ in ("VERB", "AUX"):
                lovers = self.subjects_of(noun.head)[0]
            out += [Frame("romantic", a.i, b.i, f"{lem}_with", h) for a in lovers for b in partners if a.i != b.i]
        if noun.dep_ == "pobj" and lemma(noun.head) == "as" and noun.head.head.pos_ in ("PROPN",):
            actor = noun.head.head  # "A as C" in a cast list
            out.append(Frame("portrayedBy", noun.i, actor.i, "name_as_role", h))
        return out

    def _status_frames(self, verb: Token, lem: str, subj: list[Token], objs: list[Token], passive: bool, h: bool) -> list[Frame]:
        """Renewal status: "N renewed X", "X was cancelled", "N has ordered a second season of X",
        "N gave X a third series", "season 2 of X has been confirmed", "X will return for season 2".
        A later season with no show named stands for the show the article is about there."""
        status = "renewed" if lem in self.lex["renew_verbs"] else "canceled" if lem in self.lex["cancel_verbs"] else None
        if status:
            if lem in ("end", "drop", "pull") and not passive:
                return []
            shows = subj if passive else objs
            return [Frame("renewalStatus", t.i, status, f"status_{lem}", h, lem) for t in shows]
        if lem not in self.lex["order_verbs"] and lem not in self.lex["return_verbs"]:
            return []
        fors = [a for x in _prep_objects(verb, "for") for a in self.args(x)]
        candidates = (subj if passive else objs) + fors + (subj if lem in self.lex["return_verbs"] else [])
        seasons = [t for t in candidates if lemma(t) in self.lex["season_nouns"] and _is_later_season(t)]
        if not seasons:
            return []
        shows = [t for t in candidates if t not in seasons and t.pos_ in ("PROPN", "NOUN", "PRON")]
        shows += [c for c in verb.children if c.dep_ == "dative"]  # "N gave X a second season"
        for season in seasons:
            shows += [a for q in _prep_objects(season, "of") for a in self.args(q)]
            shows += [c for c in season.children if c.dep_ == "poss"]
        return [Frame("renewalStatus", t.i, "renewed", f"status_{lem}", h, lem) for t in (shows or seasons[:1])]

    def _adjective_frames(self, adj: Token) -> list[Frame]:
        """"X is married to Y", "X, engaged to Y,"."""
        if lemma(adj) not in self.lex["romantic_adjectives"] and adj.text.lower() not in self.lex["romantic_adjectives"]:
            return []
        partners = [a for x in _prep_objects(adj, "to") for a in self.args(x)]
        if not partners:
            return []
        if adj.dep_ in ("acomp", "ROOT", "conj", "xcomp") or adj.head.pos_ in ("VERB", "AUX"):
            lovers, _ = self.subjects_of(adj if adj.dep_ != "acomp" else adj.head)
        else:
            lovers = [adj.head] + self.described(adj.head) if adj.head.pos_ in ("NOUN", "PROPN") else []
        h = self.hedged(adj.head if adj.dep_ == "acomp" else adj)
        return [Frame("romantic", a.i, b.i, "married_to", h) for a in lovers for b in partners if a.i != b.i]

    def _verb_frames(self, verb: Token) -> list[Frame]:
        lem = lemma(verb)
        if not any(lem in self.lex[k] for k in ("author_verbs", "creator_verbs", "based_verbs", "adapt_verbs", "air_verbs",
                                           "follow_verbs", "precede_verbs", "portray_verbs", "star_verbs", "harm_verbs",
                                           "frame_verbs", "romantic_verbs", "renew_verbs", "cancel_verbs", "order_verbs",
                                           "return_verbs", "release_verbs")) and lem != "fall":
            return []
        subj, passive = self.subjects_of(verb)
        agents = [a for x in _prep_objects(verb, "by") if x.head.dep_ == "agent" or passive for a in self.args(x)]
        objs = [a for x in _children(verb, "dobj", "obj") for a in self.args(x)]
        if not objs and not passive and verb.dep_ == "relcl" and any(
                c.dep_ == "nsubj" and lemma(c) not in ("that", "which", "who") for c in verb.children):
            objs = self.args(verb.head) + self.described(verb.head)  # "the historian Brianna marries"
            subj = [a for x in _children(verb, "nsubj") for a in self.args(x)]
        h = self.hedged(verb)
        out: list[Frame] = []

        def add(pred, subjects, objects, rule):
            names_s, names_o = _names(subjects), _names(objects)
            if pred == "portrayedBy" and len(names_s) == len(names_o) > 1:  # "A and B play C and D"
                pairs = list(zip(names_s, names_o))
            else:
                pairs = [(s, o) for s in subjects for o in objects]
            out.extend(Frame(pred, s.i, o.i, rule, h, lem) for s, o in pairs if s.i != o.i)

        if lem in self.lex["author_verbs"] or lem in self.lex["creator_verbs"]:
            if passive:
                add("made_by", subj, agents, f"{lem}_by")
            elif objs:
                add("made_by", objs, subj, f"{lem}_active")
        if lem in self.lex["based_verbs"]:
            src = [a for x in _prep_objects(verb, "on", "upon", "from", "by") for a in self.args(x)]
            if passive or verb.dep_ == "acl":
                add("basedOn", subj, src, f"{lem}_on")
        if lem in self.lex["adapt_verbs"]:
            into = [a for x in _prep_objects(verb, "into", "as") for a in self.args(x)]
            if passive:
                add("basedOn", into, subj, f"{lem}_into")
            elif into:
                add("basedOn", into, objs, f"{lem}_into_active")
            elif lem == "adapt" and objs:
                add("basedOn", subj, objs, "adapts")
        if lem in self.lex["air_verbs"]:
            where = [a for x in _prep_objects(verb, *self.lex["air_preps"]) for a in self.args(x)]
            if subj:
                add("network", subj, where, f"{lem}_on")
            if lem in self.lex["network_owner_verbs"] and not passive and objs:
                add("network", objs, subj, f"{lem}_owner")
        if lem in self.lex["follow_verbs"]:
            if passive:
                add("sequel", subj, agents, "followed_by")
            elif verb.dep_ in ("prep", "advcl", "acl") or verb.tag_ == "VBG":
                add("sequel", objs + _prep_objects(verb, "up"), subj, "following")
            else:
                withs = [a for x in _prep_objects(verb, "with") for a in self.args(x)]
                if withs:
                    add("sequel", objs, withs, "followed_with")
                    add("made_by", objs + withs, subj, "followed_with")
                else:
                    add("sequel", objs, subj, "follows")
        if lem in self.lex["precede_verbs"]:
            if passive:
                add("sequel", agents, subj, "preceded_by")
            else:
                add("sequel", subj, objs, "precedes")
        if lem in self.lex["portray_verbs"]:
            if passive:
                add("portrayedBy", subj, agents, f"{lem}_by")
            else:
                add("portrayedBy", objs, subj, lem)
        if lem in self.lex["star_verbs"] or lem in self.lex["portray_verbs"]:
            roles = [a for x in _prep_objects(verb, "as") for a in self.args(x)]
            actors = agents if passive and lem == "star" else (objs if lem == "star" and objs else subj)
            add("portrayedBy", roles, actors, f"{lem}_as")
        if lem in self.lex["harm_verbs"]:
            if passive:
                add("harmed", agents, subj, f"{lem}_by")
            else:
                add("harmed", subj, objs, lem)
        if lem in self.lex["frame_verbs"]:
            if passive:
                add("framed", agents, subj, f"{lem}_by")
            else:
                add("framed", subj, objs, lem)
        out += self._status_frames(verb, lem, subj, objs, passive, h)
        if lem == "come":  # "the series comes from creator X"
            add("from_pair", subj, [a for x in _prep_objects(verb, "from") for a in self.args(x)], "comes_from")
        if lem in self.lex["release_verbs"] and subj and not passive:  # "X premiered on Netflix on 3 May 2019"
            when = [a for x in _prep_objects(verb, "on", "in") for a in self.args(x) if a.ent_type_ == "DATE"]
            out.extend(Frame("releaseDate", s.i, d.i, f"{lem}_date", h, lem) for s in subj for d in when)
        if lem == "fall" and any(lemma(o) == "love" for o in (a for x in _prep_objects(verb, "in") for a in [x])):
            withs = [a for x in _prep_objects(verb, "with", "for") for a in self.args(x)]  # "A and B fall in love"
            add("romantic", subj[:1], (withs or subj[1:]), "fall_in_love")
        if lem in self.lex["romantic_verbs"] and lem not in ("love",):
            if objs:
                add("romantic", subj, objs, lem)
            elif len(subj) > 1:
                add("romantic", subj[:1], subj[1:], lem)
        return out
