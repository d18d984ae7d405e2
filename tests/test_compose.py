"""docker-compose.yml is checked by parsing (no Docker engine here): services, secrets, commands."""

from pathlib import Path

import yaml
from typer.main import get_command

from thelook.cli import app
from thelook.environment import REPO_ROOT

COMPOSE = yaml.safe_load((REPO_ROOT / "docker-compose.yml").read_text())


def test_stack_has_the_production_services() -> None:
    assert {"postgres", "ollama", "prefect", "pipeline", "dashboard", "docs"} <= set(COMPOSE["services"])
    assert "pgvector" in COMPOSE["services"]["postgres"]["image"]


def test_images_are_pinned() -> None:
    for name, service in COMPOSE["services"].items():
        if "image" in service:
            assert not service["image"].endswith(":latest") and ":" in service["image"], name


def test_no_password_is_written_in_the_file() -> None:
    postgres_env = COMPOSE["services"]["postgres"]["environment"]
    assert postgres_env["POSTGRES_PASSWORD"].startswith("${POSTGRES_PASSWORD:?")
    assert "${POSTGRES_PASSWORD:?" in COMPOSE["services"]["pipeline"]["environment"]["DATABASE_URL"]


def test_app_services_run_existing_cli_commands() -> None:
    commands = set(get_command(app).commands)  # type: ignore[attr-defined]
    for name in ("pipeline", "dashboard", "docs"):
        assert COMPOSE["services"][name]["command"][0] in commands, name
    assert (Path(REPO_ROOT) / COMPOSE["services"]["pipeline"]["build"] / "Dockerfile").is_file()
