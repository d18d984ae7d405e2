# Two entry points on a fresh machine: `make run` (install + whole pipeline) and `make test` (install + all checks).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
UV_VERSION := 0.13.9
# Folder holding the CPU build of torch pinned in requirements.lock (it lies on disk on our machines).
# Elsewhere: make TORCH_FIND_LINKS=https://download.pytorch.org/whl/cpu/torch/
TORCH_FIND_LINKS ?= /opt/wheels

.PHONY: install run test lint typecheck sqllint pytest lock clean

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet "uv==$(UV_VERSION)"
	$(BIN)/uv pip install --python $(BIN)/python --find-links $(TORCH_FIND_LINKS) -r requirements.lock
	$(BIN)/uv pip install --python $(BIN)/python --no-deps -e .
	touch $@

run: install
	$(BIN)/thelook run

test: install lint typecheck sqllint pytest

lint:
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck:
	$(BIN)/mypy

sqllint:
	$(BIN)/sqlfluff lint dbt_project --disable-progress-bar

pytest:
	$(BIN)/pytest

# Re-resolve the one lockfile after changing dependencies in pyproject.toml.
lock:
	$(BIN)/uv pip compile pyproject.toml --extra dev --extra bench --find-links $(TORCH_FIND_LINKS) -o requirements.lock

clean:
	rm -rf $(VENV) .thelook dbt_project/target dbt_project/logs
