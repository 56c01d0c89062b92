"""Questions that cannot be answered: not understood (no intent's cues), or naming nothing the
graph knows; the help text says what can be asked."""

from __future__ import annotations

import difflib

from kg.ask.context import join as _join
from kg.ask.intents import Intent
from kg.ask.linking import Index
from kg.ask.model import NO_ENTITY, NOT_UNDERSTOOD, Answer, Parsed
from kg.ask.parser import load_data
from kg.text import fold, label_key

__all__ = ["help_text", "no_entity", "not_understood"]


def help_text(index: Index | None = None) -> str:
    examples = load_data("intents.json")["examples"]
    lines = ["I can answer questions like these about the graph (its series, novels, characters and the "
             "people behind them):"]
    lines += [f"  {family:<11} {q}" for family, q in examples]
    if index is not None:
        shows = sorted({e.label for e in index.shows()}, key=str.lower)
        if shows:
            more = f" and {len(shows) - 8} more" if len(shows) > 8 else ""
            lines.append(f"Shows in the graph: {', '.join(shows[:8])}{more}.")
        else:
            lines.append("The graph has no shows yet: ingest some articles first (kg ingest PATH).")
    return "\n".join(lines)


def not_understood(ans: Answer, parsed: Parsed, index: Index) -> Answer:
    ans.status = NOT_UNDERSTOOD
    known = list(dict.fromkeys(m.entities[0].label for m in parsed.mentions if not m.weak))
    head = "I did not understand what you are asking"
    if known:
        head += f" about {_join(known)}"
    ans.explanation = head + ".\n" + help_text(index)
    return ans


_KIND_WORDS = {"Show": "show", "Book": "book", "Person": "person", "Character": "character",
               "Organization": "network or organization", "*": "thing"}


def _suggest(parsed: Parsed, index: Index, classes) -> list[str]:
    """Names of the wanted classes close to the question's unknown words (for "did you mean")."""
    wanted = set(classes)
    labels = sorted({e.label for e in index.entities.values() if "*" in wanted or e.types & wanted})
    by_form = {fold(label_key(label)): label for label in labels}
    out: list[str] = []
    for s, e in parsed.runs:
        text = fold(label_key(parsed.text(s, e)))
        for form in difflib.get_close_matches(text, list(by_form), n=3, cutoff=0.6):
            if by_form[form] not in out:
                out.append(by_form[form])
    return out[:3]


def no_entity(ans: Answer, parsed: Parsed, rule: Intent, index: Index) -> Answer:
    ans.status = NO_ENTITY
    ans.intent, ans.family = rule.name, rule.family
    kinds = " or ".join(dict.fromkeys(_KIND_WORDS[c] for c in rule.slot))
    names = [parsed.text(s, e) for s, e in parsed.runs]
    if rule.mentions > 1:
        head = (f"I need two things the graph knows to connect; I found "
                f"{_join([repr(m.text) for m in parsed.mentions]) or 'none'}.")
    elif names:
        head = f"I could not find a {kinds} called {' / '.join(repr(n) for n in names)} in the graph."
        close = _suggest(parsed, index, rule.slot)
        if close:
            head += f" Did you mean {' or '.join(repr(c) for c in close)}?"
    elif parsed.mentions:
        parts = [f"{m.text!r} is a {' and a '.join(sorted({e.kind.lower() for e in m.entities}))}"
                 for m in parsed.mentions]
        head = f"The question names no {kinds} the graph knows: {'; '.join(parts)}."
    else:
        head = f"Which {kinds} do you mean? The question names none."
    ans.explanation = head + "\n" + help_text(index)
    return ans
