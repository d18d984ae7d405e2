"""The language model behind a small interface: one chat call through the official `ollama` client."""

from __future__ import annotations

from collections.abc import Sequence

import httpx
import ollama

from thelook.settings import Settings

# Low temperature and a fixed seed: a summary of the same numbers should read the same on a rerun.
GENERATION_OPTIONS = {"temperature": 0.2, "seed": 7, "num_predict": 1024}


class ModelUnavailable(RuntimeError):
    """The model cannot answer; `reason` is recorded beside the fallback text."""

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(f"{reason}: {detail}")
        self.reason = reason
        self.detail = detail


def chat(messages: Sequence[dict[str, str]], settings: Settings) -> str:
    """The model's raw reply (think block included) to a chat conversation."""
    try:
        with ollama.Client(host=settings.ollama_host, timeout=settings.ollama_timeout_s) as client:
            response = client.chat(model=settings.ollama_model, messages=list(messages), options=GENERATION_OPTIONS)
    except ConnectionError as error:
        raise ModelUnavailable("ollama_unreachable", f"no Ollama server at {settings.ollama_host}") from error
    except httpx.TimeoutException as error:
        raise ModelUnavailable("ollama_timeout", f"no answer within {settings.ollama_timeout_s:g} s") from error
    except ollama.ResponseError as error:
        if error.status_code == 404:
            raise ModelUnavailable("model_missing", f"model {settings.ollama_model!r} not found") from error
        raise ModelUnavailable("ollama_error", f"{error.error} (HTTP {error.status_code})") from error
    except httpx.HTTPError as error:
        raise ModelUnavailable("ollama_error", str(error) or type(error).__name__) from error
    return response.message.content or ""
