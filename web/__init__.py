"""The lore-kg web explorer."""
