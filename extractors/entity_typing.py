"""What each name is: typing votes from the patterns over sentence skeletons (`data/typing.json`:
"created by NAME" makes NAME a person) and from a name's shape (a known given name, an
organisation suffix), votes shared along lists of names, and the class decided for the mentions
of one name (the NER's label, then the name's shape, where no context typed it). Used by
`lore_entities` (extractors/entities.py)."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter, defaultdict

from spacy.tokens import Doc

from extractors import skeleton
from extractors.candidates import Candidate, is_capitalised
from extractors.doc_model import BOOK, CHAR, FILM, ORG, PERSON, SHOW, block_kind_at
from extractors.name_evidence import PLACE
from extractors.patterns import PatternSet, match_all
from kg.text import plain_word

TYPING_BLOCKS = ("body", "caption", "bio", "byline", "heading")
TRUSTED_BLOCKS = ("body", "caption", "bio")


def vote_patterns(doc: Doc, cands: list[Candidate], patterns: PatternSet, fix: skeleton.TypoFixer) -> list[list[int]]:
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
        atoms = [(cands[i].start, cands[i].end, _atom(cands[i], i)) for i in idx]
        text, _ = skeleton.build(sent, _disjoint(atoms), fix)
        seen = set()
        # "X (French: Y; also Z) is a novel": the sentence read without its aside as well
        for variant in dict.fromkeys((text, _ASIDE.sub(r"\1", text))):
            for m in match_all(patterns, variant):
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


def _atom(c: Candidate, i: int) -> str:
    return f"§{ORG if c.org and not c.org_ambiguous else 'NAME'}{i}"


# a bracketed aside between a name and the verb that defines it ("§NAME3 ( em : he ; ... ) is a series")
_ASIDE = re.compile(r"(§(?:NAME|ORG)\d+) \( [^()]{1,160}? \)(?= (?:is|was|are|were) )")


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


def _disjoint(atoms: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    out = []
    for a in sorted(atoms):
        if not out or a[0] >= out[-1][1]:
            out.append(a)
    return out


def share_votes(members: list[int], cands: list[Candidate]) -> None:
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


def vote_shapes(cands: list[Candidate], lex, site_known: bool = False) -> None:
    suffixes = set(lex.cues["org_suffixes"])
    for c in cands:
        words = c.text.split()
        if c.org:
            c.vote(ORG, 0.4 if c.org_ambiguous else 10.0)  # an ambiguous word needs context
            continue
        if len(words) > 1 and words[-1].lower() in suffixes:
            c.vote(ORG, 1.5)
        elif 2 <= len(words) <= 3 and lex.is_clear_given_name(words[0]) and person_shaped(words, lex):
            c.vote(PERSON, 0.6)  # "Terry Pratchett": a person unless the context says otherwise
        if c.block in ("bio", "byline") and lex.is_given_name(words[0]):
            c.vote(PERSON, 3.0)
        elif c.block == "byline" and not site_known:
            c.vote(ORG, 1.5)  # "By NAME | Site | date": the site (once the page's site is known,
            # the byline's other names are its sections: "NAME · Site · Books to Screen")


def decide(members: list[Candidate], votes: Counter, lex, honorifics: frozenset[str]) -> str | None:
    if votes:
        kind, weight = votes.most_common(1)[0]
        if weight >= 0.5:
            return None if kind in (PLACE, FILM) else kind  # places and films are not entities of the graph
    if all(c.block in ("heading", "title", "caption") for c in members):
        return None
    model = Counter(c.model_kind for c in members if c.model_kind)
    words = max((c.text for c in members), key=len).split()
    if model and (len(words) > 1 or not _known_word(words[0], lex)):
        kind = model.most_common(1)[0][0]
        if kind == PLACE:
            return None
        if kind != PERSON or len(words) > 1:
            return kind
    kind = _default_kind(words, lex, honorifics)
    body_mentions = sum(1 for c in members if c.block == "body")
    if kind == SHOW and (body_mentions < 1 or len(members) < 2):
        return None  # an unexplained title named once: too weak to call it a show
    return kind


def _known_word(word: str, lex) -> bool:
    """A surname, given name or ordinary word alone: the NER's guess does not type it."""
    return lex.is_surname(word) or lex.is_given_name(word) or lex.is_common(plain_word(word))


def _default_kind(words: list[str], lex, honorifics: frozenset[str]) -> str | None:
    """What an unexplained name most likely is, from its shape alone."""
    cues = lex.cues
    first, last = words[0], words[-1]
    if is_title(first, honorifics):
        return CHAR if len(words) > 1 else None
    if last.lower() in cues["place_suffixes"] or last.lower() in lex.places:
        return None  # "Trinity College Dublin", "Elizabethan London"
    if lex.is_given_name(first):
        return CHAR if len(words) == 1 else PERSON
    if len(words) == 1:
        if lex.is_common(first) or lex.is_surname(first) or first.endswith(("'s", "’s")):
            return None
        return SHOW
    if person_shaped(words, lex):
        return PERSON
    return SHOW


def mention_kind(c: Candidate, group_kind: str) -> str:
    """A Show's title used with a book cue ("the novel X") is the Book, and vice versa."""
    if group_kind in (SHOW, BOOK):
        other = BOOK if group_kind == SHOW else SHOW
        if c.votes.get(other, 0) >= c.votes.get(group_kind, 0) + 1.0:
            return other
    return group_kind


def person_shaped(words: list[str], lex) -> bool:
    """"Tomasz Nowak", "Mal Oretsev": two or three capitalised words, none a common word."""
    if not 2 <= len(words) <= 3 or any(w[:1].islower() for w in words):
        return False
    if any(lex.is_common(w.strip(".")) for w in words):
        return False
    return lex.is_surname(words[-1]) or len(words[-1]) > 2


def is_title(word: str, honorifics: frozenset[str]) -> bool:
    w = word.lower()
    return w in honorifics or w.rstrip(".") in honorifics


def without_titles(name: str, honorifics: frozenset[str]) -> str:
    """"Detective Inspector Alys Fenwick", "Sheriff Wade Colley": the name without the titles
    before it, when at least two capitalised words remain ("Queen Charlotte" keeps hers).
    Mentions keep their titles (a title is a sign of a character); the entity does not."""
    words = name.split(" ")
    n = 0
    while n < len(words) and is_title(words[n], honorifics):
        n += 1
    rest = words[n:]
    if n == 0 or len(rest) < 2 or not all(is_capitalised(w) for w in rest):
        return name
    return " ".join(rest)
