# Set-up is two commands: `make demo` and `make test`. Each creates .venv from pyproject.toml
# when it is missing or older than pyproject.toml, then does its job.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SCAN_VENV := .venv-scan
OUT := hastack.out

.PHONY: demo test lint typecheck bench scan clean diagram

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	$(BIN)/python -m compileall -q hastack blueprints
	@touch $(STAMP)

# The main job end to end, no account and no network: write the templates, lint them, price
# them, then deploy to the in-process emulator (which prints the outputs before it stops).
demo: $(STAMP)
	$(BIN)/hastack synth examples/webapp.py -o $(OUT)/webapp
	$(BIN)/hastack validate examples/webapp.py
	$(BIN)/hastack cost examples/webapp.py --usage examples/usage.yaml
	$(BIN)/hastack deploy examples/webapp.py --local --yes
	$(BIN)/hastack report examples/webapp.py --usage examples/usage.yaml -o $(OUT)/webapp/report.html

# The README's picture of the web-app example (a test keeps it current).
diagram: $(STAMP)
	$(BIN)/hastack diagram examples/webapp.py -o docs/img/webapp-diagram.svg
	$(BIN)/hastack diagram examples/webapp.py -o docs/img/webapp-diagram.png

test: $(STAMP)
	$(BIN)/python -m pytest -n 2 -p no:cacheprovider

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# mypy against .ci/mypy-baseline.txt: a new error fails, the baseline only shrinks.
typecheck: $(STAMP)
	$(BIN)/python .ci/typecheck.py

bench: $(STAMP)
	@for script in benchmarks/bench_*.py; do echo "== $$script"; $(BIN)/python $$script || exit 1; done

# External cross-check: checkov (own venv: it pins an old boto3) over every example's templates.
SCAN_OUT := $(OUT)/scan
SCAN_STAMP := $(SCAN_VENV)/.installed
$(SCAN_STAMP): scan/requirements.txt
	@test -x $(SCAN_VENV)/bin/python || $(PYTHON) -m venv $(SCAN_VENV)
	$(SCAN_VENV)/bin/python -m pip install -q -r scan/requirements.txt
	@touch $(SCAN_STAMP)

scan: $(STAMP) $(SCAN_STAMP)
	rm -rf $(SCAN_OUT)
	for app in examples/*.py; do \
		$(BIN)/hastack synth $$app -o $(SCAN_OUT)/$$(basename $$app .py) >/dev/null || exit 1; \
	done
	$(SCAN_VENV)/bin/checkov --skip-download --quiet --compact --framework cloudformation \
		--skip-check $$(awk '!/^#/ && NF {print $$1}' scan/skip-checks.txt | paste -sd, -) \
		-d $(SCAN_OUT)

clean:
	rm -rf $(VENV) $(SCAN_VENV) $(OUT) .pytest_cache .ruff_cache .mypy_cache build *.egg-info
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
