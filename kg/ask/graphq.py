"""Questions about the shape of the graph, answered with networkx over the union graph.

- `shortest_path`: how two entities are connected, as a chain of named relations.
- `central_characters`: the characters of a show ranked by degree centrality among the show's
  characters (relations between characters), ties broken by betweenness.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import networkx as nx
from rdflib import URIRef

__all__ = ["Centrality", "PathResult", "central_characters", "relation_graph", "shortest_path"]


def _name(p: URIRef) -> str:
    return str(p).rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def relation_graph(edges: Iterable[tuple[URIRef, URIRef, URIRef]]) -> nx.MultiGraph:
    """An undirected multigraph of entities; each edge keeps its relation and direction."""
    g = nx.MultiGraph()
    for s, p, o in edges:
        if s == o:
            continue
        g.add_edge(s, o, key=(s, p, o), s=s, p=p, o=o, relation=_name(p))
    return g


@dataclass
class PathResult:
    nodes: list[URIRef]
    facts: list[tuple[URIRef, URIRef, URIRef]]  # (s, p, o) of each hop, as stated


def shortest_path(g: nx.MultiGraph, a: URIRef, b: URIRef) -> PathResult | None:
    if a not in g or b not in g:
        return None
    try:
        nodes = nx.shortest_path(g, a, b)
    except nx.NetworkXNoPath:
        return None
    facts = []
    for u, v in zip(nodes, nodes[1:]):
        data = sorted(g.get_edge_data(u, v).values(), key=lambda d: (d["relation"], str(d["s"])))
        facts.append((data[0]["s"], data[0]["p"], data[0]["o"]))
    return PathResult(nodes, facts)


@dataclass
class Centrality:
    character: URIRef
    degree: int  # number of other characters it is related to
    centrality: float  # networkx degree centrality
    betweenness: float
    facts: list[tuple[URIRef, URIRef, URIRef]]


def central_characters(characters: Iterable[URIRef], edges: Iterable[tuple[URIRef, URIRef, URIRef]]) -> list[Centrality]:
    """The characters ranked, most central first (only edges between the given characters)."""
    chars = set(characters)
    g = nx.Graph()
    g.add_nodes_from(chars)
    facts: dict[URIRef, list] = {c: [] for c in chars}
    for s, p, o in edges:
        if s in chars and o in chars and s != o:
            g.add_edge(s, o)
            for c in (s, o):
                if (s, p, o) not in facts[c]:
                    facts[c].append((s, p, o))
    if not g.number_of_edges():
        return []
    degree = nx.degree_centrality(g)
    between = nx.betweenness_centrality(g)
    ranked = sorted(chars, key=lambda c: (-degree[c], -between[c], -len(facts[c]), str(c)))
    return [Centrality(c, g.degree(c), degree[c], between[c], facts[c]) for c in ranked if g.degree(c)]
