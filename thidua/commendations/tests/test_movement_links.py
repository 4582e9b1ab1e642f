"""Nominations and sessions under a movement's review: the links, their checks, the quota taken
from the movement, and the rules that read the movement (its quota, thematic awards)."""

import datetime as dt

import pytest
from django.urls import reverse

from thidua.access import SYSTEM
from thidua.commendations import eligibility, services
from thidua.commendations.models import Award, Nomination, Session, TallyOutcome
from thidua.commendations.tests.conftest import BALLOT_BOX, YEAR, make_person
from thidua.lib.errors import ServiceError
from thidua.movements import services as movement_services
from thidua.movements.models import MovementKind, PeriodKind, RecipientKind

pytestmark = pytest.mark.django_db


def make_movement(
    unit, name, *, kind=MovementKind.REGULAR, start=2024, end=2026, quotas=None, state="running"
):
    """A yearly-reviewed movement of `unit`, launched (so it has its periods) and running unless told."""
    movement = movement_services.movement_create(
        actor=SYSTEM,
        unit=unit,
        name=name,
        kind=kind,
        period_start=dt.date(start, 1, 1),
        period_end=dt.date(end, 12, 31),
        cadence="yearly",
    )
    for recipient_kind, count in (quotas or {}).items():
        movement_services.quota_set(
            actor=SYSTEM, movement=movement, recipient_kind=recipient_kind, per_period=count
        )
    if state != "draft":
        movement_services.movement_launch(actor=SYSTEM, movement=movement)
        movement_services.movement_start(actor=SYSTEM, movement=movement)
    return movement


def review(movement, year=YEAR, kind=PeriodKind.YEAR):
    return movement.periods.get(kind=kind, end__year=year)


@pytest.fixture
def movement(tree):
    """The seed's commune plan: each yearly review commends 2 collectives and 3 individuals."""
    return make_movement(
        tree.commune,
        "Đồng khởi mới",
        quotas={RecipientKind.COLLECTIVE: 2, RecipientKind.INDIVIDUAL: 3},
    )


def nominate_under(tree, award_type, period, *, person=None, collective=None, checked=True, movement=None):
    n = services.nomination_create(
        actor=SYSTEM,
        unit=tree.commune,
        award_type=award_type,
        year=YEAR,
        achievement="Thành tích trong phong trào",
        person=person,
        collective=collective,
        review_period=period,
        movement=movement,
    )
    if checked:
        services.nomination_submit(actor=SYSTEM, nomination=n)
        services.nomination_accept(actor=SYSTEM, nomination=n)
        services.nomination_check(actor=SYSTEM, nomination=n)
    return n


def check(n, code):
    n = Nomination.objects.select_related("movement", "review_period", "award_type", "session").get(pk=n.pk)
    return next(c for c in eligibility.evaluate(n) if c.code == code)


# --- Links and their validation --------------------------------------------------------------


def test_a_nomination_under_a_review_links_the_review_and_its_movement(tree, movement, award):
    period = review(movement)
    n = nominate_under(tree, award("gk-canhan"), period, person=make_person(tree.hamlet, "A"), checked=False)
    n.refresh_from_db()
    assert n.movement_id == movement.pk and n.review_period_id == period.pk


def test_a_movement_of_the_province_above_may_be_chosen(tree, award):
    provincial = make_movement(tree.province, "Thi đua yêu nước của tỉnh")
    n = nominate_under(
        tree,
        award("gk-canhan"),
        review(provincial),
        person=make_person(tree.hamlet, "A"),
        checked=False,
    )
    assert n.movement == provincial


@pytest.mark.parametrize(
    "case, field, message",
    [
        ("other_movement", "review_period", "không thuộc phong trào"),
        ("other_year", "review_period", "không phải năm 2025"),
        ("quarter", "review_period", "sơ kết năm hoặc tổng kết"),
        ("other_commune", "movement", "không do xã hoặc cấp trên"),
        ("draft", "movement", "chưa thực hiện"),
        ("outside", "year", "ngoài thời gian"),
    ],
)
def test_a_wrong_link_is_refused_with_a_message_for_its_field(tree, movement, award, case, field, message):
    other = make_movement(tree.commune, "Phong trào khác")
    if case == "other_movement":
        kwargs = {"movement": movement, "review_period": review(other)}
    elif case == "other_year":
        kwargs = {"review_period": review(movement, 2024)}
    elif case == "quarter":
        quarterly = movement_services.movement_create(
            actor=SYSTEM,
            unit=tree.commune,
            name="Theo quý",
            period_start=dt.date(2025, 1, 1),
            period_end=dt.date(2025, 12, 31),
            cadence="quarterly",
        )
        movement_services.movement_launch(actor=SYSTEM, movement=quarterly)
        movement_services.movement_start(actor=SYSTEM, movement=quarterly)
        kwargs = {"review_period": quarterly.periods.filter(kind=PeriodKind.QUARTER).first()}
    elif case == "other_commune":
        kwargs = {"review_period": review(make_movement(tree.other, "Của xã khác"))}
    elif case == "draft":
        kwargs = {"movement": make_movement(tree.commune, "Còn dự thảo", state="draft")}
    else:
        kwargs = {"movement": make_movement(tree.commune, "Đã qua", start=2018, end=2020)}
    with pytest.raises(ServiceError, match=message) as refused:
        services.nomination_create(
            actor=SYSTEM,
            unit=tree.commune,
            award_type=award("gk-canhan"),
            year=YEAR,
            achievement="Thành tích",
            person=make_person(tree.hamlet, "A"),
            **kwargs,
        )
    assert refused.value.field == field
    assert not Nomination.objects.exists()


def test_the_final_review_counts_for_the_movement_s_last_year(tree, award):
    closing = make_movement(tree.commune, "Kết thúc 2025", start=2023, end=2025)
    movement_services.movement_close(actor=SYSTEM, movement=closing)
    final = review(closing, 2025, PeriodKind.FINAL)
    n = nominate_under(tree, award("gk-canhan"), final, person=make_person(tree.hamlet, "A"), checked=False)
    assert n.review_period == final


def test_editing_a_draft_changes_its_link_and_refuses_a_wrong_one(tree, movement, award):
    n = nominate_under(tree, award("gk-canhan"), None, person=make_person(tree.hamlet, "A"), checked=False)
    services.nomination_update(actor=SYSTEM, nomination=n, achievement="Mới", review_period=review(movement))
    n.refresh_from_db()
    assert n.movement == movement and n.review_period == review(movement)
    with pytest.raises(ServiceError, match="không phải năm"):
        services.nomination_update(
            actor=SYSTEM, nomination=n, achievement="Mới", review_period=review(movement, 2026)
        )
    n.refresh_from_db()
    assert n.review_period == review(movement)


# --- Sessions take the movement's quota ---------------------------------------------------------


def test_a_session_for_a_review_takes_the_movement_s_quota_unless_given(tree, council, movement):
    period = review(movement)
    session = services.session_create(
        actor=SYSTEM,
        council=council,
        title="Sơ kết",
        year=YEAR,
        held_on=dt.date(2025, 12, 5),
        review_period=period,
    )
    assert (session.quota_individual, session.quota_collective, session.quota_household) == (3, 2, None)
    assert session.review_period == period
    edited = services.session_create(
        actor=SYSTEM,
        council=council,
        title="Sơ kết (sửa chỉ tiêu)",
        year=YEAR,
        held_on=dt.date(2025, 12, 6),
        review_period=period,
        quota_individual=1,
    )
    assert (edited.quota_individual, edited.quota_collective) == (1, 2)
    with pytest.raises(ServiceError, match="không phải năm"):
        services.session_create(
            actor=SYSTEM,
            council=council,
            title="Sai năm",
            year=2026,
            held_on=dt.date(2026, 1, 5),
            review_period=period,
        )


def test_the_tally_cuts_at_the_movement_s_quota_and_a_ballot_over_it_is_refused(
    tree, council, movement, award
):
    period = review(movement)
    people = [make_person(tree.hamlet, f"Người {i}") for i in range(4)]
    noms = [nominate_under(tree, award("gk-canhan"), period, person=p) for p in people]
    session = services.session_create(
        actor=SYSTEM,
        council=council,
        title="Sơ kết",
        year=YEAR,
        held_on=dt.date(2025, 12, 5),
        review_period=period,
    )
    services.session_agenda_add(actor=SYSTEM, session=session, nominations=noms)
    services.session_open(actor=SYSTEM, session=session, passphrase=BALLOT_BOX)
    members = list(council.members.values())
    with pytest.raises(ServiceError, match="chỉ tiêu"):
        services.ballot_cast(user=members[0].user, session=session, choices={n.pk: True for n in noms})
    # Each ballot agrees to three: the first three get four votes of five, the fourth three.
    agreed = [{0, 1, 2}, {0, 1, 3}, {0, 2, 3}, {1, 2, 3}, {0, 1, 2}]
    for member, ones in zip(members, agreed, strict=True):
        services.ballot_cast(
            user=member.user, session=session, choices={n.pk: j in ones for j, n in enumerate(noms)}
        )
    lines = {
        line.nomination_id: line
        for line in services.session_close(actor=SYSTEM, session=session, passphrase=BALLOT_BOX)
    }
    outcomes = [lines[n.pk].outcome for n in noms]
    assert outcomes == [TallyOutcome.PASSED] * 3 + [TallyOutcome.OVER_QUOTA]


def test_the_agenda_refuses_a_nomination_of_another_review(tree, council, movement, award):
    other = make_movement(tree.commune, "Phong trào khác")
    n = nominate_under(tree, award("gk-canhan"), review(other), person=make_person(tree.hamlet, "A"))
    session = services.session_create(
        actor=SYSTEM,
        council=council,
        title="Sơ kết",
        year=YEAR,
        held_on=dt.date(2025, 12, 5),
        review_period=review(movement),
    )
    with pytest.raises(ServiceError, match="chỉ đưa vào phiên họp xét đợt này"):
        services.session_agenda_add(actor=SYSTEM, session=session, nominations=[n])
    n.refresh_from_db()
    assert n.session_id is None


# --- Rules that read the movement -----------------------------------------------------------------


def _grant(tree, award_type, period=None, person=None, collective=None, movement=None):
    return Award.objects.create(
        award_type=award_type,
        year=YEAR,
        commune=tree.commune,
        recipient_kind=award_type.recipient_kind,
        person=person,
        collective=collective,
        recipient_name=str(person or collective),
        movement=movement or (period.movement if period else None),
        review_period=period,
    )


def test_the_quota_rule_fails_once_the_review_has_commended_its_quota(tree, movement, award):
    period = review(movement)
    gk = award("gk-tapthe")
    n = nominate_under(tree, gk, period, collective=tree.hamlet2, checked=False)
    first = check(n, "quota")
    assert first.result == eligibility.PASS and "2 tập thể" in first.explanation
    _grant(tree, gk, period, collective=tree.hamlet)
    assert check(n, "quota").result == eligibility.PASS
    _grant(tree, gk, period, collective=tree.farmers)
    full = check(n, "quota")
    assert full.result == eligibility.FAIL and "đã khen đủ 2 tập thể" in full.explanation
    with pytest.raises(ServiceError):
        services.nomination_submit(actor=SYSTEM, nomination=n)
        services.nomination_accept(actor=SYSTEM, nomination=n)
        services.nomination_check(actor=SYSTEM, nomination=n)


def test_the_quota_rule_counts_only_the_same_review_and_kind(tree, movement, award):
    period = review(movement)
    n = nominate_under(tree, award("gk-tapthe"), period, collective=tree.hamlet2, checked=False)
    other_year = review(movement, 2024)
    _grant(tree, award("gk-tapthe"), other_year, collective=tree.hamlet)
    _grant(tree, award("gk-tapthe"), other_year, collective=tree.farmers)
    _grant(tree, award("gk-canhan"), period, person=make_person(tree.hamlet, "B"))
    assert check(n, "quota").result == eligibility.PASS


def test_a_movement_without_a_quota_for_the_kind_does_not_limit_it(tree, award):
    open_ended = make_movement(tree.commune, "Không giới hạn")
    n = nominate_under(tree, award("gk-tapthe"), review(open_ended), collective=tree.hamlet2, checked=False)
    result = check(n, "quota")
    assert result.result == eligibility.PASS and "không giới hạn" in result.explanation


def test_a_merit_title_under_a_thematic_movement_fails_the_merit_rule(tree, award):
    thematic = make_movement(tree.commune, "Chuyên đề chuyển đổi số", kind=MovementKind.THEMATIC)
    person = make_person(tree.hamlet, "A")
    n = nominate_under(tree, award("cstdcs"), review(thematic), person=person, checked=False)
    result = check(n, "merit_not_from_sudden")
    assert result.result == eligibility.FAIL and "chuyên đề" in result.explanation


def test_an_award_under_a_thematic_movement_counts_as_thematic(tree, movement, award):
    """An LĐTT is a yearly title by the catalogue, but granted under a thematic movement it is thematic."""
    person = make_person(tree.hamlet, "A")
    n = nominate_under(tree, award("cstdcs"), None, person=person, checked=False)
    regular = _grant(tree, award("ldtt"), review(movement), person=person)
    assert check(n, "merit_not_from_sudden").result == eligibility.PASS
    thematic = make_movement(tree.commune, "Chuyên đề", kind=MovementKind.THEMATIC)
    regular.movement, regular.review_period = thematic, review(thematic)
    regular.save()
    result = check(n, "merit_not_from_sudden")
    assert result.result == eligibility.UNKNOWN and "Chuyên đề" in result.explanation


def test_the_same_title_in_two_reviews_is_two_achievements(tree, movement, award):
    other = make_movement(tree.commune, "Phong trào khác")
    person = make_person(tree.hamlet, "A")
    nominate_under(tree, award("gk-canhan"), review(other), person=person, checked=False)
    n = nominate_under(tree, award("gk-canhan"), review(movement), person=person, checked=False)
    assert check(n, "one_award_per_achievement").result == eligibility.PASS
    again = nominate_under(tree, award("gk-canhan"), review(movement), person=person, checked=False)
    assert check(again, "one_award_per_achievement").result == eligibility.FAIL


def test_the_decision_carries_the_link_to_its_awards(tree, council, movement, award):
    period = review(movement)
    noms = [
        nominate_under(tree, award("gk-canhan"), period, person=make_person(tree.hamlet, f"N{i}"))
        for i in range(2)
    ]
    session = services.session_create(
        actor=SYSTEM,
        council=council,
        title="Sơ kết",
        year=YEAR,
        held_on=dt.date(2025, 12, 5),
        review_period=period,
    )
    services.session_agenda_add(actor=SYSTEM, session=session, nominations=noms)
    services.session_open(actor=SYSTEM, session=session, passphrase=BALLOT_BOX)
    for member in council.members.values():
        services.ballot_cast(user=member.user, session=session, choices={n.pk: True for n in noms})
    services.session_close(actor=SYSTEM, session=session, passphrase=BALLOT_BOX)
    notice = services.notice_publish(actor=SYSTEM, session=session, today=dt.date(2025, 12, 6))
    decision = services.decision_create(actor=SYSTEM, notice=notice, today=dt.date(2025, 12, 20))
    assert {(a.movement_id, a.review_period_id) for a in decision.awards.all()} == {(movement.pk, period.pk)}
    services.decision_sign(
        actor=SYSTEM, decision=decision, signed_on=dt.date(2025, 12, 22), signer_name="Chủ tịch"
    )
    decided = check(noms[0], "quota")
    assert decided.result == eligibility.PASS and "2/3 cá nhân" in decided.explanation
    assert (
        decision.title
        == "Về việc khen thưởng tập thể, cá nhân có thành tích xuất sắc trong phong trào thi đua “Đồng khởi mới” năm 2025"
    )


# --- Pages ----------------------------------------------------------------------------------------


def test_the_form_offers_the_commune_s_running_movements_and_their_reviews(client, tree, personas, movement):
    make_movement(tree.province, "Của tỉnh")
    make_movement(tree.other, "Của xã khác")
    make_movement(tree.commune, "Còn dự thảo", state="draft")
    client.force_login(personas["officer"])
    response = client.get(reverse("commendations:new"))
    body = response.content.decode()
    # a review reads with its movement, the movement with its unit and years
    assert "Sơ kết năm 2025 · Đồng khởi mới – Xã Mỹ Thạnh" in body and "Của tỉnh" in body
    assert "Của xã khác" not in body and "Còn dự thảo" not in body
    assert "Quý" not in body.split('name="review_period"', 1)[1].split("</select>", 1)[0]


def test_the_form_shows_a_wrong_review_next_to_its_field_and_saves_nothing(
    client, tree, personas, movement, award
):
    client.force_login(personas["officer"])
    person = make_person(tree.hamlet, "A")
    data = {
        "unit": tree.commune.pk,
        "award_type": award("gk-canhan").pk,
        "year": YEAR,
        "person": person.pk,
        "achievement": "Thành tích",
        "review_period": review(movement, 2024).pk,
    }
    response = client.post(reverse("commendations:new"), data)
    assert response.status_code == 200
    assert "không phải năm 2025" in response.content.decode()
    assert not Nomination.objects.exists()
    data["review_period"] = review(movement).pk
    response = client.post(reverse("commendations:new"), data)
    n = Nomination.objects.get()
    assert response.status_code == 302 and n.movement == movement and n.review_period == review(movement)


def test_the_nomination_page_links_the_movement_and_its_review(client, tree, personas, movement, award):
    n = nominate_under(
        tree, award("gk-canhan"), review(movement), person=make_person(tree.hamlet, "A"), checked=False
    )
    client.force_login(personas["viewer"])
    body = client.get(reverse("commendations:detail", args=[n.pk])).content.decode()
    assert reverse("movements:detail", args=[movement.pk]) in body
    assert f"{reverse('commendations:list')}?period={review(movement).pk}" in body
    assert "Sơ kết năm 2025" in body


def test_the_list_filters_by_movement_with_bounded_queries(
    client, tree, personas, movement, award, django_assert_max_num_queries
):
    other = make_movement(tree.commune, "Phong trào khác")
    for i in range(3):
        nominate_under(
            tree,
            award("gk-canhan"),
            review(movement),
            person=make_person(tree.hamlet, f"Trong {i}"),
            checked=False,
        )
    nominate_under(
        tree, award("gk-canhan"), review(other), person=make_person(tree.hamlet, "Ngoài"), checked=False
    )
    nominate_under(tree, award("gk-canhan"), None, person=make_person(tree.hamlet, "Riêng"), checked=False)
    client.force_login(personas["officer"])
    url = reverse("commendations:list")
    with django_assert_max_num_queries(12):
        body = client.get(url, {"movement": movement.pk}).content.decode()
    assert body.count("Trong ") == 3 and "Ngoài" not in body and "Riêng" not in body
    assert f'<option value="{movement.pk}" selected>' in body
    body = client.get(url, {"period": review(other).pk}).content.decode()
    assert "Ngoài" in body and "Trong 0" not in body
    assert "Riêng" in client.get(url).content.decode()
    # A tampered filter shows nothing rather than failing.
    tampered = client.get(url, {"movement": "abc"})
    assert tampered.status_code == 200 and "Trong 0" in tampered.content.decode()


def test_a_session_opened_from_a_review_is_prefilled_and_saved_with_the_movement_s_quota(
    client, tree, personas, council, movement
):
    period = review(movement)
    client.force_login(personas["officer"])
    url = reverse("commendations:session_new")
    body = client.get(url, {"review_period": period.pk}).content.decode()
    assert 'name="quota_individual" value="3"' in body and 'name="quota_collective" value="2"' in body
    response = client.post(
        url,
        {
            "council": council.pk,
            "title": "Sơ kết năm 2025",
            "year": YEAR,
            "held_on": "2025-12-05",
            "review_period": period.pk,
            "quorum": "2/3",
        },
    )
    assert response.status_code == 302
    session = Session.objects.get()
    assert (session.quota_individual, session.quota_collective, session.review_period) == (3, 2, period)
    body = client.get(reverse("commendations:session", args=[session.pk])).content.decode()
    assert reverse("movements:detail", args=[movement.pk]) in body


def test_a_review_s_list_offers_its_session_to_those_who_run_the_council(
    client, tree, personas, council, movement
):
    url = f"{reverse('commendations:list')}?period={review(movement).pk}"
    new_session = f"{reverse('commendations:session_new')}?review_period={review(movement).pk}"
    client.force_login(personas["officer"])
    body = client.get(url).content.decode()
    assert "Sơ kết năm 2025" in body and new_session in body
    client.force_login(personas["viewer"])
    body = client.get(url).content.decode()
    assert "Sơ kết năm 2025" in body and new_session not in body
    client.force_login(personas["outsider"])
    assert "Sơ kết năm 2025" not in client.get(url).content.decode()
