"""Frames carried by verbs and adjectives: made by, based on, adapted into, aired on, followed
by, plays, harmed, framed, married, renewal status and release dates. A mixin of FrameReader
(extractors/frames.py), which supplies the lexicon, `subjects_of`, `args` and `hedged`."""

from __future__ import annotations

from spacy.tokens import Token

from extractors.doc_model import BOOK, FILM
from extractors.frame_base import SUBJECTS, Frame, children_of, is_later_season, lemma, name_heads, prep_objects


class VerbFrames:
    def _status_frames(self, verb: Token, lem: str, subj: list[Token], objs: list[Token], passive: bool, h: bool) -> list[Frame]:
        """Renewal status: "N renewed X", "X was cancelled", "N orders another season of X",
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
        fors = [a for x in prep_objects(verb, "for") for a in self.args(x)]
        candidates = (subj if passive else objs) + fors + (subj if lem in self.lex["return_verbs"] else [])
        # "N gave X a second season": the parser may hang the season on the verb as a modifier
        candidates += [c for c in verb.children if c.dep_ == "npadvmod" and lemma(c) in self.lex["season_nouns"]]
        seasons = [t for t in candidates if lemma(t) in self.lex["season_nouns"] and is_later_season(t)]
        if not seasons:
            return []
        shows = [t for t in candidates if t not in seasons and t.pos_ in ("PROPN", "NOUN", "PRON")]
        shows += [c for c in verb.children if c.dep_ == "dative"]  # "N gave X a second season"
        for season in seasons:
            shows += [a for q in prep_objects(season, "of") for a in self.args(q)]
            shows += [c for c in season.children if c.dep_ == "poss"]
        return [Frame("renewalStatus", t.i, "renewed", f"status_{lem}", h, lem) for t in (shows or seasons[:1])]

    def _series_next(self, verb: Token, subj: list[Token], passive: bool, agents: list[Token], h: bool,
                     lem: str) -> list[Frame]:
        """A series that "continues with", "closes with" or "is completed by" a book: that book
        follows the book named before it ("series_next": the caller finds that book)."""
        if not passive and any(lemma(o) in self.lex["series_nouns"] for o in children_of(verb, "dobj")):
            # "C completes the sequence", "C closes the trilogy": C comes after the book before it
            # (a relative clause's "which" may hang on another title of the list: only a named subject)
            named = name_heads([s for s in children_of(verb, "nsubj") if s.pos_ == "PROPN"])
            return [Frame("series_next", verb.i, b.i, f"series_{lem}_it", h, lem) for b in named]
        if not any(lemma(s) in self.lex["series_nouns"] for s in subj):
            return []
        books = agents if passive else [a for x in prep_objects(verb, "with") for a in self.args(x)]
        return [Frame("series_next", verb.i, b.i, f"series_{lem}_with", h, lem) for b in name_heads(books)]

    def _adjective_frames(self, adj: Token) -> list[Frame]:
        """"X is married to Y", "X, engaged to Y,"; "A is superb as C" (a verdict on a performance)."""
        if adj.dep_ == "acomp" and lemma(adj.head) == "be":  # "as C" on the adjective or on "is"
            roles = [a for x in prep_objects(adj, "as") + prep_objects(adj.head, "as") for a in self.args(x)
                     if a.pos_ == "PROPN"]
            if roles:
                actors, _ = self.subjects_of(adj.head)
                h = self.hedged(adj.head)
                return [Frame("portrayedBy", r.i, a.i, "is_adj_as", h) for r in roles for a in actors if a.pos_ == "PROPN"]
        if lemma(adj) not in self.lex["romantic_adjectives"] and adj.text.lower() not in self.lex["romantic_adjectives"]:
            return []
        partners = [a for x in prep_objects(adj, "to") for a in self.args(x)]
        if not partners:
            return []
        if adj.dep_ in ("acomp", "ROOT", "conj", "xcomp") or adj.head.pos_ in ("VERB", "AUX"):
            lovers, _ = self.subjects_of(adj if adj.dep_ != "acomp" else adj.head)
        else:
            lovers = [adj.head] + self.described(adj.head) if adj.head.pos_ in ("NOUN", "PROPN") else []
        h = self.hedged(adj.head if adj.dep_ == "acomp" else adj)
        return [Frame("romantic", a.i, b.i, "married_to", h) for a in lovers for b in partners if a.i != b.i]

    def _describes_a_film(self, verb: Token) -> bool:
        """"a 1970 film directed by A and written by B": A and B made the film (no entity of the
        graph), not the novel it shares its title with."""
        while verb.dep_ == "conj" and verb.head.i != verb.i:
            verb = verb.head
        if lemma(verb) == "be":  # "X is a 1970 film directed by A and written by B", "written" hung on "is"
            return any(self.noun_class(a) == FILM for a in children_of(verb, "attr"))
        return verb.dep_ == "acl" and self.noun_class(verb.head) == FILM

    def _verb_frames(self, verb: Token) -> list[Frame]:
        lem = lemma(verb)
        if not any(lem in self.lex[k] for k in ("author_verbs", "publish_verbs", "creator_verbs", "based_verbs", "adapt_verbs", "air_verbs",
                                           "follow_verbs", "precede_verbs", "series_end_verbs", "portray_verbs", "role_goes_verbs", "star_verbs", "harm_verbs",
                                           "frame_verbs", "romantic_verbs", "renew_verbs", "cancel_verbs", "order_verbs",
                                           "return_verbs", "release_verbs", "made_for_verbs")) and lem not in ("fall", "take") and \
                not any(p.split()[0] == lem for p in self.lex["romantic_with_verbs"]):
            return []
        subj, passive = self.subjects_of(verb)
        agents = [a for x in prep_objects(verb, "by") if x.head.dep_ == "agent" or passive for a in self.args(x)]
        if passive and not agents:  # "written and drawn by Y": the last participle holds the agent
            agents = [a for c in _next_conjuncts(verb) if c.tag_ == "VBN"
                      for x in prep_objects(c, "by") for a in self.args(x)]
        if passive and not agents:  # "played with great warmth by Y": the parser hangs "by" on "warmth"
            agents = [a for p in children_of(verb, "prep") if lemma(p) != "by" for o in children_of(p, "pobj")
                      for x in prep_objects(o, "by") if x.pos_ == "PROPN" for a in self.args(x)]
        if agents:  # "created by A together with B", "by A alongside B"
            agents += [a for p in children_of(verb, "prep") if lemma(p) == "alongside" or (
                lemma(p) == "with" and any(c.lower_ == "together" for c in p.children))
                       for x in children_of(p, "pobj") for a in self.args(x)]
        objs = [a for x in children_of(verb, "dobj", "obj") for a in self.args(x)]
        if verb.dep_ == "relcl" and any(o.tag_ in ("WDT", "WP") for o in objs):
            # "B, which Y published in 2021": what the relative pronoun stands for
            objs = [o for o in objs if o.tag_ not in ("WDT", "WP")] + self.args(verb.head) + self.described(verb.head)
        if not objs and not passive and verb.dep_ == "relcl" and any(
                c.dep_ == "nsubj" and lemma(c) not in ("that", "which", "who") for c in verb.children):
            objs = self.args(verb.head) + self.described(verb.head)  # "the historian Brianna marries"
            subj = [a for x in children_of(verb, "nsubj") for a in self.args(x)]
        h = self.hedged(verb)
        out: list[Frame] = []

        def add(pred, subjects, objects, rule):
            names_s, names_o = name_heads(subjects), name_heads(objects)
            if pred == "portrayedBy" and len(names_s) == len(names_o) > 1:  # "A and B play C and D"
                pairs = list(zip(names_s, names_o))
            else:
                pairs = [(s, o) for s in subjects for o in objects]
            out.extend(Frame(pred, s.i, o.i, rule, h, lem) for s, o in pairs if s.i != o.i)

        if (lem in self.lex["author_verbs"] or lem in self.lex["creator_verbs"]) and not self._describes_a_film(verb):
            if passive:
                add("made_by", subj, agents, f"{lem}_by")
            elif objs:
                # "A created the show with B": B made it too (a person; "with" a network or cast is no maker)
                # (but "with X in the lead", "with X as Y": X stars)
                withs = [a for x in prep_objects(verb, "with") if not _cast_after(x)
                         for a in self.args(x) if a.pos_ == "PROPN"]
                add("made_by", objs, subj + withs, f"{lem}_active")
        if lem in self.lex["publish_verbs"] and objs and not passive:
            # "Y published B in 2019", "B, which Y published": a writer's book (a publisher, "published
            # by P", is no author; an organisation as subject is no person, and the types drop it)
            add("made_by", objs, subj, f"{lem}_active")
        if lem in self.lex["based_verbs"]:
            # "inspired by X"; but in "based on A by Y" the parser may hang "by Y" on the verb: Y wrote A
            src = [a for x in prep_objects(verb, "on", "upon", "from") or prep_objects(verb, "by") for a in self.args(x)]
            if passive or verb.dep_ == "acl":
                add("basedOn", subj, src, f"{lem}_on")
        if lem in self.lex["adapt_verbs"]:
            into = [a for x in prep_objects(verb, "into", "as") for a in self.args(x)]
            sources = [a for x in prep_objects(verb, "from") for a in self.args(x)]
            if sources and (passive or (not objs and verb.dep_ == "conj")):
                # "a drama developed by A and adapted from B" (the tagger may read a past tense)
                add("basedOn", subj, sources, f"{lem}_from")
            if passive:
                add("basedOn", into, subj, f"{lem}_into")
                if lem == "adapt":  # "the novel was adapted for television by P"
                    add("adapter", agents, subj, "adapted_by")
            elif into and name_heads(into):
                add("basedOn", into, objs, f"{lem}_into_active")
            elif lem == "adapt" and objs:
                add("basedOn", subj, objs, "adapts")  # a show adapts a book ...
                # ... or a writer adapts it for the show ("into six episodes"), with a co-writer
                withs = [a for x in prep_objects(verb, "with") for a in self.args(x)]
                add("adapter", subj + withs, objs, "adapted")
        if lem in self.lex["air_verbs"]:
            where = [a for x in prep_objects(verb, *self.lex["air_preps"]) for a in self.args(x)]
            if subj:
                add("network", subj, where, f"{lem}_on")
            if lem in self.lex["network_owner_verbs"] and not passive and objs:
                add("network", objs, subj, f"{lem}_owner")
            # "it aired on N from October 2006 to June 2007", "N broadcast it from 1999": the run's start
            # (not a stream or rerun "from 2019", nor a run "in newspapers")
            broadcast = lem in self.lex["run_start_verbs"] or (lem == "run" and prep_objects(verb, "on"))
            since = [a for x in prep_objects(verb, "from") for a in self.args(x) if a.ent_type_ == "DATE"][:1] \
                if broadcast else []
            owner = lem in self.lex["network_owner_verbs"] and not passive and objs
            works = objs if owner else subj
            if not any(self.noun_class(w) == BOOK for w in works):  # (a strip "ran in newspapers from 1992")
                out.extend(Frame("releaseDate", w.i, d.i, f"{lem}_from", h, lem) for w in works for d in since)
        if lem in self.lex["made_for_verbs"]:
            # "made by A for N", "A produced the series for N": N is the network; A, the studio, is not
            works = subj if passive or verb.dep_ == "acl" else objs
            for_whom = [a for x in prep_objects(verb, "for") for a in self.args(x)]
            for_whom += [a for w in children_of(verb, "dobj") for x in prep_objects(w, "for")
                         for a in self.args(x)]  # "created the show for N": the parser hangs "for" on "show"
            add("network", works, for_whom, f"{lem}_for")
        if lem in self.lex["follow_verbs"]:
            if passive and len(name_heads(agents)) > 1 and subj:
                # "A was followed by B, C and D", "... by B and then by C": in that order
                chain = subj[:1] + sorted(name_heads(agents), key=lambda t: t.i)
                out.extend(Frame("sequel", a.i, b.i, "followed_by", h, lem) for a, b in zip(chain, chain[1:]))
            elif passive:
                add("sequel", subj, agents, "followed_by")
            elif verb.dep_ in ("prep", "advcl", "acl") or verb.tag_ == "VBG":
                add("sequel", objs + prep_objects(verb, "up"), subj, "following")
            else:
                # "Y followed A with B": "with" on the verb or on A (a writer's move: not "the show follows A
                # and her romance with B"), and "..., and then with C" on the verb
                writer = bool(subj) and all(t.pos_ in ("PROPN", "PRON") for t in subj)
                with_objs = prep_objects(verb, "with") + ([x for x in prep_objects(objs[0], "with")] if objs and writer else [])
                if with_objs:
                    with_objs += [o for c in verb.children if c.dep_ == "conj" and lemma(c) == "with"
                                  for o in c.children if o.dep_ == "pobj"]
                    # "with A in 2014 and B in 2016": the parser joins B to the year
                    with_objs += [c for p in children_of(verb, "prep") if p.i > with_objs[0].i
                                  for o in children_of(p, "pobj") if o.like_num
                                  for c in o.conjuncts if c.pos_ == "PROPN" and c.i > o.i]
                withs = [a for x in dict.fromkeys(with_objs) for a in self.args(x)]
                if withs:
                    heads = sorted(name_heads(withs), key=lambda t: t.i)
                    first = name_heads(objs) or objs[:1]
                    if len(heads) > 1 and len(first) == 1:  # "followed A with B, then with C": in order
                        chain = first + heads
                        out.extend(Frame("sequel", a.i, b.i, "followed_with", h, lem) for a, b in zip(chain, chain[1:]))
                    else:
                        add("sequel", objs, withs, "followed_with")
                    add("made_by", objs + withs, subj, "followed_with")
                elif objs:
                    add("sequel", objs, subj, "follows")
                else:  # "Y's second book, B, followed in 2015": B follows the book named before it
                    later = [c for x in children_of(verb, *SUBJECTS) for c in x.children
                             if c.dep_ == "amod" and c.lower_ in _LATER]
                    if later:
                        out += [Frame("series_next", b.i, b.i, "followed_later", h, lem)
                                for b in name_heads(subj) if b.pos_ == "PROPN"]
        if lem in self.lex["series_end_verbs"]:  # "the trilogy continues with A and closes with B"
            out += self._series_next(verb, subj, passive, agents, h, lem)
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
        if lem in self.lex["role_goes_verbs"]:  # "the part now belongs to A", "the role of C went to A"
            roles = [r for s in children_of(verb, *SUBJECTS) if lemma(s) in self.lex["role_nouns"]
                     for r in ([a for x in prep_objects(s, "of") for a in self.args(x)] or [s])]
            add("portrayedBy", roles, [a for x in prep_objects(verb, "to") for a in self.args(x)], f"role_{lem}")
        if (lem in self.lex["star_verbs"] or lem in self.lex["portray_verbs"]) and \
                sum(1 for c in verb.children if c.dep_ == "prep" and c.lower_ == "as") < 2:
            # ("features A as B and C as D": the parser hangs both "as" on the verb, and the pairs
            # are read from the words, frames.py's name_as_name)
            roles = [a for x in prep_objects(verb, "as") for a in self.args(x)
                     if not (a.i + 1 < len(a.doc) and a.doc[a.i + 1].pos_ == "NOUN" and a.doc[a.i + 1].is_lower)]
            # ("as Scotland Yard head of security C": the place names the job, not the role)
            # "N stars/features/casts A as C": the actor is the object; "A stars as C": the subject
            actors = agents if passive and lem == "star" else (objs if lem in self.lex["cast_object_verbs"] and objs else subj)
            add("portrayedBy", roles, actors, f"{lem}_as")
        if lem in self.lex["harm_verbs"]:
            if passive and not agents:  # "beheaded on the orders of Y", "at Y's command"
                orders = [o for o in prep_objects(verb, "on", "at", "by") if lemma(o) in ("order", "command", "behest")]
                agents = [a for o in orders for x in prep_objects(o, "of") + children_of(o, "poss") for a in self.args(x)]
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
            add("from_pair", subj, [a for x in prep_objects(verb, "from") for a in self.args(x)], "comes_from")
        if lem in self.lex["release_verbs"] and subj and not passive:  # "X premiered on Netflix on 3 May 2019"
            when = [a for x in prep_objects(verb, "on", "in") for a in self.args(x) if a.ent_type_ == "DATE"]
            out.extend(Frame("releaseDate", s.i, d.i, f"{lem}_date", h, lem) for s in subj for d in when)
        if lem in self.lex["release_verbs"] and objs and not passive:  # "N released X (its first season) on DATE"
            when = [a for x in prep_objects(verb, "on", "in") for a in self.args(x) if a.ent_type_ == "DATE"]
            out.extend(Frame("releaseDate", o.i, d.i, f"{lem}_object_date", h, lem) for o in objs for d in when)
        if lem == "fall" and any(lemma(o) == "love" for o in (a for x in prep_objects(verb, "in") for a in [x])):
            withs = [a for x in prep_objects(verb, "with", "for") for a in self.args(x)]  # "A and B fall in love"
            add("romantic", subj[:1], (withs or subj[1:]), "fall_in_love")
        elif lem == "fall" and prep_objects(verb, "for"):  # "A falls for B"
            add("romantic", subj[:1], [a for x in prep_objects(verb, "for") for a in self.args(x)], "falls_for")
        particle = next((c.lower_ for c in verb.children if c.dep_ == "prt"), None)
        if (f"{lem} {particle}" if particle else lem) in self.lex["romantic_with_verbs"] and subj:
            # "A goes out with B, then with C" ("with" on the verb, on its particle, or coordinated)
            withs = prep_objects(verb, "with") + [x for c in verb.children if c.dep_ == "prt" for x in prep_objects(c, "with")]
            withs += [o for c in verb.children if c.dep_ == "conj" and lemma(c) == "with" for o in c.children if o.dep_ == "pobj"]
            add("romantic", subj[:1], [a for x in dict.fromkeys(withs) for a in self.args(x)], "goes_out_with")
        if lem == "take" and objs and any(lemma(x) in self.lex["romantic_nouns"] for x in prep_objects(verb, "as")):
            add("romantic", subj[:1], objs, "takes_as_spouse")  # "A takes B as his bride"
        if lem in self.lex["romantic_verbs"] and lem not in ("love",):
            if objs:
                add("romantic", subj, objs, lem)
            elif len(subj) > 1:
                add("romantic", subj[:1], subj[1:], lem)
        return out


def _cast_after(name: Token) -> bool:
    """"with X in the lead", "with X as the detective": X is cast, not a co-writer."""
    after = name.right_edge.i + 1
    return after < len(name.doc) and name.doc[after].lower_ in ("in", "as", "starring")


_LATER = {"second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth", "next", "later",
          "final", "last", "latest", "subsequent"}


def _next_conjuncts(verb: Token, limit: int = 3) -> list[Token]:
    """The few verbs conjoined after `verb` ("written, drawn and coloured by"): not
    Token.conjuncts, which walks the whole chain, thousands long in a run-on text."""
    out, tok = [], verb
    while len(out) < limit:
        tok = next((c for c in tok.children if c.dep_ == "conj" and c.i > tok.i), None)
        if tok is None:
            break
        out.append(tok)
    return out
