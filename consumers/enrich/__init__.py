"""The enricher: raw articles in, articles with language, actors, categories, event facts and places out."""
