from django.urls import reverse

from thidua.accounts.models import RoleGrant
from thidua.audit.models import AuditEntry


def test_a_role_granted_in_the_admin_is_audited(client, tree, make_user):
    root = make_user("root", is_superuser=True, is_staff=True)
    target = make_user("canbo2")
    client.force_login(root)
    url = reverse("admin:accounts_user_change", args=[target.pk])
    page = client.get(url)
    assert page.status_code == 200
    data = {
        "username": "canbo2",
        "full_name": "Cán bộ hai",
        "is_active": "on",
        "date_joined_0": "2026-01-01",
        "date_joined_1": "08:00:00",
        "grants-TOTAL_FORMS": "1",
        "grants-INITIAL_FORMS": "0",
        "grants-MIN_NUM_FORMS": "0",
        "grants-MAX_NUM_FORMS": "1000",
        "grants-0-unit": tree.commune.pk,
        "grants-0-role": "officer",
        "grants-0-title": "",
        "grants-0-user": target.pk,
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    grant = RoleGrant.objects.get(user=target)
    assert AuditEntry.objects.filter(model="accounts.rolegrant", object_id=str(grant.pk), actor=root).exists()
    assert AuditEntry.objects.filter(
        model="accounts.user", object_id=str(target.pk), action="update"
    ).exists()
