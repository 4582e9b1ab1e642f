"""The reader on the seed plan prints exactly what the seed's expected JSON says."""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from thidua.documents.reader import read_document

DATA = Path(__file__).parent / "data"
SEED = Path(__file__).resolve().parent.parent / "data" / "000_e0bb06a9f56f42be.txt"
EXPECTED = json.loads((DATA / "000_e0bb06a9f56f42be.expected.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def seed_json():
    out = StringIO()
    call_command("import_doc", str(SEED), "--json", stdout=out)
    return json.loads(out.getvalue())


@pytest.mark.parametrize("key", sorted(EXPECTED))
def test_import_doc_prints_the_expected_value_for_the_seed(seed_json, key):
    assert seed_json[key] == EXPECTED[key]


def test_import_doc_also_prints_sections_and_warnings(seed_json):
    assert "sections" in seed_json and "warnings" in seed_json
    headings = [s["label"] for s in seed_json["sections"] if s["kind"] == "heading"]
    assert headings == ["I", "II", "III"]


def test_seed_issuer_is_marked_as_inferred_from_the_body():
    parsed = read_document(SEED.read_bytes(), SEED.name)
    assert "issuer" in parsed.inferred
    assert any("suy ra" in w for w in parsed.warnings)


def test_seed_body_keeps_every_paragraph_of_the_text():
    parsed = read_document(SEED.read_bytes(), SEED.name)
    from thidua.documents.reader import body_text

    text = body_text(parsed.document)
    assert "Nhân kỷ niệm 55 năm" in text
    assert "Giao công chức Văn phòng – Thống kê" in text
    section_two = parsed.document.body[2]
    assert section_two.label == "II"
    assert [c.label for c in section_two.children] == ["1", "2", "3"]
    assert len(section_two.children[0].children) == 4  # the four bullets of II.1
