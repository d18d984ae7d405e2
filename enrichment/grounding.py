"""Checks on the model's text: strip its <think> block, and make sure every number it writes is in the input."""

from __future__ import annotations

import re
from dataclasses import dataclass

_THINK_BLOCK = re.compile(r"<think>.*?</think>", re.DOTALL | re.IGNORECASE)
# A number: 1,234.56 or 1234.56 or 7, optionally followed by a scale word ("12.3k", "1.2 million").
_NUMBER = re.compile(
    r"(?<![\w.])(?P<digits>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"(?:\s?(?P<scale>k|K|thousand|m|M|million|bn|billion)\b)?"
)
_SCALES = {"k": 1e3, "thousand": 1e3, "m": 1e6, "million": 1e6, "bn": 1e9, "billion": 1e9}


def strip_think(text: str) -> str:
    """The answer without the reasoning that models such as deepseek-r1 wrap in <think>...</think>."""
    text = _THINK_BLOCK.sub("", text)
    # Some chat templates open the block themselves, so only the closing tag reaches us.
    if "</think>" in text.lower():
        text = re.split(r"</think>", text, flags=re.IGNORECASE)[-1]
    # An opening tag that never closes: generation stopped while thinking, there is no answer.
    if "<think>" in text.lower():
        text = re.split(r"<think>", text, flags=re.IGNORECASE)[0]
    return text.strip()


@dataclass(frozen=True)
class Number:
    """A number found in a text, with the precision it was written to."""

    raw: str
    value: float
    tolerance: float


def extract_numbers(text: str) -> list[Number]:
    """Every number in the text. Signs are ignored: "-3.7%" and "down 3.7%" state the same figure."""
    numbers = []
    for match in _NUMBER.finditer(text):
        digits = match.group("digits")
        scale = _SCALES.get((match.group("scale") or "").lower(), 1.0)
        decimals = len(digits.split(".")[1]) if "." in digits else 0
        value = float(digits.replace(",", "")) * scale
        # Written to d decimals, a figure may be rounded or truncated: anything closer than one unit of d matches.
        numbers.append(Number(match.group(0), value, 10.0**-decimals * scale))
    return numbers


@dataclass(frozen=True)
class GroundingResult:
    """Whether every number of a text is found in the source, and which ones are not."""

    unmatched: list[str]

    @property
    def ok(self) -> bool:
        return not self.unmatched


def check_grounding(text: str, source: str) -> GroundingResult:
    """Every number in `text` must match a number in `source` within the precision `text` wrote it to."""
    allowed = [number.value for number in extract_numbers(source)]
    unmatched = []
    for number in extract_numbers(text):
        if not any(abs(number.value - value) < number.tolerance + 1e-9 for value in allowed):
            unmatched.append(number.raw)
    return GroundingResult(unmatched)
