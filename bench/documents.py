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
    print_table("documents", ["what", "time"], rows)


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
