"""Question answering over the graph: ``kg ask "QUESTION"``, the web UI and ``kg eval`` call this.

    >>> from kg.ask import ask
    >>> ask(store, "Which book would season 2 of Tiny Pretty Things adapt?")["answers"]
    [{'label': 'Shiny Broken Pieces', 'iri': 'https://w3id.org/lore-kg/id/book/shiny-broken-pieces'}]

`ask(store, question)` returns the JSON contract of ``kg ask --json`` (question, intent, answers,
inferred, chain, sparql, evidence); `answer(store, question)` returns the `Answer` itself, with
the explanation, the status (answered, ambiguous, not understood, no entity) and the candidates
of an ambiguous name.

Pieces: parser.py (spaCy Matcher cues, patterns in data/*.json), linking.py (names -> nodes),
intents/ (one registered object per intent of data/intents.json: the generic StepsIntent for
the intents that are data only, subclasses for kinship, sequels, harm, the season question,
status and release, paths and centrality), engine.py (intent and entity -> the intent's
answer), unanswered.py (not understood, no entity, the help text), queries.py (SPARQL, values
bound as rdflib terms; every row read even from a store that cuts answers), reasoning.py
(adaptation chain, newest status), graphq.py (networkx paths and centrality), context.py (what
the intents share: the question's context, chains, answers, evidence), kinship.py (the gender a
kinship word asks for and the answers of it by their stored schema:gender, which name a kinship
question is about), status.py (the shows of a network by renewal status, the end of a canceled
show's seasons), render.py (the human text: ``kg.ask.render.render(answer)``), cache.py (the
label index kept per store until it changes).
Answers are the same from every store (rdflib in memory, the embedded store, Virtuoso): rows are
put in one order before anything is read from them.
spaCy is imported on the first question, not when this package is imported.
"""

from __future__ import annotations

from kg.ask.model import Answer

__all__ = ["Answer", "answer", "ask"]


def answer(store, question: str, *, nlp=None, intents=None) -> Answer:
    """Answer `question` from the graph in `store`; never raises for a question it cannot answer.
    `intents`: a `kg.ask.intents.Intents` to ask with instead of those of kg/ask/data/intents.json."""
    from kg.ask.engine import answer as run

    return run(store, question, nlp=nlp, intents=intents)


def ask(store, question: str, *, nlp=None) -> dict:
    """The answer as the ``kg ask --json`` dict: {"question", "intent", "answers": [{"label",
    "iri"}], "inferred", "chain", "sparql", "evidence": [{"text", "article", ...}]}."""
    return answer(store, question, nlp=nlp).to_json()

