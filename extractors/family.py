"""What an article's family statements imply together: a parent of one child is the parent of
that child's brothers and sisters ("A's father, P" and "A's brother, B": P is B's father too).
Inferred facts, with the parent statement as evidence.

Half-, step-, adoptive and foster relations break the link ("B, A's half-brother": A's mother
need not be B's), so a statement that names one is no link. A child whose article already names
two parents gets no third. (Siblings of siblings are not inferred: one misread brother would
join two families.)
"""

from __future__ import annotations

import re

from kg.extraction import EntityKey, Fact

# "half-brother", "half sister", "stepmother", "step-son": kin by one parent or by marriage
_PARTIAL_KIN = re.compile(r"\b(?:half|step)[- ]?(?:brother|sister|sibling|son|daughter|child|children|mother|"
                          r"father|parent|mum|mom|dad)s?\b|\badopt|\bfoster", re.IGNORECASE)


def family_facts(facts: list[Fact]) -> list[Fact]:
    """Parents shared by brothers and sisters (see the module docstring)."""
    kin = [f for f in facts if f.predicate in ("parent", "sibling") and isinstance(f.object, EntityKey)
           and f.subject != f.object and not _PARTIAL_KIN.search(f.evidence.sentence)]
    siblings: dict[EntityKey, dict[EntityKey, Fact]] = {}
    parents: dict[EntityKey, dict[EntityKey, Fact]] = {}
    for f in kin:
        if f.predicate == "sibling":
            siblings.setdefault(f.subject, {})[f.object] = f
            siblings.setdefault(f.object, {})[f.subject] = f
        else:
            parents.setdefault(f.object, {})[f.subject] = f
    stated_parents: dict[EntityKey, set[EntityKey]] = {}
    for f in facts:
        if f.predicate == "parent":
            stated_parents.setdefault(f.object, set()).add(f.subject)
    out: list[Fact] = []

    # a parent of one child is the parent of that child's brothers and sisters
    for child in sorted(parents, key=lambda k: k.label):
        for parent, said in sorted(parents[child].items(), key=lambda kv: kv[0].label):
            for other in sorted(siblings.get(child, {}), key=lambda k: k.label):
                known = stated_parents.setdefault(other, set())
                if parent in known or parent == other or parent in siblings.get(child, {}) or len(known) >= 2:
                    continue
                known.add(parent)
                out.append(Fact.inferred_from(parent, "parent", other, said.evidence, "parent-of-sibling"))
    return out
