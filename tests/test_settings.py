"""Settings: DATABASE_URL wins over the embedded default; bad values name their variable."""

import pytest

from thelook.settings import Settings, SettingsError, get_settings


@pytest.fixture(autouse=True)
def fresh_settings():
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def test_database_url_wins(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql://analyst:secret@db.internal:5433/warehouse")
    settings = get_settings()
    assert settings.database_url == "postgresql://analyst:secret@db.internal:5433/warehouse"
    assert not settings.embedded


def test_unset_database_url_means_embedded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DATABASE_URL", raising=False)
    assert get_settings().embedded


@pytest.mark.parametrize(
    "bad_url",
    ["mysql://root@localhost/db", "localhost:5432", "postgresql://u@host:notaport/db"],
)
def test_bad_database_url_names_the_variable(monkeypatch: pytest.MonkeyPatch, bad_url: str) -> None:
    monkeypatch.setenv("DATABASE_URL", bad_url)
    with pytest.raises(SettingsError, match="DATABASE_URL"):
        get_settings()


def test_bad_scale_names_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("THELOOK_SCALE", "-1")
    with pytest.raises(SettingsError, match="THELOOK_SCALE"):
        get_settings()


def test_dotenv_file_is_read(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DATABASE_URL", raising=False)
    (tmp_path / ".env").write_text("DATABASE_URL=postgresql://from-dotenv@localhost/db\n")
    monkeypatch.chdir(tmp_path)
    assert Settings().database_url == "postgresql://from-dotenv@localhost/db"
