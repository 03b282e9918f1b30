# cslearn: two commands get you going.
#   make lab    set everything up and open the course in JupyterLab
#   make test   set everything up and run ruff and every test
# Also: make exercises (regenerate exercises/ from solutions/), make build (run every notebook
# headless into build/, with a browser screenshot of each chapter), make app (the explorers on one
# page, served by Voila for a projector), make bench (timings), make clean.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.cslearn-installed
PYTEST_WORKERS ?= 2
APP_PORT ?= 8866
# one BLAS thread per process: the test workers already use both cores, and threaded BLAS
# contending with them makes small model fits tens of times slower
export OPENBLAS_NUM_THREADS ?= 1
export OMP_NUM_THREADS ?= 1

.PHONY: setup lab test exercises build app bench kernel clean

setup: $(STAMP)

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "cslearn needs Python 3.11 or newer; run: make PYTHON=python3.11 ...")'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	@touch $(STAMP)

kernel: $(STAMP)
	$(BIN)/python -m ipykernel install --user --name cslearn --display-name "Python 3 (cslearn)" >/dev/null
	@echo "Jupyter kernel 'Python 3 (cslearn)' registered."

lab: kernel
	$(BIN)/jupyter lab $(if $(filter 0,$(shell id -u)),--allow-root) notebooks/00_start_here.ipynb

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS) --dist loadfile -rs -m "not browser" \
		--nbval-lax --nbval-current-env tests notebooks solutions exercises
	@# the real browser on its own: its connections would compete for the ports kernels start on
	$(BIN)/python -m pytest -rs -m browser tests

exercises: $(STAMP)
	$(BIN)/python -m cslearn.exercises.generate

build: $(STAMP)
	$(BIN)/python -m cslearn.build

# the chapters' explorers without code, on this machine only; open http://127.0.0.1:$(APP_PORT)
# (add ?lang=ja for Japanese figures)
app: $(STAMP)
	$(BIN)/voila notebooks/app.ipynb --port=$(APP_PORT) --Voila.ip=127.0.0.1 --theme=light

bench: $(STAMP)
	$(BIN)/python -m pytest -p no:xdist --benchmark-only --benchmark-enable \
		--benchmark-columns=min,mean,median,max,rounds $(wildcard tests/bench_*.py)

clean:
	rm -rf build .pytest_cache
