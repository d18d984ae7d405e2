"""The daily deployment: `flow.serve` on a cron, against a Prefect server that can schedule runs."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager

DEPLOYMENT_NAME = "daily"
SERVER_STARTUP_SECONDS = 120
PREFECT_DEFAULT_PORT = 4200


def serve_daily(cron: str) -> None:
    """Serve `thelook-daily/daily` until interrupted.

    An ephemeral Prefect API cannot schedule runs, so without PREFECT_API_URL a local Prefect server is started
    for as long as the deployment is served (its state lives in PREFECT_HOME).
    """
    if os.environ.get("PREFECT_API_URL"):
        _serve(cron)
        return
    with local_prefect_server() as api_url:
        os.environ["PREFECT_API_URL"] = api_url
        print(f"Prefect UI: {api_url.removesuffix('/api')}")
        _serve(cron)


def _serve(cron: str) -> None:
    from flows.daily import daily_pipeline  # after PREFECT_API_URL is set

    daily_pipeline.serve(name=DEPLOYMENT_NAME, cron=cron)


@contextmanager
def local_prefect_server(port: int | None = None) -> Iterator[str]:
    """Run `prefect server start` on 127.0.0.1 and yield its API URL once it answers."""
    port = port or _free_port()
    api_url = f"http://127.0.0.1:{port}/api"
    command = [sys.executable, "-m", "prefect", "server", "start", "--host", "127.0.0.1", "--port", str(port)]
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        _wait_until_healthy(api_url, server)
        yield api_url
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()


def _wait_until_healthy(api_url: str, server: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + SERVER_STARTUP_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            error = server.stderr.read() if server.stderr else ""
            raise RuntimeError(f"the Prefect server exited with code {server.returncode}: {error[-2000:]}")
        try:
            with urllib.request.urlopen(f"{api_url}/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(1)
    raise TimeoutError(f"the Prefect server did not answer at {api_url} within {SERVER_STARTUP_SECONDS} s")


def _free_port() -> int:
    """Prefect's usual port when it is free (bookmarks keep working), otherwise any free port."""
    for port in (PREFECT_DEFAULT_PORT, 0):
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return int(probe.getsockname()[1])
    raise RuntimeError("no free local port for the Prefect server")
