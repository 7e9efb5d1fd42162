"""Controlled vocabularies stored as CHECK-constrained strings."""

from enum import StrEnum


class DocType(StrEnum):
    EXECUTIVE_ORDER = "executive_order"
    ORDINANCE = "ordinance"
    DIRECTIVE = "directive"
    RESOLUTION = "resolution"
    STATUTE = "statute"
    REGULATION = "regulation"
    POLICY = "policy"


class DocStatus(StrEnum):
    IN_FORCE = "in_force"
    REPEALED = "repealed"
    SUPERSEDED = "superseded"
    UNKNOWN = "unknown"


class Numbering(StrEnum):
    OFFICIAL = "official"
    EDITORIAL = "editorial"


class Confidence(StrEnum):
    CONFIRMED = "confirmed"
    PARTLY_CONFIRMED = "partly_confirmed"
    INFERRED = "inferred"
    UNKNOWN = "unknown"


class ProvisionKind(StrEnum):
    """What a provision is, after Akoma Ntoso's elements (its eid prefix names the same)."""

    PREAMBLE = "preamble"
    RECITAL = "recital"
    PART = "part"
    CHAPTER = "chapter"
    ARTICLE = "article"
    SECTION = "section"
    SUBSECTION = "subsection"
    PARAGRAPH = "paragraph"
    SUBPARAGRAPH = "subparagraph"
    CLAUSE = "clause"
    DEFINITION = "definition"
    SCHEDULE = "schedule"


class PositionBasis(StrEnum):
    """Whose order a provision's position is: the document's, this dataset's, or nobody's."""

    OFFICIAL = "official"
    EDITORIAL = "editorial"
    UNKNOWN = "unknown"


class TextState(StrEnum):
    """How much of a provision's own wording was read."""

    FULL = "full"
    PARTIAL = "partial"
    NOT_READ = "not_read"
    RANGE = "range"  # the record stands for several provisions ("§§ 1–2")


class SpeakerKind(StrEnum):
    PERSON = "person"
    ORGANIZATION = "organization"


class StatementKind(StrEnum):
    DIRECT_QUOTE = "direct_quote"
    PARAPHRASE = "paraphrase"
    NARRATION = "narration"


class Relation(StrEnum):
    DESCRIBES = "describes"
    DEFENDS = "defends"
    CRITICIZES = "criticizes"
    MENTIONS = "mentions"


def check_in(column: str, vocabulary: type[StrEnum]) -> str:
    """Return a SQL CHECK expression limiting `column` to the vocabulary's values."""
    values = ", ".join(f"'{member.value}'" for member in vocabulary)
    return f"{column} IN ({values})"
