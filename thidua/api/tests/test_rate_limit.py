"""The rate limit counts each call once, for the whole installation: with the database as the shared
cache, one upsert a call and no read or write of the cache table; under parallel calls no call is
lost (run on PostgreSQL: `scripts/with-postgres.sh .venv/bin/pytest thidua/api/tests/test_rate_limit.py`)."""

import threading

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings

from thidua.api import http
from thidua.api.models import RateCount

DATABASE_CACHE = {
    "default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "thidua_cache"}
}


@pytest.fixture
def minute(monkeypatch):
    """The clock of the rate limit, moved by the test: `minute.now = …`."""
    clock = type("Clock", (), {"now": 29_000_000 * 60 + 30.0})()
    monkeypatch.setattr(http.time, "time", lambda: clock.now)
    return clock


@override_settings(CACHES=DATABASE_CACHE, THIDUA_API_RATE_PER_MINUTE=3)
def test_with_the_database_cache_a_call_costs_one_upsert_and_no_cache_query(call, tokens, minute):
    with CaptureQueriesContext(connection) as queries:
        assert call("units", tokens["commune"]).status_code == 200
    sql = [q["sql"] for q in queries.captured_queries]
    assert not [s for s in sql if "thidua_cache" in s]
    assert len([s for s in sql if "api_ratecount" in s]) == 1
    for _ in range(2):
        assert call("units", tokens["commune"]).status_code == 200
    refused = call("units", tokens["commune"])
    assert refused.status_code == 429
    assert refused.json()["detail"].startswith("Quá nhiều yêu cầu: tối đa 3 yêu cầu mỗi phút.")
    assert int(refused["Retry-After"]) == 30
    assert call("units", tokens["other"]).status_code == 200  # another token counts apart
    token_id = tokens_id(tokens["commune"])
    assert RateCount.objects.get(ident=f"token-{token_id}").calls == 4


@override_settings(CACHES=DATABASE_CACHE, THIDUA_API_RATE_PER_MINUTE=2)
def test_the_count_starts_again_the_next_minute(call, tokens, minute):
    assert [call("units", tokens["commune"]).status_code for _ in range(3)] == [200, 200, 429]
    minute.now += 30  # the next minute begins
    assert [call("units", tokens["commune"]).status_code for _ in range(3)] == [200, 200, 429]
    assert RateCount.objects.count() == 1


@override_settings(CACHES=DATABASE_CACHE, THIDUA_API_PUBLIC_RATE_PER_MINUTE=2)
def test_the_public_check_counts_a_hash_of_the_address_not_the_address(call, awards, minute):
    code = awards["dung"].verify_code
    assert [call(f"certificates/{code}").status_code for _ in range(3)] == [200, 200, 429]
    assert call(f"certificates/{code}", REMOTE_ADDR="10.9.8.7").status_code == 200
    idents = list(RateCount.objects.values_list("ident", flat=True))
    assert len(idents) == 2 and all(i.startswith("public-") for i in idents)
    assert not [i for i in idents if "127.0.0.1" in i or "10.9.8.7" in i]


def test_with_another_cache_the_count_stays_in_the_cache(call, tokens, minute):
    with override_settings(THIDUA_API_RATE_PER_MINUTE=1):
        assert [call("units", tokens["commune"]).status_code for _ in range(2)] == [200, 429]
    assert not RateCount.objects.exists()


def tokens_id(secret: str) -> int:
    from thidua.api.services import token_lookup

    token = token_lookup(secret)
    assert token is not None
    return token.pk


@pytest.mark.django_db(transaction=True)
@override_settings(CACHES=DATABASE_CACHE)
def test_parallel_calls_are_each_counted_once():
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        pytest.skip("needs PostgreSQL or a file database: run with scripts/with-postgres.sh")
    threads_n, calls_each = 8, 5
    start = threading.Barrier(threads_n)
    counts: list[int] = []
    lock = threading.Lock()

    def hit():
        try:
            start.wait()
            mine = [http.count_call("token-1", 1000) for _ in range(calls_each)]
            with lock:
                counts.extend(mine)
        finally:
            connection.close()

    threads = [threading.Thread(target=hit) for _ in range(threads_n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert sorted(counts) == list(range(1, threads_n * calls_each + 1))
    assert RateCount.objects.get(ident="token-1").calls == threads_n * calls_each
