"""Controlled vocabularies stored as CHECK-constrained strings."""

from enum import StrEnum

# Kinds of document (executive_order, ordinance, directive...) are data, not code: they are
# listed in seeds/vocabularies.yaml under `doc_types` and stored in the doc_types table.


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

    PREFACE = "preface"  # the heading block: number, addressees, date, title
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


class VersionMatch(StrEnum):
    """Why a provision version was chosen for a day (`as_of`)."""

    IN_FORCE = "in_force"  # the day falls within the version's dates
    # No version covers the day: the latest one begun before it is shown, or the first when
    # the day precedes them all.
    NOT_IN_FORCE = "not_in_force"
    UNDATED = "undated"  # no version history is recorded: the provision's one version


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


class CitationStatus(StrEnum):
    """Whether a person checked a citation, or a model only proposed it."""

    REVIEWED = "reviewed"
    SUGGESTED = "suggested"


class EventType(StrEnum):
    """Dated events in a document's life."""

    SIGNED = "signed"
    ISSUED = "issued"
    ADOPTED = "adopted"
    APPROVED_BY_VOTERS = "approved_by_voters"
    EFFECTIVE = "effective"
    AMENDED = "amended"
    REPEALED = "repealed"


# The events a document's `signed_on` is derived from, in order of preference.
SIGNING_EVENTS = (EventType.SIGNED, EventType.ISSUED)


class IdentifierScheme(StrEnum):
    """The numbers an instrument goes by."""

    ORDER_NUMBER = "order_number"
    ORDINANCE_NUMBER = "ordinance_number"
    DIRECTIVE_NUMBER = "directive_number"
    RESOLUTION_NUMBER = "resolution_number"
    BILL_NUMBER = "bill_number"
    MEASURE = "measure"
    CODE_CITATION = "code_citation"
    OTHER = "other"


class ActorRole(StrEnum):
    """What a person or organization did for a document."""

    ISSUER = "issuer"
    SIGNATORY = "signatory"
    SPONSOR = "sponsor"
    APPROVER = "approver"


class DocumentRelationType(StrEnum):
    """How one document bears on another (subject -> object)."""

    AMENDS = "amends"
    SUPERSEDES = "supersedes"
    EXPANDS = "expands"
    IMPLEMENTS = "implements"
    MODELLED_ON = "modelled_on"
    # A higher jurisdiction's rule that covers the object's ground (a state directive binding a
    # city's police).
    OVERLAYS = "overlays"


class Direction(StrEnum):
    """Which end of a relation the item asked about is."""

    OUTGOING = "outgoing"  # the item is the subject
    INCOMING = "incoming"  # the item is the object


class Scope(StrEnum):
    """How far one provision reaches compared with the one it corresponds to."""

    SAME = "same"
    NARROWER = "narrower"
    BROADER = "broader"

    def seen_from_other_side(self) -> "Scope":
        return {Scope.NARROWER: Scope.BROADER, Scope.BROADER: Scope.NARROWER}.get(self, self)


class ChangeAction(StrEnum):
    """What a release did to a record, compared with the release before it."""

    ADDED = "added"
    CHANGED = "changed"
    REMOVED = "removed"


class RecordType(StrEnum):
    """The kinds of record a change is about (each a table of the export)."""

    TOPIC = "topic"
    DOC_TYPE = "doc_type"
    JURISDICTION = "jurisdiction"
    SPEAKER = "speaker"
    DOCUMENT = "document"
    RELATION = "relation"
    PROVISION = "provision"
    CORRESPONDENCE = "correspondence"
    ARTICLE = "article"
    STATEMENT = "statement"


def check_in(column: str, vocabulary: type[StrEnum]) -> str:
    """Return a SQL CHECK expression limiting `column` to the vocabulary's values."""
    values = ", ".join(f"'{member.value}'" for member in vocabulary)
    return f"{column} IN ({values})"
