# Two commands do everything on a fresh machine with Python >= 3.11:
#   make run   - install into .venv and run the main job on the default workbook
#   make test  - install into .venv and run lint, type checks and the whole test suite
#   make test-fast - the tests that neither solve nor start a process (the edit loop, < 1 min)
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
WORKBOOK ?= inputs/digital_pact_2019_2030.xlsx
STAMP := $(VENV)/.installed

.PHONY: install run review test test-fast test-solve test-deps test-deps-min test-deps-latest pytest lint typecheck format workbook clean bench bench-parts bench-cli bench-uncertainty bench-robust bench-far-cell bench-sweep mutation fuzz summary-png schemas

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/pactopt solve --brief $(WORKBOOK)

# The mid-term review of the reference pact: 2019-2025 locked to (illustrative) actuals.
review: $(STAMP)
	$(BIN)/pactopt solve inputs/digital_pact_midterm_2025.xlsx

test: lint typecheck pytest

# -n auto: one pytest worker per core (pytest-xdist); --dist loadfile keeps a file's tests,
# and the workbooks its fixtures make, on one worker
pytest: $(STAMP)
	$(BIN)/pytest -n auto --dist loadfile --durations=15

# The speed tiers (tests/tiers.py): fast neither solves nor starts a process; solve runs HiGHS
# in the test's process; slow is the rest (CLI processes, pools, Dask, benchmarks, fuzzing).
test-fast: $(STAMP)
	$(BIN)/pytest -m fast -q -n auto

test-solve: $(STAMP)
	$(BIN)/pytest -m solve -q

lint: $(STAMP)
	$(BIN)/ruff check src tests models benchmarks tools
	$(BIN)/ruff format --check src tests models benchmarks tools

typecheck: $(STAMP)
	$(BIN)/mypy

# The quick tests on the runtime dependencies at their declared floors (pyproject.toml, pinned
# ==floor by tools/dependency_pins.py: pip cannot resolve to the lowest versions) and at their
# latest releases with the upper caps ignored, each in a fresh venv under .venv-deps/, so that
# a floor stays true and a cap is lifted on evidence. The quick tests are `pytest -m fast`
# once the suite registers that marker, tests/unit and tests/model until then. On the latest
# releases the fast paths are also compared with their public fallbacks with
# PACTOPT_UNTESTED_FAST_PATHS=1: a pass there is the evidence for widening the releases
# they are tested on (TESTED in xlsx/fast_rows.py and model/pyomo_fast.py).
DEPS_VENVS := .venv-deps
FENCE_TESTS := tests/unit/test_sheet_rows.py tests/model/test_pyomo_fast.py \
	tests/integration/test_fallbacks.py
test-deps: test-deps-min test-deps-latest

test-deps-min test-deps-latest: test-deps-%:
	rm -rf $(DEPS_VENVS)/$*
	$(PYTHON) -m venv $(DEPS_VENVS)/$*
	$(DEPS_VENVS)/$*/bin/python -m pip install --quiet --upgrade pip
	$(PYTHON) tools/dependency_pins.py $* > $(DEPS_VENVS)/$*/requirements.txt
	$(DEPS_VENVS)/$*/bin/python -m pip install --quiet -r $(DEPS_VENVS)/$*/requirements.txt
	$(DEPS_VENVS)/$*/bin/python -m pip install --quiet --no-deps -e .
	@$(DEPS_VENVS)/$*/bin/python tools/dependency_pins.py --installed
	@if $(DEPS_VENVS)/$*/bin/pytest --markers | grep -q '^@pytest.mark.fast:'; then \
		echo "$(DEPS_VENVS)/$*/bin/pytest -q -m fast"; \
		$(DEPS_VENVS)/$*/bin/pytest -q -m fast; \
	else \
		echo "$(DEPS_VENVS)/$*/bin/pytest -q tests/unit tests/model"; \
		$(DEPS_VENVS)/$*/bin/pytest -q tests/unit tests/model; \
	fi
	@if [ "$*" = latest ]; then \
		echo "PACTOPT_UNTESTED_FAST_PATHS=1 $(DEPS_VENVS)/$*/bin/pytest -q $(FENCE_TESTS)"; \
		PACTOPT_UNTESTED_FAST_PATHS=1 $(DEPS_VENVS)/$*/bin/pytest -q $(FENCE_TESTS); \
	fi

format: $(STAMP)
	$(BIN)/ruff format src tests models benchmarks
	$(BIN)/ruff check --fix src tests models benchmarks

# Regenerate the committed reference workbooks (the pact, its mid-term review) from their YAML.
workbook: $(STAMP)
	$(BIN)/pactopt template --force --example digital-pact inputs/digital_pact_2019_2030.xlsx
	$(BIN)/pactopt template --force --example digital-pact-midterm inputs/digital_pact_midterm_2025.xlsx

# The JSON Schema of every command's --json output (schemas/), from report/json_models.py.
schemas: $(STAMP)
	$(BIN)/python tools/write_schemas.py

# The README's picture of the results' Summary page, printed the way the tests print it:
# LibreOffice to PDF, poppler's pdftoppm to PNG at 60 dpi (needs soffice and pdftoppm).
PRINT := outputs/print
summary-png: $(STAMP)
	mkdir -p $(PRINT) docs
	$(BIN)/pactopt solve $(WORKBOOK) -o $(PRINT)/results.xlsx > /dev/null
	soffice --headless -env:UserInstallation=file://$(CURDIR)/$(PRINT)/lo-profile \
		--convert-to pdf --outdir $(PRINT) $(PRINT)/results.xlsx > /dev/null
	pdftoppm -r 60 -png -f 1 -l 1 -singlefile $(PRINT)/results.pdf docs/summary-page

clean:
	rm -rf $(VENV) $(DEPS_VENVS) .pytest_cache .mypy_cache .ruff_cache

# Uncertainty benchmark on the reference workbook (see benchmarks/README.md).
bench-uncertainty: $(STAMP)
	$(BIN)/python benchmarks/bench_uncertainty.py --draws 160

# Sweep engines on the 1e5 model: process pool and Dask LocalCluster against HiGHS alone.
bench-sweep: $(STAMP)
	$(BIN)/python benchmarks/bench_sweep.py --size 30x58 --draws 8 --workers 2

# Start-up benchmark: /usr/bin/time-style wall, CPU and max RSS of --help, validate and solve
# (with and without the near-optimal ranges), median of five.
bench-cli: $(STAMP)
	$(BIN)/python benchmarks/bench_cli.py --repeat 5

# Robust solve against the central solve at N = 200 draws (see benchmarks/README.md).
bench-robust: $(STAMP)
	$(BIN)/python benchmarks/bench_robust.py --draws 200 --repeat 3

# Every figure of issue 16 in one table: read, build, compile, solve, write, the pipeline and
# (build + solve) against HiGHS alone, the linopy peer, peak memory, the frontier re-solve
# (see benchmarks/README.md). BENCH_SIZES=30x1,30x6,30x58 leaves out the 1e6 model.
BENCH_SIZES ?= 30x1,30x6,30x58,30x581
bench: $(STAMP)
	$(BIN)/python benchmarks/bench_all.py --sizes $(BENCH_SIZES) --lp-method ipm --repeat 3 --points 7

# The scripts bench_all.py draws on, each with its own table, and the compile paths compared.
bench-parts: $(STAMP)
	$(BIN)/python benchmarks/bench_scale.py --sizes $(BENCH_SIZES) --lp-method ipm
	$(BIN)/python benchmarks/bench_linopy.py --sizes 30x1,30x6,30x58 --lp-method ipm
	$(BIN)/python benchmarks/bench_resolve.py --size 30x6 --points 7
	$(BIN)/python benchmarks/bench_compile.py --sizes 30x6,30x58

# validate of a workbook with one value at XFD1048576 (see benchmarks/README.md).
bench-far-cell: $(STAMP)
	$(BIN)/python benchmarks/bench_far_cell.py --repeat 3

# The workbook fuzzer with many more mutants than `make test` runs (200); every 4th mutant, when
# valid, is solved too (tests/fuzz/test_fuzz.py). FUZZ_MUTANTS and FUZZ_SEED: how many, which.
FUZZ_MUTANTS ?= 2000
FUZZ_SEED ?= 14
fuzz: $(STAMP)
	PACTOPT_FUZZ_MUTANTS=$(FUZZ_MUTANTS) PACTOPT_FUZZ_SEED=$(FUZZ_SEED) PACTOPT_FUZZ_SOLVE_EVERY=4 \
		$(BIN)/pytest -q tests/fuzz/test_fuzz.py

# Mutation testing per area (tools/mutate.py; report in outputs/mutation-report.md). Takes long,
# hours for every area, and is not part of `make test`. Try a sample first with
# `$(BIN)/python tools/mutate.py --area rules --max-mutants 20`.
mutation: $(STAMP)
	$(BIN)/python tools/mutate.py
