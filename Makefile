# cslearn: two commands get you going.
#   make lab    set everything up and open the course in JupyterLab
#   make test   set everything up and run ruff and every test
# The Japanese edition (notebooks/ja, exercises/ja, solutions/ja): make lab LANG=ja (a Japanese system
# locale such as ja_JP.UTF-8 opens it too; EDITION=en forces English).
# Also: make exercises (regenerate exercises/ from solutions/), make translations (regenerate the
# Japanese edition from the English notebooks and their catalogues), make build (run every notebook
# headless into build/, with a browser screenshot of each chapter), make app (the explorers on one
# page, served by Voila for a projector), make bench (timings), make clean,
# make hub (the course on a JupyterHub on this machine, for a try-out), make test-hub (a simulated
# class on that hub, with the sizing measurements; make test runs it).

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.cslearn-installed
PYTEST_WORKERS ?= 2
APP_PORT ?= 8866
HUB_PORT ?= 8000
# configurable-http-proxy (npm) lives beside the venv: deploy/hub.py finds it there
CHP    := $(VENV)/chp/node_modules/.bin/configurable-http-proxy
# one BLAS thread per process: the test workers already use both cores, and threaded BLAS
# contending with them makes small model fits tens of times slower
export OPENBLAS_NUM_THREADS ?= 1
export OMP_NUM_THREADS ?= 1
# Python's caches are written (some machines turn them off): every pytest process otherwise rewrites
# the assertions of every test module again, about 5 s of CPU each, and every kernel compiles cslearn
unexport PYTHONDONTWRITEBYTECODE

# make test and make build start about ninety kernels: each is forked from a process that has already
# imported numpy, scipy, matplotlib and ipykernel (cslearn/tools/kernels.py), about 1 s of CPU less a
# kernel; JUPYTER_DEFAULT_PROVISIONER_NAME=local-provisioner starts them the ordinary way (make bench
# times make build's way of running the course, so it starts them as make build does)
test build bench: export JUPYTER_DEFAULT_PROVISIONER_NAME ?= cslearn-warm

# the edition make lab opens; LANG=ja alone is no locale, so Jupyter gets C.UTF-8 in its place
EDITION ?= $(if $(filter ja ja_% ja.%,$(LANG)),ja,en)
LAB_LANG := $(if $(filter ja en,$(LANG)),C.UTF-8,$(LANG))
START  := notebooks/$(if $(filter ja,$(EDITION)),ja/,)00_start_here.ipynb

.PHONY: setup lab test exercises translations build app bench kernel clean hub hub-setup test-hub

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
	env LANG=$(LAB_LANG) $(BIN)/jupyter lab $(if $(filter 0,$(shell id -u)),--allow-root) $(START)

test: $(STAMP)
	@mkdir -p build && date +%s > build/.make-test-started
	$(BIN)/ruff check .
	@# each notebook runs once: its test (tests/test_chNN_notebook.py, test_packaging.py, or for
	@# solutions/ and exercises/ test_exercises.py) executes it, and the others read that execution.
	@# The real browser runs beside the suite, since it mostly waits on pages; its report follows
	@# the suite's (build/browser-tests.log keeps it). Each chapter the browser runs clean is lent to
	@# the suite (build/browser-executions), which reads it instead of running the chapter again
	@rm -rf build/browser-executions
	@export CSLEARN_BROWSER_EXECUTIONS=$(CURDIR)/build/browser-executions; \
	$(BIN)/python -m pytest -rs -m browser -p no:cacheprovider tests/test_browser.py > build/browser-tests.log 2>&1 & \
	browser=$$!; \
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS) --dist loadfile -rs -m "not browser and not hub" tests; \
	suite=$$?; wait $$browser; status=$$?; \
	echo "== the browser tests (tests/test_browser.py), run beside the suite =="; cat build/browser-tests.log; \
	test $$suite -eq 0 && test $$status -eq 0
	@# how long the above took, for make bench to print against issue 16's 3 minutes (the hub aside)
	@echo "$$(( $$(date +%s) - $$(cat build/.make-test-started) )) $$(git rev-parse --short HEAD 2>/dev/null)" \
		> build/make-test-seconds.txt
	@# a class of students on a JupyterHub on loopback, on its own for the same reason
	$(MAKE) test-hub

exercises: $(STAMP)
	$(BIN)/python -m cslearn.tools.generate
	$(BIN)/python -m cslearn.tools.translate

translations: $(STAMP)
	$(BIN)/python -m cslearn.tools.translate

build: $(STAMP)
	$(BIN)/python -m cslearn.tools.build

# the chapters' explorers without code, on this machine only; open http://127.0.0.1:$(APP_PORT)
# (make app LANG=ja serves the Japanese edition's)
app: $(STAMP)
	$(BIN)/cslearn app --port $(APP_PORT) --lang $(EDITION)

bench: $(STAMP)
	$(BIN)/python -m pytest -p no:xdist --benchmark-only --benchmark-enable \
		--benchmark-columns=min,mean,median,max,rounds $(wildcard tests/bench_*.py)

$(CHP):
	@command -v npm >/dev/null || { echo "npm is missing: install Node.js and npm (apt-get install nodejs npm)"; exit 1; }
	npm install --silent --no-fund --no-audit --prefix $(VENV)/chp configurable-http-proxy
	@test -x $(CHP)

# JupyterHub and nbgitpuller come with the course's dev extra (or pip install -e ".[hub]")
hub-setup: $(STAMP) $(CHP)

# the course on a JupyterHub on this machine only: http://127.0.0.1:$(HUB_PORT), any user name
hub: hub-setup
	$(BIN)/python deploy/hub.py up --port $(HUB_PORT)

# a simulated class on that hub (students log in, pull, run a chapter, move a slider, get an update)
test-hub: hub-setup
	$(BIN)/python -m pytest -p no:xdist -rs -m hub tests/test_hub.py

clean:
	rm -rf build .pytest_cache
