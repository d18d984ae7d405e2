# The pipeline image: `thelook serve` (daily Prefect deployment), `thelook dashboard`, `thelook docs`.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    DO_NOT_TRACK=1 \
    DBT_SEND_ANONYMOUS_USAGE_STATS=false \
    STREAMLIT_BROWSER_GATHER_USAGE_STATS=false \
    HF_HUB_OFFLINE=1

WORKDIR /app
RUN pip install --no-cache-dir "uv==0.13.9"
COPY requirements.lock pyproject.toml README.md ./
# requirements.lock pins torch's CPU build (+cpu), published on PyTorch's CPU index.
RUN uv pip install --system --no-cache --index-strategy unsafe-best-match \
        --extra-index-url https://download.pytorch.org/whl/cpu -r requirements.lock
COPY . .
RUN uv pip install --system --no-cache --no-deps -e .

USER nobody
ENTRYPOINT ["thelook"]
CMD ["serve"]
