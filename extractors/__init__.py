"""spaCy components and the pipeline that turn articles into lore-kg facts."""
