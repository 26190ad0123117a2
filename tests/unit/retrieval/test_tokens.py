"""Token counting works from package data alone: no download, no cache directory."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import tiktoken
import tiktoken.load

from retrieval import tokens
from retrieval.tokens import count_tokens, encoding_for_model, get_encoding


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Path]:
    """Every way tiktoken could fetch or cache a file raises; the cache dir must stay empty."""

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError(f"network or tiktoken file access attempted: {args!r}")

    cache = tmp_path / "tiktoken-cache"
    cache.mkdir()
    monkeypatch.setenv("TIKTOKEN_CACHE_DIR", str(cache))
    monkeypatch.setattr(tiktoken.load, "read_file", refuse)
    monkeypatch.setattr(tiktoken.load, "read_file_cached", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    tokens._build_encoding.cache_clear()  # force a real load under the block
    yield cache
    tokens._build_encoding.cache_clear()


def test_encodings_load_from_package_data_without_network(no_network: Path) -> None:
    o200k = get_encoding("o200k_base")
    cl100k = get_encoding("cl100k_base")

    # Reference ids from tiktoken's own downloaded encodings.
    assert o200k.encode("hello world") == [24912, 2375]
    assert cl100k.encode("hello world") == [15339, 1917]
    assert o200k.n_vocab == 200019
    assert cl100k.n_vocab == 100277
    assert list(no_network.iterdir()) == []


def test_default_encoding_is_o200k_and_cached() -> None:
    assert get_encoding() is get_encoding("o200k_base")
    assert get_encoding().name == "o200k_base"


def test_round_trip_and_count() -> None:
    text = "Maya's 1:1 with Dana — goals G12, K7; mood 4/5. Émilie gave praise 👏"
    enc = get_encoding()
    assert enc.decode(enc.encode(text)) == text
    assert count_tokens(text) == len(enc.encode_ordinary(text))
    assert count_tokens(text, "cl100k_base") == len(get_encoding("cl100k_base").encode(text))
    assert count_tokens("") == 0


def test_special_token_text_in_user_input_is_counted_as_plain_text() -> None:
    # Record text is untrusted: "<|endoftext|>" inside it must not become the control token.
    assert count_tokens("<|endoftext|>") > 1
    assert get_encoding().encode("<|endoftext|>", allowed_special="all") == [199999]


@pytest.mark.parametrize(
    ("model", "encoding"),
    [
        ("gpt-4o", "o200k_base"),
        ("gpt-4o-mini", "o200k_base"),
        ("gpt-4.1-nano", "o200k_base"),
        ("o3-mini", "o200k_base"),
        ("openai/gpt-4o", "o200k_base"),
        ("gpt-4", "cl100k_base"),
        ("gpt-4-turbo", "cl100k_base"),
        ("gpt-3.5-turbo", "cl100k_base"),
        ("gpt-35-turbo", "cl100k_base"),
        ("text-embedding-3-small", "cl100k_base"),
        ("gemma3-270m", "o200k_base"),
        ("", "o200k_base"),
        (None, "o200k_base"),
    ],
)
def test_encoding_for_model(model: str | None, encoding: str) -> None:
    assert encoding_for_model(model).name == encoding


def test_unknown_encoding_is_rejected() -> None:
    with pytest.raises(ValueError, match="unknown encoding 'p50k_base'"):
        get_encoding("p50k_base")


def test_corrupt_data_fails_the_hash_check() -> None:
    spec = tokens._SPECS["cl100k_base"]
    tampered = tokens._Spec(spec.file, "0" * 64, spec.pat_str, spec.special_tokens)
    with pytest.raises(ValueError, match="is corrupt"):
        tokens._read_ranks(tampered)


def test_bundled_files_are_small() -> None:
    data = Path(tokens.__file__).parent / "data" / "tiktoken"
    sizes = {f.name: f.stat().st_size for f in data.iterdir()}
    assert set(sizes) == {"o200k_base.tiktoken.gz", "cl100k_base.tiktoken.gz"}
    assert sum(sizes.values()) < 3_000_000
