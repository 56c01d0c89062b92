"""Facts from the frames of a parsed sentence (extractors/frames.py), checked against the types
of the entities the lore components found: a frame whose arguments are of the wrong class
says nothing ("the series follows two sisters" is no sequel)."""

from __future__ import annotations

from bisect import bisect_right

from spacy.tokens import Span

from extractors import frames
from extractors.mention_lookup import find_or_add, previous_subject
from extractors.doc_model import BOOK, CHAR, DATE, ORG, PERSON, SEASON, SERIES_MATE, SHOW, LoreFact, sentence_at, text_of

FRAME_CONFIDENCE = 0.7
STORY = {"sibling", "parent", "romantic", "harmed", "framed"}
# (subject classes, object classes) each predicate accepts
SIGNATURES = {
    "basedOn": ({SHOW}, {BOOK}), "sequel": ({BOOK}, {BOOK}), "network": ({SHOW}, {ORG}), "releaseDate": ({SHOW}, {DATE}),
    "portrayedBy": ({CHAR}, {PERSON}), "author": ({BOOK}, {PERSON}), "createdBy": ({SHOW}, {PERSON}),
    **{p: ({CHAR, PERSON}, {CHAR, PERSON}) for p in STORY},
}


def frame_facts(sent: Span, mentions: list, ctx, reader: frames.FrameReader) -> list[LoreFact]:
    """LoreFacts for the frames `reader` finds in `sent`; `mentions` are the lore mentions inside it."""
    starts = [m.start for m in mentions]
    def entity_at(i: int) -> int | None:
        tok = sent.doc[i]
        if not sent.start <= i < sent.end:  # an argument from the sentence before ("Their mother, ...")
            return next((m.entity for m in ctx.mentions if m.start <= tok.idx < m.end), None)
        k = bisect_right(starts, tok.idx) - 1
        if k >= 0 and mentions[k].start <= tok.idx < mentions[k].end:
            return mentions[k].entity
        return None

    def apposed(i: int) -> int | None:
        """"a sequel, B,": the name right after a describing noun and a comma, which the small
        parser does not always hang on the noun."""
        doc = sent.doc
        if i + 2 < sent.end and doc[i + 1].text == "," and (
                reader.noun_class(doc[i]) is not None or doc[i].pos_ == "NOUN" and doc[i + 2].pos_ == "PROPN"
                and doc[i].dep_ == "pobj" and doc[i].head.dep_ == "agent"):
            return entity_at(i + 2)  # (also "... by his own curate, A,": a name the parser hung elsewhere)
        j = i + 1  # "the boy king C", "the young queen C": a name after the noun and its title words
        while j < min(sent.end, i + 3) and doc[j].pos_ == "NOUN" and doc[j].is_lower:
            j += 1
        if doc[i].pos_ == "NOUN" and j > i + 1 and j < sent.end and doc[j].pos_ == "PROPN":
            return entity_at(j)
        if doc[i].pos_ == "NOUN" and reader.noun_class(doc[i]) in (BOOK, SHOW) and i + 1 < sent.end:
            return entity_at(i + 1)  # "the novel 2001: A Space Odyssey": the title the noun names
        return None
    out: list[LoreFact] = []
    found = reader.find(sent)
    # "X is written and drawn by Y": a comic, whatever else the title names in the article
    drawn = {f.subject for f in found if f.predicate == "made_by" and f.verb in ("draw", "illustrate")
             and sent.doc[f.subject].pos_ == "PROPN"}
    for f in found:
        if f.hedged or f.predicate == "isa":
            continue
        s = entity_at(f.subject)
        if s is None:
            s = apposed(f.subject)
        if s is None:
            s = _antecedent(sent.doc[f.subject], ctx, reader)
        if f.predicate == "renewalStatus":  # a literal object
            tok = sent.doc[f.subject]
            if s is None and tok.pos_ == "NOUN" and _definite(tok):
                # "N renewed the seaside mystery": what is renewed is a show, the one spoken of
                s = ctx.main if ctx.main is not None else ctx.nearest_of(SHOW)
            if s is not None and ctx.ents[s].type == SEASON:  # "a further season has been ordered": its show
                s = ctx.ents[s].show if ctx.ents[s].show is not None else _antecedent(sent.doc[f.subject], ctx, reader)
            if s is not None and ctx.ents[s].type == SHOW:
                out.append(LoreFact(s, "renewalStatus", f.object, sent.start_char, sent.end_char,
                                    f"lore_relations:frame_{f.rule}", FRAME_CONFIDENCE, ctx.update_date(sent)))
            continue
        o = entity_at(f.object)
        if o is None:
            o = apposed(f.object)
        if f.predicate == "series_next":  # the book named last before it is its predecessor
            book = _typed(ctx, o, {BOOK}) if o is not None else None
            before = _book_before(ctx, sent.doc[f.object].idx, book)
            if book is not None and before is not None:
                out.append(LoreFact(before, "sequel", book, sent.start_char, sent.end_char,
                                    f"lore_relations:frame_{f.rule}", FRAME_CONFIDENCE))
            continue
        if f.predicate == "series_mate":  # books of one series: extractors/convert.py shares their writer
            a, b = (_typed(ctx, e, {BOOK}) if e is not None else None for e in (s, o))
            if a is not None and b is not None and a != b:
                out.append(LoreFact(a, SERIES_MATE, b, sent.start_char, sent.end_char,
                                    f"lore_relations:frame_{f.rule}", FRAME_CONFIDENCE))
            continue
        if f.predicate == "adapter":  # "P adapted B for the screen": P made this part's show of B
            out += _adapter_facts(ctx, s, o, sent, f)
            continue
        if s is None or o is None or s == o:
            continue
        if f.predicate in ("name_pair", "from_pair"):  # their types say what links them
            how = f.rule if f.predicate == "name_pair" else f.rule.rsplit("_", 1)[-1] if f.rule.endswith(
                ("_compound", "_poss")) else "from"
            role = CAST_ROLE.get(how)  # two people's names in a casting shape: one is the role
            if role is not None and ctx.ents[s].type == ctx.ents[o].type == PERSON:
                ctx.as_character(s if role == 0 else o)
            paired = _pair(ctx.ents[s].type, ctx.ents[o].type, how)
            if paired is None:
                continue
            pred, swap = paired
            if swap:
                s, o = o, s
            f = frames.Frame(pred, f.subject, f.object, f.rule, f.hedged,
                             {"made_by": "write", "createdBy": "create"}.get(pred, ""))
        pred = _predicate(f, ctx.ents[s].type, reader.lex)
        if pred is None and f.predicate == "made_by" and ctx.ents[s].type == SHOW and (
                f.verb == "write" and f.rule.startswith(_BOOK_NOUN_RULES)  # "It's Y's second novel" of a show's title
                or f.verb in ("write", "draw", "illustrate") and f.subject in drawn):
            s, pred = _twin(ctx, BOOK, s), "author"  # its book
        if pred is None:
            continue
        if pred == "portrayedBy" and not ctx.as_character(s):  # the role of a casting frame
            continue
        if pred == "author" and ctx.ents[o].type == CHAR and f.rule.startswith("poss_") and _numbered(sent.doc, f.object):
            o = _twin(ctx, PERSON, o)  # "Y's first book": the writer a hero is named for ("B's story" is only about B)
        if pred == "releaseDate" and ctx.ents[s].type == SEASON and str(ctx.ents[s].value) == "1":
            s = ctx.ents[s].show if ctx.ents[s].show is not None else s  # the first season's release is the show's
        if BOOK not in SIGNATURES[pred][0] and ctx.ents[s].type == BOOK and \
                reader.noun_class(sent.doc[f.subject]) == BOOK:
            continue  # "distributed by S, the strip ...": the book, not the show of its title
        s, o = _typed(ctx, s, SIGNATURES[pred][0]), _typed(ctx, o, SIGNATURES[pred][1])
        if s is None or o is None or s == o:
            continue
        if pred in STORY and not ctx.story_people([s, o]):
            continue
        if pred == "harmed":  # "poisoned", "stabbed", ...: the subproperty the verb names
            pred = reader.act(f.verb) or pred
        out.append(LoreFact(s, pred, o, sent.start_char, sent.end_char, f"lore_relations:frame_{f.rule}",
                            FRAME_CONFIDENCE))
    return out


# (type of the first name, type of the second name, rule or "*") -> (predicate, swap the two)
PAIRS = {
    **{(CHAR, PERSON, rule): ("portrayedBy", False) for rule in ("name_paren_name", "name_is_name", "name_poss_name")},
    **{(PERSON, CHAR, rule): ("portrayedBy", True) for rule in ("name_paren_name", "name_is_name", "name_poss_name")},
    (ORG, SHOW, "name_poss_name"): ("network", True), (PERSON, BOOK, "name_poss_name"): ("made_by", True),
    (SHOW, PERSON, "from"): ("createdBy", False), (SHOW, ORG, "from"): ("network", False),
    (SHOW, ORG, "compound"): ("network", False), (SHOW, ORG, "poss"): ("network", False),
}


# which name of two people's names is the role: "Character (Actor)", "Actor is Character",
# "Actor's Character"
CAST_ROLE = {"name_paren_name": 0, "name_is_name": 1, "name_poss_name": 1}


def _pair(first: str, second: str, rule: str) -> tuple[str, bool] | None:
    return PAIRS.get((first, second, rule))


def _adapter_facts(ctx, person: int | None, book: int | None, sent: Span, f: frames.Frame) -> list[LoreFact]:
    if person is None or book is None or ctx.ents[person].type != PERSON:
        return []
    book = _typed(ctx, book, {BOOK})
    # the show the sentence speaks of ("the series", "the show's debut"), else the one named last
    spoken = [m.entity for m in sorted(ctx.mentions, key=lambda m: m.start)
              if sent.start_char <= m.start < sent.end_char and m.kind == "anaphor" and ctx.ents[m.entity].type == SHOW]
    show = spoken[0] if spoken else ctx.nearest_of(SHOW)
    show = ctx.main if show is None else show
    if book is None or show is None:
        return []
    rule = f"lore_relations:frame_{f.rule}"
    return [LoreFact(show, "createdBy", person, sent.start_char, sent.end_char, rule, FRAME_CONFIDENCE),
            LoreFact(show, "basedOn", book, sent.start_char, sent.end_char, rule, FRAME_CONFIDENCE)]


# frames whose describing noun says "book" ("Y's novel X", "X is a novel by Y"), not only "wrote"
_BOOK_NOUN_RULES = ("poss_", "novel_", "book_", "memoir_", "isa_")


def _twin(ctx, kind: str, ent: int) -> int:
    """The entity of `kind` named like `ent` (added when the article gave only `ent`): the book
    of a show's title, the writer a hero is named for."""
    return find_or_add(ctx.ents, kind, ctx.ents[ent].label)


def _book_before(ctx, pos: int, book: int | None) -> int | None:
    """The book named last before character `pos` (in the paragraph), other than `book`."""
    for m in sorted((m for m in ctx.mentions if m.end <= pos), key=lambda m: m.start, reverse=True):
        if "\n\n" in text_of(ctx.doc)[m.end:pos]:
            return None
        if ctx.ents[m.entity].type == BOOK and m.entity != book:
            return m.entity
    return None


def _definite(tok) -> bool:
    """"the series", "this novel"."""
    return any(c.dep_ == "det" and c.lower_ in ("the", "this") for c in tok.children)


def _antecedent(tok, ctx, reader: frames.FrameReader) -> int | None:
    """"It was followed by X": the work named last before the sentence; "the episode aired on
    Fox": the article's main show; "this novel": the book named last."""
    if tok.lower_ == "its":  # "The drama was devised by A, its first showrunner": the clause's work
        root = tok
        while root.head.i != root.i:
            root = root.head
        subject = next((c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subject is not None and subject.lower_ != "its":
            ent = next((m.entity for m in ctx.mentions if m.start <= subject.idx < m.end), None)
            ent = _antecedent(subject, ctx, reader) if ent is None else ent
            if ent is not None and ctx.ents[ent].type in (BOOK, SHOW):
                return ent
        return previous_subject(ctx.doc, ctx.ents, ctx.mentions, tok, (BOOK, SHOW))  # "X is a drama. Y is its creator."
    if tok.lower_ == "it":  # the subject of the sentence before, if a work; else the work named last
        # ("After its finale aired, it ...": the main clause's subject after a fronted clause too)
        opens = tok.is_sent_start or (tok.dep_ in ("nsubj", "nsubjpass") and tok.head.dep_ == "ROOT"
                                      and tok.i > 0 and tok.nbor(-1).text == ",")
        before = previous_subject(ctx.doc, ctx.ents, ctx.mentions, tok, (BOOK, SHOW)) if opens else None
        start, end = sentence_at(tok.doc, tok.idx)
        if ":" in text_of(tok.doc)[start:tok.idx] or ";" in text_of(tok.doc)[start:tok.idx]:
            # "A is the first of a trilogy: B follows it": the work the sentence opened with
            sent = tok.doc.char_span(start, end, alignment_mode="expand")
            subject = next((c for c in sent.root.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            ent = next((m.entity for m in ctx.mentions if subject is not None and m.start <= subject.idx < m.end), None)
            if ent is None and subject is not None and subject.lower_ == "it" and subject.i < tok.i:
                ent = _antecedent(subject, ctx, reader)  # "It is the first of a trilogy: B follows it"
            if ent is not None and ctx.ents[ent].type in (BOOK, SHOW):
                return ent
        return before if before is not None else ctx.nearest_work()
    if frames.lemma(tok) in reader.lex["role_nouns"] and not any(c.lower_ == "of" for c in tok.children):
        # "takes over the role": the character named last, in this sentence too ("A was played by
        # B in season one; when B left, C took over the role")
        chars = [m for m in ctx.mentions if m.end <= tok.idx and ctx.ents[m.entity].type == CHAR]
        return max(chars, key=lambda m: m.start).entity if chars else ctx.nearest_of(CHAR)
    kind = reader.noun_class(tok)
    definite = _definite(tok)
    if kind in (BOOK, SHOW) and definite and not any(c.dep_ in ("amod", "nummod") for c in tok.children):
        # "the HBO series", "this novel" (but "the second series" is a season)
        return ctx.main if kind == SHOW and ctx.main is not None else ctx.nearest_of(kind)
    if frames.lemma(tok) in reader.lex["season_nouns"]:  # "another season has been ordered"
        show = ctx.nearest_of(SHOW)
        return ctx.main if show is None else show
    if kind in (BOOK, SHOW) and definite:
        return ctx.main if kind == SHOW and ctx.main is not None else ctx.nearest_of(kind)
    if kind == BOOK and not any(c.dep_ in ("amod", "nummod") for c in tok.children) and any(
            c.dep_ == "poss" and c.lower_ in ("her", "his", "their") for c in tok.children):
        return ctx.nearest_of(BOOK)  # "Y followed her memoir with ...": the book named last
    return None


def _predicate(f: frames.Frame, subject_type: str, lex) -> str | None:
    if f.predicate != "made_by":
        return f.predicate
    if f.verb == "follow":  # "Y followed A with a sequel, B": books (a show of the same name gives way)
        return "author"
    if f.verb == "make":  # "Y's debut, X", "Y's follow-up": a writer's book, unless the parse says more
        return "author" if subject_type == BOOK else None
    if subject_type == BOOK and (f.verb in lex["author_verbs"] or f.verb in lex["publish_verbs"]):
        return "author"
    if subject_type == SHOW and f.verb in lex["creator_verbs"]:
        return "createdBy"
    return None


def _numbered(doc, owner: int) -> bool:
    """Whether the work noun a possessive owns counts the owner's works ("Y's first book",
    "Y's latest novel")."""
    noun = doc[owner].head
    return any(c.dep_ == "amod" and c.lower_ in _WORK_COUNTERS for c in noun.children)


_WORK_COUNTERS = {"first", "second", "third", "fourth", "fifth", "debut", "latest", "last", "new", "next", "final"}


def _typed(ctx, ent: int, classes: set[str]) -> int | None:
    """`ent` if it is of one of `classes`, else the entity of that class with the same label
    (the novel a show shares its title with), else None."""
    e = ctx.ents[ent]
    if e.type in classes:
        return ent
    for other in ctx.ents:
        if other.type in classes and other.label == e.label and other.id != ent:
            return other.id
    return None
