"""``cadence serve``: the HTTP API and web UI under uvicorn.

The app is named by its factory string so that ``assistant`` never imports ``api``.
"""

from __future__ import annotations

from typing import Annotated

import typer

from assistant.cli import app

APP_FACTORY = "api.app:create_app"


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Interface to bind; keep 127.0.0.1 unless proxied.")] = (
        "127.0.0.1"
    ),
    port: Annotated[int, typer.Option(help="TCP port.", min=1, max=65535)] = 8000,
    workers: Annotated[int, typer.Option(help="Worker processes (stateless).", min=1)] = 1,
    log_level: Annotated[str, typer.Option(help="uvicorn log level.")] = "info",
) -> None:
    """Serve the API (/v1, docs at /docs) and the web UI on the CLI's settings and data dir."""
    import uvicorn

    uvicorn.run(
        APP_FACTORY,
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level=log_level,
        proxy_headers=False,
    )
