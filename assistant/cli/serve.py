"""``cadence serve``: the HTTP API and web UI under uvicorn.

The app is named by its factory string so that ``assistant`` never imports ``api``. Behind a TLS
proxy, uvicorn takes the client's address and scheme from X-Forwarded-For/-Proto, but only from
the addresses in ``CADENCE_FORWARDED_ALLOW_IPS`` (default 127.0.0.1: a proxy on the same host), so
cookies are Secure over HTTPS and rate limits count the real client. The settings are read here,
once, so a bad value is a clear error before anything binds.
"""

from __future__ import annotations

from typing import Annotated

import typer

from assistant.cli import app
from assistant.errors import UserError

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

    from assistant.settings import get_settings

    settings = get_settings()
    if workers > 1 and not settings.chroma_url:
        # Each worker process would open the embedded vector store in the data directory, and
        # Chroma's embedded store is for one process: writes from several corrupt or lose data.
        raise UserError(
            f"--workers {workers} needs a Chroma server (CADENCE_CHROMA_URL): the embedded vector "
            "store in the data directory is for one process (deploy/README.md)"
        )
    uvicorn.run(
        APP_FACTORY,
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level=log_level,
        proxy_headers=True,
        forwarded_allow_ips=settings.forwarded_allow_ips,
        server_header=False,
    )
