"""``cadence token``: mint, list and revoke API tokens."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from assistant.cli import app
from assistant.cli.common import out, runtime

token_app = typer.Typer(help="Create, list and revoke API tokens.", no_args_is_help=True)
app.add_typer(token_app, name="token")


@token_app.command("create")
def create(
    as_: Annotated[str, typer.Option("--as", help="Email of the person the token acts as.")],
    name: Annotated[str, typer.Option("--name", help="A label, e.g. the laptop it is for.")] = "",
    expires_days: Annotated[
        int | None,
        typer.Option("--expires-days", help="Stop working after this many days (default: never)."),
    ] = None,
) -> None:
    """Create a token for a person. The token is printed once; only its hash is stored."""
    from assistant import auth
    from assistant.db import transaction

    rt = runtime()
    with transaction(rt.sessions) as session:
        row, raw = auth.create_token(session, as_, name, expires_days=expires_days)
        token_id, email, expires = row.id, row.person.email, row.expires_at
    until = f", expires {expires:%Y-%m-%d %H:%M} UTC" if expires else ""
    out.print(
        f"token {token_id} for {email}{until} (store it now; it is not shown again):",
        markup=False,
    )
    out.print(raw, markup=False)


@token_app.command("revoke")
def revoke(
    token_id: Annotated[int, typer.Argument(help="The token's id (see `token list`).")],
) -> None:
    """Revoke a token; requests with it fail from now on."""
    from assistant import auth
    from assistant.db import transaction

    rt = runtime()
    with transaction(rt.sessions) as session:
        auth.revoke_token(session, token_id)
    out.print(f"token {token_id} revoked", markup=False)


@token_app.command("list")
def list_() -> None:
    """List tokens (ids, owners, names, state); never the tokens themselves."""
    from assistant import auth

    rt = runtime()
    with rt.sessions() as session:
        rows = auth.list_tokens(session)
        table = Table("id", "person", "name", "created", "expires", "state")
        for row in rows:
            state = auth.token_state(row)
            created = f"{row.created_at:%Y-%m-%d %H:%M}" if row.created_at else ""
            expires = f"{row.expires_at:%Y-%m-%d %H:%M}" if row.expires_at else ""
            table.add_row(str(row.id), row.person.email, row.name, created, expires, state)
    out.print(table)
