"""The dbt docs site: generate it from the warehouse (`dbt docs generate`) and serve it on a local port."""

from __future__ import annotations

import functools
import http.server
from pathlib import Path

from thelook.dbt import docs_target, run_dbt

SITE_FILES = ("index.html", "manifest.json", "catalog.json")
STATIC_FILE = "static_index.html"


def generate_docs(static: bool = False) -> Path:
    """Write the docs site into dbt's target folder and return the page to open.

    The catalog (column types, row counts) is read from the warehouse, so the models should be built first.
    With `static`, dbt also writes `static_index.html`, one file with the manifest and catalog inlined that
    opens from disk without a server; that file is returned.
    """
    args = ["docs", "generate"]
    if static:
        args.append("--static")
    run_dbt(args)
    target = docs_target()
    page = target / (STATIC_FILE if static else "index.html")
    missing = [name for name in (STATIC_FILE,) if static and not (target / name).is_file()]
    missing += [name for name in SITE_FILES if not (target / name).is_file()]
    if missing:
        raise FileNotFoundError(f"dbt docs generate did not write {', '.join(missing)} in {target}")
    return page


def make_docs_server(host: str = "127.0.0.1", port: int = 8080, site: Path | None = None) -> http.server.HTTPServer:
    """An HTTP server for the generated site (not started); port 0 picks a free port."""
    folder = site or docs_target()
    if not (folder / "index.html").is_file():
        raise FileNotFoundError(f"no docs site in {folder}: run generate_docs() (`thelook docs`) first")
    handler = functools.partial(_QuietHandler, directory=str(folder))
    return http.server.ThreadingHTTPServer((host, port), handler)


def serve_docs(host: str = "127.0.0.1", port: int = 8080) -> None:
    """Serve the generated site until interrupted (Ctrl-C). Binds to localhost unless `host` says otherwise."""
    server = make_docs_server(host, port)
    bound_host, bound_port = server.server_address[:2]
    print(f"dbt docs: http://{bound_host!s}:{bound_port}/  (Ctrl-C to stop)")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the site folder only, without a log line per request."""

    def log_message(self, format: str, *args: object) -> None:
        return
