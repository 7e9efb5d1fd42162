"""Where suggested citations join a draft.

The provision suggester (policyapi/suggest/) is built separately; until it is wired in here a
draft's statements have no citations and the curator adds them.
"""

from typing import Any


def citation_suggester(statement_text: str, article_id: str) -> list[dict[str, Any]] | None:
    """Suggested citations for one drafted statement, or None when there is no suggester."""
    del statement_text, article_id
    return None
