"""The KPI page rendered headless by Streamlit's AppTest against data from a real pipeline run."""

import psycopg
from streamlit.testing.v1 import AppTest

from thelook.environment import REPO_ROOT

APP = str(REPO_ROOT / "dashboard" / "app.py")


def test_kpi_page_shows_the_latest_complete_day(pipeline_database: str) -> None:
    with psycopg.connect(pipeline_database) as conn:
        days = conn.execute(
            "select date_day, orders from marts.rpt_kpis_daily order by date_day desc limit 2"
        ).fetchall()
    latest_complete_day, orders = days[1]

    page = AppTest.from_file(APP, default_timeout=60).run()

    assert not page.exception
    assert page.title[0].value == "Daily KPIs"
    metrics = {metric.label: metric.value for metric in page.metric}
    assert set(metrics) == {"GMV", "Orders", "AOV", "Cancellation rate"}
    assert metrics["Orders"] == f"{orders:,}"
    assert f"{latest_complete_day:%Y-%m-%d}" in page.caption[0].value


def test_kpi_page_guides_when_nothing_is_built(warehouse_url: str) -> None:
    page = AppTest.from_file(APP, default_timeout=60).run()

    assert not page.exception
    assert "thelook run" in page.info[0].value
