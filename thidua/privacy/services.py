"""A person's requests about their data (Law 91/2025/QH15): anonymisation where the law allows.

Correcting a person's data is the ordinary edit (`people.services.person_update`). Anonymising removes
what thidua keeps only to reach and describe the person (phone, birth year, position, notes, household
link, memberships) from the record and from the audit log, keeping what the archive rules keep: a
signed decision keeps the recipient's name and the award, so their award history, the name on it and
the nominations that led to it stay. Removing the name too ("full") is refused while any award or
decision names the person or a good example is about them (its story is free text), and anonymising
at all while a nomination of theirs is still being considered. The eligibility facts (task ratings,
initiatives, discipline) stay with the person's record; their retention is the data map's.
"""

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from thidua import access
from thidua.access import Action, Actor
from thidua.audit import changes
from thidua.audit.models import AuditEntry
from thidua.audit.redaction import OBJECT_REPR, redact_entries
from thidua.commendations.models import Award, Nomination, NominationState
from thidua.examples.models import Example
from thidua.lib.errors import ServiceError
from thidua.people.models import Membership, Person
from thidua.people.services import person_update

# What is only there to reach or describe the person; the audit log loses these values too.
CONTACT_FIELDS = ("phone", "birth_year", "position", "note", "household_id")
CLEARED = {"phone": "", "birth_year": None, "position": "", "note": "", "household": None}
# Nominations that are settled: anonymising cannot upset a decision still being made.
SETTLED = (NominationState.DECIDED, NominationState.NOT_PASSED, NominationState.WITHDRAWN)

REASON_REQUIRED = gettext_lazy(
    "Cần ghi lý do ẩn danh hóa (ví dụ: theo yêu cầu của người có dữ liệu, ngày …)."
)
OPEN_NOMINATION = gettext_lazy(
    "Chưa ẩn danh hóa được: %(name)s đang có đề nghị khen thưởng chưa xét xong (%(list)s). Việc xét khen "
    "cần các thông tin này; hãy ẩn danh hóa sau khi đề nghị đã có kết quả hoặc được rút."
)
NAME_IN_EXAMPLE = gettext_lazy(
    "Chưa xóa được họ tên của %(name)s: người này được nêu trong gương điển hình (%(list)s), mà tiêu đề "
    "và nội dung có thể ghi tên. Hãy sửa hoặc xóa các gương đó trước, rồi ẩn danh hóa lại."
)
NAME_IN_DECISION = gettext_lazy(
    "Không xóa được họ tên của %(name)s: người này có tên trong quyết định, hồ sơ khen thưởng (%(list)s). "
    "Theo quy định về lưu trữ, quyết định khen thưởng đã ký và lịch sử khen thưởng phải giữ nguyên họ tên "
    "và hình thức khen thưởng. Có thể ẩn danh hóa phần còn lại (số điện thoại, năm sinh, chức vụ, ghi "
    "chú, hộ gia đình, các đơn vị tham gia) mà không xóa họ tên."
)


def anonymised_name(person: Person) -> str:
    return _("Cá nhân đã ẩn danh #%(id)s") % {"id": person.pk}


def _refuse_open_nominations(person: Person) -> None:
    open_ones = (
        Nomination.objects.filter(person=person).exclude(state__in=SETTLED).select_related("award_type")
    )
    if open_ones:
        listed = "; ".join(f"{n.award_type} {n.year}" for n in open_ones)
        raise ServiceError(
            OPEN_NOMINATION % {"name": person.full_name, "list": listed}, code="open_nomination"
        )


def _refuse_name_in_awards(person: Person) -> None:
    """A signed decision, or an award recorded from outside thidua, keeps the recipient's name."""
    awards = Award.objects.filter(person=person).select_related("decision", "award_type")
    kept = [a for a in awards if a.decision is None or a.decision.is_signed]
    if kept:
        listed = "; ".join(f"{a.award_type} {a.year} – {_where(a)}" for a in kept)
        raise ServiceError(
            NAME_IN_DECISION % {"name": person.full_name, "list": listed}, code="name_in_decision"
        )


def _refuse_name_in_examples(person: Person) -> None:
    """An example's title and story are free text that may name the person: an officer edits them."""
    titles = list(Example.objects.filter(person=person).values_list("title", flat=True))
    if titles:
        listed = "; ".join(f"“{title}”" for title in titles)
        raise ServiceError(
            NAME_IN_EXAMPLE % {"name": person.full_name, "list": listed}, code="name_in_example"
        )


def _where(award: Award) -> str:
    if award.decision is not None:
        return award.decision.number_label or str(award.decision)
    return award.external_ref or _("ngoài hệ thống")


def _leave_household(*, actor: Actor, person: Person) -> None:
    """A head leaves the household's head empty: the household record is the other members' too."""
    household = person.household
    if household is not None and household.head_id == person.pk:
        changes.update(household, actor=actor, unit=household.hamlet, head=None)


@transaction.atomic
def person_anonymise(*, actor: Actor, person: Person, reason: str, full: bool = False) -> Person:
    """Remove the person's phone, birth year, position, notes, household and memberships, in the record
    and in the audit entries about them; with `full`, their name too (refused when an award or a signed
    decision names them). Decisions, awards and the nominations behind them stay as they are."""
    access.require_actor(actor, Action.MANAGE_PEOPLE, person.unit)
    reason = (reason or "").strip()
    if not reason:
        raise ServiceError(REASON_REQUIRED, field="reason")
    _refuse_open_nominations(person)
    if full:
        _refuse_name_in_awards(person)
        _refuse_name_in_examples(person)
    membership_ids = list(person.memberships.values_list("id", flat=True))
    old_name, household_id = person.full_name, person.household_id
    _leave_household(actor=actor, person=person)
    for membership in Membership.objects.filter(id__in=membership_ids):
        changes.delete(membership, actor=actor, unit=membership.unit, verb=_("ẩn danh hóa"))
    fields = dict(CLEARED, full_name=anonymised_name(person)) if full else dict(CLEARED)
    person_update(actor=actor, person=person, **fields)
    if full:
        _erase_name_in_nominations(actor=actor, person=person)
    _redact_audit(actor=actor, person=person, membership_ids=membership_ids, full=full, reason=reason)
    if full:
        _redact_name(actor=actor, person=person, old_name=old_name, household_id=household_id, reason=reason)
    return person


def _redact_audit(
    *, actor: Actor, person: Person, membership_ids: list[int], full: bool, reason: str
) -> None:
    """The audit entries about the person lose the removed values (all of them with `full`), those
    about their memberships lose everything but the ids, those about their nominations the name."""
    about_person = AuditEntry.objects.filter(model="people.person", object_id=str(person.pk))
    redact_entries(actor=actor, entries=about_person, fields=None if full else CONTACT_FIELDS, reason=reason)
    if membership_ids:
        memberships = AuditEntry.objects.filter(audit_about_only("people.membership", membership_ids))
        redact_entries(actor=actor, entries=memberships, reason=reason)


def _redact_name(
    *, actor: Actor, person: Person, old_name: str, household_id: int | None, reason: str
) -> None:
    """The name in the entries of the person's nominations, and in the name their household had
    while they headed it ("Hộ …")."""
    named = audit_about_only("commendations.nomination", _nomination_ids(person))
    if household_id is not None:
        named |= Q(model="people.household", object_id=str(household_id), object_repr__endswith=old_name)
    entries = AuditEntry.objects.filter(named)
    redact_entries(actor=actor, entries=entries, fields=("recipient_name", OBJECT_REPR), reason=reason)


def _nomination_ids(person: Person) -> list[int]:
    return list(Nomination.objects.filter(person=person).values_list("id", flat=True))


def _erase_name_in_nominations(*, actor: Actor, person: Person) -> None:
    """Nominations that led to no award (not passed, withdrawn) carry a copy of the name."""
    for nomination in Nomination.objects.filter(person=person).select_related("unit"):
        changes.update(nomination, actor=actor, unit=nomination.unit, recipient_name=person.full_name)


def audit_about_only(model: str, ids: list[int]) -> Q:
    return Q(model=model, object_id__in=[str(pk) for pk in ids])
