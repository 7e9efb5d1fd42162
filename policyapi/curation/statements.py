"""Find an article's statements: direct quotations, attributed paraphrases, and narration that
refers to a document, each as an exact span of the text with its speaker.

Rules, per sentence (pysbd; sentences are merged so that no quotation crosses a boundary):
- mostly quoted: each sentence of each quotation is a direct quote; the speaker is the cue's
  subject, else the last speaker (a quotation continued after 'he said', or a paragraph that is
  all quotation);
- a reporting cue outside the quotation marks: a paraphrase (leading or inside cue: the whole
  sentence; trailing cue: up to it; '..., saying X': the participle clause); a long quotation
  ending it is a nested direct quote of its own;
- otherwise a sentence naming a document (order, directive, policy...), or following one in the
  same paragraph, is narration.
"""

import re
from dataclasses import dataclass, field

from policyapi.curation.attribution import Cue, find_cue, is_pronoun
from policyapi.curation.quotes import Quote, find_quotes, words
from policyapi.curation.spans import Span, paragraphs, sentences, trim
from policyapi.curation.speakers import NAME_RUN, Mention, SpeakerIndex
from policyapi.vocab import StatementKind

# A quotation this long ending a paraphrase is a statement of its own, nested in it.
NESTED_QUOTE_WORDS = 8
# Shorter quotations are fragments ('"divisive"') of the sentence around them.
QUOTE_WORDS = 2
DOCUMENT = re.compile(
    r"\b(?:executive order|order|directive|ordinance|polic(?:y|ies)|law|statute|resolution|"
    r"regulation|memorandum|guidance|guidelines|bill)\b(?! enforcement)",
    re.IGNORECASE,
)
# 'NEWARK — ', 'PORTSMOUTH, Va. (AP) — ': the place (and agency) a story opens with.
DATELINE = re.compile(
    r"[A-Z][A-Z .'-]+(?:,[\s\u00a0]+[A-Z][A-Za-z.]*)?(?:[\s\u00a0]+\([A-Za-z ]+\))?"
    r"[\s\u00a0]*[\u2014\u2013-][\s\u00a0]*"
)
TITLE_BEFORE = re.compile(r"\b(?:titled|entitled|called|named|dubbed)[\s\u00a0,]*$")
INDIRECT = re.compile(r"[\s\u00a0]+that\b")
POSSESSIVE_NAME = re.compile(NAME_RUN.pattern + r"['\u2019]s\b")


@dataclass
class Drafted:
    """One statement found, before it becomes YAML."""

    kind: StatementKind
    span: Span
    paragraph: int
    speaker: Mention | None
    attribution: str | None
    parent: int | None = None  # index in the drafted list
    notes: list[str] = field(default_factory=list)


def refers_to_document(text: str) -> bool:
    return any(not text[: m.start()].endswith("in ") for m in DOCUMENT.finditer(text))


class _Drafter:
    def __init__(self, text: str, index: SpeakerIndex) -> None:
        self.text = text
        self.index = index
        self.found: list[Drafted] = []
        self.last: Mention | None = None  # the last named speaker, for pronouns
        self.document_context = False
        # A title ('the mayor') names a known speaker only if the article names them too:
        # another city's mayor is not the one in speakers.yaml.
        self.named = {
            mention.speaker
            for match in NAME_RUN.finditer(text)
            if (mention := index.resolve(match.group(0), allow_new=False)) is not None
        }

    def run(self) -> list[Drafted]:
        paras = paragraphs(self.text)
        quotes = find_quotes(self.text, paras)
        for number, para in enumerate(paras):
            self.document_context = False
            inside = [q for q in quotes if q.paragraph == number]
            for unit in _units(self.text, para, inside):
                if unit.start == paras[0].start:
                    unit = self._without_dateline(unit)
                self.sentence(unit, number, [q for q in inside if unit.start <= q.start < unit.end])
        return self.found

    def _without_dateline(self, unit: Span) -> Span:
        match = DATELINE.match(self.text, unit.start, unit.end)
        return Span(match.end(), unit.end) if match and match.end() < unit.end else unit

    def sentence(self, unit: Span, paragraph: int, quotes: list[Quote]) -> None:
        outers = [q.outer for q in quotes]
        cue = find_cue(self.text, unit, outers)
        spoken = [
            q
            for q in quotes
            if words(self.text[q.start : q.end]) >= QUOTE_WORDS
            and not TITLE_BEFORE.search(self.text[unit.start : q.open_mark])
        ]
        quoted = sum(q.end - q.start for q in quotes)
        # The share of quoted words is of what the cue reports, not of the cue itself
        # ('"I'll believe it," said Marcus Bell, a nurse who commutes daily.').
        reported = unit.end - unit.start
        if cue is not None and cue.placement == "trailing":
            reported = cue.start - unit.start
        if spoken and quoted * 2 >= reported and not self.indirect(cue):
            self.direct(unit, paragraph, spoken, cue)
        elif cue is not None:
            self.paraphrase(unit, paragraph, spoken, cue)
        elif self.document_context or refers_to_document(self.text[unit.start : unit.end]):
            self.document_context = True
            self.add(StatementKind.NARRATION, unit, paragraph, None, None)

    def indirect(self, cue: Cue | None) -> bool:
        """'X wrote that ...': reported speech, whatever share of it is quoted."""
        return cue is not None and bool(INDIRECT.match(self.text, cue.end))

    def direct(self, unit: Span, paragraph: int, spoken: list[Quote], cue: Cue | None) -> None:
        if cue is not None:
            speaker, note = self.speaker_of(cue.subject)
            attribution = self.cue_text(cue)
        else:
            speaker, note = self.last, "speaker carried over from the last one named"
            attribution = "(no cue: continues the last speaker)"
        # 'He defended an executive order ... as a way to "...': the narration before the words.
        head = trim(self.text, unit.start, spoken[0].open_mark)
        before = self.text[head.start : head.end]
        if cue is None and words(before) >= 6 and refers_to_document(before):
            self.add(StatementKind.NARRATION, head, paragraph, None, None)
        for quote in spoken:
            for part in sentences(self.text, quote.start, quote.end):
                notes = [note] if note else []
                self.add(StatementKind.DIRECT_QUOTE, part, paragraph, speaker, attribution, notes)

    def paraphrase(self, unit: Span, paragraph: int, spoken: list[Quote], cue: Cue) -> None:
        body = unit
        if cue.placement == "trailing":
            body = trim(self.text, unit.start, cue.start)
        elif cue.placement == "participle":
            body = Span(cue.start, unit.end)
            head = _without_comma(self.text, trim(self.text, unit.start, cue.start))
            if refers_to_document(self.text[head.start : head.end]):
                self.add(StatementKind.NARRATION, head, paragraph, None, None)
        # '..., saying X' is said by the sentence's subject; 'according to Y' by Y.
        subject = cue.subject
        if subject is None and cue.placement == "participle":
            subject = self.first_name(unit)
        if subject is not None and DOCUMENT.search(subject) and not NAME_RUN.fullmatch(subject):
            # 'The directive ... said': the document speaks, as the article reports it.
            self.document_context = True
            self.add(StatementKind.PARAPHRASE, body, paragraph, None, self.cue_text(cue))
            self.nested(body, paragraph, spoken, None)
            return
        speaker, note = self.speaker_of(subject)
        if speaker is None and subject is not None and self.personal(subject):
            # 'The mayor said', with no mayor named: someone spoke, the curator says who.
            note = f"speaker not resolved: {subject!r}"
        elif speaker is None:
            # A cue whose subject is no person ('the administration announced'): context.
            self.add(StatementKind.NARRATION, body, paragraph, None, self.cue_text(cue))
            return
        notes = [note] if note else []
        parent = self.add(
            StatementKind.PARAPHRASE, body, paragraph, speaker, self.cue_text(cue), notes
        )
        self.nested(body, paragraph, spoken, parent, cue)

    def nested(
        self,
        body: Span,
        paragraph: int,
        spoken: list[Quote],
        parent: int | None,
        cue: Cue | None = None,
    ) -> None:
        """A long quotation that ends the statement is a direct quote nested in it."""
        after_cue = cue.end if cue else body.start
        for quote in spoken:
            long_enough = words(self.text[quote.start : quote.end]) >= NESTED_QUOTE_WORDS
            if quote.close_mark is None or not long_enough:
                continue
            inside = body.start <= quote.open_mark and quote.close_mark < body.end
            if not inside or self.text[quote.close_mark + 1 : body.end].strip(" ,.;\u00a0"):
                continue  # not the statement's last words
            # 'He denied Barr's allegation that ... put "...": the words are Barr's.
            speaker = self.found[parent].speaker if parent is not None else None
            other = POSSESSIVE_NAME.search(self.text, after_cue, quote.open_mark)
            attribution = "(quoted inside the statement)"
            if other is not None:
                speaker = self.index.resolve(other.group(0), allow_new=True) or speaker
                attribution = _short(self.text[other.start() : quote.open_mark])
            self.add(
                StatementKind.DIRECT_QUOTE,
                Span(quote.start, quote.end),
                paragraph,
                speaker,
                attribution,
                parent=parent,
            )

    def first_name(self, unit: Span) -> str | None:
        for match in NAME_RUN.finditer(self.text, unit.start, unit.end):
            if self.index.resolve(match.group(0), allow_new=False) is not None:
                return match.group(0)
        return None

    def personal(self, subject: str) -> bool:
        """A pronoun or a known title: a person spoke, even if who is not resolved."""
        return is_pronoun(subject) or self.index.title(subject) is not None

    def speaker_of(self, subject: str | None) -> tuple[Mention | None, str | None]:
        """Who the cue's subject is, and a review note when it is not a plain name."""
        if subject is None:
            return None, None
        if is_pronoun(subject):
            if self.last is None:
                return None, f"speaker not resolved: {subject!r}, and no one named before"
            return self.last, f"speaker from the pronoun {subject!r}: the last speaker named"
        if subject[0].islower() or subject.split()[0] in {"The", "A", "An", "His", "Her"}:
            sid = self.index.title(subject)
            if sid is None or sid not in self.named:
                return None, None
            mention = Mention(sid, subject, None, False)
            self.last = mention
            return mention, f"speaker from the title {subject!r}"
        named = self.index.resolve(subject, allow_new=True)
        if named is not None:
            self.last = named
        return named, None

    def cue_text(self, cue: Cue) -> str:
        return self.text[cue.start : cue.end].strip(" ,.;\u00a0")

    def add(
        self,
        kind: StatementKind,
        span: Span,
        paragraph: int,
        speaker: Mention | None,
        attribution: str | None,
        notes: list[str] | None = None,
        parent: int | None = None,
    ) -> int:
        span = trim(self.text, span.start, span.end)
        self.found.append(Drafted(kind, span, paragraph, speaker, attribution, parent, notes or []))
        return len(self.found) - 1


def _without_comma(text: str, span: Span) -> Span:
    """The span without the comma or semicolon that joined it to the next clause."""
    end = span.end
    while end > span.start and text[end - 1] in ",;:":
        end -= 1
    return Span(span.start, end)


def _short(phrase: str, most: int = 60) -> str:
    """The phrase cut at a word boundary to at most `most` characters."""
    phrase = " ".join(phrase.split())
    return phrase if len(phrase) <= most else phrase[:most].rsplit(" ", 1)[0] + " ..."


def _units(text: str, para: Span, quotes: list[Quote]) -> list[Span]:
    """The paragraph's sentences, merged where a quotation runs across a boundary."""
    units = sentences(text, para.start, para.end)
    for quote in quotes:
        outer = quote.outer
        merged: list[Span] = []
        for unit in units:
            if (
                merged
                and merged[-1].start < outer.end
                and unit.start < outer.end
                and merged[-1].end > outer.start
            ):
                merged[-1] = Span(merged[-1].start, unit.end)
            else:
                merged.append(unit)
        units = merged
    return units


def draft_statements(text: str, index: SpeakerIndex) -> list[Drafted]:
    """Every statement the rules find in the text, in order of appearance (nested after parents)."""
    return _Drafter(text, index).run()
