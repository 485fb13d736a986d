"""Records the knowledge base stores: documents and their clauses.

Field names follow the Clause shape of docs/CONTRACT.md ("Policy API"), so a
clause serialises straight into an API response.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field

VALID = "有效"
EXPIRED = "失效"
DRAFT = "征求意见稿"


@dataclass
class DocMeta:
    """What a document says about itself (header, signature, labels)."""

    doc_id: str
    title: str = ""
    issuer: str = ""
    date: str = ""  # ISO YYYY-MM-DD, empty when the page gives none
    doc_number: str = ""  # e.g. 武政规〔2017〕34号
    city: str = ""
    status: str = VALID
    page_title: str = ""  # the web page's title when it wraps the document (通知, 函)
    source_file: str = ""


@dataclass
class Clause:
    doc_id: str
    doc_title: str
    issuer: str
    date: str
    doc_number: str
    city: str
    status: str
    clause_path: str  # e.g. "三、(二) 2."; "序言" for text before the first heading
    heading: str
    text: str

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class Document:
    meta: DocMeta
    clauses: list[Clause] = field(default_factory=list)

    def summary(self) -> dict:
        return {**asdict(self.meta), "clauses": len(self.clauses)}
