"""Import every table model so SQLModel.metadata knows them all."""

from policyapi.models.article import Article
from policyapi.models.base import TimestampMixin
from policyapi.models.citation import Citation
from policyapi.models.dataset import Dataset
from policyapi.models.document import Document
from policyapi.models.jurisdiction import Jurisdiction
from policyapi.models.lifecycle import DocTypeTerm, DocumentActor
from policyapi.models.provision import Provision
from policyapi.models.provision_version import ProvisionVersion
from policyapi.models.relation import DocumentRelation, ProvisionCorrespondence
from policyapi.models.release import Change, ChangeSubject, Release, ReleaseFile
from policyapi.models.speaker import Speaker
from policyapi.models.statement import Statement
from policyapi.models.topic import ProvisionTopic, Topic

__all__ = [
    "Article",
    "Change",
    "ChangeSubject",
    "Citation",
    "Dataset",
    "DocTypeTerm",
    "Document",
    "DocumentActor",
    "DocumentRelation",
    "Jurisdiction",
    "Provision",
    "ProvisionCorrespondence",
    "ProvisionVersion",
    "ProvisionTopic",
    "Release",
    "ReleaseFile",
    "Speaker",
    "Statement",
    "Topic",
    "TimestampMixin",
]
