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


@dataclass
class Pattern:
    id: str
    regex: re.Pattern
    spec: dict = field(default_factory=dict)
    atoms: int = 0  # name atoms every match holds: sentences with fewer are skipped


    @classmethod
    def from_spec(cls, spec: dict) -> "Pattern":
        try:
            return cls(spec["id"], compile_pattern(spec["pattern"]), spec, required_atoms(spec["pattern"]))
        except re.error as exc:
            raise ValueError(f"pattern {spec.get('id')!r} does not compile: {exc}") from None


@dataclass
class Match:
    pattern: Pattern
    groups: dict[str, list[tuple[str, int]]]  # name -> [(TYPE, atom id)]
    words: dict[str, str]  # non-atom named groups (e.g. a status word)
    start_token: int
    end_token: int


def match_all(patterns: list[Pattern], skeleton: str) -> list[Match]:
    out = []
    present = skeleton.count("§")
    for pat in patterns:
        if pat.atoms > present:
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
