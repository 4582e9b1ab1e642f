"""Documents: rendering a plan, 1,000 certificates (one PDF and a zip), reading documents."""

import datetime as dt
import os
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


def _wall_cpu(fn) -> tuple[float, float]:
    """Seconds of wall clock and of process CPU (all threads): on a shared machine the CPU figure
    is the steadier one."""
    wall, cpu = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - wall, time.process_time() - cpu


_signatures = iter(range(10**9))


def _signed(plan):
    from dataclasses import replace

    return replace(plan, signer=replace(plan.signer, name=f"Người Ký {next(_signatures)}"))


def _peak(fn):
    tracemalloc.start()
    started = time.perf_counter()
    fn()
    seconds = time.perf_counter() - started
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return seconds, peak / 1024 / 1024


def run() -> None:
    from thidua.commendations.papers import (
        certificates_pdf,
        certificates_source,
        certificates_zip,
    )
    from thidua.documents.reader import read_document
    from thidua.documents.render_docx import render_docx
    from thidua.documents.render_pdf import compile_source, render_pdf
    from thidua.documents.render_text import render_text

    seed = APP / "data" / "000_e0bb06a9f56f42be.txt"
    plan = read_document(seed.read_bytes(), seed.name).document
    render_pdf(plan)  # warm the compiler's fonts
    rows = [
        ["plan → .docx", f"{_ms(lambda: render_docx(plan)):.1f} ms"],
        # A different signer each time: Typst memoises, the same plan again would come from its cache.
        ["plan → PDF", f"{_ms(lambda: render_pdf(_signed(plan))):.1f} ms"],
    ]

    def certs(offset: int) -> list:
        # Each measurement gets its own names and codes: Typst memoises, and a source it has
        # compiled before would come back from its cache and flatter the figure.
        return sample_certificates(1000, offset=offset)

    certificates_pdf(certs(9000))  # the first large document of a process pays for warming up
    one_s, one_cpu = _wall_cpu(lambda: certificates_pdf(certs(0)))  # tracemalloc slows Python: time apart
    _s, one_mb = _peak(lambda: certificates_pdf(certs(1000)))
    source = certificates_source(certs(2000))
    typst_s, typst_cpu = _wall_cpu(lambda: compile_source(source))
    zip_s, zip_cpu = _wall_cpu(lambda: certificates_zip(certs(3000)))
    _s, zip_mb = _peak(lambda: certificates_zip(certs(4000)))
    rows += [
        [
            "1,000 certificates → one PDF",
            f"{one_s:.2f} s (CPU {one_cpu:.2f} s), peak {one_mb:.0f} MB (Python heap)",
        ],
        [
            "Typst compile of such a source",
            f"{typst_s:.2f} s (CPU {typst_cpu:.2f} s); ours/Typst = {one_s / typst_s:.2f} "
            f"(CPU {one_cpu / typst_cpu:.2f})",
        ],
        [
            "1,000 certificates → zip of PDFs",
            f"{zip_s:.2f} s (CPU {zip_cpu:.2f} s), peak {zip_mb:.0f} MB (Python heap)",
        ],
    ]
    inputs = [(p.read_bytes(), p.name) for p in [seed, *sorted(DATA.glob("*.txt"))]]
    inputs += [
        (render_docx(plan), "plan.docx"),
        (render_text(plan).encode(), "plan.txt"),
        (render_pdf(plan), "plan.pdf"),
    ]
    for data, name in inputs:
        rows.append([f"read {name}", f"{_ms(lambda d=data, n=name: read_document(d, n)):.1f} ms"])
    rows += scans_and_old_word(plan)
    print_table("documents", ["what", "time"], rows)


def _children_cpu(fn) -> tuple[float, float]:
    """Seconds of wall clock and of CPU spent by the processes the reading starts (the reading's
    child, Tesseract, LibreOffice), counted when they end."""
    before = os.times()
    wall = time.perf_counter()
    fn()
    after = os.times()
    cpu = (after.children_user - before.children_user) + (after.children_system - before.children_system)
    return time.perf_counter() - wall, cpu


def scans_and_old_word(plan) -> list[list[str]]:
    """OCR of the plan printed on A4 and scanned at 300 dpi (PNG, turned 1°: one page, and a PDF of
    three pages without text), and the plan as a Word 97 .doc read through LibreOffice (its start
    included). Median of three readings."""
    import io
    import shutil
    import subprocess
    import tempfile

    import pypdfium2 as pdfium
    from PIL import Image

    from thidua.documents.reader import read_document
    from thidua.documents.render_docx import render_docx
    from thidua.documents.render_pdf import render_pdf

    rows: list[list[str]] = []
    if shutil.which("tesseract"):
        pdf = pdfium.PdfDocument(render_pdf(plan))
        page = pdf[0].render(scale=300 / 72, grayscale=True).to_pil().convert("L")
        pdf.close()
        page = page.rotate(1.0, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=255)
        png, scan = io.BytesIO(), io.BytesIO()
        page.save(png, format="PNG")
        rgb = page.convert("RGB")
        rgb.save(scan, format="PDF", resolution=300, save_all=True, append_images=[rgb, rgb])
        for label, data, name, pages in (
            (f"OCR of a scanned A4 page ({page.width}×{page.height} px PNG)", png.getvalue(), "scan.png", 1),
            ("OCR of a 3-page PDF scan at 300 dpi", scan.getvalue(), "scan.pdf", 3),
        ):
            runs = sorted(_children_cpu(lambda d=data, n=name: read_document(d, n)) for _ in range(3))
            wall, cpu = runs[1]
            rows.append([label, f"{wall / pages:.2f} s/page (CPU {cpu / pages:.2f} s/page)"])
    else:
        rows.append(["OCR of a scanned page", "Tesseract not installed (scripts/ensure-ocr.sh)"])
    soffice = shutil.which("soffice")
    if soffice:
        with tempfile.TemporaryDirectory() as tmp:
            source = Path(tmp) / "plan.docx"
            source.write_bytes(render_docx(plan))
            subprocess.run(
                [soffice, "--headless", f"-env:UserInstallation={Path(tmp, 'profile').as_uri()}"]
                + ["--convert-to", "doc:MS Word 97", "--outdir", tmp, str(source)],
                check=True,
                capture_output=True,
                timeout=120,
            )
            doc = (Path(tmp) / "plan.doc").read_bytes()
        runs = sorted(_children_cpu(lambda: read_document(doc, "plan.doc")) for _ in range(3))
        wall, cpu = runs[1]
        rows.append(
            [f"read plan.doc ({len(doc) // 1024} KB) through LibreOffice", f"{wall:.2f} s (CPU {cpu:.2f} s)"]
        )
    else:
        rows.append(["read a .doc", "LibreOffice not installed (scripts/ensure-office.sh)"])
    return rows


def sample_certificates(count: int, *, offset: int = 0) -> list:
    """`count` certificates of Mỹ Thạnh, each with its own name and code from `offset` on."""
    from thidua.commendations.papers import CertificateData

    return [
        CertificateData(
            recipient=f"Nguyễn Văn Người {offset + i}",
            achievement="xuất sắc trong phong trào “Đồng khởi mới”",
            issuer="ỦY BAN NHÂN DÂN XÃ MỸ THẠNH",
            place="Mỹ Thạnh",
            date=dt.date(2025, 12, 1),
            signer_title="CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ MỸ THẠNH",
            signer_name="Phạm Thanh Diễn",
            decision="Quyết định số 12/QĐ-UBND",
            verification_code=f"MT25-{offset + i:05d}",
            verify_url=f"https://thidua.example/xac-minh/MT25-{offset + i:05d}",
        )
        for i in range(count)
    ]
