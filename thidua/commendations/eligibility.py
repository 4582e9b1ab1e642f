"""Eligibility rules: each reads the facts the system holds and answers pass, fail, or
"cần xác minh" (the data is missing) with a Vietnamese explanation. Never a silent pass.

The rules that apply to an award come from its catalogue entry, switched or given parameters
per province through RuleOverride (see rules.award_rules).
"""

import datetime as dt
from dataclasses import asdict, dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from django.db.models import Q
from django.utils.translation import gettext as _

from thidua.commendations import law
from thidua.commendations import rules as rules_mod
from thidua.commendations.models import (
    Award,
    Decision,
    Discipline,
    Initiative,
    Nomination,
    NominationState,
    RecipientKind,
    TaskRating,
    Timing,
)
from thidua.lib.vn import format_percent, format_share
from thidua.movements.models import CommendationQuota, MovementKind

PASS, FAIL, UNKNOWN = "pass", "fail", "unknown"
# A pending discipline, inspection or complaint defers the award (Decree 152 Art. 4): the nomination
# is kept, suspended, and taken up again when the case closes.
SUSPENDED = "suspended"
LIVE_STATES = [
    s
    for s in NominationState.values
    if s not in (NominationState.WITHDRAWN, NominationState.RETURNED, NominationState.NOT_PASSED)
]


@dataclass
class Check:
    code: str
    label: str
    result: str
    explanation: str

    @property
    def passed(self) -> bool:
        return self.result == PASS

    @property
    def failed(self) -> bool:
        return self.result == FAIL

    @property
    def suspended(self) -> bool:
        return self.result == SUSPENDED


def _recipient_filter(nomination: Nomination | Award) -> Q:
    if nomination.person_id:
        return Q(person_id=nomination.person_id)
    if nomination.collective_id:
        return Q(collective_id=nomination.collective_id)
    return Q(household_id=nomination.household_id)


def pending_case(record: Nomination | Award) -> Discipline | None:
    """The discipline, inspection or complaint still open against the recipient (a household's
    head for a household), or None; a household without a recorded head cannot be told."""
    if record.person_id:
        q = Q(person_id=record.person_id)
    elif record.collective_id:
        q = Q(unit_id=record.collective_id)
    else:
        head = record.household.head_id if record.household_id else None
        if head is None:
            return None
        q = Q(person_id=head)
    return Discipline.objects.filter(q, pending=True).order_by("pk").first()


def case_label(case: Discipline) -> str:
    """A pending case as a sentence part: "khiếu nại, tố cáo năm 2025 (ghi chú)"."""
    text = _("%(kind)s năm %(year)s") % {"kind": case.get_kind_display().lower(), "year": case.year}
    return f"{text} ({case.note})" if case.note else text


def rule_not_pending(n: Nomination, params: dict) -> Check:
    label = _("Không đang bị xem xét kỷ luật, thanh tra, khiếu nại")
    if n.household_id and not (n.person_id or n.collective_id) and n.household.head_id is None:
        return Check("not_pending", label, UNKNOWN, _("Hộ chưa ghi chủ hộ: cần xác minh."))
    pending = pending_case(n)
    if pending:
        return Check(
            "not_pending",
            label,
            SUSPENDED,
            _("Đang có %(case)s chưa kết luận: tạm hoãn xét khen đến khi có kết luận.")
            % {"case": case_label(pending)},
        )
    return Check("not_pending", label, PASS, _("Không có vụ việc nào đang xem xét trong dữ liệu."))


def is_yearly_title(award_type) -> bool:
    """A title of the year (LĐTT, CSTĐCS, TTLĐTT, GĐVH…): given once a year to a recipient, whatever
    movement it comes under. A Giấy khen is given per achievement, so once per movement review."""
    return award_type.is_title and award_type.timing == Timing.YEARLY


def standing_title(record: Nomination | Award, *, exclude_decision: Decision | None = None) -> Award | None:
    """An award in force of the record's yearly title and year for its recipient, in any movement or
    none: signed, or recorded from outside the system, and not annulled. `record` is a nomination
    (its own award aside) or an award of a draft decision (that decision aside)."""
    if not is_yearly_title(record.award_type):
        return None
    found = Award.objects.filter(
        _recipient_filter(record), award_type_id=record.award_type_id, year=record.year, annulled=False
    ).filter(Q(decision__isnull=True) | Q(decision__state=Decision.State.SIGNED))
    if record.pk is not None:
        found = found.exclude(**{"nomination_id" if isinstance(record, Nomination) else "pk": record.pk})
    if exclude_decision is not None:
        found = found.exclude(decision=exclude_decision)
    return found.select_related("decision").first()


def rule_one_award_per_achievement(n: Nomination, params: dict) -> Check:
    label = _("Một thành tích chỉ khen một lần")
    same = Q(award_type_id=n.award_type_id, year=n.year) & _recipient_filter(n)
    if not is_yearly_title(n.award_type):
        # Awards under one review are one achievement; the same Giấy khen in another movement is another.
        if n.review_period_id:
            same &= Q(review_period_id=n.review_period_id)
        elif n.movement_id:
            same &= Q(movement_id=n.movement_id)
    # A nomination whose award was annulled no longer holds the title.
    other_nom = (
        Nomination.objects.filter(same, state__in=LIVE_STATES)
        .exclude(pk=n.pk)
        .exclude(award__annulled=True)
        .exists()
    )
    granted = Award.objects.filter(same, annulled=False).exclude(nomination_id=n.pk).exists()
    if other_nom or granted:
        return Check(
            "one_award_per_achievement",
            label,
            FAIL,
            _("Đã có đề nghị hoặc quyết định khen %(award)s năm %(year)s cho đối tượng này.")
            % {"award": n.award_type.name, "year": n.year},
        )
    return Check("one_award_per_achievement", label, PASS, _("Chưa được khen hoặc đề nghị trùng."))


def rule_task_rating_good(n: Nomination, params: dict) -> Check:
    label = _("Hoàn thành tốt nhiệm vụ trở lên")
    rating = TaskRating.objects.filter(person_id=n.person_id, year=n.year).first()
    if rating is None:
        return Check(
            "task_rating_good",
            label,
            UNKNOWN,
            _("Chưa có kết quả xếp loại năm %(year)s: cần xác minh.") % {"year": n.year},
        )
    ok = rating.level in (TaskRating.Level.EXCELLENT, TaskRating.Level.GOOD)
    return Check(
        "task_rating_good",
        label,
        PASS if ok else FAIL,
        _("Xếp loại năm %(year)s: %(level)s.") % {"year": n.year, "level": rating.get_level_display()},
    )


def _has_ldtt(person_id: int, year: int, exclude_nomination: int | None = None) -> str:
    """PASS when granted, UNKNOWN when nominated in the same review, FAIL otherwise."""
    if Award.objects.filter(person_id=person_id, year=year, award_type__code="ldtt", annulled=False).exists():
        return PASS
    nominated = Nomination.objects.filter(
        person_id=person_id, year=year, award_type__code="ldtt", state__in=LIVE_STATES
    ).exclude(pk=exclude_nomination)
    return UNKNOWN if nominated.exists() else FAIL


def rule_ldtt_same_year(n: Nomination, params: dict) -> Check:
    label = _("Đạt Lao động tiên tiến trong năm")
    result = _has_ldtt(n.person_id, n.year, n.pk)
    text = {
        PASS: _("Đã có quyết định Lao động tiên tiến năm %(year)s."),
        UNKNOWN: _("Đang được đề nghị Lao động tiên tiến năm %(year)s: cần xác minh sau khi có quyết định."),
        FAIL: _("Chưa đạt và chưa được đề nghị Lao động tiên tiến năm %(year)s."),
    }[result] % {"year": n.year}
    return Check("ldtt_same_year", label, result, text)


def rule_excellent_or_initiative(n: Nomination, params: dict) -> Check:
    label = _("Hoàn thành xuất sắc nhiệm vụ hoặc có sáng kiến được công nhận")
    initiative = Initiative.objects.filter(
        person_id=n.person_id, year=n.year, recognised_on__isnull=False
    ).first()
    if initiative:
        return Check(
            "excellent_or_initiative",
            label,
            PASS,
            _("Sáng kiến được công nhận: %(title)s.") % {"title": initiative.title},
        )
    rating = TaskRating.objects.filter(person_id=n.person_id, year=n.year).first()
    if rating and rating.level == TaskRating.Level.EXCELLENT:
        return Check("excellent_or_initiative", label, PASS, _("Hoàn thành xuất sắc nhiệm vụ."))
    if rating is None:
        return Check(
            "excellent_or_initiative",
            label,
            UNKNOWN,
            _("Chưa có xếp loại và chưa có sáng kiến được công nhận trong dữ liệu: cần xác minh."),
        )
    return Check(
        "excellent_or_initiative",
        label,
        FAIL,
        _("Xếp loại %(level)s, không có sáng kiến được công nhận.") % {"level": rating.get_level_display()},
    )


def _thematic_awards() -> Q:
    """Sudden and thematic awards: by the award's timing, or because they came under a thematic movement."""
    return Q(award_type__timing__in=[Timing.SUDDEN, Timing.MOVEMENT]) | Q(
        movement__kind=MovementKind.THEMATIC
    )


def rule_merit_not_from_sudden(n: Nomination, params: dict) -> Check:
    label = _("Thành tích đột xuất, chuyên đề không tính để xét danh hiệu")
    if n.award_type.timing != Timing.YEARLY:
        return Check("merit_not_from_sudden", label, PASS, _("Không áp dụng."))
    if n.movement_id and n.movement.kind == MovementKind.THEMATIC:
        return Check(
            "merit_not_from_sudden",
            label,
            FAIL,
            _(
                "Đề nghị theo phong trào chuyên đề “%(m)s”: thành tích chuyên đề không dùng để xét danh hiệu "
                "%(award)s; đề nghị khen theo chuyên đề hoặc bỏ liên kết phong trào."
            )
            % {"m": n.movement.name, "award": n.award_type.name},
        )
    sudden = (
        Award.objects.filter(_recipient_filter(n), year=n.year, annulled=False)
        .filter(_thematic_awards())
        .select_related("award_type", "movement")
        .first()
    )
    if sudden:
        return Check(
            "merit_not_from_sudden",
            label,
            UNKNOWN,
            _(
                "Đối tượng có khen đột xuất/chuyên đề trong năm (%(award)s%(movement)s): cần xác minh thành tích "
                "đề nghị là thành tích khác."
            )
            % {
                "award": sudden.award_type.name,
                "movement": f" – {sudden.movement.name}" if sudden.movement_id else "",
            },
        )
    return Check("merit_not_from_sudden", label, PASS, _("Không có khen đột xuất, chuyên đề trong năm."))


def _members(n: Nomination):
    from thidua.people.models import Person

    return Person.objects.filter(
        Q(memberships__unit_id=n.collective_id) | Q(unit_id=n.collective_id)
    ).distinct()


def _exact_percent(part: int, whole: int, share: Fraction) -> str:
    """part/whole as a percentage that never reads as the other side of `share`: 139/200 → '69,5%',
    7/10 → '70%', 699/1000 → '69,9%' and 6999/10000 → '69,99%' (never a rounded '70,0%')."""
    exact = Fraction(100 * part, whole)
    if exact.denominator == 1:
        return format_percent(int(exact))
    reached = rules_mod.share_reached(part, whole, share)
    value = Decimal(exact.numerator) / Decimal(exact.denominator)
    for decimals in range(1, 6):
        shown = Fraction(value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP))
        if (shown >= share * 100) == reached:
            break
    return format_percent(value, decimals)


def rule_members_ldtt_70(n: Nomination, params: dict) -> Check:
    label = _("Từ 70% thành viên đạt Lao động tiên tiến")
    pct = int(params.get("pct", 70))
    share = Fraction(pct, 100)
    ids = list(_members(n).values_list("id", flat=True))
    if not ids:
        return Check(
            "members_ldtt_70", label, UNKNOWN, _("Chưa có danh sách thành viên của tập thể: cần xác minh.")
        )
    have = set(
        Award.objects.filter(
            person_id__in=ids, year=n.year, award_type__code="ldtt", annulled=False
        ).values_list("person_id", flat=True)
    )
    if rules_mod.share_reached(len(have), len(ids), share):
        result = PASS
    else:
        pending = (
            Nomination.objects.filter(
                person_id__in=ids, year=n.year, award_type__code="ldtt", state__in=LIVE_STATES
            )
            .exclude(person_id__in=have)
            .count()
        )
        result = UNKNOWN if rules_mod.share_reached(len(have) + pending, len(ids), share) else FAIL
    return Check(
        "members_ldtt_70",
        label,
        result,
        _("%(have)s/%(total)s thành viên (%(share)s) đã đạt Lao động tiên tiến; yêu cầu %(pct)s.")
        % {
            "have": len(have),
            "total": len(ids),
            # The exact share (69,5%, never a rounded 70%), so the text never contradicts the result.
            "share": _exact_percent(len(have), len(ids), share),
            "pct": format_share(share),
        },
    )


def rule_no_member_warning(n: Nomination, params: dict) -> Check:
    label = _("Không có thành viên bị kỷ luật từ cảnh cáo trở lên")
    ids = list(_members(n).values_list("id", flat=True))
    if not ids:
        return Check(
            "no_member_warning", label, UNKNOWN, _("Chưa có danh sách thành viên của tập thể: cần xác minh.")
        )
    bad = Discipline.objects.filter(
        person_id__in=ids,
        year=n.year,
        kind=Discipline.Kind.DISCIPLINE,
        severity__gte=Discipline.Severity.WARNING,
    ).count()
    if bad:
        return Check(
            "no_member_warning",
            label,
            FAIL,
            _("%(n)s thành viên bị kỷ luật từ cảnh cáo trở lên trong năm.") % {"n": bad},
        )
    return Check("no_member_warning", label, PASS, _("Không có thành viên bị kỷ luật từ cảnh cáo trở lên."))


def rule_hamlet_only(n: Nomination, params: dict) -> Check:
    label = _("Đối tượng là ấp, thôn, tổ dân phố")
    ok = n.collective_id is not None and n.collective.kind == "hamlet"
    return Check(
        "hamlet_only",
        label,
        PASS if ok else FAIL,
        _("Là ấp, thôn.") if ok else _("Danh hiệu này chỉ xét cho ấp, thôn, tổ dân phố."),
    )


def _movement_quota(n: Nomination) -> Check:
    """The quota of the movement's review: how many of this kind it may commend, how many it already has."""
    label = _("Trong chỉ tiêu khen thưởng của phong trào")
    kind = RecipientKind(n.recipient_kind).label.lower()
    period, movement = n.review_period, n.movement
    quota = CommendationQuota.objects.filter(movement=movement, recipient_kind=n.recipient_kind).first()
    if quota is None:
        return Check(
            "quota",
            label,
            PASS,
            _("Phong trào “%(m)s” không giới hạn số %(kind)s được khen.")
            % {"m": movement.name, "kind": kind},
        )
    # A session for this review may set its own number; otherwise the movement's applies.
    limit = n.session.quota_for(n.recipient_kind) if n.session_id else None
    limit = quota.per_period if limit is None else limit
    awarded = (
        Award.objects.filter(review_period=period, recipient_kind=n.recipient_kind, annulled=False)
        .exclude(nomination_id=n.pk)
        .count()
    )
    facts = {"m": movement.name, "p": period.name, "q": limit, "kind": kind, "done": awarded}
    if awarded >= limit:
        return Check(
            "quota",
            label,
            FAIL,
            _("Đợt “%(p)s” của phong trào “%(m)s” đã khen đủ %(q)s %(kind)s (đã có %(done)s quyết định).")
            % facts,
        )
    if n.state == NominationState.DECIDED:
        facts["done"] = awarded + 1
        return Check(
            "quota",
            label,
            PASS,
            _("Được khen trong chỉ tiêu đợt “%(p)s” của phong trào “%(m)s”: %(done)s/%(q)s %(kind)s.")
            % facts,
        )
    competing = (
        Nomination.objects.filter(
            review_period=period, recipient_kind=n.recipient_kind, state__in=LIVE_STATES
        )
        # A suspended nomination waits for its case, outside the competition for the quota.
        .exclude(state__in=[NominationState.DECIDED, NominationState.SUSPENDED])
        .count()
    )
    facts["n"] = competing
    return Check(
        "quota",
        label,
        PASS,
        _(
            "Chỉ tiêu đợt “%(p)s” của phong trào “%(m)s”: %(q)s %(kind)s, đã khen %(done)s; %(n)s đề nghị đang xét, "
            "xếp hạng và cắt theo chỉ tiêu khi kiểm phiếu."
        )
        % facts,
    )


def rule_quota(n: Nomination, params: dict) -> Check:
    label = _("Trong chỉ tiêu của phiên xét")
    if n.review_period_id:
        return _movement_quota(n)
    if n.session_id is None:
        return Check("quota", label, UNKNOWN, _("Chưa đưa vào phiên họp: chỉ tiêu được xét khi kiểm phiếu."))
    quota = n.session.quota_for(n.recipient_kind)
    if quota is None:
        return Check("quota", label, PASS, _("Phiên họp không giới hạn chỉ tiêu."))
    return Check(
        "quota",
        label,
        PASS,
        _("Chỉ tiêu %(q)s; xếp hạng và cắt theo chỉ tiêu khi kiểm phiếu.") % {"q": quota},
    )


def rule_cstdcs_share_of_ldtt(n: Nomination, params: dict) -> Check:
    """Decree 91/2017/NĐ-CP (the 2003 law's frame, until 31 Dec 2023): the commune's Chiến sĩ thi
    đua cơ sở of a year are at most 15 % of its individuals with Lao động tiên tiến that year. The
    2022 law dropped the cap; `law.json` puts this rule in the old frame only."""
    pct = int(params.get("pct", 15))
    share = Fraction(pct, 100)
    source = params.get("source") or "Nghị định số 91/2017/NĐ-CP"
    label = _("Chiến sĩ thi đua cơ sở không quá %(pct)s số Lao động tiên tiến") % {"pct": format_share(share)}
    scope = Q(commune_id=n.commune_id, year=n.year)
    ldtt = Award.objects.filter(scope, award_type__code="ldtt", annulled=False).count()
    pending_ldtt = (
        Nomination.objects.filter(scope, award_type__code="ldtt", state__in=LIVE_STATES)
        .exclude(award__isnull=False)
        .count()
    )
    cstdcs_awarded = Award.objects.filter(scope, award_type__code="cstdcs", annulled=False)
    cstdcs = (
        cstdcs_awarded.count()
        + Nomination.objects.filter(scope, award_type__code="cstdcs", state__in=LIVE_STATES)
        .exclude(award__isnull=False)
        .exclude(pk=n.pk)
        .count()
        + 1  # this nomination
    )
    within = cstdcs * share.denominator <= ldtt * share.numerator
    if within:
        result = PASS
    else:
        with_pending = cstdcs * share.denominator <= (ldtt + pending_ldtt) * share.numerator
        result = UNKNOWN if with_pending else FAIL
    return Check(
        "cstdcs_share_of_ldtt",
        label,
        result,
        _(
            "Theo %(source)s: năm %(year)s có %(cstdcs)s Chiến sĩ thi đua cơ sở (tính cả đề nghị này) trên "
            "%(ldtt)s Lao động tiên tiến đã có quyết định (%(pending)s đang đề nghị); tối đa %(pct)s."
        )
        % {
            "source": source,
            "year": n.year,
            "cstdcs": cstdcs,
            "ldtt": ldtt,
            "pending": pending_ldtt,
            "pct": format_share(share),
        },
    )


RULES = {
    "not_pending": rule_not_pending,
    "one_award_per_achievement": rule_one_award_per_achievement,
    "task_rating_good": rule_task_rating_good,
    "ldtt_same_year": rule_ldtt_same_year,
    "excellent_or_initiative": rule_excellent_or_initiative,
    "merit_not_from_sudden": rule_merit_not_from_sudden,
    "members_ldtt_70": rule_members_ldtt_70,
    "no_member_warning": rule_no_member_warning,
    "hamlet_only": rule_hamlet_only,
    "quota": rule_quota,
    "cstdcs_share_of_ldtt": rule_cstdcs_share_of_ldtt,
}
# The rules that read discipline, inspection and complaint facts: their results are shown only to
# whoever `access.can_see_conduct` lets see them (Law 91/2025/QH15, least sight).
CONDUCT_RULES = frozenset({"not_pending", "no_member_warning"})


def evaluate(nomination: Nomination, on: dt.date | None = None) -> list[Check]:
    """Every rule that applies to the nomination's award, in catalogue order, then the rules the law
    in force on `on` adds for it (`law.LegalFrame.rules_for`: Decree 91/2017's cap under the 2003
    law), so that a check for a past date uses that date's rules."""
    on = on or dt.date(nomination.year, 12, 31)
    effective = rules_mod.award_rules(nomination.award_type, nomination.commune, on)
    dated = law.find_in_force(on)
    rules = dict(effective["rules"])
    for code, params in (dated.rules_for(nomination.award_type.code) if dated else {}).items():
        rules.setdefault(code, params)
    checks = []
    for code, params in rules.items():
        fn = RULES.get(code)
        if fn is None:
            checks.append(Check(code, code, UNKNOWN, _("Quy tắc chưa được hỗ trợ: cần xác minh thủ công.")))
        else:
            checks.append(fn(nomination, params or {}))
    return checks


def as_json(checks: list[Check]) -> list[dict]:
    return [asdict(c) for c in checks]
