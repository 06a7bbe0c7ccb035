# Two commands set everything up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test bench messages clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/riskbot run

test: $(STAMP)
	$(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python benchmarks/report.py $(BENCH_ARGS)

# The catalogues: extract every marked template into messages.pot, then merge it into each
# language's .po (new entries arrive empty; tests/language fails until they are translated).
LOCALE := commands/language/locale
messages: $(STAMP)
	$(BIN)/pybabel -q extract -F babel.cfg -k N_ -k _n:1,2 -k NC_:1c,2 --no-location --sort-output \
		--omit-header -o $(LOCALE)/messages.pot core commands bot
	for lang in ru zh_CN es pt_BR tr vi; do \
		if [ -f $(LOCALE)/$$lang/LC_MESSAGES/messages.po ]; then \
			$(BIN)/pybabel -q update --no-fuzzy-matching --omit-header -D messages -i $(LOCALE)/messages.pot -d $(LOCALE) -l $$lang; \
		else $(BIN)/pybabel -q init -D messages -i $(LOCALE)/messages.pot -d $(LOCALE) -l $$lang; fi; \
	done

clean:
	rm -rf $(VENV) build *.egg-info
