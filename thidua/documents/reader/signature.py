"""The end of a document: the recipients ("Nơi nhận"), the signature block, further signature
blocks (confirmations), and the annexes printed after the signature."""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

from thidua.documents.model import Annex, Document, Signer
from thidua.documents.reader.body import tree
from thidua.documents.reader.lines import paragraphs
from thidua.documents.reader.patterns import (
    ANNEX_TITLE,
    AUTHORITY,
    BULLET,
    RECIPIENTS,
    SIGN_NOTE,
    UPPER_VN,
    is_name,
    is_upper,
    strip_recipient,
)

SIGN_NOTE_INSIDE = re.compile(r"\(\s*(?:đã ký|ký tên|đã ký và đóng dấu)[^)]*\)", re.IGNORECASE)
_TITLE_WORDS = (
    "CHỦ TỊCH",
    "GIÁM ĐỐC",
    "TRƯỞNG",
    "BỘ TRƯỞNG",
    "BÍ THƯ",
    "THƯ KÝ",
    "CHỦ TỌA",
    "CHÁNH",
    "NGƯỜI",
    "CÔNG CHỨC",
    "HIỆU TRƯỞNG",
    "PHÓ",
    "XÁC NHẬN",
    "THỦ TƯỚNG",
    "TỔNG BÍ THƯ",
    "ỦY VIÊN",
)


def split_annexes(lines: list[str]) -> tuple[list[str], list[str]]:
    """Cut the annexes ("DANH SÁCH …", "PHỤ LỤC …" printed after the signature) off the end."""
    anchor = next((i for i, line in enumerate(lines) if RECIPIENTS.match(line)), None)
    if anchor is None:
        return lines, []
    for i in range(anchor + 1, len(lines)):
        line = lines[i]
        if ANNEX_TITLE.match(line) and is_upper(line) and any(is_name(x) for x in lines[anchor:i]):
            return lines[:i], lines[i:]
    return lines, []


def read_annexes(lines: list[str]) -> list[Annex]:
    """Each annex: its upper-case title, a "(…)" subtitle, and its blocks up to the next title."""
    annexes: list[Annex] = []
    i = 0
    while i < len(lines):
        if not lines[i]:
            i += 1
            continue
        title = []
        while i < len(lines) and lines[i] and is_upper(lines[i]) and not lines[i].startswith("|"):
            title.append(lines[i])
            i += 1
        while i < len(lines) and not lines[i]:
            i += 1
        subtitle = []
        if i < len(lines) and lines[i].startswith("("):
            while i < len(lines) and lines[i]:
                subtitle.append(lines[i])
                i += 1
                if subtitle[-1].endswith(")"):
                    break
        start = i
        while i < len(lines) and not (
            ANNEX_TITLE.match(lines[i]) and is_upper(lines[i]) and (i == 0 or not lines[i - 1])
        ):
            i += 1
        annex = Annex(title=" ".join(title), subtitle=" ".join(subtitle))
        annex.blocks = tree(paragraphs(lines[start:i]))
        annexes.append(annex)
    return annexes


def split_tail(lines: list[str]) -> tuple[list[str], list[str]]:
    """Cut the body from the recipients and signer block at the end."""
    lines = [part for line in lines for part in (_title_and_name(line) or _note_and_name(line) or [line])]
    at = next((i for i, line in enumerate(lines) if RECIPIENTS.match(line)), None)
    no_recipients = at is None
    if at is None:
        at = len(lines)
        # A short note in ordinary script under the signature ("ghi chú …") stays in the tail,
        # where it is warned about, and the signer block is looked for above it.
        while at > 0 and (not lines[at - 1] or (lines[at - 1][:1].islower() and len(lines[at - 1]) < 80)):
            at -= 1
        if at < len(lines) and not any(is_name(x) for x in lines[max(0, at - 4) : at]):
            at = len(lines)
    # A signer block may precede "Nơi nhận" (text of a two-column table read in order).
    j = at
    while j > 0 and (
        not lines[j - 1]
        or is_name(lines[j - 1])
        or SIGN_NOTE.match(lines[j - 1])
        or _in_signer_block(lines[j - 1])
    ):
        j -= 1
    block = [x for x in lines[j:at] if x]
    names = [x for x in block if not SIGN_NOTE.match(x)]
    signed = bool(names) and is_name(names[-1])
    if block and any(_looks_signer_title(x) for x in block) and signed:
        at = j
    elif no_recipients and signed and (any(is_upper(x) for x in block) or len(names) < len(block)):
        # No "Nơi nhận": a name under an upper-case title, or a name with "(Đã ký)" beside it.
        at = j
    elif no_recipients and block and AUTHORITY.match(block[0]) and all(is_upper(x) for x in block):
        # A signer block cut down to its title ("KT. THỦ TƯỚNG"), the name lost.
        at = j
        while at > 0 and re.match(r"^[-+]\s*(Như|Lưu)\b", lines[at - 1]):
            at -= 1  # the recipients printed beside it
    return lines[:at], lines[at:]


def split_attached(lines: list[str]) -> tuple[list[str], list[str]]:
    """Without "Nơi nhận", cut what is attached after a lone signer title ("TM. ỦY BAN NHÂN
    DÂN" over "DANH SÁCH …" or over a title and "(Ban hành kèm theo …)"), so that the list or
    regulation is read as an annex and not as the signer's title."""
    if any(RECIPIENTS.match(line) for line in lines):
        return lines, []
    for i, line in enumerate(lines):
        if not (AUTHORITY.match(line) and is_upper(line) and len(line) < 80):
            continue
        k = i + 1
        while k < len(lines) and (not lines[k] or (is_upper(lines[k]) and _looks_signer_title(lines[k]))):
            k += 1
        while k < len(lines) and (is_name(lines[k]) or SIGN_NOTE.match(lines[k]) or not lines[k]):
            k += 1
        if k >= len(lines) or not is_upper(lines[k]):
            continue
        after = next((x for x in lines[k + 1 : k + 4] if x and not is_upper(x)), "")
        if ANNEX_TITLE.match(lines[k]) or re.match(r"^\(\s*(Ban hành )?kèm theo", after, re.IGNORECASE):
            return lines[:k], lines[k:]
    return lines, []


def _in_signer_block(line: str) -> bool:
    """A line of a signer's title: short, upper case (or a title in ordinary case, "Phó Chủ
    tịch"), without the punctuation that ends a sentence or introduces an enactment."""
    if line.endswith((".", ":", ";", ",")) or len(line) > 80:
        return False
    return is_upper(line) or _looks_signer_title(line)


def _looks_signer_title(line: str) -> bool:
    if not is_upper(line) and len(line.split()) <= 5 and not line.endswith((".", ":", ";", ",")):
        # a title printed in ordinary case: "Phó Chủ tịch", "Bộ trưởng"
        return line.upper().startswith(_TITLE_WORDS) and not is_name(line)
    return (
        bool(AUTHORITY.match(line))
        or (is_upper(line) and len(line) < 60 and any(w in line for w in _TITLE_WORDS))
        or (is_upper(line) and len(line) < 60 and line.startswith(("ỦY BAN", "UỶ BAN", "HỘI", "BAN ")))
    )


def read_tail(lines: list[str], doc: Document, warnings: list[str]) -> None:
    """Recipients, the signer and further signature blocks into `doc`; name what cannot be placed."""
    title_lines: list[str] = []
    recipients: list[str] = []
    extras: list[Signer] = []  # signature blocks after the signer's ("XÁC NHẬN CỦA …")
    in_recipients = False
    for line in _unmerge_tail(lines):
        if not line:
            in_recipients = False
            continue
        if RECIPIENTS.match(line):
            in_recipients = True
            continue
        scrap = re.match(r"^[*•·]\s*(?P<name>.+)$", line) if title_lines and not doc.signer.name else None
        if scrap and is_name(scrap.group("name")):
            line = scrap.group("name")  # a mark of the scan before the signer's name
        bullet = BULLET.match(line)
        if bullet and (in_recipients or not title_lines):
            recipients.append(strip_recipient(bullet.group("text")))
            in_recipients = True
        elif SIGN_NOTE.match(line):
            if extras and not extras[-1].name:
                extras[-1].note = line
            else:
                doc.signer.note = line
        elif _looks_signer_title(line) or (is_upper(line) and title_lines and not doc.signer.name):
            if doc.signer.name:
                if not extras or extras[-1].name:
                    extras.append(Signer())
                extras[-1].title_lines.append(line)
            else:
                title_lines.append(line)
        elif is_name(line) and not doc.signer.name and (title_lines or not in_recipients):
            doc.signer.name = line
        elif is_name(line) and extras and not extras[-1].name:
            extras[-1].name = line
        elif in_recipients and recipients and not recipients[-1].endswith((";", ".")):
            recipients[-1] = strip_recipient(f"{recipients[-1]} {line}")
        elif in_recipients and not title_lines:
            recipients.append(strip_recipient(line))
        else:
            warnings.append(_("Dòng cuối văn bản không đọc được: “%(line)s”") % {"line": line})
    doc.signer.title_lines = title_lines
    doc.recipients = recipients
    doc.confirmations = extras
    # Two signers side by side read left first: the secretary of minutes or the body confirming a
    # report signs on the left, beside the signer on the right.
    if title_lines and title_lines[0].startswith(_LEFT_SIGNERS) and extras:
        doc.cosigner, doc.signer = doc.signer, extras[0]
        doc.confirmations = extras[1:]


def _title_and_name(line: str) -> list[str]:
    """A signer's title with the name (and "(Đã ký)") glued on its line: "CHỦ TỊCH Nguyễn Văn An"
    → the title, the note and the name apart; [] when the line is not that."""
    if len(line) > 120 or not line[:1].isupper():
        return []
    words = line.split()
    k = 0
    while k < len(words) and (words[k].isupper() or not any(c.isalpha() for c in words[k])):
        k += 1  # the upper-case title; the name starts at the first word in ordinary case
    if not 0 < k < len(words):
        return []
    head, tail = " ".join(words[:k]), " ".join(words[k:])
    if not (is_upper(head) and _looks_signer_title(head)):
        return []
    note = SIGN_NOTE_INSIDE.search(tail)
    name = SIGN_NOTE_INSIDE.sub(" ", tail).strip()
    if is_name(name):
        return [head, *([note.group(0).strip()] if note else []), name]
    return []


def _note_and_name(line: str) -> list[str]:
    """ "(Đã ký)Võ Văn Kiệt" or "Trường Chinh (Đã ký)": the note and the name apart."""
    note = SIGN_NOTE_INSIDE.search(line) if "(" in line and len(line) < 80 else None
    if not note:
        return []
    name = SIGN_NOTE_INSIDE.sub(" ", line).strip()
    if not is_name(name):
        return []
    first = note.group(0).strip()
    return [first, name] if note.start() == 0 else [name, first]


_LEFT_SIGNERS = ("THƯ KÝ", "XÁC NHẬN CỦA CẤP TRÌNH KHEN", "THỦ TRƯỞNG ĐƠN VỊ XÁC NHẬN")


def _unmerge_tail(lines: list[str]) -> list[str]:
    """Undo a signer title merged with a recipient line: "- Như Điều 3; KT. CHỦ TỊCH", and
    recipients run together on one line: "Nơi nhận:- Như Điều 2;- Lưu: VT."."""
    split: list[str] = []
    queue = list(lines)
    while queue:
        line = queue.pop(0)
        recip = RECIPIENTS.match(line)
        if recip and recip.group("rest"):
            split.append("Nơi nhận:")
            queue.insert(0, recip.group("rest"))
            continue
        run = re.split(r"(?<=[;.])\s*(?=[-+]\s*[" + UPPER_VN + r"])", line)
        if line.startswith(("-", "+")) and len(run) > 1:
            queue[0:0] = [r.strip() for r in run]
            continue
        auth = AUTHORITY.search(line)
        if auth and auth.start() > 0 and not is_upper(line[: auth.start()]):
            split.append(line[: auth.start()].strip())
            queue.insert(0, line[auth.start() :].strip())
            continue
        if glued := _title_and_name(line):
            split.extend(glued)
            continue
        trailing = re.search(r"[;.,]\s+((?:[" + UPPER_VN + r"]{2,}\s?){1,6})$", line)
        if line.startswith(("-", "+")) and trailing and _looks_signer_title(trailing.group(1).strip()):
            split.extend([line[: trailing.start(1)].strip(), trailing.group(1).strip()])
            continue
        split.append(line)
    return split
