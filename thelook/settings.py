"""The one place configuration is read: environment variables and an optional `.env` file."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

from psycopg.conninfo import conninfo_to_dict
from pydantic import Field, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from thelook.environment import REPO_ROOT


class SettingsError(ValueError):
    """A configuration value is unusable; the message names the variable."""


class Settings(BaseSettings):
    """Everything the pipeline can be configured with. Each field reads the upper-case variable of its name."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    # Warehouse: a Postgres with pgvector. Unset -> an embedded server under `data_dir`.
    database_url: str | None = None
    data_dir: Path = Field(default=REPO_ROOT / ".thelook", alias="THELOOK_DATA_DIR")

    # Loader
    source: str = Field(default="synthetic", alias="THELOOK_SOURCE")
    scale: float = Field(default=0.1, alias="THELOOK_SCALE", gt=0)
    seed: int = Field(default=42, alias="THELOOK_SEED")
    files_path: Path | None = Field(default=None, alias="THELOOK_FILES_PATH")
    bigquery_project: str = Field(default="bigquery-public-data", alias="THELOOK_BQ_PROJECT")
    bigquery_dataset: str = Field(default="thelook_ecommerce", alias="THELOOK_BQ_DATASET")
    bigquery_location: str = Field(default="US", alias="THELOOK_BQ_LOCATION")
    bigquery_billing_project: str | None = Field(default=None, alias="THELOOK_BQ_BILLING_PROJECT")
    snapshot_row_limit: int = Field(default=1_000_000, alias="THELOOK_SNAPSHOT_ROW_LIMIT")

    # Enrichment
    ollama_host: str = Field(default="http://127.0.0.1:11434", alias="OLLAMA_HOST")
    ollama_model: str = Field(default="deepseek-r1:1.5b", alias="THELOOK_OLLAMA_MODEL")
    ollama_timeout_s: float = Field(default=120.0, alias="THELOOK_OLLAMA_TIMEOUT")
    embedding_batch_size: int = Field(default=32, alias="THELOOK_EMBEDDING_BATCH_SIZE", gt=0)

    # Schedule of the deployment served by `thelook serve`
    schedule_cron: str = Field(default="0 6 * * *", alias="THELOOK_SCHEDULE_CRON")

    @field_validator("database_url")
    @classmethod
    def _check_database_url(cls, value: str | None) -> str | None:
        if value is None or value.strip() == "":
            return None
        if not value.startswith(("postgresql://", "postgres://")):
            raise ValueError("must start with postgresql:// (for example postgresql://user:pass@host:5432/db)")
        try:
            _ = urlsplit(value).port  # raises on a port that is not a number
            conninfo_to_dict(value)
        except Exception as error:  # psycopg raises ProgrammingError with the parser's reason
            raise ValueError(f"is not a valid connection URL: {error}") from None
        return value

    @property
    def embedded(self) -> bool:
        """True when no DATABASE_URL is set and the embedded server is used."""
        return self.database_url is None


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """Read the settings once per process; raise a SettingsError naming the bad variable."""
    try:
        return Settings()
    except ValidationError as error:
        problems = []
        for item in error.errors():
            field = str(item["loc"][0]) if item["loc"] else "?"
            problems.append(f"{_variable_name(field)}: {item['msg']}")
        raise SettingsError("invalid configuration: " + "; ".join(problems)) from None


def _variable_name(field: str) -> str:
    info = Settings.model_fields.get(field)
    if info is not None and info.alias:
        return info.alias
    return field.upper()
