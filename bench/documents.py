"""Documents: rendering a plan, 1,000 certificates (one PDF and a zip), reading documents."""

import datetime as dt
import statistics
import time
import tracemalloc
from pathlib import Path

from bench.harness import print_table

APP = Path(__file__).resolve().parent.parent / "thidua" / "documents"
DATA = APP / "tests" / "data"


def _ms(fn, n=5):
    times = []
    for _ in range(n):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def _peak(fn):
    tracemalloc.start()
    started = time.perf_counter()
    fn()
    seconds = time.perf_counter() - started
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return seconds, peak / 1024 / 1024


def run() -> None:
    from thidua.documents.reader import read_document
    from thidua.documents.render_docx import render_docx
    from thidua.documents.render_pdf import compile_source, render_pdf
    from thidua.documents.render_text import render_text
    from thidua.documents.templates_lib import (
        CertificateData,
        certificates_pdf,
        certificates_source,
        certificates_zip,
    )

    seed = APP / "data" / "000_e0bb06a9f56f42be.txt"
    plan = read_document(seed.read_bytes(), seed.name).document
    render_pdf(plan)  # warm the compiler's fonts
    rows = [
        ["plan → .docx", f"{_ms(lambda: render_docx(plan)):.1f} ms"],
        ["plan → PDF", f"{_ms(lambda: render_pdf(plan)):.1f} ms"],
    ]
    certs = [
        CertificateData(
            recipient=f"Nguyễn Văn Người {i}",
            achievement="xuất sắc trong phong trào “Đồng khởi mới”",
            issuer="ỦY BAN NHÂN DÂN XÃ MỸ THẠNH",
            place="Mỹ Thạnh",
            date=dt.date(2025, 12, 1),
            signer_title="CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ MỸ THẠNH",
            signer_name="Phạm Thanh Diễn",
            decision="Quyết định số 12/QĐ-UBND",
            verification_code=f"MT25-{i:04d}",
        )
        for i in range(1000)
    ]
    one_s = _ms(lambda: certificates_pdf(certs), n=1) / 1000  # tracemalloc slows Python: time apart
    _s, one_mb = _peak(lambda: certificates_pdf(certs))
    source = certificates_source(certs)
    typst_s = _ms(lambda: compile_source(source), n=1) / 1000
    zip_s = _ms(lambda: certificates_zip(certs), n=1) / 1000
    _s, zip_mb = _peak(lambda: certificates_zip(certs))
    rows += [
        ["1,000 certificates → one PDF", f"{one_s:.2f} s, peak {one_mb:.0f} MB (Python heap)"],
        ["Typst compile of the same source", f"{typst_s:.2f} s; ours/Typst = {one_s / typst_s:.2f}"],
        ["1,000 certificates → zip of PDFs", f"{zip_s:.2f} s, peak {zip_mb:.0f} MB (Python heap)"],
    ]
    inputs = [(p.read_bytes(), p.name) for p in [seed, *sorted(DATA.glob("*.txt"))]]
    inputs += [
        (render_docx(plan), "plan.docx"),
        (render_text(plan).encode(), "plan.txt"),
        (render_pdf(plan), "plan.pdf"),
    ]
    for data, name in inputs:
        rows.append([f"read {name}", f"{_ms(lambda d=data, n=name: read_document(d, n)):.1f} ms"])
    print_table("documents", ["what", "time"], rows)
