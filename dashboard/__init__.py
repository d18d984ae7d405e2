"""The Streamlit dashboard."""

import thelook  # noqa: F401  (environment defaults before Streamlit is imported)
