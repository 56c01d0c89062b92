"""Patterns over sentence skeletons.

A skeleton is a sentence with every entity mention (or pronoun / "the series" resolved to one)
replaced by an atom ``§TYPE<id>`` and every other token lower-cased, tokens separated by one
space. Patterns are regular expressions with placeholders, kept as data in
``extractors/data/*.json``:

- ``{SHOW:x}``: one atom of that type, captured as ``x``; ``{SHOW|BOOK:x}`` either type;
  ``{NAME:x}`` any name atom, typed or not;
- ``{PERSON+:x}``: a list of atoms ("A", "A and B", "A, B, and C");
- ``{GAP}`` (or ``{GAP:9}``) followed by a space: up to 6 (or 9) tokens, none of them a name
  (networks, dates and seasons may stand in a gap);
- ``{DESC}`` followed by a space: an optional description before a name ("the charming
  lawyer", "the newsman,"): an article or possessive and up to five words, no names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

NAME_TYPES = ("NAME", "SHOW", "BOOK", "PERSON", "CHAR", "ORG")
_PLACEHOLDER = re.compile(r"\{([A-Z|]+)(\+?)(?::(\w+))?\}")
_GAP = re.compile(r"\{GAP(?::(\d+))?\} ?")
ATOM = re.compile(r"§([A-Z]+)(\d+)")
# (a description holds no clause: "A drowned when B was a boy" is no harm done to B)
_DESC = r"(?:(?:the|a|an|her|his|their|its) )?(?:(?!(?:when|while|after|before|because|until|if|since|although|though|once|whereas) )[^§\s]\S* ){0,5}?(?:, )?"
# "A, B and C", "A, then B, C", "A and, finally, B"
_SEP = r"(?: , | , then | then | , and then | followed by | , followed by | , then by | then by | and then by | , and then by )"
_LAST = r"(?: ,)? (?:and|&|and then|then|and then by|then by|and , finally ,|and finally|, finally ,) "
_YEAR_AFTER = r"(?: \( (?:§DATE\d+|\d{4}) \))?"  # "A (1998), B (2000) and C": a list member's year


def _atom_regex(types: str) -> str:
    names = []
    for t in types.split("|"):
        names += NAME_TYPES if t == "NAME" else [t]
    return rf"§(?:{'|'.join(dict.fromkeys(names))})\d+"


def compile_pattern(text: str) -> re.Pattern:
    text = text.strip()  # a match ends at a token boundary: a trailing space could never match
    # A gap never crosses another name: "A said B pushed C" must not read as A pushed C.
    text = text.replace("{DESC} ", _DESC)
    text = _GAP.sub(lambda m: rf"(?:(?!§(?:NAME|SHOW|BOOK|PERSON|CHAR)\d)\S+ ){{0,{m.group(1) or 6}}}?", text)

    def placeholder(m: re.Match) -> str:
        types, plus, name = m.groups()
        atom = _atom_regex(types)
        member = atom + _YEAR_AFTER
        # "A and B, then C and D": an "and" inside a list that goes on with "then"
        inner_and = rf"| and (?={atom}{_YEAR_AFTER} , then )"
        body = rf"{member}(?:(?:{_SEP[3:-1]}{inner_and}){member})*{_LAST}{atom}|{atom}" if plus else atom
        if plus and types == "SEASON":  # "seasons 3-4" ("3–4" is one token): two seasons
            body = rf"{atom} (?:(?:-|–|to|through) )?{atom}|" + body
        return f"(?P<{name}>{body})" if name else f"(?:{body})"

    return re.compile(r"(?<!\S)(?:" + _PLACEHOLDER.sub(placeholder, text) + r")(?!\S)")


def required_atoms(text: str) -> int:
    """How many name atoms any match of the pattern `text` holds at least: its placeholders
    outside every bracketed group (a group may be optional or one of alternatives)."""
    depth, n, i = 0, 0, 0
    while i < len(text):
        m = _PLACEHOLDER.match(text, i) if text[i] == "{" else None
        if m:
            n += depth == 0 and all(t in NAME_TYPES for t in m.group(1).split("|"))
            i = m.end()
            continue
        if text[i] == "\\":
            i += 1
        elif text[i] == "(":
            depth += 1
        elif text[i] == ")":
            depth -= 1
        elif text[i] == "|" and depth == 0:
            return 0  # alternatives at the top: no count holds for every branch
        i += 1
    return n


_WORD = re.compile(r"[a-z]+")
_QUANTIFIER = re.compile(r"[?*+]|\{\d")


def _skip_class(text: str, i: int) -> int:
    """Index just past the character class "[...]" opened at text[i]."""
    i += 2 if text[i + 1:i + 2] == "]" else 1
    while text[i] != "]":
        i += 2 if text[i] == "\\" else 1
    return i + 1


def _closing(text: str, i: int) -> int:
    """Index of the bracket closing the group opened at text[i]."""
    depth = 0
    while i < len(text):
        if text[i] == "\\":
            i += 2
            continue
        if text[i] == "[":
            i = _skip_class(text, i)
            continue
        depth += {"(": 1, ")": -1}.get(text[i], 0)
        if depth == 0:
            return i
        i += 1
    raise ValueError(f"unbalanced brackets in {text!r}")


def _alternatives(body: str) -> list[str]:
    """A group's body split at its own top-level `|`."""
    out, depth, last, i = [], 0, 0, 0
    while i < len(body):
        c = body[i]
        if c == "\\":
            i += 2
            continue
        if c == "[":
            i = _skip_class(body, i)
            continue
        if c in "({":
            depth += 1
        elif c in ")}":
            depth -= 1
        elif c == "|" and depth == 0:
            out.append(body[last:i])
            last = i + 1
        i += 1
    return out + [body[last:]]


def _first_word(alternative: str, ends_token: bool) -> str | None:
    """The whole skeleton token an alternative starts with, if it starts with a plain word."""
    m = _WORD.match(alternative)
    if not m:
        return None
    after = alternative[m.end():m.end() + 1]
    return m.group() if after == " " or (after == "" and ends_token) else None


def required_words(text: str) -> tuple[frozenset[str], ...]:
    """Words any match of the pattern `text` holds as whole skeleton tokens, as sets of which one
    must be there: each plain word and each group of plain-word alternatives ("(?:plays|played)")
    that stands outside every other group without a quantifier. A sentence lacking all of a set
    cannot match, so the regex need not run: most sentences lack most patterns' verbs."""
    required, i, at_token = [], 0, True  # at_token: the next character starts a skeleton token
    if len(_alternatives(text)) > 1:
        return ()  # alternatives at the top: no word is in every branch
    while i < len(text):
        c = text[i]
        if c == "{":
            i, at_token = text.index("}", i) + 1, False
        elif c == "\\":
            i, at_token = i + 2, False
        elif c == "[":
            i, at_token = _skip_class(text, i), False
        elif c == "(":
            end = _closing(text, i)
            quantified = bool(_QUANTIFIER.match(text, end + 1))
            body = text[i + 1:end]
            if body.startswith("?P<"):
                body = body[body.index(">") + 1:]
            elif body.startswith("?:"):
                body = body[2:]
            else:  # a lookaround consumes nothing
                i = end + 1
                continue
            alternatives = _alternatives(body)
            if at_token and not quantified:
                ends_token = end + 1 == len(text) or text[end + 1] == " "
                words = [_first_word(a, ends_token) for a in alternatives]
                if all(words):
                    required.append(frozenset(words))
            # after the group, a token starts if every way through it ends with a space (and,
            # for an optional group, if one started before it)
            spaced = all(a.endswith(" ") and not a.endswith("\\ ") for a in alternatives)
            at_token = spaced and (at_token or not quantified)
            i = end + 1
            if quantified:  # the quantifier itself
                i = text.index("}", i) + 1 if text[i] == "{" else i + 1
                if text[i:i + 1] == "?":  # lazy
                    i += 1
        elif at_token and (m := _WORD.match(text, i)):
            after = text[m.end():m.end() + 1]
            if after == "" or (after == " " and not _QUANTIFIER.match(text, m.end() + 1)):
                required.append(frozenset([m.group()]))
            i, at_token = m.end(), False
        else:
            at_token = c == " "
            i += 1
    return tuple(required)


@dataclass
class Pattern:
    id: str
    regex: re.Pattern
    spec: dict = field(default_factory=dict)
    atoms: int = 0  # name atoms every match holds: sentences with fewer are skipped
    words: tuple[frozenset[str], ...] = ()  # see required_words: sentences without them are skipped

    @classmethod
    def from_spec(cls, spec: dict) -> "Pattern":
        text = spec["pattern"]
        try:
            return cls(spec["id"], compile_pattern(text), spec, required_atoms(text), required_words(text))
        except re.error as exc:
            raise ValueError(f"pattern {spec.get('id')!r} does not compile: {exc}") from None


@dataclass
class Match:
    pattern: Pattern
    groups: dict[str, list[tuple[str, int]]]  # name -> [(TYPE, atom id)]
    words: dict[str, str]  # non-atom named groups (e.g. a status word)
    start_token: int
    end_token: int


class PatternSet:
    """Patterns indexed by the first word set each needs (required_words), so a sentence is
    tried only against the patterns whose words it holds; the order of the list is kept."""

    def __init__(self, patterns: list[Pattern]):
        self.patterns = list(patterns)
        self._always: list[int] = []
        self._by_word: dict[str, list[int]] = {}
        for i, p in enumerate(self.patterns):
            if not p.words:
                self._always.append(i)
            for w in (p.words[0] if p.words else ()):
                self._by_word.setdefault(w, []).append(i)

    def __iter__(self):
        return iter(self.patterns)

    def __len__(self) -> int:
        return len(self.patterns)

    def candidates(self, tokens: set[str]) -> list[Pattern]:
        found = set(self._always)
        for w in tokens & self._by_word.keys():
            found.update(self._by_word[w])
        return [self.patterns[i] for i in sorted(found)]


def match_all(patterns: "list[Pattern] | PatternSet", skeleton: str) -> list[Match]:
    out = []
    present = skeleton.count("§")
    tokens = set(skeleton.split(" "))
    if isinstance(patterns, PatternSet):
        patterns = patterns.candidates(tokens)
    for pat in patterns:
        if pat.atoms > present or not all(tokens & one_of for one_of in pat.words):
            continue
        for m in pat.regex.finditer(skeleton):
            groups, words = {}, {}
            for name, value in m.groupdict().items():
                if value is None:
                    continue
                atoms = [(t, int(i)) for t, i in ATOM.findall(value)]
                if any(t != "DATE" for t, _ in atoms):  # the years a list carries are not members
                    atoms = [a for a in atoms if a[0] != "DATE"]
                if atoms:
                    groups[name] = atoms
                else:
                    words[name] = value
            start_tok = skeleton.count(" ", 0, m.start())
            end_tok = start_tok + m.group(0).count(" ") + 1
            out.append(Match(pat, groups, words, start_tok, end_tok))
    return out
