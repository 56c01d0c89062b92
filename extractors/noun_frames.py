"""Frames carried by nouns: what a describing noun says of the names it describes ("X is a
novel", "the novelist Y": isa), and what it says of its owners and objects ("Y's novel X", "the
creator of X", "the sequel to A", "an adaptation of Y", "her brother B", "the role of C", "an
affair with Y"), plus the cast lines read from the tokens ("A as C"). A mixin of FrameReader
(extractors/frames.py), which supplies the lexicon, `noun_class`, `args`, `_named_by`,
`subjects_of` and `hedged`; whom a noun stands for (`described`, `_kin_owner`) comes from
NounReferents (extractors/noun_referents.py)."""

from __future__ import annotations

from spacy.tokens import Span, Token

from extractors.doc_model import BOOK, ORG, PERSON, SHOW
from extractors.frame_base import (
    Frame, children_of, kin_frame, kin_of, lemma, parenthesised_name, possessors, prep_objects,
)
from extractors.lexicons import network_words


def _initials_of(short: Token, name: Token) -> bool:
    """"the Nigerian Television Authority (NTA)": the bracket abbreviates the name before it."""
    words = [t.text for t in name.subtree if t.i <= name.i and t.text[:1].isupper()]
    return short.text.isupper() and len(short.text) >= 2 and short.text == "".join(w[0] for w in words)


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


# a sequel frame read from a possessive ("Y's follow-up, B"): which side the possessor is on
POSSESSOR_FIRST, POSSESSOR_LAST = "_poss", "_poss_prequel"


class NounFrames:
    # the lexicon roles a common noun can carry a frame by, besides describing a work or person
    NOUN_ROLES = ("sequel_nouns", "prequel_nouns", "adaptation_nouns", "sibling_nouns", "parent_nouns",
                  "child_nouns", "romantic_nouns", "role_nouns", "relationship_nouns")

    def _defined_as_work(self, name: Token) -> bool:
        """"X is a novel / the last book / a television series": the name's sentence defines it as a work."""
        if name.dep_ != "nsubj" or lemma(name.head) != "be":
            return False
        return any(self.noun_class(a) in (BOOK, SHOW) or lemma(a) in self.lex["film_nouns"]
                   for a in children_of(name.head, "attr"))

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
            poss_rule = lem + (POSSESSOR_FIRST if forward else POSSESSOR_LAST)
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
