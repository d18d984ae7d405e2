"""The daily deployment: `flow.serve` on a cron, against a Prefect server that can schedule runs."""

from __future__ import annotations

import ctypes
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

DEPLOYMENT_NAME = "daily"
SERVER_STARTUP_SECONDS = 120
PREFECT_DEFAULT_PORT = 4200
PR_SET_PDEATHSIG = 1  # from <sys/prctl.h>


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
    """Run `prefect server start` on 127.0.0.1 and yield its API URL once it answers.

    The server runs in its own session, so a Ctrl-C or SIGTERM for `thelook serve` reaches the runner first: it
    pauses its deployment through the server, then the server is stopped here. Its output goes to
    PREFECT_HOME/server.log (an unread pipe would block it once full).
    """
    port = port or _free_port()
    api_url = f"http://127.0.0.1:{port}/api"
    command = [sys.executable, "-m", "prefect", "server", "start", "--host", "127.0.0.1", "--port", str(port)]
    log_path = Path(os.environ["PREFECT_HOME"]).expanduser() / "server.log"
    with log_path.open("w") as log:
        server = subprocess.Popen(
            command, stdout=log, stderr=subprocess.STDOUT, start_new_session=True, preexec_fn=_die_with_parent
        )
    try:
        _wait_until_healthy(api_url, server, log_path)
        yield api_url
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()


def _die_with_parent() -> None:
    """In the child: Linux sends it SIGTERM when `thelook serve` dies, even by SIGKILL (no orphaned server)."""
    if sys.platform == "linux":
        ctypes.CDLL(None).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


def _wait_until_healthy(api_url: str, server: subprocess.Popen[bytes], log_path: Path) -> None:
    deadline = time.monotonic() + SERVER_STARTUP_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            output = log_path.read_text(errors="replace")[-2000:]
            raise RuntimeError(f"the Prefect server exited with code {server.returncode}: {output}")
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
