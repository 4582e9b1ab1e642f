"""`thidua score-reader [--split tune|holdout|all] [--show-misses]`: how well the reader reads the
labelled corpus of real papers, field by field (see `thidua.documents.evaluation`)."""

import statistics

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from thidua.documents.evaluation import (
    ANNEX_KEYS,
    FIELDS,
    SPLITS,
    CorpusError,
    Report,
    evaluate,
    evaluate_annex,
    load_corpus,
    reader_annex_rows,
)


class Command(BaseCommand):
    help = _("Chấm điểm bộ đọc văn bản trên bộ văn bản thật đã gán nhãn (điểm trung bình theo trường).")

    def add_arguments(self, parser):
        parser.add_argument(
            "--split", choices=[*SPLITS, "all"], default="all", help=_("Phần của bộ văn bản cần chấm.")
        )
        parser.add_argument(
            "--show-misses",
            action="store_true",
            help=_("In từng trường đọc sai của mỗi văn bản (nhãn và kết quả đọc)."),
        )

    def handle(self, *args, split: str, show_misses: bool, **options):
        try:
            samples = load_corpus()
        except CorpusError as exc:
            raise CommandError(str(exc)) from None
        chosen = [s for s in samples if split == "all" or s.split == split]
        if not chosen:
            raise CommandError(_("Không có văn bản nào trong phần “%(split)s”.") % {"split": split})
        report = evaluate(chosen)
        splits = [s for s in SPLITS if report.of(s)]
        self._table(report, splits)
        self._annex(chosen, splits)
        if show_misses:
            if split != "tune":
                self.stdout.write(
                    _(
                        "Lưu ý: phần holdout dùng để đo, không dùng để chỉnh bộ đọc; "
                        "chỉnh theo các lỗi của phần tune (--split tune)."
                    )
                )
            self._misses(report)

    def _table(self, report: Report, splits: list[str]) -> None:
        columns = [*splits, "all"] if len(splits) > 1 else splits
        header = [_("trường"), *columns]
        rows = [[f, *(f"{report.per_field(_key(c))[f]:.3f}" for c in columns)] for f in FIELDS]
        rows.append([_("trung bình"), *(f"{report.mean(_key(c)):.3f}" for c in columns)])
        rows.append([_("số văn bản"), *(str(len(report.of(_key(c)))) for c in columns)])
        rows.append([_("bị từ chối"), *(str(report.refused(_key(c))) for c in columns)])
        times = report.times_ms()
        widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
        for row in [header, ["-" * w for w in widths], *rows]:
            self.stdout.write("  ".join(str(c).ljust(w) for c, w in zip(row, widths, strict=True)))
        self.stdout.write(
            _("Thời gian đọc mỗi văn bản: trung vị %(median).1f ms, lâu nhất %(max).1f ms")
            % {"median": statistics.median(times), "max": max(times)}
        )

    def _annex(self, samples, splits: list[str]) -> None:
        """The annex rows, scored apart: never part of the mean field score above."""
        if not any(s.annex_rows for s in samples):
            return
        reader = reader_annex_rows()
        if reader is None:
            self.stdout.write(_("Dòng danh sách kèm theo: bộ đọc chưa đọc danh sách, chưa chấm."))
            return
        report = evaluate_annex(samples, reader)
        columns = [*splits, "all"] if len(splits) > 1 else splits
        self.stdout.write(_("Dòng danh sách kèm theo (chấm riêng, không tính vào điểm trung bình):"))
        for key in ANNEX_KEYS:
            cells = []
            for c in columns:
                scores = report.per_key(_key(c))
                cells.append(f"{scores[key]:.3f}" if scores else "-")
            self.stdout.write(f"  {key:<10}" + "  ".join(f"{cell:>7}" for cell in cells))
        counts = "  ".join(f"{report.count(_key(c)):>7}" for c in columns)
        self.stdout.write(f"  {_('số văn bản'):<10}" + counts)

    def _misses(self, report: Report) -> None:
        for result in sorted(report.results, key=lambda r: r.score):
            misses = result.misses()
            if not misses:
                continue
            sample = result.sample
            self.stdout.write(f"\n== {sample.name} [{sample.split}] {result.score:.2f}")
            if result.error:
                self.stdout.write(_("   từ chối: %(error)s") % {"error": result.error})
                continue
            for name, expected, read in misses:
                self.stdout.write(f"   {name}:\n      {_('nhãn')}: {expected!r}\n      {_('đọc')}:  {read!r}")


def _key(column: str) -> str | None:
    return None if column == "all" else column
