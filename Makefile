# Two commands for everyone:
#   make lab    build .venv if needed, then start JupyterLab (scripts/lab.py)
#   make test   build .venv if needed, then run unit tests + every notebook (nbval, strict)
# Maintainers:
#   make lock   rebuild requirements.lock from requirements.in in a throwaway venv
#   make clean  remove .venv and caches
#
# Extra arguments: make test PYTEST_ARGS='-k environment -x'
#                  make lab LAB_ARGS='--port 8899 --no-browser'

SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
VPY := $(VENV)/bin/python
PIP_FLAGS := --disable-pip-version-check --no-input --root-user-action=ignore
PYTEST_ARGS ?=
LAB_ARGS ?=

.PHONY: lab test lock clean notebooks bench student-edition handout

# Rebuilt only when the lock or pyproject.toml is newer than the stamp.
$(VENV)/.stamp: requirements.lock pyproject.toml
	test -x $(VPY) || $(PYTHON) -m venv $(VENV)
	$(VPY) -m pip install $(PIP_FLAGS) -r requirements.lock
	$(VPY) -m pip install $(PIP_FLAGS) --no-deps -e .
	touch $@

lab: $(VENV)/.stamp
	$(VPY) scripts/lab.py $(LAB_ARGS)

# HOME and every Jupyter/IPython/Matplotlib dir point into a fresh temporary
# folder, so no personal configuration can change what the notebooks print.
test: $(VENV)/.stamp
	@tmp="$$(mktemp -d)"; trap 'rm -rf "$$tmp"' EXIT; \
	mkdir -p "$$tmp/home" "$$tmp/jupyter/config" "$$tmp/jupyter/data" \
	         "$$tmp/jupyter/runtime" "$$tmp/ipython" "$$tmp/matplotlib"; \
	HOME="$$tmp/home" \
	JUPYTER_CONFIG_DIR="$$tmp/jupyter/config" \
	JUPYTER_DATA_DIR="$$tmp/jupyter/data" \
	JUPYTER_RUNTIME_DIR="$$tmp/jupyter/runtime" \
	IPYTHONDIR="$$tmp/ipython" \
	MPLCONFIGDIR="$$tmp/matplotlib" \
	$(VPY) -m pytest $(PYTEST_ARGS)

# Full pip freeze of a fresh venv holding requirements.in and requirements-dev.in (+ deps).
# After changing a pin, update environment.yml to match (make test checks it).
lock:
	@tmp="$$(mktemp -d)"; trap 'rm -rf "$$tmp"' EXIT; \
	set -e; \
	$(PYTHON) -m venv "$$tmp/venv"; \
	"$$tmp/venv/bin/python" -m pip install $(PIP_FLAGS) -r requirements.in -r requirements-dev.in; \
	"$$tmp/venv/bin/python" -m pip freeze --disable-pip-version-check > "$$tmp/requirements.lock"; \
	mv "$$tmp/requirements.lock" requirements.lock; \
	echo "requirements.lock rewritten: $$(wc -l < requirements.lock) packages"

clean:
	rm -rf $(VENV) .pytest_cache *.egg-info build
	find . -name __pycache__ -type d -prune -not -path './.git/*' -exec rm -rf {} +

# Re-execute every notebook in place (fresh kernel each, isolated HOME); commit the result.
notebooks: $(VENV)/.stamp
	$(VPY) scripts/run_notebooks.py

# Benchmarks (not part of `make test`): prints a Markdown table; see scripts/bench.py.
bench: $(VENV)/.stamp
	$(VPY) scripts/bench.py $(BENCH_ARGS)

# The student edition (notebooks without the historian's-reading answers) and the printable
# handout; both are committed, and `make test` fails when either is out of date.
student-edition: $(VENV)/.stamp
	$(VPY) scripts/student_edition.py

handout: $(VENV)/.stamp
	$(VPY) scripts/handout.py
