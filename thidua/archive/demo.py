"""The demo's archive: the PDF/A-2b copy of every paper the demo issued, as `thidua cron` makes them in
service (the demo runs a worker, not the scheduled work)."""

from __future__ import annotations

from thidua.archive.services import archive_copies_make


def load(ctx) -> None:
    from thidua.demo import ACTOR

    archive_copies_make(actor=ACTOR)
