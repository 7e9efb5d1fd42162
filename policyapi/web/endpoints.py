"""Every route's endpoint name, in one place: links, negotiation, oEmbed and tests use these.

flask-smorest names a route `<blueprint>.<MethodView class>`; tests/test_links.py checks that
this list and the app's URL map agree, so a renamed view cannot leave a dangling name.
"""

from enum import StrEnum


class Endpoint(StrEnum):
    INDEX = "index.Index"
    META = "meta.Meta"
    DOCUMENTS = "documents.Documents"
    DOCUMENT = "documents.DocumentById"
    DOCUMENT_PROVISIONS = "documents.DocumentProvisions"
    DOCUMENT_PROVISION = "documents.DocumentProvisionByEid"
    DOCUMENT_RELATIONS = "documents.DocumentRelations"
    PROVISIONS = "provisions.Provisions"
    PROVISION = "provisions.ProvisionById"
    PROVISION_STATEMENTS = "provisions.ProvisionStatements"
    PROVISION_CORRESPONDENCES = "provisions.ProvisionCorrespondences"
    COMPARE = "compare.Compare"
    JURISDICTIONS = "jurisdictions.Jurisdictions"
    JURISDICTION = "jurisdictions.JurisdictionById"
    TOPICS = "topics.Topics"
    TOPIC = "topics.TopicById"
    TOPIC_PROVISIONS = "topics.TopicProvisions"
    SPEAKERS = "speakers.Speakers"
    SPEAKER = "speakers.SpeakerById"
    SPEAKER_STATEMENTS = "speakers.SpeakerStatements"
    ARTICLES = "articles.Articles"
    ARTICLE = "articles.ArticleById"
    ARTICLE_STATEMENTS = "articles.ArticleStatements"
    STATEMENTS = "statements.Statements"
    STATEMENT = "statements.StatementById"
    STATEMENT_PROVISIONS = "statements.StatementProvisions"
    CITATIONS = "citations.Citations"
    CITATION = "citations.CitationById"
    SEARCH = "search.Search"
    EXPORT = "exports.Export"
    DATA_PACKAGE = "exports.DataPackage"
    DATASET_CITATION = "exports.DatasetCitation"
    PROVISION_CARD = "embed.provision_card"
    STATEMENT_CARD = "embed.statement_card"
    DOCUMENT_CARD = "embed.document_card"
    OEMBED = "embed.oembed"
    EMBED_SCRIPT = "embed.script"
    HEALTHZ = "healthz"
    READYZ = "readyz"
