# Every target does its own set-up: a fresh machine needs only Python 3.11+ and make.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
DIST_STAMP := $(VENV)/.installed-dist
DEMO_VAULT ?= demo-vault
N ?= 1000000


.PHONY: run test bench lint fmt clean translations dist dist-test

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

# The build tools (PyInstaller, the `dist` extra) on top of the dev set-up.
$(DIST_STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e '.[dev,dist]'
	touch $(DIST_STAMP) $(STAMP)

# A real window needs X11/xcb libraries that a minimal system lacks: installed as root,
# otherwise the exact command is printed and make stops before launching.
run: $(STAMP)
	bash tools/qt_system_libs.sh --window
	$(PY) -m ui.main --demo --vault $(DEMO_VAULT)

test: $(STAMP)
	bash tools/qt_system_libs.sh
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest

bench: $(STAMP)
	$(PY) bench/bench_core.py --customers $(N)
	QT_QPA_PLATFORM=offscreen $(PY) bench/bench_ui.py --customers $(N)
	QT_QPA_PLATFORM=offscreen $(PY) bench/bench_export.py --customers $(N)
	QT_QPA_PLATFORM=offscreen $(PY) bench/bench_card.py --customers $(N)
	QT_QPA_PLATFORM=offscreen $(PY) bench/bench_backup.py --customers $(N)
	QT_QPA_PLATFORM=offscreen $(PY) bench/bench_import.py --customers $(N) --rows 100000 --rows 1000000 --gui
	if [ -x dist/custos/custos ]; then $(PY) bench/bench_startup.py --customers $(N); else echo "bench_startup: no frozen build (make dist)"; fi
	$(PY) bench/bench_requests.py --customers $(N)
	$(PY) bench/bench_alerts.py --customers $(N)
	$(PY) bench/bench_fieldpack.py --customers $(N)
	$(PY) bench/bench_policy.py --customers $(N)
	$(PY) bench/bench_report.py --customers $(N)
	$(PY) bench/bench_field_fill.py

lint: $(STAMP)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

fmt: $(STAMP)
	$(PY) -m ruff format .
	$(PY) -m ruff check --fix .

# Refresh the .ts sources from every tr() in ui/, then compile the .qm catalogues.
translations: $(STAMP)
	$(VENV)/bin/pyside6-lupdate ui/*.py -ts resources/translations/custos_zh_CN.ts -no-obsolete
	$(VENV)/bin/pyside6-lrelease resources/translations/custos_zh_CN.ts -qm resources/translations/custos_zh_CN.qm

# The frozen one-folder build (dist/custos), the wheel, and on Debian/Ubuntu the .deb; then sizes.
dist: $(DIST_STAMP)
	bash tools/qt_system_libs.sh
	rm -rf dist/custos build/pyinstaller dist/custos-*.whl dist/custos_*.deb
	$(PY) -m PyInstaller --noconfirm --log-level ERROR --distpath dist --workpath build/pyinstaller packaging/custos.spec
	$(PY) -m pip wheel --quiet --no-deps -w dist .
	if command -v dpkg-deb >/dev/null; then bash packaging/linux/build_deb.sh dist/custos; \
	else echo "No dpkg-deb here: the .deb is built on Debian/Ubuntu only."; fi
	$(PY) packaging/sizes.py dist

# Starts the BUILT program (not the source tree) offscreen, and under Xvfb when xvfb-run exists;
# installs the wheel into a fresh venv and runs it too. Needs `make dist` first.
dist-test: $(DIST_STAMP)
	CUSTOS_DIST_TESTS=1 QT_QPA_PLATFORM=offscreen $(PY) -m pytest -p no:cacheprovider tests/test_dist.py

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .ruff_cache
