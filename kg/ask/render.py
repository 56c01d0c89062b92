"""Human output of `kg ask`: the answer first, then a short explanation, then the evidence."""

from __future__ import annotations

import textwrap

from kg.ask.model import ANSWERED, Answer

__all__ = ["render"]


def _arrow(item: dict) -> str:
    return f"{item['subject']} {item['predicate']} {item['object']}"


def _kind(iri: str | None) -> str:
    parts = (iri or "").split("/id/", 1)
    return parts[1].split("/", 1)[0] if len(parts) == 2 else ""


def _head(result: Answer) -> str:
    labels = [a["label"] for a in result.answers]
    if result.intent == "path":  # a path reads as one: A -> B (show) -> B (book) -> C
        twice = {label for label in labels if labels.count(label) > 1}
        return " \u2192 ".join(f"{a['label']} ({_kind(a.get('iri'))})" if a["label"] in twice else a["label"]
                               for a in result.answers)
    return "; ".join(labels)


def render(result: Answer, *, sparql: bool = False, width: int = 100) -> str:
    lines: list[str] = []
    if result.status == ANSWERED:
        if result.answers:
            head = _head(result)
            lines.append(head + ("  (inferred)" if result.inferred else ""))
        else:
            lines.append("I don't know: the graph does not say.")
        if result.explanation:
            lines += textwrap.wrap(result.explanation, width) or [""]
        if result.inferred and result.chain:
            stated = [c for c in result.chain if not c.get("inferred")]
            concluded = [c for c in result.chain if c.get("inferred")]
            text = ", ".join(_arrow(c) for c in stated)
            if concluded:
                text += " -> " + ", ".join(_arrow(c) for c in concluded)
            lines += textwrap.wrap("Chain: " + text, width, subsequent_indent="  ")
        for note in result.notes:
            lines.append(f"(Note: {note}.)")
        if result.evidence:
            lines += ["", "Evidence:"]
            for ev in result.evidence:
                lines += textwrap.wrap(f"\u201c{ev['text']}\u201d", width, initial_indent="  - ", subsequent_indent="    ")
                source = ev.get("title") or ""
                where = f"{source} <{ev['article']}>" if source else f"<{ev.get('article')}>"
                lines.append(f"    \u2014 {where}")
    else:
        lines += result.explanation.splitlines() or ["I could not answer that."]
        if result.candidates:
            lines.append("Candidates:")
            for c in result.candidates:
                extra = f" ({c['type'].lower()}" + (f" in {c['show']}" if c.get("show") else "") + ")"
                lines.append(f"  - {c['label']}{extra} <{c['iri']}>")
    if sparql and result.sparql:
        lines += ["", "SPARQL:", textwrap.indent(result.sparql, "  ")]
    return "\n".join(lines)
