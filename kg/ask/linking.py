"""Entity linking: names in a question -> nodes of the graph, by label and skos:altLabel.

Names are compared normalised (kg.evaluate.gold.normalise: case, punctuation and a leading
"the/a/an" do not matter; diacritics folded; "&" reads "and"). The question is scanned with a
spaCy PhraseMatcher built from every label and alias of the graph (cached per label set); the
longest names win. Characters and people also answer to a first or last name or to their name
without a title ("Kirigan" for "General Kirigan"), as weaker matches. What no name covers is
kept as runs of words, for a fuzzy match (difflib) when an intent finds no entity of its class.
"""

from __future__ import annotations

import difflib
import functools
import threading
from collections import OrderedDict, defaultdict
from dataclasses import dataclass, field

from rdflib import URIRef

from kg.ask.cache import StoreCache
from kg.ask.parser import Parser, load_data
from kg.ask.model import CLASS_ORDER, Entity, Mention, Parsed
from kg.ask.queries import select_all, sorted_rows
from kg.text import fold, label_key
from kg.store.base import Store
from kg.vocab import LORE

__all__ = ["INDEX_QUERY", "Index", "build_index", "forms", "fuzzy_mentions", "index_rows", "link", "load_index"]

# Each name once: the union graph repeats an entity's type and label for every article that
# mentions it (a million rows at 1M quads without DISTINCT); the types are made distinct before
# they are joined with the names, which costs a third of DISTINCT over the whole join.
INDEX_QUERY = """SELECT DISTINCT ?x ?type ?value ?kind WHERE {
  { SELECT DISTINCT ?x ?type WHERE {
      VALUES ?type { lore:Show lore:Book lore:Person lore:Character lore:Organization }
      ?x a ?type . } }
  { ?x rdfs:label ?value . BIND("label" AS ?kind) }
  UNION { ?x skos:altLabel ?value . BIND("alt" AS ?kind) }
  UNION { ?value lore:character ?x . BIND("show" AS ?kind) }
}"""

_CLASSES = {str(LORE[c]): c for c in CLASS_ORDER}
MAX_FUZZY_SPANS = 200
_ID = "https://w3id.org/lore-kg/id/"


def _words() -> dict:
    return load_data("words.json")


@functools.cache
def _titles() -> frozenset[str]:
    return frozenset(_words()["titles"])


@functools.lru_cache(maxsize=1 << 17)
def _folded(label: str) -> str:
    """fold(label_key(label)), remembered: building the index asks for each label several times."""
    return fold(label_key(label))


@functools.cache
def _stop() -> frozenset[str]:
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS) | frozenset(_words()["not_names"])


def forms(label: str) -> list[str]:
    """The normalised spellings a label answers to."""
    base = _folded(label)
    if not base:
        return []
    out = [base]
    if "&" in base:
        out.append(" ".join(base.replace("&", " and ").split()))
    if " and " in f" {base} ":
        out.append(" ".join(f" {base} ".replace(" and ", " & ").split()))
    return out


def _weak_forms(label: str) -> tuple[list[str], list[str]]:
    """(strong, weak) extra forms of a person's or character's name: without a title, first and
    last name."""
    titles = _titles()
    stop = _stop()
    words = _folded(label).split()
    strong, weak = [], []
    if len(words) >= 2 and words[0] in titles:
        rest = words[1:]
        (strong if len(rest) >= 2 else weak).append(" ".join(rest))
        words = rest
    if len(words) >= 2:
        for w in (words[0], words[-1]):
            if len(w) >= 3 and w not in stop and w not in titles and not w.isdigit():
                weak.append(w)
    return strong, weak


def _display_label(labels: list[str], aliases: list[str], types: set[str]) -> str:
    """The label an answer shows: the rdfs:label (straight quotes preferred); for a person or a
    character the fullest name that extends it ("Tennant" -> "David Tennant")."""
    if not labels:
        labels = aliases[:1] or [""]
    label = sorted(labels, key=lambda s: ("\u2019" in s or "\u2018" in s, -len(s), s))[0]
    if types & {"Person", "Character"}:
        titles = _titles()
        mine = label_key(label).split()
        for alias in sorted(aliases, key=lambda s: (-len(s), s)):
            theirs = label_key(alias).split()
            extra = [w for w in theirs if w not in mine]
            if ('"' in alias or len(theirs) <= len(mine) or any(w in titles for w in extra)
                    or not all(w in theirs for w in mine)):
                continue
            if all(part[:1].isupper() for part in alias.split() if label_key(part) in extra):
                return alias
    return label


@dataclass
class Index:
    """Every named entity of the graph and the PhraseMatcher over its names."""

    entities: dict[URIRef, Entity]
    table: dict[str, tuple[set[URIRef], set[URIRef]]]  # token key -> (strong, weak) IRIs
    fuzzy: list[tuple[str, frozenset[URIRef]]]  # form -> IRIs, for difflib
    matcher: object = None
    variants: dict[URIRef, frozenset[URIRef]] = field(default_factory=dict)  # same character, two nodes?
    lock: threading.Lock = field(default_factory=threading.Lock)

    def shows(self) -> list[Entity]:
        return [e for e in self.entities.values() if "Show" in e.types]

    def get(self, iri) -> Entity | None:
        return self.entities.get(URIRef(str(iri)))

    def label(self, iri) -> str:
        entity = self.get(iri)
        if entity is not None:
            return entity.label
        text = str(iri).rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]
        return text.replace("-", " ")


def build_index(rows, parser: Parser) -> Index:
    types: dict[URIRef, set[str]] = defaultdict(set)
    labels: dict[URIRef, list[str]] = defaultdict(list)
    aliases: dict[URIRef, list[str]] = defaultdict(list)
    shows: dict[URIRef, set[URIRef]] = defaultdict(set)
    for x, cls, value, kind in rows:
        if not isinstance(x, URIRef):
            continue
        types[x].add(_CLASSES.get(str(cls), "Thing"))
        kind = str(kind)
        if kind == "label" and str(value) not in labels[x]:
            labels[x].append(str(value))
        elif kind == "alt" and str(value) not in aliases[x]:
            aliases[x].append(str(value))
        elif kind == "show" and isinstance(value, URIRef):
            shows[x].add(value)
    show_iris = {x for x, t in types.items() if "Show" in t}
    entities: dict[URIRef, Entity] = {}
    for x, t in types.items():
        scoped = set(shows.get(x, ()))
        if "Character" in t and str(x).startswith(_ID + "character/"):
            parts = str(x)[len(_ID + "character/"):].split("/")
            if len(parts) == 2 and URIRef(f"{_ID}show/{parts[0]}") in show_iris:
                scoped.add(URIRef(f"{_ID}show/{parts[0]}"))
        names = labels.get(x, [])
        label = _display_label(names, aliases.get(x, []), t)
        others = tuple(sorted({n for n in names + aliases.get(x, []) if n != label}))
        entities[x] = Entity(x, label, frozenset(t), others, frozenset(scoped))

    strong: dict[str, set[URIRef]] = defaultdict(set)
    weak: dict[str, set[URIRef]] = defaultdict(set)
    for x, entity in entities.items():
        for name in (entity.label, *entity.aliases):
            for f in forms(name):
                strong[f].add(x)
            if entity.types & {"Person", "Character"}:
                s, w = _weak_forms(name)
                for f in s:
                    strong[f].add(x)
                for f in w:
                    weak[f].add(x)
    table: dict[str, tuple[set[URIRef], set[URIRef]]] = {}
    docs = []
    all_forms = sorted(set(strong) | set(weak))
    with parser.lock:
        form_docs = list(parser.nlp.tokenizer.pipe(all_forms))
    for form, doc in zip(all_forms, form_docs):
        key = " ".join(t.lower_ for t in doc)
        if not key:
            continue
        if key not in table:
            table[key] = (set(), set())
            docs.append(doc)
        table[key][0].update(strong.get(form, ()))
        table[key][1].update(weak.get(form, ()))
    from spacy.matcher import PhraseMatcher

    matcher = PhraseMatcher(parser.nlp.vocab, attr="LOWER")
    if docs:
        matcher.add("NAME", docs)
    fuzzy = [(f, frozenset(iris)) for f, iris in sorted(strong.items())]
    return Index(entities, table, fuzzy, matcher, variants=_variants(entities))


def _variants(entities: dict[URIRef, Entity]) -> dict[URIRef, frozenset[URIRef]]:
    """Characters of one show that are likely one character written twice: "Matthew" and the
    only "Matthew ..." of the show, "Seraphine" and "Princess Seraphine Vale"."""
    titles = _titles()
    by_show: dict[URIRef, list[Entity]] = defaultdict(list)
    for e in entities.values():
        if "Character" in e.types:
            for show in e.shows:
                by_show[show].append(e)
    out: dict[URIRef, set[URIRef]] = defaultdict(set)
    for chars in by_show.values():
        full: dict[str, list[Entity]] = defaultdict(list)
        short: dict[str, list[Entity]] = defaultdict(list)
        for e in chars:
            words = _folded(e.label).split()
            if len(words) >= 2 and words[0] in titles:
                words = words[1:]
            if len(words) >= 2:
                full[words[0]].append(e)
            elif len(words) == 1:
                short[words[0]].append(e)
        for first, shorts in short.items():
            longs = full.get(first, [])
            if len(shorts) == 1 and len(longs) == 1:
                a, b = shorts[0].iri, longs[0].iri
                out[a].add(b)
                out[b].add(a)
    return {k: frozenset(v) for k, v in out.items()}


_CACHE: OrderedDict[tuple[int, frozenset], Index] = OrderedDict()  # (parser, the rows) -> index
_CACHE_LOCK = threading.Lock()
_CACHE_SIZE = 8
_BY_STORE: StoreCache[Index] = StoreCache()  # store object -> its index, until the store changes


def index_rows(store: Store) -> list[tuple]:
    """The rows the index is built from (INDEX_QUERY: entity, class, name or show, kind), every
    one even from a store that cuts answers; in the store's order."""
    return select_all(store, INDEX_QUERY, "x").rows


def load_index(store: Store, parser: Parser) -> Index:
    """The index of the store's current labels. Kept per store object while the store's change
    token (kg.ask.cache) stays the same; a store without one is read every time, and the index
    rebuilt only when what it read changed."""
    return _BY_STORE.get(store, id(parser), lambda: _load_index(store, parser))


def _load_index(store: Store, parser: Parser) -> Index:
    rows = frozenset(index_rows(store))
    key = (id(parser), rows)  # the rows themselves: compared in full on a hash match
    with _CACHE_LOCK:
        index = _CACHE.get(key)
        if index is not None:
            _CACHE.move_to_end(key)
            return index
    index = build_index(sorted_rows(rows), parser)
    with _CACHE_LOCK:
        _CACHE[key] = index
        while len(_CACHE) > _CACHE_SIZE:
            _CACHE.popitem(last=False)
    return index


# --- linking a question ------------------------------------------------------------------------


def _namey(parsed: Parsed, start: int, end: int, stop) -> bool:
    """Whether a span can be a name: it has a word that is not a stop word, or it is capitalised
    in the question (not as its first word)."""
    if any(w not in stop for w in parsed.lower[start:end]):
        return True
    return any(i > 0 and parsed.tokens[i][:1].isupper() for i in range(start, end))


def _hint(parsed: Parsed, start: int) -> str | None:
    hints = _words()["type_hints"]
    i = start - 1
    while i >= 0 and parsed.lower[i] in ("the", "a", "an"):
        i -= 1
    if i >= 0:
        for cls, words in hints.items():
            if parsed.lower[i] in words:
                return cls
    return None


def link(parsed: Parsed, doc, index: Index) -> None:
    """Find the names of `parsed` (sets parsed.mentions and parsed.runs; drops cues inside names)."""
    stop = _stop()
    with index.lock:
        matches = index.matcher(doc) if index.matcher is not None and len(index.matcher) else []
    season = parsed.season_span
    found: list[Mention] = []
    for _, s, e in matches:
        if season and s < season[1] and season[0] < e:
            continue
        key = " ".join(parsed.lower[s:e])
        strong, weak = index.table.get(key, (set(), set()))
        if not _namey(parsed, s, e, stop):
            continue
        if strong:
            found.append(Mention(s, e, parsed.text(s, e), [index.entities[x] for x in sorted(strong)]))
        elif weak:
            found.append(Mention(s, e, parsed.text(s, e), [index.entities[x] for x in sorted(weak)], weak=True))

    def single_and_cue(m: Mention) -> bool:
        if e_len(m) > 1 and any(w not in stop for w in parsed.lower[m.start:m.end]):
            return False
        inside = [c for c in parsed.cues if c.start < m.end and m.start < c.end]
        capital = any(i > 0 and parsed.tokens[i][:1].isupper() for i in range(m.start, m.end))
        return bool(inside) and not capital

    def e_len(m: Mention) -> int:
        return m.end - m.start

    accepted: list[Mention] = []
    for m in sorted(found, key=lambda m: (m.weak, -e_len(m), m.start)):
        if any(m.overlaps(a.start, a.end) for a in accepted):
            continue
        if single_and_cue(m):
            continue
        accepted.append(m)
    accepted.sort(key=lambda m: m.start)
    for m in accepted:
        m.hint = _hint(parsed, m.start)
    # a cue inside a name is part of the name ("Killing Eve", "Murder, She Wrote")
    parsed.cues = [c for c in parsed.cues if not any(m.start <= c.start and c.end <= m.end for m in accepted)]
    parsed.mentions = accepted
    parsed.runs = _runs(parsed, stop)


def _runs(parsed: Parsed, stop) -> list[tuple[int, int]]:
    covered = [False] * len(parsed.tokens)
    spans = [(m.start, m.end) for m in parsed.mentions] + [(c.start, c.end) for c in parsed.cues]
    if parsed.season_span:
        spans.append(parsed.season_span)
    for s, e in spans:
        for i in range(s, e):
            covered[i] = True
    not_names = set(_words()["not_names"])
    runs, i, n = [], 0, len(covered)
    while i < n:
        if covered[i] or parsed.lower[i] in not_names and parsed.lower[i] not in ("the", "of", "and", "&", "a", "'s"):
            i += 1
            continue
        j = i
        while j < n and not covered[j] and not (parsed.lower[j] in not_names and parsed.lower[j] not in ("the", "of", "and", "&", "a", "'s")):
            j += 1
        s, e = i, j
        while s < e and parsed.lower[s] in stop:
            s += 1
        while e > s and parsed.lower[e - 1] in stop:
            e -= 1
        if s < e:
            runs.append((s, e))
        i = j
    return runs


def fuzzy_mentions(parsed: Parsed, index: Index, classes, *, cutoff: float = 0.84) -> list[Mention]:
    """Mentions for the runs of unknown words, matched to names of `classes` allowing small typos."""
    wanted = set(classes)
    anything = "*" in wanted
    pool = [(f, iris) for f, iris in index.fuzzy
            if any(anything or index.entities[x].types & wanted for x in iris)]
    if not pool:
        return []
    best: list[tuple[float, int, int, int, frozenset]] = []
    spans = [(i, j) for rs, re_ in parsed.runs for i in range(rs, re_) for j in range(i + 1, min(re_, i + 8) + 1)]
    for i, j in spans[:MAX_FUZZY_SPANS]:  # a very long question is not searched through entirely
        text = fold(label_key(" ".join(parsed.lower[i:j])))
        if len(text) < 4:
            continue
        for form, iris in pool:
            if abs(len(form) - len(text)) > max(3, 0.3 * len(form)):
                continue
            # short names need a closer match: "Witchr" is The Witcher, "Watcher" is not
            need = cutoff if len(form) >= 10 else max(cutoff, 0.9)
            sm = difflib.SequenceMatcher(None, text, form)
            if sm.real_quick_ratio() < need or sm.quick_ratio() < need:
                continue
            score = sm.ratio()
            if score >= need:
                best.append((score, j - i, i, j, iris))
    if not best:
        return []
    best.sort(key=lambda b: (-b[0], -b[1], b[2]))
    score, _, i, j, iris = best[0]
    names = set(iris)
    for other_score, _, oi, oj, other in best[1:]:
        if other_score < score - 0.02:
            break
        if oi < j and i < oj:  # an overlapping span as good as the best: it is ambiguous
            names |= other
    ents = [index.entities[x] for x in sorted(names) if anything or index.entities[x].types & wanted]
    mention = Mention(i, j, parsed.text(i, j), ents, score=score)
    mention.hint = _hint(parsed, i)
    return [mention]
