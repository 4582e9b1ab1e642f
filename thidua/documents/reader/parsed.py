"""What the reader returns: the document model plus what it understood around it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from thidua.documents.model import Document
from thidua.documents.reader.patterns import LEGAL_BASIS

MAX_BYTES = 10 * 1024 * 1024


class DocumentReadError(Exception):
    """The file cannot be read as a document; the message is for the user (Vietnamese)."""


@dataclass
class ParsedDocument:
    document: Document
    campaign_names: list[str] = field(default_factory=list)
    period_start: dt.date | None = None
    period_end: dt.date | None = None
    quotas: list[dict] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    inferred: set[str] = field(default_factory=set)  # fields guessed, not read from their place
    # The text as it came, before glued words were split and wrapped lines joined: what was read
    # can always be checked against it. Not part of `to_json`, which is what was read.
    source_text: str = ""

    def to_json(self) -> dict:
        doc = self.document
        return {
            "issuer": doc.issuer,
            "parent_issuer": doc.parent_issuer,
            "number_symbol": doc.number_symbol,
            "place": doc.place,
            "date": doc.date.isoformat() if doc.date else None,
            "doc_type": doc.doc_type,
            "abstract": doc.abstract,
            "addressees": list(doc.addressees),
            # "bases" are the legal bases proper (Căn cứ …, Thực hiện …); the proposals a decision
            # considers (Xét đề nghị …, Theo đề nghị …) stand in the same preamble but apart here.
            "bases": [b for b in doc.bases if LEGAL_BASIS.match(b)],
            "considerations": [b for b in doc.bases if not LEGAL_BASIS.match(b)],
            "campaign_names": list(self.campaign_names),
            "period_start": self.period_start.isoformat() if self.period_start else None,
            "period_end": self.period_end.isoformat() if self.period_end else None,
            "quotas": list(self.quotas),
            "recipients": list(doc.recipients),
            "signer_title": doc.signer.title,
            "signer_name": doc.signer.name,
            "sections": doc.to_dict()["body"],
            "inferred": sorted(self.inferred),
            "warnings": list(self.warnings),
        }
