"""A precise seed problem: which file, which record, which field, what is wrong."""

from dataclasses import dataclass


@dataclass(frozen=True)
class SeedError:
    file: str
    record_id: str | None
    field: str | None
    message: str

    def __str__(self) -> str:
        where = self.file
        if self.record_id:
            where += f" [{self.record_id}]"
        if self.field:
            where += f" {self.field}"
        return f"{where}: {self.message}"


class SeedValidationError(Exception):
    """Raised with every problem found, so a curator can fix them in one pass."""

    def __init__(self, errors: list[SeedError], warnings: list[SeedError] | None = None) -> None:
        self.errors = errors
        # What was found besides (unreviewed suggestions): worth showing with the errors.
        self.warnings = warnings or []
        super().__init__(f"{len(errors)} seed error(s)")


class UnreviewedDrafts(Exception):
    """A bundle holding articles still marked as drafts is never loaded."""

    def __init__(self, articles: list[str]) -> None:
        self.articles = articles
        super().__init__(
            f"{', '.join(articles)} {'is an' if len(articles) == 1 else 'are'} unreviewed "
            "draft(s): review each statement and remove the article's review block first"
        )
