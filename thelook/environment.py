"""Process environment defaults, applied before dbt, Prefect, Streamlit or transformers are imported."""

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent

# Users expect analytics tooling to stay quiet, and the pipeline must run offline: telemetry off, no model hub.
TELEMETRY_OFF = {
    "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
    "DO_NOT_TRACK": "1",
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false",
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "TOKENIZERS_PARALLELISM": "false",
}

PREFECT_DEFAULTS = {
    # A fresh state folder can take 20-35 s to start on these machines; the default 20 s is too tight.
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "120",
}


def apply_defaults() -> None:
    """Set each default unless the user chose a value."""
    for name, value in {**TELEMETRY_OFF, **PREFECT_DEFAULTS}.items():
        os.environ.setdefault(name, value)
    # Prefect's state (its API database) stays in the git-ignored data folder, beside the embedded warehouse.
    data_dir = Path(os.environ.get("THELOOK_DATA_DIR", REPO_ROOT / ".thelook"))
    os.environ.setdefault("PREFECT_HOME", str(data_dir / "prefect"))
    ensure_prefect_home()  # whoever imports Prefect next finds it


def ensure_prefect_home() -> None:
    """Create PREFECT_HOME: Prefect's SQLite cannot create its database in a folder that does not exist."""
    Path(os.environ["PREFECT_HOME"]).expanduser().mkdir(parents=True, exist_ok=True)
