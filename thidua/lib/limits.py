"""Limits on reading an uploaded file, so that a small hostile file cannot exhaust the server.

A zip-based upload (.xlsx, .docx) is refused from its central directory before anything parses
it: too many entries, too many bytes once uncompressed, or an entry that inflates far more than
real files do (`check_zip`). The cells of a workbook are counted as its XML streams by, with
nothing kept in memory, before openpyxl builds a single cell (`check_sheets`). And the parsing
of one file runs in a child process with a ceiling on its memory and on its time (`bounded`),
ended with a clear Vietnamese message when it goes over.

Every limit is a setting (`THIDUA_UPLOAD_*`, `THIDUA_SHEET_*`, `THIDUA_TEXT_MAX_LINES`,
`THIDUA_PARSE_*`) whose default fits the real files of a commune with room to spare.
"""

from __future__ import annotations

import contextlib
import io
import os
import pickle
import resource
import selectors
import signal
import struct
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from django.conf import settings
from django.utils.translation import gettext as _

from thidua.lib.vn import format_number

T = TypeVar("T")

MB = 1024 * 1024
# Entries smaller than this may inflate as much as they like: they cannot hurt.
_RATIO_FLOOR = 1 * MB
# A central directory record is 46 bytes plus the name and extras; a real one stays far below this.
_DIRECTORY_BYTES_PER_ENTRY = 1024
_SPREADSHEET_NS = (
    "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}",
    "{http://purl.oclc.org/ooxml/spreadsheetml/main}",
)


class LimitExceeded(ValueError):
    """The file goes over a limit; the message is for the user (Vietnamese)."""


@dataclass(frozen=True)
class Limits:
    uncompressed_bytes: int = 50 * MB
    zip_entries: int = 2000
    zip_ratio: int = 200
    sheet_rows: int = 20_000
    sheet_columns: int = 200
    sheet_cells: int = 400_000
    text_lines: int = 20_000
    parse_seconds: float = 30.0
    parse_memory_bytes: int = 768 * MB

    @classmethod
    def current(cls) -> Limits:
        """The limits of the settings (read at each call, so a test can override them)."""
        default = cls()
        return cls(
            uncompressed_bytes=getattr(
                settings, "THIDUA_UPLOAD_MAX_UNCOMPRESSED_BYTES", default.uncompressed_bytes
            ),
            zip_entries=getattr(settings, "THIDUA_UPLOAD_MAX_ZIP_ENTRIES", default.zip_entries),
            zip_ratio=getattr(settings, "THIDUA_UPLOAD_MAX_ZIP_RATIO", default.zip_ratio),
            sheet_rows=getattr(settings, "THIDUA_SHEET_MAX_ROWS", default.sheet_rows),
            sheet_columns=getattr(settings, "THIDUA_SHEET_MAX_COLUMNS", default.sheet_columns),
            sheet_cells=getattr(settings, "THIDUA_SHEET_MAX_CELLS", default.sheet_cells),
            text_lines=getattr(settings, "THIDUA_TEXT_MAX_LINES", default.text_lines),
            parse_seconds=getattr(settings, "THIDUA_PARSE_SECONDS", default.parse_seconds),
            parse_memory_bytes=getattr(settings, "THIDUA_PARSE_MEMORY_MB", default.parse_memory_bytes // MB)
            * MB,
        )


def max_upload_bytes() -> int:
    """The largest file taken anywhere (`THIDUA_MAX_UPLOAD_BYTES`), read at each call."""
    return int(getattr(settings, "THIDUA_MAX_UPLOAD_BYTES", 10 * MB))


def _mb(size: int) -> str:
    return f"{size / MB:.0f}" if size >= MB else f"{size / MB:.2f}"


# --- zip archives ---------------------------------------------------------------------------


def check_zip(data: bytes, limits: Limits | None = None) -> None:
    """Refuse a zip archive whose central directory promises too much; read nothing else."""
    limits = limits or Limits.current()
    entries, directory_size = _end_of_directory(data)
    if entries > limits.zip_entries or directory_size > limits.zip_entries * _DIRECTORY_BYTES_PER_ENTRY:
        raise _too_many_entries(entries, limits)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError, EOFError) as exc:
        raise LimitExceeded(_("Tệp nén bị hỏng, không đọc được.")) from exc
    if len(infos) > limits.zip_entries:
        raise _too_many_entries(len(infos), limits)
    total = sum(info.file_size for info in infos)
    if total > limits.uncompressed_bytes:
        raise LimitExceeded(
            _(
                "Tệp nén chứa %(size)s MB khi giải nén; giới hạn là %(limit)s MB. "
                "Tệp có thể là “bom nén” hoặc quá lớn để xử lý."
            )
            % {"size": _mb(total), "limit": _mb(limits.uncompressed_bytes)}
        )
    for info in infos:
        if info.file_size > _RATIO_FLOOR and info.file_size > limits.zip_ratio * max(info.compress_size, 1):
            raise LimitExceeded(
                _(
                    "Phần “%(name)s” của tệp nén giãn ra %(ratio)s lần khi giải nén, vượt giới hạn "
                    "%(limit)s lần của tệp thật. Tệp có thể là “bom nén”; hãy lưu lại tệp rồi tải lên."
                )
                % {
                    "name": info.filename[:80],
                    "ratio": info.file_size // max(info.compress_size, 1),
                    "limit": limits.zip_ratio,
                }
            )


def _too_many_entries(entries: int, limits: Limits) -> LimitExceeded:
    return LimitExceeded(
        _("Tệp nén có quá nhiều phần (%(count)s); giới hạn là %(limit)s.")
        % {"count": entries if entries < 0xFFFF else _("hơn 65.535"), "limit": limits.zip_entries}
    )


def _end_of_directory(data: bytes) -> tuple[int, int]:
    """(entries, size of the central directory) from the end-of-central-directory record.

    Read by hand so that an archive of 100,000 entries is refused before zipfile makes an object
    for each. A Zip64 archive marks the count as 0xFFFF: far above any limit, so refused too.
    """
    tail = data[-(22 + 0xFFFF) :]
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or len(tail) - at < 22:
        raise LimitExceeded(_("Tệp nén bị hỏng, không đọc được."))
    _disk, _start, _here, entries, size, _offset, _comment = struct.unpack("<HHHHIIH", tail[at + 4 : at + 22])
    return entries, size


# --- workbooks ------------------------------------------------------------------------------


def check_sheets(data: bytes, limits: Limits | None = None) -> None:
    """Count the rows, columns and cells of every sheet (and the shared strings) as the XML
    streams by, keeping nothing; refuse the workbook at the first limit it goes over."""
    from lxml import etree  # type: ignore[import-untyped]

    counter = _SheetCounter(limits or Limits.current())
    tags = [ns + name for ns in _SPREADSHEET_NS for name in ("c", "row", "si")]
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for info in archive.infolist():
            if not info.filename.endswith(".xml"):
                continue
            counter.rows = counter.column = 0
            with archive.open(info) as stream:
                events = etree.iterparse(
                    stream, events=("end",), tag=tags, resolve_entities=False, no_network=True
                )
                try:
                    for _event, element in events:
                        counter.see(element)
                        _forget(element)
                except etree.XMLSyntaxError:
                    continue  # openpyxl refuses a broken part itself, with its own message


def _forget(element) -> None:
    """Drop a counted element and its elder siblings, so the tree does not grow with the rows."""
    element.clear()
    parent = element.getparent()
    if parent is not None:
        while element.getprevious() is not None:
            del parent[0]


class _SheetCounter:
    """Rows of the part being read; cells and shared strings of the whole workbook."""

    def __init__(self, limits: Limits):
        self.limits = limits
        self.rows = self.column = self.cells = self.strings = 0

    def see(self, element) -> None:
        """Count an element that has just ended."""
        name = _local(element.tag)
        if name == "c":
            self.cells += 1
            # A cell without a reference sits right after the one before it, as openpyxl reads it.
            column = _column_of(element.get("r") or "") or self.column + 1
            self.column = column
            if self.cells > self.limits.sheet_cells:
                raise self._refuse(_("ô có dữ liệu"), self.cells, self.limits.sheet_cells)
            if column > self.limits.sheet_columns:
                raise self._refuse(_("cột"), column, self.limits.sheet_columns)
        elif name == "row":
            self.column = 0
            self.rows = max(self.rows + 1, _int(element.get("r")))
            if self.rows > self.limits.sheet_rows:
                raise self._refuse(_("dòng"), self.rows, self.limits.sheet_rows)
        elif name == "si":
            self.strings += 1
            if self.strings > self.limits.sheet_cells:
                raise self._refuse(_("chuỗi chữ"), self.strings, self.limits.sheet_cells)

    @staticmethod
    def _refuse(what: str, count: int, limit: int) -> LimitExceeded:
        return LimitExceeded(
            _(
                "Bảng tính có quá nhiều %(what)s (đến %(count)s); giới hạn là %(limit)s. "
                "Hãy chia nhỏ bảng tính hoặc xóa các dòng, cột thừa."
            )
            % {"what": what, "count": format_number(count), "limit": format_number(limit)}
        )


def _local(tag) -> str:
    if not isinstance(tag, str):
        return ""  # a comment or a processing instruction
    for ns in _SPREADSHEET_NS:
        if tag.startswith(ns):
            return tag[len(ns) :]
    return ""


def _column_of(reference: str) -> int:
    """The column number of a cell reference such as "AB12" (0 when there is none)."""
    number = 0
    for ch in reference:
        if not ("A" <= ch <= "Z"):
            break
        number = number * 26 + ord(ch) - 64
    return number


def _int(text: str | None) -> int:
    """A row number as the reader takes it (`thidua.lib.excel._row_number`): "7", "7.0" and "7e0"
    are row 7, so a row numbered "1e9" is counted as the billionth, not waved through as 0."""
    try:
        return int(text or 0)
    except ValueError:
        pass
    try:
        number = float(text or 0)
    except ValueError:
        return 0
    return int(number) if number.is_integer() else 0


# --- text -----------------------------------------------------------------------------------


def check_lines(text: str, limits: Limits | None = None) -> None:
    """Refuse a text longer than any real document."""
    limits = limits or Limits.current()
    lines = text.count("\n") + 1
    if lines > limits.text_lines:
        raise LimitExceeded(
            _("Văn bản quá dài (%(lines)s dòng); giới hạn là %(limit)s dòng.")
            % {"lines": format_number(lines), "limit": format_number(limits.text_lines)}
        )


# --- time and memory ------------------------------------------------------------------------


def bounded(fn: Callable[..., T], *args: Any, limits: Limits | None = None) -> T:
    """`fn(*args)` in a child process limited in memory and in time; its result or its exception.

    Raise LimitExceeded when the child runs out of time or of memory. The child leads a session of
    its own, so no converter it started (Tesseract, LibreOffice) outlives the reading: when the
    child is stopped or dies, every process of its session is killed; when it ends well, its
    process group (a converter run in a group of its own is ended by whoever ran it, as
    `thidua.documents.reader.files` does). Without fork (not Linux or macOS), run in this process.
    """
    limits = limits or Limits.current()
    if not hasattr(os, "fork"):
        return fn(*args)
    reader, writer = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns
        os.close(reader)
        _child(writer, fn, args, limits.parse_memory_bytes)
    os.close(writer)
    payload = None
    try:
        payload = _read_until(reader, pid, time.monotonic() + limits.parse_seconds)
    finally:
        os.close(reader)
        # Looking through every process costs a few milliseconds: only when the child did not end well.
        _kill_session(pid, everywhere=not payload)
    if payload is None:
        raise LimitExceeded(
            _("Đọc tệp quá %(seconds)s giây nên đã dừng. Tệp quá lớn hoặc quá phức tạp để xử lý.")
            % {"seconds": f"{limits.parse_seconds:g}".replace(".", ",")}
        )
    if not payload:
        raise _out_of_memory(limits)
    kind, value = pickle.loads(payload)
    if kind == "ok":
        return value
    if isinstance(value, MemoryError):
        raise _out_of_memory(limits)
    raise value


def _out_of_memory(limits: Limits) -> LimitExceeded:
    return LimitExceeded(
        _("Đọc tệp cần quá %(mb)s MB bộ nhớ nên đã dừng. Tệp quá lớn hoặc quá phức tạp để xử lý.")
        % {"mb": limits.parse_memory_bytes // MB}
    )


def _child(writer: int, fn: Callable, args: tuple, memory: int) -> None:
    status = 0
    try:
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        os.setsid()  # a session of its own: what it starts is found and killed by its session id
        _limit_memory(memory)
        try:
            outcome: tuple[str, Any] = ("ok", fn(*args))
        except BaseException as exc:  # sent back to the parent, raised there
            outcome = ("error", exc)
        try:
            payload = pickle.dumps(outcome)
        except Exception:
            payload = pickle.dumps(("error", RuntimeError(repr(outcome[1])[:500])))
        with os.fdopen(writer, "wb") as out:
            out.write(payload)
    except BaseException:
        status = 1
    finally:
        os._exit(status)  # no atexit, no flushing of the parent's buffers, no closing its database


def _limit_memory(extra: int) -> None:
    """Let the child use `extra` bytes of address space beyond what it inherited."""
    current = 0
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmSize:"):
                    current = int(line.split()[1]) * 1024
    except OSError:
        current = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    target = current + extra
    if hard != resource.RLIM_INFINITY:
        target = min(target, hard)
    resource.setrlimit(resource.RLIMIT_AS, (target, hard))


def _kill_session(leader: int, *, everywhere: bool) -> None:
    """Kill what is left of the child `leader` (it has exited or been killed by now): its process
    group, and, `everywhere`, every process of the session it opened, even in a group of its own."""
    try:
        entries = os.listdir("/proc") if everywhere else []
    except OSError:
        entries = []
    for entry in entries:
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as stat:
                fields = stat.read().rsplit(b")", 1)[1].split()
        except OSError:
            continue
        # After the command's name: state, parent, process group, session.
        if len(fields) > 3 and int(fields[3]) == leader:
            with contextlib.suppress(OSError):
                os.kill(int(entry), signal.SIGKILL)
    with contextlib.suppress(OSError):
        os.killpg(leader, signal.SIGKILL)  # where /proc is missing (macOS): the child's own group


def _read_until(reader: int, pid: int, deadline: float) -> bytes | None:
    """All the child writes, or None when the deadline passes first (the child is then killed)."""
    chunks = []
    with selectors.DefaultSelector() as selector:
        selector.register(reader, selectors.EVENT_READ)
        while True:
            left = deadline - time.monotonic()
            if left <= 0 or not selector.select(left):
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
                return None
            chunk = os.read(reader, 1 << 20)
            if not chunk:
                break
            chunks.append(chunk)
    os.waitpid(pid, 0)
    return b"".join(chunks)
