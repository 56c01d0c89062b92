"""`lore_relations`: relations between the entities of each story sentence.

Sentence skeletons (entities, resolved descriptions and pronouns as atoms) are matched against
the patterns in `data/relations.json`. A match is dropped when a negation or a hedge ("not",
"may", "rumoured", "if") stands in it or just before it in the same clause, unless the pattern says it reads
negation itself ("has not been renewed" means pending). Questions state nothing.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from extractors import skeleton
from extractors.main_show import main_show
from extractors.doc_model import BOOK, CHAR, DATE, PERSON, SEASON, SHOW, STORY_BLOCKS, LoreFact, block_kind_at, text_of
from extractors.lexicons import lexicons, pattern_keywords
from extractors.frame_facts import frame_facts
from extractors.frame_base import read_lexicon
from extractors.frames import FrameReader
from extractors.patterns import Match, Pattern, PatternSet, match_all
from extractors.rule_component import RuleComponent

STORY_PREDICATES = {"sibling", "parent", "romantic", "harmed", "framed"}
STRONG_PERSON = 0.75  # a name typed Person at least this confidently is a real person
HEDGE_WINDOW = 4  # tokens before a match that can still hedge it ("it is rumoured that ...")
STATUS_WORDS = {"renewed": "renewed", "canceled": "canceled", "cancelled": "canceled", "axed": "canceled",
                "scrapped": "canceled", "ended": "canceled", "pending": "pending", "unknown": "pending",
                "undecided": "pending"}

@Language.factory(
    "lore_relations_v2",
    assigns=["doc._.lore_facts", "doc.spans"],
    requires=["doc._.lore_entities", "doc._.lore_mentions"],
)
def make_relations(nlp: Language, name: str):
    return RelationExtractor(name)


class RelationExtractor(RuleComponent):
    RULES = {"relations": "relations.json", "frames": "frames.json"}

    def __init__(self, name: str):
        super().__init__(name)
        cues = lexicons().cues
        self.negation = set(cues["negation"])
        self.hedges = set(cues["hedges"])
        self.clause_breaks = set(cues["clause_breaks"])
        self.fix = skeleton.TypoFixer(set(pattern_keywords()), lexicons().common_words)

    def initialize(self, get_examples=None, *, nlp=None, relations: str | None = None,
                   frames: str | None = None) -> None:
        self.read_rules(relations=relations, frames=frames)

    def set_rules(self, docs: dict) -> None:
        specs = docs["relations"]
        self.patterns = PatternSet([Pattern.from_spec(s) for s in specs])
        self.heading_patterns = PatternSet([p for p in self.patterns if p.spec.get("headings")])
        self.overriding = {s["id"] for s in specs if s.get("overrides")}
        self.frames = FrameReader(read_lexicon(docs["frames"]))

    def __call__(self, doc: Doc) -> Doc:
        self.require_rules()
        ents = doc._.lore_entities or []
        mentions = doc._.lore_mentions or []
        main = main_show(doc, ents, mentions)
        facts: list[LoreFact] = []
        parsed = doc.has_annotation("DEP")
        for sent in doc.sents:
            kind = block_kind_at(doc, sent.start_char)
            if sent.text.rstrip().endswith("?") or kind not in STORY_BLOCKS + ("heading",):
                continue
            patterns = self.patterns if kind in STORY_BLOCKS else self.heading_patterns
            in_sent = [m for m in mentions if sent.start_char <= m.start and m.end <= sent.end_char]
            if not in_sent and "status" not in sent.text.lower():
                continue
            atoms = _disjoint([(m.start, m.end, f"§{ents[m.entity].type}{m.entity}") for m in in_sent])
            for sent_atoms in (atoms, _season_of_show(atoms, ents, text_of(doc))):
                if sent_atoms is None:
                    continue
                text, tokens = skeleton.build(sent, sent_atoms, self.fix)
                for match in match_all(patterns, text):
                    if self._blocked(match, tokens):
                        continue
                    context = _Context(doc, ents, mentions, main, sent.start_char)
                    facts.extend(self._facts(match, context, sent))
            if kind in STORY_BLOCKS and parsed and in_sent:
                facts.extend(frame_facts(sent, in_sent, _Context(doc, ents, mentions, main, sent.start_char),
                                         self.frames))
        doc._.lore_facts = _dedupe(_apply_overrides(facts, self.overriding))
        doc.user_data.pop("lore_frames", None)  # the last reader: the frames go with the sentence work
        write_mention_spans(doc, ents, mentions)
        return doc

    def _blocked(self, match: Match, tokens: list[str]) -> bool:
        spec = match.pattern.spec
        before = tokens[max(0, match.start_token - HEDGE_WINDOW):match.start_token]
        for k in range(len(before) - 1, -1, -1):
            if before[k] in self.clause_breaks:  # "Allison, a rumour-monger, while X plays Y"
                before = before[k + 1:]
                break
        window = before + tokens[match.start_token:match.end_token]
        if spec.get("negation", "block") == "block" and any(t in self.negation for t in window):
            return True
        allowed = set(spec.get("hedge_ok", []))
        return spec.get("hedge", "block") == "block" and any(t in self.hedges and t not in allowed for t in window)

    def _facts(self, match: Match, ctx: "_Context", sent) -> list[LoreFact]:
        spec = match.pattern.spec
        subjects = ctx.resolve(spec["subject"], match)
        objects = self._objects(spec, match, ctx)
        predicate = spec["predicate"]
        if spec.get("act"):  # the harm the verb names, from its lemma ("poisoned him": poisoned)
            predicate = self.frames.act(_lemma_of(sent, match.words.get(spec["act"], ""))) or predicate
        as_of = match.groups.get(spec.get("as_of", ""), [(None, None)])[0][1]
        if as_of is None and spec["predicate"] == "renewalStatus":
            as_of = ctx.update_date(sent)  # "UPDATE, March 3rd, 2023: Hulu has renewed X"
        mode = spec.get("mode", "pairs")
        if mode == "triangle":
            pairs = [(s, subjects[-1]) for s in subjects[:-1]]
        elif mode == "zip":  # "A and B are played by X and Y (respectively)"
            pairs = list(zip(subjects, objects)) if len(subjects) == len(objects) else []
        elif mode == "chain":
            chain = subjects[:1] + objects
            pairs = list(zip(chain, chain[1:]))
        else:
            pairs = [(s, o) for s in subjects for o in objects]
        if spec["predicate"] in STORY_PREDICATES and not ctx.story_people(subjects + objects):
            return []
        rule = f"lore_relations:{match.pattern.id}"
        conf = spec.get("confidence", 0.7)
        return [
            LoreFact(s, predicate, o, sent.start_char, sent.end_char, rule, conf, as_of)
            for s, o in pairs
            if s != o
        ]

    def _objects(self, spec: dict, match: Match, ctx: "_Context") -> list:
        obj = spec.get("object")
        if isinstance(obj, dict):
            if "value" in obj:
                return [obj["value"]]
            word = STATUS_WORDS.get(match.words.get(obj["word"], ""))
            return [word] if word else []
        if obj is None:  # an attribute-only pattern, such as a book's place in its series
            return [match.words.get("ordinal", "")]
        return ctx.resolve(obj, match)


class _Context:
    def __init__(self, doc, ents, mentions, main, sent_start):
        self.doc, self.ents, self.mentions, self.main, self.sent_start = doc, ents, mentions, main, sent_start

    def update_date(self, sent) -> int | None:
        """The date of an "Update, DATE:" or "As of DATE," lead-in to the sentence."""
        lead = sent.text[:40].lower()
        if not any(w in lead for w in ("update", "as of", "updated")):
            return None
        dates = [m for m in self.mentions if sent.start_char <= m.start < sent.start_char + 40
                 and self.ents[m.entity].type == DATE]
        return dates[0].entity if dates else None

    def story_people(self, ids: list) -> bool:
        """Story relations hold between characters: a name typed Person only by its shape
        ("Joseph Bachman") is a character here; a confidently typed real person stops the fact."""
        if any(self.ents[i].type == PERSON and self.ents[i].confidence >= STRONG_PERSON
               for i in ids if isinstance(i, int)):
            return False
        for i in ids:
            if isinstance(i, int):
                self.as_character(i)
        return True

    def as_character(self, ent: int) -> bool:
        """Make a name typed Person only weakly a character of the show of this part of the
        article; False (and no change) when it is a confidently typed real person."""
        e = self.ents[ent]
        if e.type == CHAR:
            return True
        if e.type != PERSON or e.confidence >= STRONG_PERSON:
            return False
        show = self.nearest_of(SHOW)  # the show of this part of the article (roundups)
        e.type, e.show = CHAR, self.main if show is None else show
        return True

    def resolve(self, ref: str, match: Match) -> list[int]:
        for option in ref.split("|"):
            ids = self._resolve_one(option, match)
            if ids:
                return ids
        return []

    def _resolve_one(self, ref: str, match: Match) -> list[int]:
        if ref == "@main_show":
            return [self.main] if self.main is not None else []
        if ref == "@section_show":
            show = self.nearest_of(SHOW)
            show = self.main if show is None else show
            return [] if show is None else [show]
        if ref == "@prev_book":  # the book named last before the match: in its sentence, else before
            taken = {i for atoms in match.groups.values() for _, i in atoms}
            first = min((m.start for m in self.mentions if m.entity in taken and m.start >= self.sent_start), default=None)
            earlier = [m for m in self.mentions if first is not None and self.sent_start <= m.start < first
                       and self.ents[m.entity].type == BOOK and m.entity not in taken]
            found = max(earlier, key=lambda m: m.start).entity if earlier else self.nearest_of(BOOK, exclude=taken)
            return [found] if found is not None else []
        return [i for _, i in match.groups.get(ref, [])]

    def nearest_work(self) -> int | None:
        """The book or show mentioned last before this sentence."""
        return self.nearest_of(BOOK, SHOW)

    def nearest_of(self, *kinds: str, exclude: set[int] = frozenset()) -> int | None:
        """The entity of one of `kinds` mentioned last before this sentence."""
        best, best_start = None, -1
        for m in self.mentions:
            if best_start < m.start < self.sent_start and self.ents[m.entity].type in kinds and m.entity not in exclude:
                best, best_start = m.entity, m.start
        return best


MENTIONS_KEY = "lore_mentions"


def write_mention_spans(doc: Doc, ents: list, mentions: list) -> None:
    """Every mention, after coreference, as a Span in doc.spans["lore_mentions"]: its label the
    entity's class (SHOW, BOOK, PERSON, CHAR, ORG, DATE, SEASON), its kb_id the entity's index in
    doc._.lore_entities, its text what the article says ("Delia", "the novel", "she")."""
    spans = []
    for m in mentions:
        span = doc.char_span(m.start, m.end, label=ents[m.entity].type, kb_id=str(m.entity), alignment_mode="expand")
        if span is not None:
            spans.append(span)
    doc.spans[MENTIONS_KEY] = spans


def _lemma_of(sent, word: str) -> str:
    """The lemma of `word` as the pipeline read it in `sent` (the word itself if not found)."""
    low = word.lower()
    for tok in sent:
        if tok.lower_ == low:
            return (tok.lemma_ or low).lower()
    return low


def _season_of_show(atoms: list[tuple[int, int, str]], ents: list, text: str) -> list | None:
    """"season 2 of SHOW" read as the one season it names, so that the season patterns see
    their subject ("Season 2 of SHOW adapts B"); None when the sentence has no such phrase. The
    sentence is matched both ways: patterns about the show itself keep seeing it."""
    merged, changed = [], False
    for atom in atoms:
        if merged and atom[2].startswith(f"§{SHOW}") and merged[-1][2].startswith(f"§{SEASON}"):
            season = ents[int(merged[-1][2][len(SEASON) + 1:])]
            if season.show == int(atom[2][len(SHOW) + 1:]) and \
                    re.fullmatch(r"\s+of\s+(?:the\s+)?(?:[a-z-]+\s+){0,3}", text[merged[-1][1]:atom[0]], re.I):
                merged[-1] = (merged[-1][0], atom[1], merged[-1][2])
                changed = True
                continue
        merged.append(atom)
    return merged if changed else None


def _disjoint(atoms: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    out = []
    for a in sorted(atoms, key=lambda a: (a[0], -a[1])):
        if not out or a[0] >= out[-1][1]:
            out.append(a)
    return out


FRAME_RULE = "lore_relations:frame_"  # facts read from the parse (frame_facts.py)


_MANY_MAKERS = {"createdBy", "network"}


def _apply_overrides(facts: list[LoreFact], overriding: set[str]) -> list[LoreFact]:
    """A pattern that reads a whole construction ("A poisoned B and framed C", "A and B, played by
    X and Y respectively") knows better than anything else in its sentence; a fact read from the
    parse knows better than a nearest-name pattern. A winner drops, in its sentence, the facts of
    lower rank with its predicate that share a subject or an object with it, or that reverse it."""
    def rank(f: LoreFact) -> int:
        return 2 if f.rule.split(":")[-1] in overriding else 1 if f.rule.startswith(FRAME_RULE) else 0
    by_sentence: dict[int, list[LoreFact]] = {}
    for f in facts:
        by_sentence.setdefault(f.sentence_start, []).append(f)
    kept = []
    for group in by_sentence.values():
        for f in group:
            r = rank(f)
            # (one actor may play two roles: a cast fact gives way only where its role is taken; a
            # show has many creators and networks: such a fact gives way only where its object is taken)
            if not any(rank(w) > r and w.predicate == f.predicate and (
                    w.subject == f.subject and f.predicate not in _MANY_MAKERS
                    or w.object == f.object and f.predicate != "portrayedBy"
                    or (w.subject, w.object) == (f.object, f.subject)) for w in group):
                kept.append(f)
    return kept


def _dedupe(facts: list[LoreFact]) -> list[LoreFact]:
    best: dict[tuple, LoreFact] = {}
    for f in facts:
        key = (f.subject, f.predicate, f.object, f.sentence_start)
        if key not in best or f.confidence > best[key].confidence:
            best[key] = f
    return list(best.values())

