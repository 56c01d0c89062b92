"""Candidate names: runs of capitalised tokens, gazetteer matches, dates and season mentions.

No typing happens here; `extractors.entities` decides what each candidate is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span

from extractors.dates import DateValue, find_dates
from extractors.doc_model import block_kind_at, text_of
from extractors.lexicons import Lexicons

_SEASON_NUM = re.compile(
    r"\b(?:(?P<pre>season|series)\s+(?P<n>\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten)\b"
    r"|(?P<ord>first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|1st|2nd|3rd|4th|5th|6th|"
    r"debut|sophomore|opening)\s+(?P<noun>season|series)\b)",
    re.I,
)


_INITIAL = re.compile(r"[A-Z]\.(?:[A-Z]\.)*")  # "J." in "J. R. R. Tolkien"


@dataclass
class Candidate:
    start: int  # character offsets
    end: int
    text: str
    block: str
    sent_start: bool = False  # the run begins its sentence
    org: str | None = None  # gazetteer label when the whole span is a known organisation
    org_ambiguous: bool = False
    weak: bool = False  # an ordinary word that is a name only if the context says so
    model_kind: str | None = None  # what the trained NER calls it: used when no context decides
    whole: bool = False  # the document's title repeated in its body: never split or trimmed
    alias: bool = False  # another name the text gives ("X (French: Y)"): never the entity's label
    votes: dict[str, float] = field(default_factory=dict)

    def vote(self, kind: str, weight: float) -> None:
        self.votes[kind] = self.votes.get(kind, 0.0) + weight


def is_capitalised(text: str) -> bool:
    return bool(text) and (text[0].isupper() or (text[0] in "‘'\"“" and len(text) > 1 and text[1].isupper()))


class CandidateFinder:
    def __init__(self, lex: Lexicons):
        self.lex = lex
        self.connectors = set(lex.cues["connectors"])
        self.break_connectors = set(lex.cues["break_connectors"])
        self.divisions = set(lex.cues["org_divisions"])
        self.trailing_trim = set(lex.cues["trailing_trim"])
        self.openers = set(lex.cues["sentence_openers"])
        self.ordinals = lex.cues["ordinals"]
        self._org_first = {}
        for form in lex.organizations:
            toks = form.split()
            self._org_first.setdefault(toks[0], []).append(form)
        multi = [p for p in lex.places | lex.non_entities if " " in p]
        alternatives = "|".join(re.escape(p) for p in sorted(multi, key=len, reverse=True))
        self._blocker_regex = re.compile(r"(?<!\w)(?:" + alternatives + r")(?!\w)")

    # -- gazetteers ------------------------------------------------------------------------

    def _blocked_tokens(self, doc: Doc, text: str) -> set[int]:
        """Tokens inside multi-word places and non-entities ("United Kingdom", "Release Date"),
        and inside dates ("Published on June 14th, 2023" holds no name)."""
        blocked = set()
        starts = {t.idx: t.i for t in doc}
        spans = [(m.start(), m.end()) for m in self._blocker_regex.finditer(text.lower())]
        spans += [(d.start, d.end) for d in dates_of(doc) if text[d.start].isalpha()]
        for start, end in spans:
            if is_capitalised(text[start]) and start in starts:
                i = starts[start]
                while i < len(doc) and doc[i].idx < end:
                    blocked.add(i)
                    i += 1
        return blocked

    def _org_at(self, doc: Doc, i: int, word: str | None = None) -> int:
        """Length in tokens of the longest known organisation starting at token i (0 if none)."""
        forms = self._org_first.get(doc[i].text if word is None else word)
        if not forms:
            return 0
        best = 0
        for form in forms:
            n = len(form.split())
            span = doc[i:i + n]
            if span.text == form and len(span) >= n:
                best = max(best, len(span))
            elif len(form.split()) == 1 and doc[i].text == form:
                best = max(best, 1)
        return best

    def _ambiguous_title_start(self, doc: Doc, i: int, n: int) -> bool:
        """"Time of Contempt": an ambiguous organisation word that starts a longer title."""
        if not self.lex.organizations[doc[i:i + n].text].ambiguous or i + n + 1 >= len(doc):
            return False
        nxt, after = doc[i + n], doc[i + n + 1]
        return is_capitalised(nxt.text) or (nxt.lower_ in self.connectors and is_capitalised(after.text))

    def _org_inside_title(self, doc: Doc, k: int) -> bool:
        """A known organisation ends a run, unless it is an ordinary word inside a title
        ("Time of Contempt")."""
        n = self._org_at(doc, k)
        if not n:
            return False
        entry = self.lex.organizations[doc[k:k + n].text]
        return not entry.ambiguous

    # -- runs of capitalised tokens --------------------------------------------------------

    def _starts(self, tok) -> bool:
        t = tok.text
        if not is_capitalised(t) or len(t) < 2 and t != "I":
            # "A Quiet Word at Candlemas"; "the W Network": a letter that starts a longer name
            return (t == "A" or t.isupper() and t not in ("I", "O") and (tok.i == 0 or tok.doc[tok.i - 1].text != "-")) \
                and self._capitalised_next(tok)
        if t == "I" or any(c.isdigit() for c in t):
            return False
        if _INITIAL.fullmatch(t) or t == "I":
            return True  # "J. R. R. Tolkien", "The Duke and I"
        if self._is_place(t) and not self._capitalised_next(tok):
            return False  # "in Chicago" is no name; "Chicago Fire" may be
        if t.isupper() and len(t) <= 3:  # TV, EST, UK: acronyms are names only via the gazetteer ...
            return len(t) == 2 and not self._is_place(t) and self._given_initials_before(tok)  # ... or "JJ Maybank"
        return True

    def _is_place(self, word: str) -> bool:
        return word.lower() in self.lex.places and not self.lex.is_given_name(word)

    @staticmethod
    def _capitalised_next(tok) -> bool:
        doc = tok.doc
        return tok.i + 1 < len(doc) and not tok.whitespace_ == "" and is_capitalised(doc[tok.i + 1].text)

    def _given_initials_before(self, tok) -> bool:
        """Two capitals as a given name ("JJ", "TJ") before a surname-like capitalised word."""
        doc = tok.doc
        if tok.i + 1 >= len(doc):
            return False
        nxt = doc[tok.i + 1].text
        return is_capitalised(nxt) and not nxt.isupper() and not self.lex.is_common(nxt.lower()) and not self._is_place(nxt)

    def _continues(self, tok) -> bool:
        t = tok.text
        if not is_capitalised(t):
            return False
        if _INITIAL.fullmatch(t) or t == "I":
            return True  # "J. R. R. Tolkien", "The Duke and I"
        if len(t) == 1 and t.isupper() and self._capitalised_next(tok):
            return True  # a middle initial without its full stop: "John B Routledge"
        if self._is_place(t) and tok.i > 0 and tok.doc[tok.i - 1].lower_ in self.break_connectors:
            return False  # "Cassie in Chicago"
        return not (t.isupper() and len(t) <= 3 and t not in ("II", "III", "IV"))

    def find(self, doc: Doc) -> list[Candidate]:
        blocked = self._blocked_tokens(doc, text_of(doc))
        out: list[Candidate] = []
        for sent in doc.sents:
            kind = block_kind_at(doc, sent.start_char)
            if kind == "boilerplate":
                continue
            self._find_in_sentence(doc, sent, kind, blocked, out)
        return self._short_acronym_names(doc, out)

    def _short_acronym_names(self, doc: Doc, out: list[Candidate]) -> list[Candidate]:
        """"JJ" alone where the article names "JJ Maybank": a short capitalised form is a name
        when it is the first word of one (acronyms otherwise need the gazetteer)."""
        firsts = {c.text.split()[0] for c in out if len(c.text.split()) > 1 and not c.org}
        taken = [(c.start, c.end) for c in out]
        extra = []
        for tok in doc:
            t = tok.text
            if t in firsts and t.isupper() and 1 < len(t) <= 3 and not any(s <= tok.idx < e for s, e in taken):
                kind = block_kind_at(doc, tok.idx)
                if kind != "boilerplate":
                    extra.append(Candidate(tok.idx, tok.idx + len(t), t, kind, tok.is_sent_start))
        return sorted(out + extra, key=lambda c: c.start) if extra else out

    def _find_in_sentence(self, doc, sent: Span, kind: str, blocked: set[int], out: list) -> None:
        i, first, prev_end = sent.start, self._first_word(sent), None
        words = [t.text for t in sent]
        while i < sent.end:
            n_org = self._org_at(doc, i, words[i - sent.start])
            if n_org and self._ambiguous_title_start(doc, i, n_org):
                n_org = 0
            if n_org:
                entry = self.lex.organizations[doc[i:i + n_org].text]
                label = entry.label
                k = i + n_org
                if k < sent.end and doc[k - 1].whitespace_ and doc[k].text[:1].isupper() and \
                        doc[k].lower_ in self.lex.places and not entry.ambiguous:
                    n_org += 1  # "HGTV Canada", "ITV Wales": a company's arm in a country is its own
                    label = doc[i:k + 1].text
                elif k < sent.end and doc[k - 1].whitespace_ and doc[k].text[:1].isupper() and \
                        doc[k].lower_ in self.divisions and not entry.ambiguous:
                    n_org += 1  # "Granada Television", "Lantern Films": a division has a name of its own
                    label = doc[i:k + 1].text
                span = doc[i:i + n_org]
                out.append(Candidate(span.start_char, span.end_char, span.text, kind, i == first,
                                     org=label, org_ambiguous=entry.ambiguous))
                i += n_org
                prev_end = i
                continue
            word = words[i - sent.start]
            # (the word's text first: most words are lower case, and a Token costs more to make)
            if i in blocked or not (is_capitalised(word) or word.isupper()) or not self._starts(doc[i]):
                i += 1
                continue
            end = self._run_end(doc, i, sent.end, blocked)
            if all(t.lower_ in self.lex.non_entities for t in doc[i:end]) or (
                end - i == 1 and doc[i].lower_ in self.lex.non_entities
            ):
                i = end
                continue
            in_list = prev_end is not None and doc[prev_end:i].text.strip() in (",", ", and", "and", "&")
            for a, b in self._split(doc, i, end, in_list):
                span = doc[a:b]
                out.append(Candidate(span.start_char, span.end_char, span.text, kind, a == first))
            i = prev_end = end

    def _first_word(self, sent: Span) -> int:
        for tok in sent:
            if not (tok.is_punct or tok.is_space or tok.is_quote):
                return tok.i
        return sent.start

    def _run_end(self, doc: Doc, i: int, limit: int, blocked: set[int]) -> int:
        last, k, pending = i, i + 1, 0
        while k < limit:
            tok = doc[k]
            if "\n" in doc[k - 1].whitespace_ or k in blocked or self._org_inside_title(doc, k):
                break
            if self._continues(tok) and tok.lower_ not in self.lex.non_entities:
                last, pending = k, 0
            elif self._continues(tok):
                last, pending = k, 0  # "Season", "Amber" may stand inside a title; see the trim below
            elif (tok.lower_ in self.connectors or tok.text in ("'s", "’s")) and pending < 2:
                pending += 1
            else:
                break
            k += 1
        while last > i and doc[last].lower_ in self.trailing_trim:
            if last == i + 1 and (self.lex.is_common(doc[i].text) or self.lex.is_given_name(doc[i].text)):
                break  # "Moth Season", "Jo March": the last word belongs to the name
            last -= 1  # "Tiny Pretty Things Season", "X Renewal Status"
            while last > i and doc[last].lower_ in self.connectors:
                last -= 1
        return last + 1

    def _split(self, doc: Doc, start: int, end: int, in_list: bool = False) -> list[tuple[int, int]]:
        """Split "A and B" ("A with B") where the parts look like two names, not one title."""
        parts, a = [], start
        for k in range(start + 1, end - 1):
            word = doc[k].lower_
            if word in ("'s", "’s") and self.lex.is_clear_given_name(doc[k + 1].text):
                parts.append((a, k))  # "Laura Dern's Renata Klein": the actor's character
                a = k + 1
                continue
            joins = word in ("and", "&")
            if not joins and word not in self.break_connectors:
                continue
            left, right = doc[a:k], doc[k + 1:end]
            if word == "&" and len(left) == 1 and len(right) == 1:
                continue  # "Harrow & Finch", "Hollis & Wren": one firm
            if right[0].lower_ in ("the", "a", "an") and right[0].text.islower():
                continue  # "Ruth Crane and the Salt Witches": one title
            if (
                self.lex.is_clear_given_name(left[0].text)
                or (joins and self.lex.is_clear_given_name(right[0].text))  # not "Dragonfly in Amber"
                or (joins and in_list and a == start)  # a list has one final "and"
                or (joins and right[0].text in ("The", "A", "An"))
                or (word == "and" and len(left) == 1 and not self.lex.is_common(left[0].text)
                    and not self.lex.is_common(right[0].text))
                or (joins and len(left) == 2 and len(right) == 2  # "Inej Ghafa and Kit Young"
                    and (self.lex.is_given_name(left[0].text) or self.lex.is_given_name(right[0].text)))
            ):
                parts.append((a, k))
                a = k + 1
        parts.append((a, end))
        return [(x, y) for x, y in parts if y > x]


def dates_of(doc: Doc) -> list[DateValue]:
    """Every date in the doc's text, found once per doc (candidates, typing and entities ask)."""
    found = doc.user_data.get("lore_dates")
    if found is None:
        found = doc.user_data["lore_dates"] = find_dates(text_of(doc))
    return found


def find_dates_in(doc: Doc) -> list[tuple[int, int, str, str]]:
    """(start, end, value, datatype) for every date outside boilerplate."""
    out = []
    for d in dates_of(doc):
        if block_kind_at(doc, d.start) != "boilerplate":
            out.append((d.start, d.end, d.value, d.datatype))
    return out


_NUMBER_WORD = r"\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten"
_SEASONS_LIST = re.compile(
    rf"\b(?:seasons|series)\s+(?P<first>{_NUMBER_WORD})(?P<rest>(?:\s*,\s*(?:{_NUMBER_WORD}))*"
    rf"\s*(?:,\s*)?(?:and|&|-|–|to|through)\s*(?:{_NUMBER_WORD}))\b",
    re.I,
)
_NUMBER_IN_LIST = re.compile(rf"\b(?:{_NUMBER_WORD})\b", re.I)


def find_seasons(doc: Doc, ordinals: dict[str, int]) -> list[tuple[int, int, int]]:
    """(start, end, number) for "season 2", "the second season", "series two", and one for each
    season of "seasons 3 and 4" or "seasons 2-3" ("Seasons 3" and "4" are the two mentions)."""
    text = text_of(doc)

    def number_of(raw: str) -> int | None:
        raw = raw.lower()
        return int(raw) if raw.isdigit() else ordinals.get(raw)

    out = []
    for m in _SEASON_NUM.finditer(text):
        number = number_of(m.group("n") or m.group("ord"))
        if number and block_kind_at(doc, m.start()) != "boilerplate":
            out.append((m.start(), m.end(), number))
    for m in _SEASONS_LIST.finditer(text):
        if block_kind_at(doc, m.start()) == "boilerplate":
            continue
        numbers = [(m.start(), m.end("first"), number_of(m.group("first")))]
        numbers += [(m.start("rest") + n.start(), m.start("rest") + n.end(), number_of(n.group(0)))
                    for n in _NUMBER_IN_LIST.finditer(m.group("rest"))]
        values = [n for _, _, n in numbers]
        if None in values or len(set(values)) != len(values):
            continue
        if re.search(r"-|–|to|through", m.group("rest")) and not (len(values) == 2 and values[1] == values[0] + 1):
            continue  # "seasons 6 to 8" names a season it does not spell out: left alone
        out.extend(numbers)
    return out
