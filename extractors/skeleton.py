"""Build sentence skeletons: entity spans become atoms, other tokens their lower-case text."""

from __future__ import annotations

import unicodedata

from spacy.tokens import Span

_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-"})


def normalise_word(text: str) -> str:
    return text.translate(_QUOTES).lower()


def build(sent: Span, atoms: list[tuple[int, int, str]]) -> tuple[str, list[str]]:
    """Skeleton text and its token list. `atoms`: (start_char, end_char, atom) sorted, disjoint."""
    out: list[str] = []
    a, n, emitted = 0, len(atoms), -1
    for tok in sent:
        while a < n and atoms[a][1] <= tok.idx:
            a += 1
        if a < n and atoms[a][0] <= tok.idx < atoms[a][1]:
            if emitted != a:
                out.append(atoms[a][2])
                emitted = a
            continue
        if not tok.is_space:
            out.append(normalise_word(tok.text))
    return " ".join(out), out


def label_key(text: str) -> str:
    """Matching key for names: case, quotes, a leading article and punctuation do not matter."""
    t = unicodedata.normalize("NFKC", text).translate(_QUOTES).casefold().strip()
    t = "".join(c if c.isalnum() or c in "&' " else " " for c in t)
    words = t.split()
    if words and words[0] in ("the", "a", "an") and len(words) > 1:
        words = words[1:]
    if words and words[-1] in ("'s", "s'"):
        words = words[:-1]
    out = " ".join(words)
    return out[:-2] if out.endswith("'s") else out
