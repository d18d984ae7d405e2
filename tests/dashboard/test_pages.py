"""Every dashboard page renders headless against a real pipeline run, and the chatbot answers with sources."""

import psycopg
import pytest
from streamlit.testing.v1 import AppTest

from thelook.environment import REPO_ROOT

PAGES = REPO_ROOT / "dashboard" / "pages"


@pytest.mark.parametrize(
    ("page", "title", "tables"),
    [
        ("2_sales.py", "Sales", 2),
        ("3_customers.py", "Customers", 3),
        ("4_products.py", "Products and stock", 4),
        ("5_web.py", "Web", 1),
    ],
)
def test_metric_page_renders_its_marts(pipeline_database: str, page: str, title: str, tables: int) -> None:
    app = AppTest.from_file(str(PAGES / page), default_timeout=60).run()

    assert not app.exception
    assert app.title[0].value == title
    assert not app.info  # no "not built yet" guard: every mart the page reads exists
    assert len(app.dataframe) >= tables
    assert all(len(frame.value) > 0 for frame in app.dataframe)


def test_chatbot_answers_from_retrieved_sources(pipeline_database: str) -> None:
    app = AppTest.from_file(str(PAGES / "9_ask.py"), default_timeout=120).run()
    app.chat_input[0].set_value("warm jacket for men").run()

    assert not app.exception
    reply = app.chat_message[1].markdown[0].value
    assert "**Sources**" in reply
    assert "[P1]" in reply
    assert "retrieval only" in app.chat_message[1].caption[0].value  # Ollama is unreachable in these tests


def test_chatbot_treats_sql_as_a_question(pipeline_database: str) -> None:
    products_before = count_products(pipeline_database)
    app = AppTest.from_file(str(PAGES / "9_ask.py"), default_timeout=120).run()
    app.chat_input[0].set_value("'; drop table marts.dim_products; delete from enrichment.product_embeddings; --").run()

    assert not app.exception
    assert "[P1]" in app.chat_message[1].markdown[0].value  # answered as an ordinary question
    assert count_products(pipeline_database) == products_before


def count_products(url: str) -> tuple[int, int]:
    with psycopg.connect(url) as conn:
        row = conn.execute(
            "select (select count(*) from marts.dim_products), (select count(*) from enrichment.product_embeddings)"
        ).fetchone()
    assert row is not None
    return int(row[0]), int(row[1])
