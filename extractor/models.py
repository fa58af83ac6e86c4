"""Typed, immutable results of reading a notice.

The JSON of :class:`Notice` is the gold shape of FIELDS.md (``source``,
``documents[].meta``, ``documents[].sections``, ``documents[].parameters``) plus
provenance keys: spans into the cleaned text, the map from cleaned text back to
the source, the pages; and ``documents[].topic``, what each document is about.  ``schemas/notice.schema.json`` is generated from these
models (``python -m extractor schema``).
"""

from __future__ import annotations

from bisect import bisect_right
from typing import Literal, Optional, Union

from pydantic import BaseModel, ConfigDict, Field, model_serializer


class Frozen(BaseModel):
    """Immutable, no unknown keys, and no NaN or infinity in any float: JSON has neither (an
    infinite value was written as null, which the schema refuses), so none may enter a record.

    >>> Span.model_validate({"start": 0, "end": 1}).end
    1
    >>> from pydantic import ValidationError
    >>> for value in (float("inf"), float("nan"), [1, float("-inf")]):
    ...     try:
    ...         Quantity(kind="money", value=value, unit="元", text="", sentence="", span=Span(start=0, end=0))
    ...     except ValidationError as exc:
    ...         print(sorted({e["type"] for e in exc.errors()}))
    ['finite_number', 'list_type', 'string_type']
    ['finite_number', 'list_type', 'string_type']
    ['finite_number', 'float_type', 'int_type', 'string_type']
    """

    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False)


class Span(Frozen):
    """Half-open character range ``[start, end)`` in the cleaned text."""

    start: int
    end: int


class Page(Frozen):
    """One page of the source: its range in the source text."""

    number: int = Field(description="1-based page number")
    start: int = Field(description="offset of the page's first character in source_text")
    end: int
    kind: Literal["text", "table", "ocr", "garbled", "empty"] = "text"


class Table(Frozen):
    """A ruled table read cell by cell (PDF, HTML or DOCX)."""

    page: Optional[int] = None
    rows: tuple[tuple[str, ...], ...]
    span: Span = Field(description="where the table's rows stand in the cleaned text")


# (clean, source, length): ``length`` characters of the cleaned text from offset
# ``clean`` were copied from source_text at offset ``source``.  Characters the
# cleaner inserted (line breaks between paragraphs) belong to no segment.
Segment = tuple[int, int, int]


class SourceLocation(Frozen):
    page: Optional[int]
    start: int = Field(description="offset in source_text")
    end: int


class DocNumber(Frozen):
    """A 文号 split into its parts: 忻医保发〔2023〕10号 → 忻医保发, 2023, 10."""

    text: str
    prefix: str
    year: int
    serial: int


class TopicCue(Frozen):
    """One term of topic.toml found in a document: evidence of what the document is about."""

    term: str
    weight: int = Field(description="its weight in topic.toml; negative for a term that counts against the subject")
    count: int = Field(description="how often the document says it (each place counted once, for its longest term)")
    span: Optional[Span] = Field(None, description="its first place in the cleaned text; none for a title read off the page")
    in_title: bool = False


class Topic(Frozen):
    """Whether a document is about resident basic medical insurance (城乡居民 / 城镇居民 / 新农合), and why.

    Comparisons and checks across the corpus leave ``other`` documents out unless asked."""

    subject: Literal["resident_medical_insurance", "other"]
    basis: Literal["title", "body"] = Field(description="the title decided alone, or the whole document's score")
    score: int = Field(description="weights of the terms for, less those against, over the whole document")
    density: float = Field(description="score per 1000 characters of the document")
    evidence: tuple[TopicCue, ...] = Field((), description="the strongest terms, those of the deciding side first")


class Meta(Frozen):
    """Document metadata; the first ten keys are the keys of FIELDS.md."""

    title: Optional[str] = None
    doc_number: Optional[str] = None
    issuers: tuple[str, ...] = ()
    level: Optional[Literal["national", "province", "city", "county"]] = None
    province: Optional[str] = None
    city: Optional[str] = None
    county: Optional[str] = None
    policy_year: Optional[int] = None
    issue_date: Optional[str] = Field(None, description="ISO date of 印发/成文")
    basis_docs: tuple[str, ...] = ()
    # Beyond the gold keys: what researchers need to check and link notices.
    doc_number_parts: Optional[DocNumber] = None
    adcode: Optional[str] = Field(None, description="adcode of the most specific region")
    region_source: Optional[str] = Field(None, description="where the region was read")
    publish_date: Optional[str] = Field(None, description="web page publication date, when given")
    ambiguous_regions: tuple[str, ...] = ()


class Section(Frozen):
    number: str = Field(description="the number as written, bare: 一, 1")
    title: str
    children: tuple["Section", ...] = ()
    marker: str = Field(description="the heading marker as written: 一、 （一） 1. （1） ①")
    level: int = Field(description="depth in the tree, 1 for top level")
    path: str = Field(description="numbers from the root, e.g. 二/一/1")
    span: Span = Field(description="heading and body, up to the next heading of the same or a higher level")
    title_span: Span


class Zones(Frozen):
    """Where the parts of a document stand in the cleaned text."""

    header: Optional[Span] = None
    addressee: Optional[Span] = None
    body: Span
    closing: Optional[Span] = None
    attachments: Optional[Span] = Field(None, description="附件 that follow the 落款")


Value = Union[float, int, str, list[Union[int, float, str]]]


class Parameter(Frozen):
    """One figure of the field catalog, with where it came from."""

    id: Optional[str] = Field(
        None, description="its id in a corpus store (kept through re-extraction; a<n> for one added by hand); none out of a store"
    )
    field: str = Field(description="field id of FIELDS.md, e.g. subsidy.per_capita")
    label: str = Field(description="Chinese label of the field")
    value: Value = Field(description="number, ISO date, or a [from, to] range")
    unit: str = Field(description="元, %, 百分点, 月, 天, 年, 个 or date")
    scope: dict[str, str] = Field(default_factory=dict, description="scope key → scope value (FIELDS.md vocabulary)")
    year: Optional[int] = Field(None, description="the year the value applies to")
    year_is_policy_year: bool = Field(
        False, description="true when no year is stated for the figure and ``year`` is its document's policy year: "
        "a corrected policy year moves it (left out of the JSON when false)")
    qualifier: Optional[str] = Field(None, description="达到 / 不低于 / 不超过 / 左右 / 以上 / 提高到 / 前 / 起 / 全额")
    operator: Literal["=", ">=", "<=", "~"] = Field("=", description="the qualifier as a comparison; = for a bare figure")
    previous: Optional[Value] = Field(None, description="the old value of a 由X提高到Y change")
    tier: Literal["core", "extended"] = "core"
    evidence: str = Field(description="the words from the cue to the figure")
    sentence: str
    section: Optional[str] = Field(None, description="path of the section holding it, e.g. 一/（一）")
    span: Optional[Span] = Field(None, description="the figure in the cleaned text; none for a parameter added by hand")
    evidence_span: Optional[Span] = None
    rule: str = Field(description="id of the pattern that found it (<field>#<n>, see figures/data/wordings.toml), or <field>#fuzzy<n>, #table, #phrase; correction for one added by hand")

    @model_serializer(mode="wrap")
    def _without_store_id(self, handler):
        # Out of a store a parameter has no id: the extractor's output does not carry the key.
        out = handler(self)
        if out.get("id", "") is None:
            del out["id"]
        if out.get("year_is_policy_year") is False:
            del out["year_is_policy_year"]
        return out


class Quantity(Frozen):
    """A figure in the body that no field claimed, kept so that none is silently dropped."""

    kind: str
    value: Value
    unit: str
    text: str
    sentence: str
    section: Optional[str] = None
    span: Span


class Check(Frozen):
    """A consistency warning: the figures involved do not agree. Nothing was changed."""

    id: str = Field(description="the check: levels_sum, central_share, subsidy_increase, deadline_year, range, not_a_figure, long_sentence …")
    message: str
    parameters: tuple[str, ...] = Field(description="field[scope]=value of each parameter involved")


class Document(Frozen):
    meta: Meta
    # Beside meta, not in it: its counts and spans are the text's, and differ from one format of a
    # notice to another, where meta does not.
    topic: Optional[Topic] = Field(None, description="what the document is about; none in records made before the flag")
    sections: tuple[Section, ...] = ()
    parameters: tuple[Parameter, ...] = ()
    quantities: tuple[Quantity, ...] = Field((), description="unlabelled figures: money, %, dates, durations, counts")
    checks: tuple[Check, ...] = Field((), description="consistency warnings over the parameters")
    span: Span
    zones: Zones
    warnings: tuple[str, ...] = ()


class CorrectionRecord(Frozen):
    """A correction by hand, as a corpus store's exports carry it beside the corrected record."""

    id: int
    action: Literal["corrected", "rejected", "accepted", "added", "metadata", "copy_of", "excluded", "included", "undone"]
    document: Optional[int] = Field(None, description="position of the document in the file")
    parameter: Optional[str] = Field(None, description="id of the parameter it is about (a<id> for an addition)")
    undoes: Optional[int] = Field(None, description="the correction an undo takes back")
    field: Optional[str] = None
    old: Optional[dict] = Field(None, description="what the changed keys were")
    new: Optional[dict] = Field(None, description="what they became; an addition's whole parameter")
    note: Optional[str] = None
    author: Optional[str] = None
    created_at: Optional[str] = Field(None, description="ISO time, UTC")
    status: Literal["applied", "undone", "orphaned"] = Field(
        description="orphaned: its parameter is no longer extracted; the correction is kept"
    )
    summary: str = Field(description="what it did, in one line")


class Notice(Frozen):
    """Everything read from one file."""

    source: str = Field(description="file name")
    format: Literal["txt", "pdf", "html", "docx"]
    sha256: str
    encoding: Optional[str] = None
    extractor_version: str
    documents: tuple[Document, ...]
    text: str = Field(description="cleaned text; every span refers to it")
    source_text: str = Field(description="text as read from the file, before cleaning")
    segments: tuple[Segment, ...] = Field(
        description="map from cleaned text to source_text: [clean offset, source offset, length] runs"
    )
    pages: tuple[Page, ...] = ()
    tables: tuple[Table, ...] = ()
    warnings: tuple[str, ...] = ()
    corrections: tuple[CorrectionRecord, ...] = Field(
        (), description="corrections by hand applied to this record (a corpus store's reads and exports); none as extracted"
    )

    @model_serializer(mode="wrap")
    def _without_empty_corrections(self, handler):
        # The extractor's output has no corrections block; a store's exports always write theirs.
        out = handler(self)
        if out.get("corrections") == []:
            del out["corrections"]
        return out

    def matchable_text(self) -> str:
        """The cleaned text with widths folded, offset for offset (see extractor.normalize)."""
        from .normalize import matchable

        return matchable(self.text)

    def to_source(self, start: int, end: int) -> SourceLocation:
        """Map a cleaned-text range to the source text (and page)."""
        return locate(self.segments, self.pages, start, end)


def source_offset(segments, offset: int) -> int:
    """Source offset of cleaned offset ``offset``.

    >>> segs = ((0, 5, 3), (3, 10, 2))
    >>> [source_offset(segs, i) for i in range(5)]
    [5, 6, 7, 10, 11]
    """
    if not segments:
        return 0
    starts = [s[0] for s in segments]
    i = max(bisect_right(starts, offset) - 1, 0)
    clean, source, length = segments[i]
    return source + min(max(offset - clean, 0), length)


def locate(segments, pages, start: int, end: int) -> SourceLocation:
    src_start = source_offset(segments, start)
    src_end = source_offset(segments, max(end - 1, start)) + (1 if end > start else 0)
    page = None
    for p in pages:
        if p.start <= src_start < max(p.end, p.start + 1):
            page = p.number
            break
    return SourceLocation(page=page, start=src_start, end=src_end)
