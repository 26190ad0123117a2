"""API tokens: minted once, stored hashed, revocable; and the `cadence token` commands."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from assistant import auth
from assistant.cli import _register, app
from assistant.db import transaction
from assistant.errors import NotFound, UserError
from assistant.models import ApiToken, Person
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


def test_cli_token_commands(runtime: Runtime, monkeypatch: pytest.MonkeyPatch) -> None:
    _person(runtime)
    monkeypatch.setattr("assistant.cli.tokens.runtime", lambda: runtime)
    _register()
    cli = CliRunner()
    created = cli.invoke(app, ["token", "create", "--as", "kim@example.com", "--name", "ci"])
    assert created.exit_code == 0, created.output
    raw = created.output.strip().splitlines()[-1]
    with runtime.sessions() as session:
        assert auth.verify_token(session, raw) is not None
    listed = cli.invoke(app, ["token", "list"])
    assert "kim@example.com" in listed.output and "active" in listed.output
    assert raw not in listed.output
    assert cli.invoke(app, ["token", "revoke", "1"]).exit_code == 0
    assert "revoked" in cli.invoke(app, ["token", "list"]).output
    missing = cli.invoke(app, ["token", "create", "--as", "nobody@example.com"])
    assert isinstance(missing.exception, NotFound)  # main() turns it into one line + exit 2
