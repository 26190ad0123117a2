"""POST /v1/feedback with an Idempotency-Key: a retried submission is one record (issue 12)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from fastapi.testclient import TestClient
from sqlalchemy import func, select

from assistant.models import Feedback
from tests.orgs.api_org import Org


def _count(org: Org) -> int:
    with org.runtime.sessions() as s:
        return int(s.scalar(select(func.count()).select_from(Feedback)) or 0)


def test_a_retry_with_the_same_key_returns_the_first_record(client: TestClient, org: Org) -> None:
    body = {"receiver_id": org.ids["dana"], "kind": "praise", "text": "Calm incident call."}
    eli = {**org.headers("eli"), "Idempotency-Key": "retry-1"}
    before = _count(org)
    first = client.post("/v1/feedback", json=body, headers=eli)
    again = client.post("/v1/feedback", json=body, headers=eli)
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json() == first.json() and _count(org) == before + 1

    other = client.post("/v1/feedback", json={**body, "text": "Something else."}, headers=eli)
    assert other.status_code == 422 and other.json()["errors"][0]["field"] == "Idempotency-Key"
    # Keys are per caller: Fay's "retry-1" is a different submission.
    fay = client.post(
        "/v1/feedback", json=body, headers={**org.headers("fay"), "Idempotency-Key": "retry-1"}
    )
    assert fay.status_code == 201 and fay.json()["id"] != first.json()["id"]
    # Without a key, every post is a new record (as before).
    plain = [client.post("/v1/feedback", json=body, headers=org.headers("eli")) for _ in "ab"]
    assert [r.status_code for r in plain] == [201, 201] and _count(org) == before + 4


def test_concurrent_retries_make_one_record(client: TestClient, org: Org) -> None:
    body = {"receiver_id": org.ids["dana"], "kind": "praise", "text": "Thanks for the review."}
    headers = {**org.headers("gus"), "Idempotency-Key": "double-click"}
    before = _count(org)
    with ThreadPoolExecutor(4) as pool:
        got = list(
            pool.map(lambda _: client.post("/v1/feedback", json=body, headers=headers), range(4))
        )
    assert sorted(r.status_code for r in got) == [200, 200, 200, 201]
    assert len({r.json()["id"] for r in got}) == 1 and _count(org) == before + 1
