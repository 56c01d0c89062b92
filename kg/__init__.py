"""lore-kg: a knowledge graph of TV shows, the books they adapt, their makers and their characters."""

__version__ = "0.1.0"


def __getattr__(name):
    # kg.ask(graph, question) without importing the question answering (and spaCy) eagerly
    if name == "ask":
        import importlib

        return importlib.import_module("kg.ask")
    raise AttributeError(f"module 'kg' has no attribute {name!r}")
