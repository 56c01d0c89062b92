"""Which mentions name one entity: mentions grouped by their name's key (without a nickname
and the titles before it), then groups merged where the text says two names are one ("X (French:
Y)", "X, also known as Y", "Al to his friends"), where a short form names a longer one ("Alina",
"Lockwood" for "Lockwood & Co.", a subtitle alone) or a nickname stands alone. Used by
`lore_entities` (extractors/entities.py)."""

from __future__ import annotations

import re
from collections import defaultdict

from extractors.candidates import Candidate
from extractors.doc_model import BOOK, CHAR, PERSON, SHOW
from extractors.entity_typing import TRUSTED_BLOCKS, without_titles
from extractors.name_evidence import nickname_of, without_nickname
from kg.text import name_key


def merged_groups(cands: list[Candidate], text: str, work_nouns: frozenset[str], lex,
                  honorifics: frozenset[str]) -> dict[str, list[Candidate]]:
    """The candidates grouped by the entity they name."""
    groups: dict[str, list[Candidate]] = defaultdict(list)
    for c in cands:
        groups[c.org or _group_key(without_titles(without_nickname(c.text), honorifics))].append(c)
    _merge_nicknames(groups)
    _merge_stated_names(groups, text, work_nouns)
    _merge_friendly_names(groups, text)
    _merge_short_forms(groups, lex)
    _merge_title_short_forms(groups)
    _merge_subtitles(groups)
    return groups


def _group_key(name: str) -> str:
    """The key that makes mentions one entity: name_key, but a leading "A" or "An" counts
    ("A Game of Thrones" the novel is not "Game of Thrones" the show; "the" never counts)."""
    key = name_key(name)
    first = name.split(" ", 1)[0]
    return f"{first.lower()} {key}" if first in ("A", "An") and " " in name and not key.startswith(("a ", "an ")) else key


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


def _merge_short_forms(groups: dict[str, list[Candidate]], lex) -> None:
    """"MacLennan", "Alina" or "Schmidt Hissrich" alone refer to the one full name they
    begin or end."""
    def named_like_a_person(v: list[Candidate]) -> bool:  # by its shape or by the NER
        return _person_like(v[0].text, lex) or any(c.model_kind == PERSON for c in v if not c.alias)
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


def _person_like(text: str, lex) -> bool:
    first = text.split()[0]
    return lex.is_given_name(first) or (len(first) == 2 and first[0].isupper() and first[1] == ".")


def _person_votes(c: Candidate) -> float:
    return c.votes.get(CHAR, 0) + c.votes.get(PERSON, 0)


def _work_votes(c: Candidate) -> float:
    return c.votes.get(SHOW, 0) + c.votes.get(BOOK, 0)
