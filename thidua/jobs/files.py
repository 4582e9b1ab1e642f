"""Where finished job files live: `<data dir>/jobs/`, written whole or not at all.

A file is written under a temporary name (`….part`), flushed to disk, then renamed to its final
name in one step (`os.replace`); only then does the job become `done` and name it. A worker killed
while writing leaves a `.part` file nobody serves, removed by `thidua cron`.
"""

import os
import secrets
from pathlib import Path

from django.conf import settings

PART = ".part"


def jobs_dir() -> Path:
    path = Path(settings.THIDUA_JOBS_DIR)
    path.mkdir(parents=True, exist_ok=True)
    return path


def write_whole(job_id: int, data: bytes, extension: str) -> str:
    """Write `data` for the job and return the final file's name inside `jobs_dir()`."""
    name = f"{job_id}-{secrets.token_hex(8)}.{extension}"
    final = jobs_dir() / name
    part = final.with_name(name + PART)
    with open(part, "wb") as out:
        out.write(data)
        out.flush()
        os.fsync(out.fileno())
    os.replace(part, final)
    return name


def path_of(name: str) -> Path | None:
    """The finished file named `name`, or None when it is missing or not a plain name of ours."""
    if not name or name != Path(name).name or name.endswith(PART):
        return None
    path = jobs_dir() / name
    return path if path.is_file() else None


def remove(name: str) -> None:
    if name and name == Path(name).name:
        (jobs_dir() / name).unlink(missing_ok=True)


def leftover_parts(older_than: float) -> list[Path]:
    """Temporary files of writes that never finished, last touched before `older_than` (epoch s)."""
    return [p for p in jobs_dir().glob(f"*{PART}") if p.stat().st_mtime < older_than]
