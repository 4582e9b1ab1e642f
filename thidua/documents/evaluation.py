"""How well the document reader reads real papers: a labelled corpus and its scorer.

The corpus (`corpus/`) holds public administrative texts as found, each with the fields a person
read on it (`labels/<name>.json`). `evaluate` reads every text with the reader, compares the
fields one by one after a light normalisation, and returns the mean field score overall, per
field and per split, with the time each text took. A refusal, or a reader that breaks, scores 0
on every field of that text. The corpus README says what is there and how it was labelled.

Where a label lists an annex's rows (`annex_rows`), `evaluate_annex` scores them apart, key by
key (name, position, unit, award), with the reader's annex reading once it has one; that score
is reported beside the field score and never enters its mean.
"""

from __future__ import annotations

import hashlib
import importlib
import json
import re
import statistics
import time
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from thidua.documents.reader import DocumentReadError, read_text

CORPUS = Path(__file__).resolve().parent / "corpus"
FIELDS = (
    "issuer",
    "parent_issuer",
    "number_symbol",
    "place",
    "date",
    "doc_type",
    "abstract",
    "signer_title",
    "signer_name",
)
SPLITS = ("tune", "holdout")
ANNEX_KEYS = ("name", "position", "unit", "award")
LABEL_KEYS = ("source", "kind", "level", "year", "split", "fields")
# Punctuation that ends a field without being part of it ("Hà Nội," "… năm 2023.").
_TRAILING = " \t.,;:"


class CorpusError(Exception):
    """The corpus itself is malformed; the message is for the person keeping it (Vietnamese)."""


@dataclass(frozen=True)
class Sample:
    """One labelled text of the corpus."""

    name: str
    text: str
    source: str
    kind: str
    level: str
    year: int
    split: str
    fields: dict[str, str | None]
    paper: str = ""  # the paper this text copies; two copies of one paper share it, and their split
    annex_rows: tuple[dict[str, str], ...] = ()  # the annex list's rows, where labelled (not scored)


@dataclass
class DocumentResult:
    """What the reader made of one text: a score per field, what it read, how long it took."""

    sample: Sample
    scores: dict[str, float]
    read: dict[str, str | None]
    error: str
    seconds: float

    @property
    def score(self) -> float:
        return statistics.fmean(self.scores.values())

    def misses(self) -> list[tuple[str, str | None, str | None]]:
        """(field, expected, read) for every field read wrong."""
        return [(f, self.sample.fields.get(f), self.read.get(f)) for f in FIELDS if self.scores[f] < 1]


@dataclass
class Report:
    results: list[DocumentResult] = field(default_factory=list)

    def of(self, split: str | None = None) -> list[DocumentResult]:
        return [r for r in self.results if split is None or r.sample.split == split]

    def mean(self, split: str | None = None) -> float:
        """Mean field score over every field of every text (of the split)."""
        scores = [s for r in self.of(split) for s in r.scores.values()]
        return statistics.fmean(scores) if scores else 0.0

    def per_field(self, split: str | None = None) -> dict[str, float]:
        results = self.of(split)
        if not results:
            return dict.fromkeys(FIELDS, 0.0)
        return {f: statistics.fmean(r.scores[f] for r in results) for f in FIELDS}

    def refused(self, split: str | None = None) -> int:
        return sum(1 for r in self.of(split) if r.error)

    def times_ms(self, split: str | None = None) -> list[float]:
        return [r.seconds * 1000 for r in self.of(split)]


def split_of(name: str) -> str:
    """The split a paper belongs to, fixed by its name before any scoring: the parity of the first
    byte of the SHA-256 of the name (even: tune, odd: holdout). Two copies of one paper are split by
    the paper's name, so that one is never tuned on while the other is held out."""
    return SPLITS[hashlib.sha256(name.encode()).digest()[0] % 2]


def normalise(value: object) -> str:
    """What two readings of a field must share to count as the same: Unicode NFC, runs of white
    space as one space, no white space or trailing punctuation (. , ; :) at either end. Case and
    diacritics are kept: "Quyết định" is not "QUYẾT ĐỊNH", "Hoà" is not "Hòa" once composed."""
    if value is None:
        return ""
    text = unicodedata.normalize("NFC", str(value))
    text = re.sub(r"\s+", " ", text)
    return text.strip().rstrip(_TRAILING).strip()


def field_scores(expected: dict[str, Any], read: dict[str, Any] | None) -> dict[str, float]:
    """1 for every field read as labelled, else 0; `read` None (a refusal) scores 0 everywhere."""
    if read is None:
        return dict.fromkeys(FIELDS, 0.0)
    return {f: float(normalise(expected.get(f)) == normalise(read.get(f))) for f in FIELDS}


def load_corpus(root: Path = CORPUS) -> list[Sample]:
    """Every text of the corpus with its label, in name order; CorpusError when one is malformed."""
    samples = []
    labels = root / "labels"
    for text_path in sorted((root / "texts").glob("*.txt")):
        name = text_path.stem
        label_path = labels / f"{name}.json"
        if not label_path.is_file():
            raise CorpusError(_("Văn bản “%(name)s” chưa có nhãn.") % {"name": name})
        try:
            label = json.loads(label_path.read_text(encoding="utf-8"))
        except ValueError as exc:
            raise CorpusError(
                _("Nhãn “%(name)s” không phải JSON hợp lệ: %(error)s") % {"name": name, "error": exc}
            ) from None
        missing = [k for k in LABEL_KEYS if k not in label] + [
            f for f in FIELDS if f not in label.get("fields", {})
        ]
        if missing:
            raise CorpusError(
                _("Nhãn “%(name)s” thiếu: %(keys)s") % {"name": name, "keys": ", ".join(missing)}
            )
        samples.append(
            Sample(
                name=name,
                text=text_path.read_text(encoding="utf-8"),
                source=label["source"],
                kind=label["kind"],
                level=label["level"],
                year=int(label["year"]),
                split=label["split"],
                fields={f: label["fields"][f] for f in FIELDS},
                paper=label.get("paper") or name,
                annex_rows=tuple(label.get("annex_rows") or ()),
            )
        )
    return samples


def read_fields(text: str) -> dict[str, str | None]:
    """The scored fields as the reader reads them; DocumentReadError when it refuses."""
    data = read_text(text).to_json()
    return {f: data.get(f) for f in FIELDS}


def evaluate(
    samples: Iterable[Sample], reader: Callable[[str], dict[str, str | None]] = read_fields
) -> Report:
    """Read every sample and score it. A refusal, or an error inside the reader, scores 0 on every
    field of that text and is named in the result's `error`."""
    report = Report()
    for sample in samples:
        error = ""
        read: dict[str, str | None] | None
        started = time.perf_counter()
        try:
            read = reader(sample.text)
        except DocumentReadError as exc:
            read, error = None, str(exc)
        except Exception as exc:  # a reader that breaks on a real paper scores 0, not a stop
            read, error = None, _("Lỗi khi đọc: %(error)r") % {"error": exc}
        seconds = time.perf_counter() - started
        report.results.append(
            DocumentResult(
                sample=sample,
                scores=field_scores(sample.fields, read),
                read=read or {},
                error=error,
                seconds=seconds,
            )
        )
    return report


# Annex rows: scored apart from the fields.

AnnexRows = list[dict[str, str]]


def annex_row_scores(expected: Iterable[dict[str, str]], read: AnnexRows | None) -> dict[str, float]:
    """Per key, the share of rows read as labelled: the i-th labelled row against the i-th row
    read, after the fields' normalisation, over the longer of the two lists, so that a row missed
    or a row too many counts as wrong. Nothing read (a refusal) scores 0."""
    labelled = list(expected)
    rows = read or []
    total = max(len(labelled), len(rows))
    if not total:
        return dict.fromkeys(ANNEX_KEYS, 1.0)
    return {
        k: sum(normalise(e.get(k)) == normalise(r.get(k)) for e, r in zip(labelled, rows, strict=False))
        / total
        for k in ANNEX_KEYS
    }


def reader_annex_rows() -> Callable[[str], AnnexRows] | None:
    """The reader's own reading of an annex list (`reader.annex.read_annex`) as rows of the four
    keys, or None while the reader has none."""
    try:
        module = importlib.import_module("thidua.documents.reader.annex")
    except ImportError:
        return None
    read_annex = getattr(module, "read_annex", None)
    if read_annex is None:
        return None

    def read(text: str) -> AnnexRows:
        return [{k: str(getattr(row, k, "") or "") for k in ANNEX_KEYS} for row in read_annex(text).rows]

    return read


@dataclass
class AnnexReport:
    """Per labelled text, a score per key of its annex rows; an error scores 0 on every key."""

    scores: dict[str, tuple[str, dict[str, float]]] = field(default_factory=dict)  # name: (split, scores)

    def per_key(self, split: str | None = None) -> dict[str, float]:
        chosen = [k for s, k in self.scores.values() if split is None or s == split]
        if not chosen:
            return {}
        return {key: statistics.fmean(c[key] for c in chosen) for key in ANNEX_KEYS}

    def count(self, split: str | None = None) -> int:
        return sum(1 for s, _k in self.scores.values() if split is None or s == split)


def evaluate_annex(samples: Iterable[Sample], reader: Callable[[str], AnnexRows]) -> AnnexReport:
    """Score the annex rows of every sample whose label lists them."""
    report = AnnexReport()
    for sample in samples:
        if not sample.annex_rows:
            continue
        try:
            read: AnnexRows | None = reader(sample.text)
        except Exception:  # a refusal or a break scores 0, as for the fields
            read = None
        report.scores[sample.name] = (sample.split, annex_row_scores(sample.annex_rows, read))
    return report
