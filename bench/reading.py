"""Reading real papers: the mean field score of the reader on the labelled corpus, per split and
per field, and the time it takes per text (goal: 20 ms for a text document)."""

import contextlib
import statistics
import time

from bench.harness import percentile, print_table

RUNS = 5  # each text is read this many times; the median run is its time


def run() -> None:
    from thidua.documents.evaluation import FIELDS, SPLITS, evaluate, load_corpus, read_fields

    samples = load_corpus()
    report = evaluate(samples)
    splits = [s for s in SPLITS if report.of(s)]
    rows = [
        [field, *(report.per_field(s)[field] for s in splits), report.per_field()[field]] for field in FIELDS
    ]
    rows.append(["mean field score", *(report.mean(s) for s in splits), report.mean()])
    rows.append(["texts", *(len(report.of(s)) for s in splits), len(report.of())])
    rows.append(["refused", *(report.refused(s) for s in splits), report.refused()])
    print_table("reading: field score on the corpus of real papers", ["field", *splits, "all"], rows)

    times = []
    for sample in samples:
        runs = []
        for _ in range(RUNS):
            started = time.perf_counter()
            # A refusal takes time too: it is scored above, and timed here like any other text.
            with contextlib.suppress(Exception):
                read_fields(sample.text)
            runs.append((time.perf_counter() - started) * 1000)
        times.append(statistics.median(runs))
    print_table(
        "reading: time per text document (goal ≤ 20 ms)",
        ["texts", "median ms", "p95 ms", "max ms"],
        [[len(times), statistics.median(times), percentile(times, 95), max(times)]],
    )
