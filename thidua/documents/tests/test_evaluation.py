"""The reader's scorer on hand-made cases, and the labelled corpus of real papers is well formed.

No test here asserts a score level: the score changes as the reader improves."""

import datetime as dt
import json
import re
import unicodedata
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from thidua.documents.evaluation import (
    ANNEX_KEYS,
    CORPUS,
    FIELDS,
    LABEL_KEYS,
    SPLITS,
    CorpusError,
    Sample,
    annex_row_scores,
    evaluate,
    evaluate_annex,
    field_scores,
    load_corpus,
    normalise,
    read_fields,
    split_of,
)
from thidua.documents.reader import DocumentReadError

DATA = Path(__file__).parent / "data"
SEED_DATA = Path(__file__).resolve().parent.parent / "data"
EXPECTED = {
    "issuer": "ỦY BAN NHÂN DÂN XÃ MỸ THẠNH",
    "parent_issuer": "ỦY BAN NHÂN DÂN HUYỆN GIỒNG TRÔM",
    "number_symbol": "12/QĐ-UBND",
    "place": "Mỹ Thạnh",
    "date": "2024-03-05",
    "doc_type": "QUYẾT ĐỊNH",
    "abstract": "Về việc tặng Giấy khen",
    "signer_title": "KT. CHỦ TỊCH PHÓ CHỦ TỊCH",
    "signer_name": "Lê Văn Tám",
}


def _sample(name="mau", split="tune", **fields) -> Sample:
    return Sample(
        name=name,
        text=f"văn bản {name}",
        source="hand-made",
        kind="quyết định",
        level="xã",
        year=2024,
        split=split,
        fields={**EXPECTED, **fields},
    )


# The scorer.


def test_a_perfect_read_scores_one_on_every_field():
    assert field_scores(EXPECTED, dict(EXPECTED)) == dict.fromkeys(FIELDS, 1.0)
    report = evaluate([_sample()], reader=lambda text: dict(EXPECTED))
    assert report.mean() == 1.0
    assert report.per_field() == dict.fromkeys(FIELDS, 1.0)


def test_a_wrong_field_lowers_only_that_field():
    scores = field_scores(EXPECTED, {**EXPECTED, "signer_name": "Lê Văn Bảy"})
    assert scores["signer_name"] == 0.0
    assert all(scores[f] == 1.0 for f in FIELDS if f != "signer_name")
    report = evaluate([_sample()], reader=lambda text: {**EXPECTED, "signer_name": "Lê Văn Bảy"})
    assert report.mean() == pytest.approx(8 / 9)
    assert report.results[0].misses() == [("signer_name", "Lê Văn Tám", "Lê Văn Bảy")]


def test_a_missing_field_in_what_was_read_counts_as_read_empty():
    read = {f: v for f, v in EXPECTED.items() if f != "parent_issuer"}
    assert field_scores(EXPECTED, read)["parent_issuer"] == 0.0
    assert field_scores({**EXPECTED, "parent_issuer": ""}, read)["parent_issuer"] == 1.0


def test_reading_nothing_where_nothing_is_printed_is_right():
    expected = {**EXPECTED, "number_symbol": "", "date": None}
    read = {**EXPECTED, "number_symbol": None, "date": None}
    assert field_scores(expected, read)["number_symbol"] == 1.0
    assert field_scores(expected, read)["date"] == 1.0
    assert field_scores(expected, {**read, "date": "2024-03-05"})["date"] == 0.0


def test_a_refusal_scores_zero_on_every_field_and_keeps_its_message():
    def refuse(text):
        raise DocumentReadError("Không nhận ra văn bản hành chính.")

    report = evaluate([_sample()], reader=refuse)
    result = report.results[0]
    assert result.scores == dict.fromkeys(FIELDS, 0.0)
    assert result.error == "Không nhận ra văn bản hành chính."
    assert report.refused() == 1 and report.mean() == 0.0


def test_a_reader_that_breaks_scores_zero_instead_of_stopping_the_run():
    def broken(text):
        if "hai" in text:
            raise IndexError("list index out of range")
        return dict(EXPECTED)

    report = evaluate([_sample("mot"), _sample("hai")], reader=broken)
    assert [r.score for r in report.results] == [1.0, 0.0]
    assert "IndexError" in report.results[1].error


def test_scores_are_kept_apart_per_split():
    samples = [_sample("a", "tune"), _sample("b", "holdout"), _sample("c", "holdout")]
    report = evaluate(samples, reader=lambda text: {**EXPECTED, "place": "Mỹ Thạnh" if "a" in text else "?"})
    assert report.per_field("tune")["place"] == 1.0
    assert report.per_field("holdout")["place"] == 0.0
    assert report.per_field()["place"] == pytest.approx(1 / 3)
    assert report.mean("tune") == 1.0 and report.mean("holdout") == pytest.approx(8 / 9)
    assert len(report.times_ms("holdout")) == 2


def test_normalisation_composes_unicode_and_collapses_white_space():
    decomposed = unicodedata.normalize("NFD", "Mỹ Thạnh")
    assert decomposed != "Mỹ Thạnh" and normalise(decomposed) == "Mỹ Thạnh"
    assert normalise("  KT. CHỦ TỊCH\n  PHÓ   CHỦ TỊCH ") == "KT. CHỦ TỊCH PHÓ CHỦ TỊCH"
    assert normalise(None) == ""


def test_normalisation_drops_only_trailing_punctuation():
    assert normalise("Mỹ Thạnh,") == "Mỹ Thạnh"
    assert normalise("Về việc tặng Giấy khen.") == "Về việc tặng Giấy khen"
    assert normalise("Tổ chức thi đua năm 2024;  ") == "Tổ chức thi đua năm 2024"
    assert normalise("KT. CHỦ TỊCH") == "KT. CHỦ TỊCH"  # the dot inside stays


def test_normalisation_keeps_case_and_diacritics():
    assert normalise("Quyết định") != normalise("QUYẾT ĐỊNH")
    assert normalise("Hòa Bình") != normalise("Hoa Binh")
    assert field_scores(EXPECTED, {**EXPECTED, "doc_type": "Quyết định"})["doc_type"] == 0.0


def test_the_seed_papers_read_as_their_expected_files_say_score_one():
    """The corpus follows the conventions of the reader's own expected files: a paper the
    reader reads as expected scores 1 through the scorer."""
    expected_files = sorted(DATA.glob("*.expected.json"))
    assert len(expected_files) >= 4  # the seed plan (issuer read from its body) and the test papers
    for expected_path in expected_files:
        name = expected_path.name.removesuffix(".expected.json")
        text_path = next(p for p in (DATA / f"{name}.txt", SEED_DATA / f"{name}.txt") if p.is_file())
        expected = json.loads(expected_path.read_text(encoding="utf-8"))
        read = read_fields(text_path.read_text(encoding="utf-8"))
        assert field_scores(expected, read) == dict.fromkeys(FIELDS, 1.0), name


# Annex rows, scored apart.

ROWS = [
    {"name": "Nguyễn Văn An", "position": "Trưởng ấp", "unit": "Ấp Mỹ Hòa", "award": "Lao động tiên tiến"},
    {"name": "Lê Thị Bé", "position": "", "unit": "Hội Phụ nữ xã", "award": "Giấy khen"},
]


def test_annex_rows_read_as_labelled_score_one_on_every_key():
    assert annex_row_scores(ROWS, [dict(r) for r in ROWS]) == dict.fromkeys(ANNEX_KEYS, 1.0)


def test_a_wrong_annex_cell_lowers_only_its_key():
    read = [dict(ROWS[0]), {**ROWS[1], "unit": "Hội Nông dân xã"}]
    scores = annex_row_scores(ROWS, read)
    assert scores["unit"] == 0.5
    assert all(scores[k] == 1.0 for k in ANNEX_KEYS if k != "unit")


def test_a_missed_or_an_extra_annex_row_counts_as_wrong():
    assert annex_row_scores(ROWS, [dict(ROWS[0])]) == dict.fromkeys(ANNEX_KEYS, 0.5)
    extra = [dict(r) for r in ROWS] + [{"name": "Trần Văn Cư", "position": "", "unit": "", "award": ""}]
    assert annex_row_scores(ROWS, extra)["name"] == pytest.approx(2 / 3)
    assert annex_row_scores(ROWS, None) == dict.fromkeys(ANNEX_KEYS, 0.0)


def test_annex_scoring_takes_only_labelled_texts_and_a_break_scores_zero():
    with_rows = Sample(**{**_sample("co").__dict__, "annex_rows": tuple(ROWS)})
    broken = Sample(**{**_sample("hong", "holdout").__dict__, "annex_rows": tuple(ROWS)})

    def reader(text):
        if "hong" in text:
            raise ValueError("không đọc được bảng")
        return [dict(r) for r in ROWS]

    report = evaluate_annex([_sample("khong"), with_rows, broken], reader)
    assert report.count() == 2
    assert report.per_key("tune") == dict.fromkeys(ANNEX_KEYS, 1.0)
    assert report.per_key("holdout") == dict.fromkeys(ANNEX_KEYS, 0.0)


def test_score_reader_reports_annex_rows_apart_from_the_field_mean(monkeypatch):
    from thidua.documents.management.commands import score_reader

    monkeypatch.setattr(score_reader, "reader_annex_rows", lambda: None)
    out = StringIO()
    call_command("score_reader", stdout=out)
    assert "chưa chấm" in out.getvalue()

    monkeypatch.setattr(score_reader, "reader_annex_rows", lambda: lambda text: [])
    out = StringIO()
    call_command("score_reader", stdout=out)
    printed = out.getvalue()
    assert "không tính vào điểm trung bình" in printed
    assert all(key in printed for key in ANNEX_KEYS)


# Loading the corpus.


def _corpus(tmp_path, label: dict | str | None, name="mot") -> Path:
    (tmp_path / "texts").mkdir()
    (tmp_path / "labels").mkdir()
    (tmp_path / "texts" / f"{name}.txt").write_text("QUYẾT ĐỊNH\n", encoding="utf-8")
    if label is not None:
        text = label if isinstance(label, str) else json.dumps(label, ensure_ascii=False)
        (tmp_path / "labels" / f"{name}.json").write_text(text, encoding="utf-8")
    return tmp_path


def _label(**fields) -> dict:
    return {
        "source": "https://example.org/van-ban",
        "kind": "quyết định",
        "level": "xã",
        "year": 2024,
        "split": split_of("mot"),
        "fields": {**EXPECTED, **fields},
    }


def test_a_text_without_its_label_is_named(tmp_path):
    with pytest.raises(CorpusError, match="mot"):
        load_corpus(_corpus(tmp_path, None))


def test_a_label_that_is_not_json_is_named(tmp_path):
    with pytest.raises(CorpusError, match="JSON"):
        load_corpus(_corpus(tmp_path, "{ không phải json"))


def test_a_label_missing_a_field_names_the_field(tmp_path):
    label = _label()
    del label["fields"]["signer_name"]
    with pytest.raises(CorpusError, match="signer_name"):
        load_corpus(_corpus(tmp_path, label))


def test_a_well_formed_label_loads(tmp_path):
    (sample,) = load_corpus(_corpus(tmp_path, _label()))
    assert sample.name == sample.paper == "mot" and sample.fields == EXPECTED


# The corpus itself.


@pytest.fixture(scope="module")
def corpus():
    return load_corpus()


@pytest.fixture(scope="module")
def labels():
    return {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in (CORPUS / "labels").glob("*.json")}


def test_the_corpus_holds_at_least_forty_papers(corpus):
    assert len(corpus) >= 40


def test_every_text_has_a_label_and_every_label_a_text(labels):
    texts = {p.stem for p in (CORPUS / "texts").glob("*.txt")}
    assert texts == set(labels)


def test_every_label_is_complete(labels):
    for name, label in labels.items():
        assert all(k in label for k in LABEL_KEYS), name
        assert set(label["fields"]) == set(FIELDS), name
        assert all(v is None or isinstance(v, str) for v in label["fields"].values()), name


def test_annex_rows_where_labelled_are_complete(labels):
    """`annex_rows` is optional (not scored): where a label has it, every row names the person,
    position, unit and award read off the paper's list, and the text holds that list."""
    with_rows = {name: label for name, label in labels.items() if "annex_rows" in label}
    assert with_rows  # the corpus holds papers with their annex lists
    for name, label in with_rows.items():
        rows = label["annex_rows"]
        assert rows and isinstance(rows, list), name
        for row in rows:
            assert set(row) == {"name", "position", "unit", "award"}, name
            assert all(isinstance(v, str) for v in row.values()) and row["name"] and row["award"], name
        text = (CORPUS / "texts" / f"{name}.txt").read_text(encoding="utf-8")
        assert "kèm" in text.lower(), name  # "kèm theo", "đính kèm"
        assert all(row["name"].split(" (")[0] in text for row in rows), name


def test_every_paper_names_where_it_was_found(corpus):
    for sample in corpus:
        assert re.match(r"^(https?://\S+|\S+/\S+ \S+ [0-9a-f]{40})$", sample.source), sample.name


def test_dates_are_iso_or_null_and_types_are_printed_in_capitals(corpus):
    for sample in corpus:
        date = sample.fields["date"]
        if date is not None:
            assert dt.date.fromisoformat(date).year == sample.year, sample.name
        doc_type = sample.fields["doc_type"] or ""
        assert doc_type == doc_type.upper(), sample.name


def test_the_split_follows_the_written_rule(corpus):
    for sample in corpus:
        assert sample.split == split_of(sample.paper), sample.name


def test_copies_of_one_paper_share_a_split(corpus):
    by_paper: dict[str, set[str]] = {}
    for sample in corpus:
        by_paper.setdefault(sample.paper, set()).add(sample.split)
    assert all(len(splits) == 1 for splits in by_paper.values())


@pytest.mark.parametrize("split", SPLITS)
def test_each_split_has_many_kinds_levels_and_eras(corpus, split):
    part = [s for s in corpus if s.split == split]
    assert len(part) >= 15
    assert len({s.kind for s in part}) >= 4
    assert len({s.level for s in part}) >= 3
    years = [s.year for s in part]
    assert min(years) < 1995 and max(years) >= 2020


def test_the_corpus_takes_nothing_from_the_seed(corpus):
    seeds = {p.read_text(encoding="utf-8").strip() for p in DATA.glob("*.txt")}
    seeds |= {p.read_text(encoding="utf-8").strip() for p in SEED_DATA.glob("*.txt")}
    assert not seeds & {s.text.strip() for s in corpus}


# The command.


def test_score_reader_prints_the_table_per_field_and_split():
    out = StringIO()
    call_command("score_reader", stdout=out)
    printed = out.getvalue()
    assert all(f in printed for f in FIELDS)
    assert "tune" in printed and "holdout" in printed and "ms" in printed


def test_score_reader_shows_the_misses_of_one_split():
    out = StringIO()
    call_command("score_reader", "--split", "holdout", "--show-misses", stdout=out)
    printed = out.getvalue()
    assert "tune" not in printed.splitlines()[0]
    assert "[tune]" not in printed
    assert "không dùng để chỉnh bộ đọc" in printed


def test_score_reader_shows_the_misses_of_tune_without_the_reminder():
    out = StringIO()
    call_command("score_reader", "--split", "tune", "--show-misses", stdout=out)
    assert "[holdout]" not in out.getvalue()
    assert "không dùng để chỉnh bộ đọc" not in out.getvalue()
