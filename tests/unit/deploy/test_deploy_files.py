"""deploy/: the compose file and the systemd units describe the topology the integration test
runs (tests/integration/test_topology.py), and name only settings that exist."""

from __future__ import annotations

import re
import shlex
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml

from assistant.settings import Settings
from assistant.settings_doc import env_names

DEPLOY = Path(__file__).resolve().parents[3] / "deploy"
SETTINGS = {env for n, f in Settings.model_fields.items() for env in env_names(n, f)}
# Read by the Chroma server, not by Cadence.
OTHERS = {"ANONYMIZED_TELEMETRY"}


def _compose() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load((DEPLOY / "compose.yaml").read_text())
    return loaded


def _unit(name: str) -> dict[str, list[tuple[str, str]]]:
    """A systemd unit as {section: [(key, value), ...]} (keys may repeat, unlike in INI)."""
    sections: dict[str, list[tuple[str, str]]] = {}
    current = None
    for raw in (DEPLOY / "systemd" / name).read_text().splitlines():
        line = raw.strip()
        if not line or line.startswith(("#", ";")):
            continue
        if header := re.fullmatch(r"\[(\w+)\]", line):
            current = sections.setdefault(header.group(1), [])
            continue
        key, sep, value = line.partition("=")
        assert current is not None and sep, f"{name}: not a key=value line in a section: {raw}"
        current.append((key, value))
    return sections


def _values(unit: dict[str, list[tuple[str, str]]], key: str) -> list[str]:
    return [v for k, v in unit["Service"] if k == key]


def _env_file(path: Path) -> dict[str, str]:
    pairs = (line.split("=", 1) for line in path.read_text().splitlines())
    return {k: v for k, v in (p for p in pairs if len(p) == 2) if not k.startswith("#")}


def test_compose_has_the_topology() -> None:
    compose = _compose()
    services = compose["services"]
    assert {"postgres", "redis", "chroma", "api", "worker"} <= set(services)
    api, worker = services["api"], services["worker"]
    assert api["command"][:2] == ["/venv/bin/cadence", "serve"] and "--workers" in api["command"]
    assert worker["command"] == ["/venv/bin/cadence", "worker"]
    assert worker["deploy"]["replicas"] >= 2
    for service in (api, worker):
        env = service["environment"]
        assert env["CADENCE_INDEX_IN_PROCESS"] == "false"  # the workers drain, not the API
        assert urlsplit(env["CADENCE_DATABASE_URL"]).hostname == "postgres"
        assert urlsplit(env["CADENCE_CHROMA_URL"]).hostname == "chroma"
        assert urlsplit(env["CADENCE_REDIS_URL"]).hostname == "redis"
        assert env["CADENCE_ENVIRONMENT"] == "production"
        assert service["image"].startswith("python:")
        assert set(service["depends_on"]) == {"install", "postgres", "redis", "chroma"}
    chroma_port = services["chroma"]["command"][services["chroma"]["command"].index("--port") + 1]
    assert urlsplit(api["environment"]["CADENCE_CHROMA_URL"]).port == int(chroma_port)


def test_compose_references_resolve() -> None:
    compose = _compose()
    services = compose["services"]
    for name, service in services.items():
        for needed in service.get("depends_on", {}):
            assert needed in services, f"{name} depends on unknown service {needed}"
        for volume in service.get("volumes", []):
            source = volume.split(":", 1)[0]
            assert source.startswith(".") or source in compose["volumes"], (name, volume)
        for variable in service.get("environment", {}):
            if name not in ("postgres",):
                assert variable in SETTINGS | OTHERS, f"{name}: {variable} is no Cadence setting"


@pytest.mark.parametrize("name", ["cadence-api.service", "cadence-worker@.service"])
def test_cadence_units_run_cadence_with_known_settings(name: str) -> None:
    unit = _unit(name)
    assert set(unit) == {"Unit", "Service", "Install"}
    (exec_start,) = _values(unit, "ExecStart")
    argv = shlex.split(exec_start)
    assert argv[0].endswith("/bin/cadence")
    assert argv[1] == ("serve" if name == "cadence-api.service" else "worker")
    assert _values(unit, "EnvironmentFile") == ["/etc/cadence/cadence.env"]
    for assignment in _values(unit, "Environment"):
        assert assignment.split("=", 1)[0] in SETTINGS, assignment
    assert _values(unit, "KillSignal") == ["SIGTERM"]  # finish the batch or request in hand


def test_api_unit_leaves_indexing_to_the_workers() -> None:
    unit = _unit("cadence-api.service")
    assert "CADENCE_INDEX_IN_PROCESS=false" in _values(unit, "Environment")
    assert "--workers" in shlex.split(_values(unit, "ExecStart")[0])


def test_worker_unit_is_a_template_with_time_to_finish_a_batch() -> None:
    unit = _unit("cadence-worker@.service")
    assert "%i" in dict(unit["Unit"])["Description"]
    assert int(_values(unit, "TimeoutStopSec")[0]) >= 60
    assert _values(unit, "Restart") == ["always"]  # safe: a killed worker loses nothing


def test_chroma_unit_serves_where_the_env_example_points() -> None:
    unit = _unit("chroma.service")
    argv = shlex.split(_values(unit, "ExecStart")[0])
    assert argv[0].endswith("/bin/chroma") and argv[1] == "run"
    env = _env_file(DEPLOY / "systemd" / "cadence.env.example")
    assert urlsplit(env["CADENCE_CHROMA_URL"]).port == int(argv[argv.index("--port") + 1])


def test_env_example_names_only_settings() -> None:
    env = _env_file(DEPLOY / "systemd" / "cadence.env.example")
    assert set(env) <= SETTINGS, set(env) - SETTINGS
    Settings.model_validate(  # every value is valid for its field
        {n: env[e] for n, f in Settings.model_fields.items() for e in env_names(n, f) if e in env}
    )
