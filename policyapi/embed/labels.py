"""Human labels for the vocabularies shown on cards and the front page."""

CONFIDENCE_LABELS = {
    "confirmed": "Confirmed",
    "partly_confirmed": "Partly confirmed",
    "inferred": "Inferred",
}
# Headings of a provision card's groups: the statements that ... it.
GROUP_LABELS = {
    "describes": "Describing it",
    "defends": "Defending it",
    "criticizes": "Criticizing it",
    "mentions": "Mentioning it",
}
# What a statement does to what it cites.
RELATION_LABELS = {
    "describes": "Describes",
    "defends": "Defends",
    "criticizes": "Criticizes",
    "mentions": "Mentions",
}
