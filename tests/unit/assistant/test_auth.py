"""API tokens and UI sessions: minted once, stored hashed, revocable, expiring, ended with their
person; and the `cadence token` commands."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from sqlalchemy import select

from assistant import auth
from assistant.bundle import Bundle
from assistant.db import transaction
from assistant.errors import NotFound, UserError
from assistant.importer import import_bundle
from assistant.models import ApiToken, Person, UiSession
from assistant.runtime import Runtime


def _person(runtime: Runtime, email: str = "kim@example.com", active: bool = True) -> None:
    with transaction(runtime.sessions) as session:
        session.add(Person(external_id=email, name="Kim", email=email, active=active))


def test_create_verify_revoke(runtime: Runtime) -> None:
    _person(runtime)
    with transaction(runtime.sessions) as session:
        row, raw = auth.create_token(session, "KIM@example.com ", "laptop")
        token_id = row.id
    assert raw.startswith("cad_") and len(raw) > 40
    with runtime.sessions() as session:
        stored = session.get_one(ApiToken, token_id)
        assert stored.token_hash == auth.hash_token(raw) and raw not in stored.token_hash
        person = auth.verify_token(session, raw)
        assert person is not None and person.email == "kim@example.com"
        assert auth.verify_token(session, raw[:-1] + ("A" if raw[-1] != "A" else "B")) is None
        assert auth.verify_token(session, "not-a-token") is None
    with transaction(runtime.sessions) as session:
        auth.revoke_token(session, token_id)
    with runtime.sessions() as session:
        assert auth.verify_token(session, raw) is None


def test_two_tokens_differ(runtime: Runtime) -> None:
    _person(runtime)
    with transaction(runtime.sessions) as session:
        a = auth.create_token(session, "kim@example.com")[1]
        b = auth.create_token(session, "kim@example.com")[1]
    assert a != b


def test_user_mistakes(runtime: Runtime) -> None:
    _person(runtime, "gone@example.com", active=False)
    with transaction(runtime.sessions) as session:
        with pytest.raises(NotFound):
            auth.create_token(session, "nobody@example.com")
        with pytest.raises(UserError, match="not active"):
            auth.create_token(session, "gone@example.com")
        with pytest.raises(NotFound):
            auth.revoke_token(session, 12345)


def test_cli_token_commands(
    runtime: Runtime,
    monkeypatch: pytest.MonkeyPatch,
    run_cadence: Callable[..., tuple[int, str, str]],
) -> None:
    _person(runtime)
    monkeypatch.setattr("assistant.cli.tokens.runtime", lambda: runtime)
    code, out, err = run_cadence("token", "create", "--as", "kim@example.com", "--name", "ci")
    assert code == 0, out + err
    raw = out.strip().splitlines()[-1]
    with runtime.sessions() as session:
        assert auth.verify_token(session, raw) is not None
    _, listed, _ = run_cadence("token", "list")
    assert "kim@example.com" in listed and "active" in listed
    assert raw not in listed
    assert run_cadence("token", "revoke", "1")[0] == 0
    assert "revoked" in run_cadence("token", "list")[1]
    code, out, err = run_cadence(
        "token", "create", "--as", "kim@example.com", "--expires-days", "3"
    )
    assert code == 0 and "expires" in out, out + err
    with runtime.sessions() as session:
        row = session.scalars(select(ApiToken).order_by(ApiToken.id.desc())).first()
        assert row is not None and row.expires_at is not None
    code, _, err = run_cadence("token", "create", "--as", "nobody@example.com")
    assert code == 2 and err.strip().splitlines() == [
        "cadence: no person with email 'nobody@example.com'"
    ]


T0 = dt.datetime(2026, 11, 30, 9, 0, tzinfo=dt.UTC)


def test_a_token_can_expire(runtime: Runtime) -> None:
    _person(runtime)
    with transaction(runtime.sessions) as session:
        row, raw = auth.create_token(session, "kim@example.com", expires_days=7, now=T0)
        forever = auth.create_token(session, "kim@example.com", now=T0)[1]
        assert row.expires_at == T0 + dt.timedelta(days=7)
        with pytest.raises(UserError, match="expires-days"):
            auth.create_token(session, "kim@example.com", expires_days=0)
    with runtime.sessions() as session:
        assert auth.verify_token(session, raw, now=T0 + dt.timedelta(days=6)) is not None
        assert auth.verify_token(session, raw, now=T0 + dt.timedelta(days=7, seconds=1)) is None
        assert auth.verify_token(session, forever, now=T0 + dt.timedelta(days=4000)) is not None
        token = session.get_one(ApiToken, row.id)
        assert auth.token_state(token, now=T0 + dt.timedelta(days=8)) == "expired"


def test_a_ui_session_expires_and_signs_out(runtime: Runtime) -> None:
    _person(runtime)
    with transaction(runtime.sessions) as session:
        kim = session.scalars(select(Person)).one().id
        _row, secret = auth.open_session(session, kim, hours=12, now=T0)
        other = auth.open_session(session, kim, hours=12, now=T0)[1]
    assert secret.startswith("cads_") and secret != other
    with runtime.sessions() as session:
        assert auth.verify_session(session, secret, now=T0 + dt.timedelta(hours=11)) is not None
        assert (
            auth.verify_session(session, secret, now=T0 + dt.timedelta(hours=12, seconds=1)) is None
        )
        # A session secret is not an API token, nor the other way round.
        assert auth.verify_token(session, secret, now=T0) is None
    with transaction(runtime.sessions) as session:
        assert auth.close_session(session, secret, now=T0)
        assert not auth.close_session(session, secret, now=T0)
    with runtime.sessions() as session:
        assert auth.verify_session(session, secret, now=T0) is None
        assert auth.verify_session(session, other, now=T0) is not None  # the other browser
    # Signing in again a day later clears the ended sessions (signed out, expired) away.
    with transaction(runtime.sessions) as session:
        auth.open_session(session, kim, hours=12, now=T0 + dt.timedelta(days=1))
    with runtime.sessions() as session:
        assert len(session.scalars(select(UiSession)).all()) == 1


def _credentials(runtime: Runtime) -> tuple[str, str]:
    with transaction(runtime.sessions) as session:
        kim = session.scalars(select(Person).where(Person.email == "kim@example.com")).one()
        token = auth.create_token(session, kim.email)[1]
        secret = auth.open_session(session, kim.id, hours=12)[1]
    return token, secret


def _live(runtime: Runtime, token: str, secret: str) -> tuple[bool, bool]:
    with runtime.sessions() as session:
        return (
            auth.verify_token(session, token) is not None,
            auth.verify_session(session, secret) is not None,
        )


def _set_active(runtime: Runtime, active: bool) -> None:
    with transaction(runtime.sessions) as session:
        session.scalars(
            select(Person).where(Person.email == "kim@example.com")
        ).one().active = active


def test_deactivating_revokes_and_reactivating_does_not_revive(runtime: Runtime) -> None:
    _person(runtime)
    token, secret = _credentials(runtime)
    assert _live(runtime, token, secret) == (True, True)
    _set_active(runtime, False)
    assert _live(runtime, token, secret) == (False, False)
    _set_active(runtime, True)
    assert _live(runtime, token, secret) == (False, False)
    with runtime.sessions() as session:
        assert all(t.revoked_at is not None for t in session.scalars(select(ApiToken)))
    # New credentials work as usual.
    assert _live(runtime, *_credentials(runtime)) == (True, True)


def test_deactivating_through_an_import_revokes_too(runtime: Runtime) -> None:
    def bundle(active: bool) -> Bundle:
        person = {"id": "kim", "name": "Kim", "email": "kim@example.com", "active": active}
        return Bundle.model_validate({"people": [person]})

    import_bundle(runtime.sessions, bundle(True))
    token, secret = _credentials(runtime)
    import_bundle(runtime.sessions, bundle(False))
    import_bundle(runtime.sessions, bundle(True))
    assert _live(runtime, token, secret) == (False, False)
