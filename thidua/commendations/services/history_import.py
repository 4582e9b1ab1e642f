"""Award history from past decisions: read a folder of decisions, match each awardee of their lists
to a person of the commune, let the officer settle the doubtful rows, record the awards, undo.

A batch goes review → confirmed (→ undone). Reading is done before any write (each file in a
bounded child process, `documents.reader.annex.read_annex_file`); a batch is saved only when at
least one file gave rows, so a wrong upload leaves nothing behind. Matching never picks silently
between namesakes: one person of that name (diacritics and case ignored) fitting the unit is
proposed, two or more make a choice the officer must make, none makes a new person to confirm.
"""

from __future__ import annotations

import io
import re
import time
import zipfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from thidua import access
from thidua.access import Action, Actor
from thidua.audit import changes
from thidua.commendations.models import (
    Award,
    AwardType,
    HistoryBatch,
    HistoryBatchState,
    HistoryMatch,
    HistoryRow,
    Nomination,
    NominationState,
    RecipientKind,
)
from thidua.documents.reader.annex import AnnexReading, read_annex_file
from thidua.documents.reader.parsed import DocumentReadError
from thidua.lib.errors import ServiceError
from thidua.lib.limits import LimitExceeded, check_zip
from thidua.lib.text import clean_text, fold
from thidua.people.models import Gender, Household, Person, PersonNameKey, name_keys_for
from thidua.units.models import Unit

# The files taken from an upload or a .zip of a folder.
READABLE = (".txt", ".docx", ".pdf")
MAX_FILES = 100
# One upload's reading time, whatever the number of files (each is bounded on its own too).
READ_SECONDS = 120

NOTHING_READ = gettext_lazy("Không đọc được danh sách khen thưởng nào từ các tệp đã tải lên.")
NOT_READ_IN_TIME = gettext_lazy("Chưa đọc: lần tải lên này đã quá thời gian; hãy tải lại tệp này ở lần sau.")
NO_FILES = gettext_lazy("Hãy chọn ít nhất một tệp quyết định (.docx, .pdf, .txt) hoặc một tệp .zip.")
TOO_MANY_FILES = gettext_lazy("Mỗi lần chỉ nhập tối đa %(limit)s tệp.")
NOT_UNDER_REVIEW = gettext_lazy("Đợt nhập này không còn chờ rà soát.")
NOT_CONFIRMED = gettext_lazy("Chỉ hoàn tác được đợt nhập đã ghi vào lịch sử khen thưởng.")
MUST_CHOOSE = gettext_lazy(
    "Dòng “%(name)s” (%(file)s): có nhiều người trùng tên, hãy chọn đúng người hoặc bỏ qua."
)
WRONG_PERSON = gettext_lazy("Dòng “%(name)s”: người được chọn không thuộc xã này.")
NO_AWARD_TYPE = gettext_lazy("Dòng “%(name)s”: hãy chọn danh hiệu / hình thức khen thưởng.")
WRONG_AWARD_KIND = gettext_lazy("Dòng “%(name)s”: “%(award)s” không dành cho %(kind)s.")
NO_GENDER = gettext_lazy("Dòng “%(name)s”: hãy chọn giới tính cho người mới.")
NO_COLLECTIVE = gettext_lazy("Dòng “%(name)s”: hãy chọn tập thể được khen.")
AWARD_USED = gettext_lazy(
    "Không thể hoàn tác: khen thưởng của “%(name)s” năm %(year)s đã thay đổi sau khi nhập (%(why)s)."
)
PERSON_USED = gettext_lazy("Không thể hoàn tác: “%(name)s”, người được tạo khi nhập, nay đã có hồ sơ khác.")


@dataclass(frozen=True)
class RowChoice:
    """What the officer settled for a row: a person's id, "new", "skip" or "" (keep the proposal);
    the award type's id (None: keep the matched one); a new person's gender; a collective's unit."""

    person: str = ""
    award_type: int | None = None
    gender: str = ""
    collective: int | None = None


# --- reading ---------------------------------------------------------------------------------


def upload_files(uploads: Iterable[tuple[str, bytes]]) -> list[tuple[str, bytes]]:
    """The decisions in an upload: each file as it is, and the readable files inside a .zip of a
    folder (through the project's zip limits, so a zip bomb is refused from its directory)."""
    out: list[tuple[str, bytes]] = []
    for name, data in uploads:
        if data.startswith(b"PK\x03\x04") and name.lower().endswith(".zip"):
            try:
                check_zip(data)
                with zipfile.ZipFile(io.BytesIO(data)) as archive:
                    for info in archive.infolist():
                        inner = info.filename
                        base = inner.rsplit("/", 1)[-1]
                        if info.is_dir() or base.startswith(".") or "__MACOSX" in inner:
                            continue
                        if base.lower().endswith(READABLE):
                            out.append((inner, archive.read(info)))
            except (LimitExceeded, zipfile.BadZipFile, OSError, ValueError) as exc:
                message = (
                    str(exc) if isinstance(exc, LimitExceeded) else _("Tệp nén bị hỏng, không đọc được.")
                )
                raise ServiceError(f"{name}: {message}", field="files", code="bad_zip") from None
        else:
            out.append((name, data))
    if not out:
        raise ServiceError(NO_FILES, field="files", code="no_files")
    if len(out) > MAX_FILES:
        raise ServiceError(TOO_MANY_FILES % {"limit": MAX_FILES}, field="files", code="too_many_files")
    return out


def _read(files: list[tuple[str, bytes]]) -> list[tuple[str, AnnexReading | None, str]]:
    """Each file's reading, or the reason it gave none (in Vietnamese). Each file is bounded in
    time by the reader; the whole upload by `READ_SECONDS`, the files left then named as not read."""
    out: list[tuple[str, AnnexReading | None, str]] = []
    deadline = time.monotonic() + READ_SECONDS
    for name, data in files:
        if time.monotonic() > deadline:
            out.append((name, None, str(NOT_READ_IN_TIME)))
            continue
        try:
            reading = read_annex_file(data, name)
        except DocumentReadError as exc:
            out.append((name, None, str(exc)))
            continue
        if not reading.rows:
            out.append((name, None, _("Không tìm thấy danh sách tập thể, cá nhân được khen thưởng.")))
        elif reading.year is None:
            out.append((name, None, _("Không đọc được năm khen thưởng của quyết định.")))
        else:
            out.append((name, reading, ""))
    return out


# --- matching ----------------------------------------------------------------------------------


def _award_key(text: str) -> str:
    key = fold(text)
    key = re.sub(r"\(.*?\)", " ", key)
    key = key.replace("uy ban nhan dan", "ubnd").replace("thi dua - khen thuong", "tdkt")
    key = re.sub(r"[“”\"'.,:;]", " ", key)
    return re.sub(r"\s+", " ", key).strip()


def match_award_type(text: str, kind: str, types: list[AwardType]) -> AwardType | None:
    """The catalogue's award a list names, for the row's kind of recipient; None when none or
    several fit as well (the officer chooses)."""
    key = _award_key(text)
    if not key:
        return None
    fitting = [t for t in types if t.recipient_kind == kind]
    named = [t for t in fitting if _award_key(t.name) and _award_key(t.name) in key]
    if named:
        longest = max(len(_award_key(t.name)) for t in named)
        best = [t for t in named if len(_award_key(t.name)) == longest]
        return best[0] if len(best) == 1 else None
    within = [t for t in fitting if key in _award_key(t.name) or key == fold(t.short_name)]
    return within[0] if len(within) == 1 else None


def _unit_in(text: str, units: list[Unit]) -> Unit | None:
    """The unit of the commune a row names ("Ấp Mỹ Hòa", "Trưởng ấp Mỹ Hòa"), the longest name first."""
    key = fold(text)
    if not key:
        return None
    found = [u for u in units if u.search_key and re.search(r"\b" + re.escape(u.search_key) + r"\b", key)]
    if not found:
        # "Trưởng ấp Mỹ Hòa" names "Ấp Mỹ Hòa" without its leading word
        found = [
            u
            for u in units
            if len(u.search_key.split()) > 2
            and re.search(r"\b" + re.escape(u.search_key.split(" ", 1)[1]) + r"\b", key)
        ]
    return max(found, key=lambda u: len(u.search_key)) if found else None


def _within(person: Person, unit: Unit) -> bool:
    return person.unit_id == unit.pk or person.unit.path.startswith(unit.path)


def _gender_of(source: str, name: str) -> str:
    words = source.replace(".", " ").split()
    if re.search(r"(^|\s|\.\s*)(Ông)\s", source):
        return Gender.MALE
    if re.search(r"(^|\s|\.\s*)(Bà)\s", source) or "Thị" in name.split() or "thị" in words:
        return Gender.FEMALE
    return ""


def _proposal(row: HistoryRow, people: list[Person], units: list[Unit]) -> tuple[str, list[Person], str]:
    """The match of a row: (how, candidates, note)."""
    if row.kind == RecipientKind.HOUSEHOLD:
        return _household(row, people, units)
    if row.kind == RecipientKind.COLLECTIVE:
        key = fold(row.name)
        named = [u for u in units if u.search_key == key]
        if len(named) == 1:
            row.unit = named[0]
            return HistoryMatch.COLLECTIVE, [], ""
        return HistoryMatch.COLLECTIVE, [], _("Không tìm thấy tập thể này trong xã: hãy chọn hoặc bỏ qua.")
    row.unit = _unit_in(f"{row.unit_text} {row.position}", units)
    if not people:
        return HistoryMatch.NEW, [], ""
    fitting = [p for p in people if row.unit is not None and _within(p, row.unit)]
    if len(fitting) == 1:
        return HistoryMatch.PROPOSED, fitting, ""
    if len(people) == 1 and row.unit is None:
        return HistoryMatch.PROPOSED, people, ""
    return HistoryMatch.CHOOSE, fitting or people, ""


_HOUSEHOLD_PREFIX = re.compile(
    r"^(?:hộ\s+gia\s+đình|hộ|gia\s+đình)\s+(?:(?:ông|bà|anh|chị)\s+)?", re.IGNORECASE
)


def _head_name(name: str) -> str:
    """The head's name in a household's row: "Hộ ông Nguyễn Văn An" → "Nguyễn Văn An"."""
    return _HOUSEHOLD_PREFIX.sub("", name).strip()


def _household(row: HistoryRow, heads: list[Person], units: list[Unit]) -> tuple[str, list[Person], str]:
    """A household is found by its head's name (and hamlet); it is never created from a list."""
    row.unit = _unit_in(f"{row.unit_text} {row.position}", units)
    households = list(Household.objects.filter(head__in=heads).select_related("head", "hamlet"))
    if row.unit is not None and len(households) > 1:
        households = [h for h in households if h.hamlet.path.startswith(row.unit.path)]
    if len(households) == 1:
        row.household = households[0]
        return HistoryMatch.HOUSEHOLD, [], ""
    if households:
        return HistoryMatch.SKIP, [], _("Nhiều hộ có chủ hộ trùng tên: hãy ghi tay khen thưởng này.")
    return (
        HistoryMatch.SKIP,
        [],
        _("Không tìm thấy hộ này trong xã (theo tên chủ hộ): hãy ghi tay hoặc bỏ qua."),
    )


def _match_key(name: str, kind: str) -> str:
    return fold(_head_name(name) if kind == RecipientKind.HOUSEHOLD else name)


def history_batch_create(
    *, actor: Actor, commune: Unit, uploads: Iterable[tuple[str, bytes]]
) -> HistoryBatch:
    """Read the uploaded decisions and save a batch of their rows with a proposed match each.

    Nothing is saved when no file gave a list; the files that gave none are named in the batch."""
    access.require_actor(actor, Action.AWARD_HISTORY_IMPORT, commune)
    readings = _read(upload_files(uploads))
    if not any(reading for _name, reading, _error in readings):
        details = "; ".join(f"{name}: {error}" for name, _reading, error in readings[:5])
        raise ServiceError(f"{NOTHING_READ} {details}", field="files", code="nothing_read")
    return _batch_save(actor=actor, commune=commune, readings=readings)


@transaction.atomic
def _batch_save(
    *, actor: Actor, commune: Unit, readings: list[tuple[str, AnnexReading | None, str]]
) -> HistoryBatch:
    batch = changes.create(
        HistoryBatch(
            commune=commune,
            created_by=access.user_of(actor),
            files=[
                {
                    "name": name[:255],
                    "reference": reading.reference if reading else "",
                    "year": reading.year if reading else None,
                    "rows": len(reading.rows) if reading else 0,
                    "error": error,
                    "warnings": list(reading.warnings) if reading else [],
                }
                for name, reading, error in readings
            ],
        ),
        actor=actor,
        unit=commune,
        verb=_("đọc danh sách khen thưởng từ quyết định cũ"),
    )
    units = list(Unit.objects.subtree(commune))
    keys = {_match_key(r.name, r.kind) for _n, reading, _e in readings if reading for r in reading.rows}
    people_by_key: dict[str, list[Person]] = {}
    for person in Person.objects.in_subtree(commune).filter(search_key__in=keys).select_related("unit"):
        people_by_key.setdefault(person.search_key, []).append(person)
    types = list(AwardType.objects.filter(active=True))
    order = 0
    for name, reading, _error in readings:
        if reading is None:
            continue
        for annex_row in reading.rows:
            order += 1
            row = HistoryRow(
                batch=batch,
                order=order,
                file_name=name[:255],
                external_ref=reading.reference[:120],
                year=reading.year or 0,
                name=clean_text(annex_row.name)[:255],
                position=annex_row.position[:255],
                unit_text=annex_row.unit[:255],
                award_text=annex_row.award[:255],
                kind=annex_row.kind,
                source=annex_row.source,
                gender=_gender_of(annex_row.source, annex_row.name),
            )
            heads_or_people = people_by_key.get(_match_key(row.name, row.kind), [])
            how, candidates, note = _proposal(row, heads_or_people, units)
            row.match, row.note = how, note
            row.person = candidates[0] if how == HistoryMatch.PROPOSED else None
            row.award_type = match_award_type(row.award_text, row.kind, types)
            row.save()
            if how == HistoryMatch.CHOOSE:
                row.candidates.set(candidates)
    return batch


# --- confirming and undoing ---------------------------------------------------------------------


def _locked(batch: HistoryBatch) -> HistoryBatch:
    return HistoryBatch.objects.select_for_update().select_related("commune").get(pk=batch.pk)


def _settle(row: HistoryRow, choice: RowChoice, commune: Unit, types: dict[int, AwardType]) -> None:
    """Apply the officer's choice to the row, or refuse it with a message naming the row."""
    names = {"name": row.name, "file": row.file_name}
    if choice.award_type is not None:
        row.award_type = types.get(choice.award_type)
    if choice.person == "skip":
        row.match = HistoryMatch.SKIP
        return
    if row.match == HistoryMatch.SKIP and not choice.person:
        return
    if row.kind == RecipientKind.HOUSEHOLD:
        if row.household is None:
            row.match = HistoryMatch.SKIP
            return
        row.match = HistoryMatch.HOUSEHOLD
    elif row.kind == RecipientKind.COLLECTIVE:
        if choice.collective is not None:
            unit = Unit.objects.subtree(commune).filter(pk=choice.collective).first()
            if unit is None:
                raise ServiceError(NO_COLLECTIVE % names, code="no_collective")
            row.unit = unit
        if row.unit is None:
            raise ServiceError(NO_COLLECTIVE % names, code="no_collective")
        row.match = HistoryMatch.COLLECTIVE
    elif choice.person == "new":
        row.match, row.person = HistoryMatch.NEW, None
    elif choice.person:
        person = (
            Person.objects.in_subtree(commune).filter(pk=choice.person).first()
            if choice.person.isdigit()
            else None
        )
        if person is None:
            raise ServiceError(WRONG_PERSON % names, code="wrong_person")
        row.match, row.person = HistoryMatch.PROPOSED, person
    elif row.match == HistoryMatch.CHOOSE:
        raise ServiceError(MUST_CHOOSE % names, code="must_choose")
    elif row.match == HistoryMatch.SKIP:
        return
    if row.match == HistoryMatch.NEW:
        row.gender = choice.gender or row.gender
        if row.gender not in Gender.values:
            raise ServiceError(NO_GENDER % names, code="no_gender")
    if row.award_type is None:
        raise ServiceError(NO_AWARD_TYPE % names, code="no_award_type")
    if row.award_type.recipient_kind != row.kind:
        raise ServiceError(
            WRONG_AWARD_KIND
            % {"name": row.name, "award": row.award_type.name, "kind": RecipientKind(row.kind).label.lower()},
            code="wrong_award_kind",
        )


def _recipient_name(row: HistoryRow) -> str:
    if row.person is not None:
        return row.person.full_name
    if row.household is not None:
        return str(row.household)
    return row.unit.name if row.unit is not None else row.name


def _new_person(*, actor: Actor, row: HistoryRow, commune: Unit) -> Person:
    # A list printed in capitals gives the name as people write it ("NGUYỄN VĂN AN" → "Nguyễn Văn An").
    name = row.name.title() if row.name.isupper() else row.name
    person = Person(
        full_name=name,
        gender=row.gender,
        unit=row.unit or commune,
        position=row.position[:150],
        note=_("Tạo khi nhập lịch sử khen thưởng từ quyết định %(ref)s.") % {"ref": row.external_ref},
    )
    person.search_key = fold(person.full_name)
    person.full_clean()
    changes.create(person, actor=actor, verb=_("tạo khi nhập lịch sử khen thưởng"))
    PersonNameKey.objects.bulk_create(name_keys_for([person]))
    return person


@transaction.atomic
def history_batch_confirm(
    *, actor: Actor, batch: HistoryBatch, choices: Mapping[int, RowChoice] | None = None
) -> HistoryBatch:
    """Record the batch's awards (and its new people) in one transaction, with the officer's choices.

    Every doubtful row must be settled, or nothing is recorded. The same award already recorded
    for the same recipient and year (from an earlier import or a signed decision) is not made twice."""
    access.require_actor(actor, Action.AWARD_HISTORY_IMPORT, batch.commune)
    batch = _locked(batch)
    if batch.state != HistoryBatchState.REVIEW:
        raise ServiceError(NOT_UNDER_REVIEW, code="not_under_review")
    commune = batch.commune
    choices = choices or {}
    types = {t.pk: t for t in AwardType.objects.all()}
    rows = list(batch.rows.select_related("person", "unit", "household__head", "award_type"))
    for row in rows:
        _settle(row, choices.get(row.pk, RowChoice()), commune, types)
    made: set[tuple] = set()
    for row in rows:
        if row.match == HistoryMatch.SKIP:
            row.save()
            continue
        if row.match == HistoryMatch.NEW:
            row.person, row.created_person = _new_person(actor=actor, row=row, commune=commune), True
        assert row.award_type is not None  # checked by _settle
        field = {
            RecipientKind.INDIVIDUAL: "person",
            RecipientKind.COLLECTIVE: "unit",
            RecipientKind.HOUSEHOLD: "household",
        }[RecipientKind(row.kind)]
        target: Any = getattr(row, field)
        recipient = {"collective" if field == "unit" else field: target}
        key = (row.kind, target.pk, row.award_type.pk, row.year)
        already = Award.objects.filter(award_type=row.award_type, year=row.year, annulled=False, **recipient)
        if key in made or already.exists():
            row.duplicate = True
        else:
            made.add(key)
            row.award = changes.create(
                Award(
                    award_type=row.award_type,
                    year=row.year,
                    commune=commune,
                    recipient_kind=row.kind,
                    recipient_name=_recipient_name(row),
                    external_ref=row.external_ref,
                    **recipient,
                ),
                actor=actor,
                unit=commune,
                verb=_("nhập từ quyết định cũ"),
            )
        row.save()
    changes.transition(
        batch,
        actor=actor,
        to=HistoryBatchState.CONFIRMED,
        allowed=(HistoryBatchState.REVIEW,),
        verb=_("ghi vào lịch sử khen thưởng"),
        noun=_("đợt nhập"),
        unit=commune,
        confirmed_at=timezone.now(),
    )
    return batch


def _weighed_since(award: Award, batch: HistoryBatch) -> bool:
    """Whether a nomination of the same recipient and year has been examined since the import: its
    eligibility (Chiến sĩ thi đua cơ sở needs that year's Lao động tiên tiến) may rest on this award."""
    recipient = (
        {"person_id": award.person_id}
        if award.person_id
        else {"household_id": award.household_id}
        if award.household_id
        else {"collective_id": award.collective_id}
    )
    return (
        Nomination.objects.filter(year=award.year, updated_at__gte=batch.confirmed_at, **recipient)
        .exclude(state__in=(NominationState.DRAFT, NominationState.WITHDRAWN))
        .exists()
    )


@transaction.atomic
def history_batch_undo(*, actor: Actor, batch: HistoryBatch) -> HistoryBatch:
    """Remove everything the batch recorded — its awards and the people it created — as one action.

    Refused, with nothing removed, when an award was annulled or linked to a nomination or decision
    since, a nomination of the same recipient and year has been examined since (it may rest on the
    award), or a person created by the batch has since been given other records."""
    access.require_actor(actor, Action.AWARD_HISTORY_IMPORT, batch.commune)
    batch = _locked(batch)
    if batch.state != HistoryBatchState.CONFIRMED:
        raise ServiceError(NOT_CONFIRMED, code="not_confirmed")
    rows = list(batch.rows.select_related("award", "person"))
    for row in rows:
        award = row.award
        if award is None:
            continue
        why = (
            _("đã bị hủy")
            if award.annulled
            else _("đã gắn với một đề nghị hoặc quyết định")
            if award.nomination_id or award.decision_id
            else ""
        )
        if not why and _weighed_since(award, batch):
            why = _("đã được dùng khi xét một đề nghị khen thưởng của cùng năm")
        if why:
            raise ServiceError(
                AWARD_USED % {"name": row.name, "year": row.year, "why": why}, code="award_used"
            )
        changes.delete(
            award, actor=actor, unit=batch.commune, verb=_("hoàn tác đợt nhập lịch sử khen thưởng")
        )
    for row in rows:
        if row.created_person and row.person is not None:
            person = row.person
            try:
                with transaction.atomic():
                    changes.delete(person, actor=actor, verb=_("hoàn tác đợt nhập lịch sử khen thưởng"))
            except ProtectedError:
                raise ServiceError(PERSON_USED % {"name": person.full_name}, code="person_used") from None
    changes.transition(
        batch,
        actor=actor,
        to=HistoryBatchState.UNDONE,
        allowed=(HistoryBatchState.CONFIRMED,),
        verb=_("hoàn tác đợt nhập lịch sử khen thưởng"),
        noun=_("đợt nhập"),
        unit=batch.commune,
        undone_at=timezone.now(),
    )
    return batch
