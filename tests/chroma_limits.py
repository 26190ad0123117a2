"""A real Chroma client with a small maximum batch size, enforced as Chroma enforces its own.

Embedded Chroma checks batch sizes in its Rust bindings against a limit of thousands, so a test
that wants the limit without building a huge organisation wraps the client: it reports
``max_batch`` from ``get_max_batch_size()`` and its collections refuse a write of more ids with
Chroma's own message. It can also fail the n-th write, as a server that goes away mid-sync would.
"""

from __future__ import annotations

from typing import Any


class LimitedChroma:
    def __init__(self, client: Any, max_batch: int, *, fail_on_write: int | None = None) -> None:
        self.client = client
        self.max_batch = max_batch
        self.fail_on_write = fail_on_write
        self.asked = 0  # get_max_batch_size() calls
        self.writes: list[tuple[str, int]] = []  # (method, number of ids) per accepted write

    def get_max_batch_size(self) -> int:
        self.asked += 1
        return self.max_batch

    def get_or_create_collection(self, *args: Any, **kwargs: Any) -> _LimitedCollection:
        return _LimitedCollection(self.client.get_or_create_collection(*args, **kwargs), self)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.client, name)


class _LimitedCollection:
    def __init__(self, inner: Any, limits: LimitedChroma) -> None:
        self.inner = inner
        self.limits = limits

    def _write(self, method: str, ids: list[str], **kwargs: Any) -> Any:
        if len(ids) > self.limits.max_batch:
            raise ValueError(
                f"Batch size of {len(ids)} is greater than max batch size of "
                f"{self.limits.max_batch}"
            )
        if self.limits.fail_on_write == len(self.limits.writes) + 1:
            raise ConnectionError("chroma went away\nmid-sync")
        self.limits.writes.append((method, len(ids)))
        return getattr(self.inner, method)(ids=ids, **kwargs)

    def upsert(self, *, ids: list[str], **kwargs: Any) -> Any:
        return self._write("upsert", ids, **kwargs)

    def add(self, *, ids: list[str], **kwargs: Any) -> Any:
        return self._write("add", ids, **kwargs)

    def delete(self, *, ids: list[str], **kwargs: Any) -> Any:
        return self._write("delete", ids, **kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)
