"""Build sentence skeletons: entity spans become atoms, other tokens their lower-case text."""

from __future__ import annotations

from spacy.tokens import Span

from kg.text import plain_word


class TypoFixer:
    """Mend one-letter slips in the cue words patterns rely on ("creatd", "baesd", "seires"),
    so a garbled word does not derail its sentence. Only words that are not English words
    themselves are touched, and only towards a pattern keyword one edit away."""

    _LETTERS = "abcdefghijklmnopqrstuvwxyz"

    def __init__(self, keywords: set[str], known: frozenset[str]):
        self.keywords = {k for k in keywords if len(k) >= 4}
        # one edit changes a length by at most one: longer words are no slip of a keyword (and
        # the edits of a 20,000-letter "word" would take minutes)
        self.longest = max(map(len, self.keywords), default=0) + 1
        self.known = known
        self._cache: dict[str, str] = {}

    def __call__(self, word: str) -> str:
        if not 4 <= len(word) <= self.longest or not word.isalpha() or word in self.keywords or word in self.known:
            return word
        fixed = self._cache.get(word)
        if fixed is None:
            hits = [w for w in self._edits(word) if w in self.keywords]
            fixed = self._cache[word] = hits[0] if len(set(hits)) == 1 else word
        return fixed

    def _edits(self, word: str):
        splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
        for a, b in splits:
            if b:
                yield a + b[1:]
            if len(b) > 1:
                yield a + b[1] + b[0] + b[2:]
            for c in self._LETTERS:
                if b:
                    yield a + c + b[1:]
                yield a + c + b


def build(sent: Span, atoms: list[tuple[int, int, str]], fix=None) -> tuple[str, list[str]]:
    """Skeleton text and its token list. `atoms`: (start_char, end_char, atom) sorted, disjoint."""
    out: list[str] = []
    a, n, emitted = 0, len(atoms), -1
    for tok in sent:
        while a < n and atoms[a][1] <= tok.idx:
            a += 1
        if a < n and atoms[a][0] < tok.idx + len(tok.text) and tok.idx < atoms[a][1]:
            # every atom the token touches: "3-4" is one token but two seasons
            while a < n and atoms[a][0] < tok.idx + len(tok.text):
                if emitted != a:
                    out.append(atoms[a][2])
                    emitted = a
                if atoms[a][1] > tok.idx + len(tok.text):
                    break
                a += 1
            continue
        if not tok.is_space:
            word = plain_word(tok.text)
            out.append(fix(word) if fix else word)
    return " ".join(out), out
