"""lore-kg: a knowledge graph of TV shows, the books they adapt, their makers and their characters."""

__version__ = "0.1.0"

