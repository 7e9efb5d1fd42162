"""Curation tools: draft an article's statements from its text, re-anchor them after a recapture."""
