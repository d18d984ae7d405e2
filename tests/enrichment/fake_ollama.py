"""A local HTTP server speaking Ollama's API (/api/chat, /api/generate, /api/tags, ...) for the real `ollama` client.

A test chooses the behaviour: the served model name, the replies (fixed texts or a function of the request),
a delay (to provoke client timeouts) and a forced HTTP error. Every request body is recorded.
Use `running_fake_ollama()` as a context manager, or the `fake_ollama` fixture of tests/enrichment/conftest.py.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

Reply = str | Callable[[dict[str, Any]], str]


@dataclass
class FakeOllama:
    """The behaviour and the record of one fake server; change the fields at any time during a test."""

    model: str = "deepseek-r1:1.5b"
    replies: list[Reply] = field(default_factory=lambda: ["All good."])
    delay_s: float = 0.0
    error_status: int | None = None
    requests: list[dict[str, Any]] = field(default_factory=list)
    url: str = ""

    def next_reply(self, request: dict[str, Any]) -> str:
        """The next reply in order; the last one repeats."""
        reply = self.replies.pop(0) if len(self.replies) > 1 else self.replies[0]
        return reply(request) if callable(reply) else reply

    @property
    def chat_requests(self) -> list[dict[str, Any]]:
        """The bodies of the /api/chat calls received so far."""
        return [item["body"] for item in self.requests if item["path"] == "/api/chat"]


def _now() -> str:
    return datetime.now(UTC).isoformat()


def _handler(fake: FakeOllama) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            """Quiet: pytest shows failures, not access logs."""

        def _json(self, payload: dict[str, Any], status: int = 200) -> None:
            body = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self) -> None:
            fake.requests.append({"path": self.path, "body": None})
            if self.path == "/":
                body = b"Ollama is running"
                self.send_response(200)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            elif self.path == "/api/version":
                self._json({"version": "0.0.0-fake"})
            elif self.path == "/api/tags":
                details = {"format": "gguf", "family": "qwen2", "parameter_size": "1.8B", "quantization_level": "Q4"}
                model = {"model": fake.model, "name": fake.model, "modified_at": _now(), "size": 1, "digest": "fake"}
                self._json({"models": [{**model, "details": details}]})
            else:
                self._json({"error": "not found"}, 404)

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", 0))
            request = json.loads(self.rfile.read(length) or b"{}")
            fake.requests.append({"path": self.path, "body": request})
            if self.path == "/api/show":
                if request.get("model") != fake.model:
                    return self._json({"error": f"model '{request.get('model')}' not found"}, 404)
                return self._json({"modelfile": "", "parameters": "", "template": "", "details": {}, "model_info": {}})
            if self.path not in ("/api/chat", "/api/generate"):
                return self._json({"error": "not found"}, 404)
            if fake.delay_s:
                time.sleep(fake.delay_s)
            if fake.error_status is not None:
                return self._json({"error": "forced failure"}, fake.error_status)
            if request.get("model") != fake.model:
                message = f"model '{request.get('model')}' not found, try pulling it first"
                return self._json({"error": message}, 404)
            self._answer(request, fake.next_reply(request))

        def _answer(self, request: dict[str, Any], text: str) -> None:
            chat = self.path == "/api/chat"
            base = {"model": fake.model, "created_at": _now()}

            def content(piece: str) -> dict[str, Any]:
                return {"message": {"role": "assistant", "content": piece}} if chat else {"response": piece}

            final = {**base, "done": True, "done_reason": "stop", "total_duration": 1, "eval_count": len(text.split())}
            if not request.get("stream", True):
                return self._json({**final, **content(text)})
            self.send_response(200)
            self.send_header("Content-Type", "application/x-ndjson")
            self.end_headers()
            for word in text.split(" "):
                self.wfile.write((json.dumps({**base, "done": False, **content(word + " ")}) + "\n").encode())
            self.wfile.write((json.dumps({**final, **content("")}) + "\n").encode())

    return Handler


@contextmanager
def running_fake_ollama(model: str = "deepseek-r1:1.5b", replies: list[Reply] | None = None) -> Iterator[FakeOllama]:
    """Serve a FakeOllama on 127.0.0.1 at a free port for the duration of the block; `.url` is its host URL."""
    fake = FakeOllama(model=model, replies=replies or ["All good."])
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(fake))
    server.daemon_threads = True
    fake.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, name="fake-ollama", daemon=True)
    thread.start()
    try:
        yield fake
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def refused_url() -> str:
    """A URL on 127.0.0.1 where nothing listens: connecting is refused at once."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}"
