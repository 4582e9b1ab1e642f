import pytest

from thidua.lib.downloads import attachment


def test_a_vietnamese_file_name_is_sent_the_way_browsers_read_it():
    response = attachment(b"%PDF-1.7", "02_QĐ-UBND.pdf")
    assert response["Content-Disposition"] == "attachment; filename*=utf-8''02_Q%C4%90-UBND.pdf"
    assert response["Content-Type"] == "application/pdf"


def test_an_ascii_file_name_is_quoted_plainly():
    response = attachment(b"PK", "tien-thuong.xlsx")
    assert response["Content-Disposition"] == 'attachment; filename="tien-thuong.xlsx"'
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")


@pytest.mark.parametrize("extension", ["pdf", "docx", "xlsx", "zip", "txt"])
def test_every_served_kind_of_file_has_its_type(extension):
    assert "=?utf-8?" not in attachment(b"", f"Báo cáo.{extension}")["Content-Disposition"]
