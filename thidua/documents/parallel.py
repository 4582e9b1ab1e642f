"""Many small Typst documents compiled at once, one per processor core.

Typst's compiler releases Python's lock while it works, so threads compile in parallel; a
`typst.Compiler` object refuses to be used by two threads at a time ("Already borrowed"), so each
thread borrows one from render_pdf's idle pool and gives it back (its fonts stay loaded).
Threads rather than processes: a worker process would inherit the Django process's database
connections and threads; here the threads only turn text into bytes and touch no Django state.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

from thidua.documents.render_pdf import compile_source

Item = TypeVar("Item")


def workers() -> int:
    """Threads to compile with: the cores this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


def _compile(source: str) -> bytes:
    return compile_source(source)


def compile_each(
    items: Sequence[Item], source_of: Callable[[Item], str], *, threads: int | None = None
) -> Iterator[bytes]:
    """The PDF of `source_of(item)` for each item, in the items' order.

    `source_of` runs in the compiling threads too (building a source, e.g. drawing a QR code, then
    overlaps another thread's compilation), so it must be plain computation: no database, no
    request. An error in any item is raised here, at that item, and the rest are dropped.
    """
    count = threads or workers()
    if count == 1 or len(items) < 2:
        for item in items:
            yield _compile(source_of(item))
        return
    with ThreadPoolExecutor(max_workers=count, thread_name_prefix="typst") as pool:
        results = pool.map(lambda item: _compile(source_of(item)), items)
        try:
            yield from results
        finally:
            pool.shutdown(wait=True, cancel_futures=True)
