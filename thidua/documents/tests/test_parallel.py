"""Documents compiled on several threads come back in the order asked, each as if compiled
alone; a source that does not compile stops the batch with Typst's error."""

import io

import pytest
import typst
from pypdf import PdfReader

from thidua.documents.parallel import compile_each
from thidua.documents.render_pdf import PREAMBLE, compile_source, s


def _source(n: int) -> str:
    return PREAMBLE + f"#{s(f'Văn bản số {n}')}"


def test_documents_compiled_on_two_threads_come_back_in_order_and_as_compiled_alone():
    numbers = list(range(12))
    pdfs = list(compile_each(numbers, _source, threads=2))
    assert pdfs == [compile_source(_source(n)) for n in numbers]
    assert [PdfReader(io.BytesIO(pdf)).pages[0].extract_text().strip() for pdf in pdfs] == [
        f"Văn bản số {n}" for n in numbers
    ]


def test_a_source_that_does_not_compile_stops_the_batch_with_its_error():
    def source(n: int) -> str:
        return "#let" if n == 3 else _source(n)

    with pytest.raises(typst.TypstError):
        list(compile_each(list(range(8)), source, threads=2))


def test_two_requests_rendering_a_pdf_at_the_same_moment_both_get_it():
    """A server worker answers in several threads: two downloads at once must not share a busy
    compiler ("Already borrowed")."""
    import threading

    barrier = threading.Barrier(4)
    results: dict[int, bytes | BaseException] = {}

    def download(n: int) -> None:
        barrier.wait()
        try:
            results[n] = compile_source(_source(n))
        except BaseException as exc:  # noqa: BLE001 (the failure is the finding)
            results[n] = exc

    threads = [threading.Thread(target=download, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert all(isinstance(r, bytes) and r.startswith(b"%PDF") for r in results.values()), results
