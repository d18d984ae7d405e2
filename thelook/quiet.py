"""Turn off the telemetry of dbt, Prefect and Streamlit before any of them is imported."""

import os

# Users expect analytics tooling to stay quiet, and these machines have no network to send to anyway.
TELEMETRY_OFF = {
    "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
    "DO_NOT_TRACK": "1",
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false",
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "TOKENIZERS_PARALLELISM": "false",
}


def silence_telemetry() -> None:
    """Set every telemetry switch off unless the user chose otherwise."""
    for name, value in TELEMETRY_OFF.items():
        os.environ.setdefault(name, value)
