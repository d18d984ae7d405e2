"""The embedded warehouse: a real PostgreSQL with pgvector, reused across connections."""

from thelook.warehouse import connect, database_url, redact


def test_embedded_server_has_pgvector_and_schemas(warehouse_url: str) -> None:
    with connect() as conn:
        version = conn.execute("select extversion from pg_extension where extname = 'vector'").fetchone()
        schemas = {row[0] for row in conn.execute("select schema_name from information_schema.schemata")}
    assert version is not None and version[0] >= "0.8"
    assert {"raw_thelook", "enrichment"} <= schemas


def test_database_url_is_the_configured_one(warehouse_url: str) -> None:
    assert database_url() == warehouse_url


def test_redact_hides_the_password() -> None:
    assert redact("postgresql://u:s3cret@h:5432/db") == "postgresql://u:***@h:5432/db"
