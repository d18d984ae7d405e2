"""`thelook serve`: a real Prefect server, the scheduled deployment, and a run of it triggered through the API."""

import json
import os
import re
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import psycopg
import pytest

from thelook.environment import REPO_ROOT

pytestmark = pytest.mark.slow

CRON = "0 6 * * *"


def api(url: str, path: str, method: str = "POST") -> object:
    """Call the Prefect API; a 503 (its SQLite database busy while services start) is retried."""
    data = b"{}" if method == "POST" else None
    request = urllib.request.Request(
        f"{url}{path}", data=data, method=method, headers={"Content-Type": "application/json"}
    )
    for _attempt in range(10):
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return json.loads(response.read())
        except urllib.error.HTTPError as error:
            if error.code != 503:
                raise
            time.sleep(3)
    raise AssertionError(f"the Prefect API kept answering 503 for {path}")


def wait_for(predicate, seconds: float, what: str):  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(2)
    raise AssertionError(f"timed out waiting for {what}")


def test_serve_schedules_the_daily_deployment_and_runs_it(warehouse_url: str, tmp_path: Path) -> None:
    env = {
        **os.environ,
        "PREFECT_HOME": str(tmp_path / "prefect"),
        "THELOOK_SCHEDULE_CRON": CRON,
        "THELOOK_SCALE": "0.005",
        "OLLAMA_HOST": "http://127.0.0.1:9",
    }
    env.pop("PREFECT_API_URL", None)
    log = tmp_path / "serve.log"
    with log.open("w") as output:
        server = subprocess.Popen(
            [sys.executable, "-m", "thelook.cli", "serve"],
            cwd=REPO_ROOT, env=env, stdout=output, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
    try:
        match = wait_for(lambda: re.search(r"Prefect UI: (\S+)", log.read_text()), 180, "the Prefect server")
        api_url = f"{match.group(1)}/api"
        deployments = wait_for(lambda: api(api_url, "/deployments/filter"), 120, "the deployment")
        (deployment,) = deployments  # type: ignore[misc]
        assert deployment["name"] == "daily"
        assert [schedule["schedule"]["cron"] for schedule in deployment["schedules"]] == [CRON]
        assert all(schedule["active"] for schedule in deployment["schedules"])

        run = api(api_url, f"/deployments/{deployment['id']}/create_flow_run")

        def finished_state() -> str | None:
            state = api(api_url, f"/flow_runs/{run['id']}", "GET")["state"]["type"]  # type: ignore[index]
            return state if state in {"COMPLETED", "FAILED", "CRASHED", "CANCELLED"} else None

        state = wait_for(finished_state, 600, "the triggered flow run")
        assert state == "COMPLETED", log.read_text()[-3000:]
        with psycopg.connect(warehouse_url) as conn:
            summaries = conn.execute("select count(*) from enrichment.daily_summaries").fetchone()
        assert summaries == (1,)
    finally:
        stop(server)
    with pytest.raises(urllib.error.URLError):  # the local Prefect server stopped with it
        urllib.request.urlopen(f"{api_url}/health", timeout=5)


def stop(server: subprocess.Popen[bytes]) -> None:
    """SIGTERM, as a service manager sends it: the runner pauses its deployment, then the Prefect server stops."""
    os.killpg(server.pid, signal.SIGTERM)
    try:
        server.wait(timeout=120)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        raise AssertionError("`thelook serve` did not exit within 120 s of SIGTERM") from None
