"""Content words of a text with their code-point offsets, as the suggester matches them.

The terms are search's (policyapi/search/tokens.py): the same words, folding and stems as
`/v1/search`, so a word that finds a provision there is the word that matches it here. On top,
the suggester leaves out more words than search does: it reads whole sentences, not a few
chosen words, and their function words would tie every provision to every text. The same
analysis serves the TF-IDF indexes (a list of terms) and the evidence spans (where each term
sits in a provision field), so what is scored is exactly what is shown as matched.
"""

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from policyapi.search.tokens import Token, term_of, tokens

__all__ = ["Token", "terms", "words"]

# A few words every policy text about immigration uses: they tell no provision from another.
DOMAIN_STOP_WORDS = frozenset({"said", "says", "city", "order", "policy", "policies"})
# Compared as search's terms (stemmed), so "policies" and "policy" both leave.
STOP_TERMS = frozenset(
    term for word in ENGLISH_STOP_WORDS | DOMAIN_STOP_WORDS if (term := term_of(word)) is not None
)


def words(text: str) -> list[Token]:
    """The content words of `text`, in order, with their offsets (stop words left out).

    A single letter is no content word ("s" of "U.S.", "g" of "287(g)"); a single digit is.
    """
    return [
        token
        for token in tokens(text)
        if token.term not in STOP_TERMS and (len(token.term) > 1 or token.term.isdigit())
    ]


def terms(text: str) -> list[str]:
    """The analyser the TF-IDF indexes use: content-word terms, in order."""
    return [token.term for token in words(text)]
