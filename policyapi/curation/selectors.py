"""W3C TextQuoteSelector context: the code points either side of a statement."""

# The same width the loader stores (seeds/bundle.py QUOTE_CONTEXT).
CONTEXT = 32


def prefix_of(text: str, start: int) -> str:
    return text[max(0, start - CONTEXT) : start]


def suffix_of(text: str, end: int) -> str:
    return text[end : end + CONTEXT]
