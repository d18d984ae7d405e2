"""The metric definitions are written once per docs block and repeated verbatim on the docs site's front page."""

import re
from pathlib import Path

DEFINITIONS = Path(__file__).resolve().parents[2] / "dbt_project" / "models" / "_metric_definitions.md"


def test_overview_repeats_every_definition_verbatim() -> None:
    text = DEFINITIONS.read_text()
    blocks = dict(re.findall(r"{% docs (def_\w+) %}\n(.*?)\n{% enddocs %}", text, re.S))
    overview = text.split("{% docs __overview__ %}")[1].split("{% enddocs %}")[0]
    assert len(blocks) >= 20
    for name, body in blocks.items():
        assert " ".join(body.split()) in " ".join(overview.split()), f"{name} differs from the overview"


def test_definitions_answer_the_open_questions() -> None:
    text = DEFINITIONS.read_text()
    for needle in ("Cancelled", "`delivered_at`", "anonymous", "as_of_date", "Complete"):
        assert needle in text
