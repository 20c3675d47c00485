# Volley — build, demo, test, bench. Needs Swift 6.1+ (https://swift.org/install).
SWIFT ?= swift
VOLLEY := .build/release/volley
THREADS ?= 2

.PHONY: all build release demo test test-venv bench deps clean

all: build

# What the build needs besides Swift: libzmq (Debian/Ubuntu: libzmq3-dev), installed here with
# apt-get when its header is missing (as root, or through sudo). Swift packages (Yams,
# swift-argument-parser, swift-numerics) are fetched by the package manager.
deps:
	@command -v $(SWIFT) >/dev/null 2>&1 || { echo "Swift 6.1 or newer is required: https://swift.org/install"; exit 1; }
	@if [ ! -f /usr/include/zmq.h ]; then \
		if command -v apt-get >/dev/null 2>&1; then \
			sudo=""; [ "$$(id -u)" = 0 ] || sudo="sudo"; \
			echo "installing libzmq3-dev"; \
			$$sudo apt-get install -y -q libzmq3-dev >/dev/null 2>&1 || \
			{ $$sudo apt-get update -q >/dev/null 2>&1 && $$sudo apt-get install -y -q libzmq3-dev >/dev/null; } || \
			{ echo "could not install libzmq3-dev; install libzmq's development files and retry"; exit 1; }; \
		else echo "libzmq's development files (zmq.h, libzmq.so) are required: install libzmq3-dev or your system's equivalent"; exit 1; fi; \
	fi

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release --product volley

# The main job: Brunel's balanced network (12,500 neurons, 15.6 M synapses), 1 s of model time
# on $(THREADS) threads; then 300 ms three ways — 3 shards on 1 thread, $(THREADS) threads, and
# 2 worker processes exchanging spikes over ZeroMQ — which must give the same spikes.
demo: release
	$(VOLLEY) run configs/brunel.yaml --threads $(THREADS) --out out/brunel
	$(VOLLEY) run configs/brunel.yaml --t-sim 300 --shards 3 --threads 1 --out out/brunel-3shards --quiet
	$(VOLLEY) run configs/brunel.yaml --t-sim 300 --threads $(THREADS) --out out/brunel-threads --quiet
	$(VOLLEY) run configs/brunel.yaml --t-sim 300 --workers 2 --out out/brunel-workers --quiet
	@a=$$(grep -o '"spikes_sha256": "[0-9a-f]*"' out/brunel-3shards/summary.json); \
	 b=$$(grep -o '"spikes_sha256": "[0-9a-f]*"' out/brunel-threads/summary.json); \
	 c=$$(grep -o '"spikes_sha256": "[0-9a-f]*"' out/brunel-workers/summary.json); \
	 if [ "$$a" = "$$b" ] && [ "$$a" = "$$c" ]; then echo "demo: shards, threads and worker processes give the same spikes ($$a)"; \
	 else echo "demo: runs disagree: $$a / $$b / $$c"; exit 1; fi
	@echo "demo: results in out/brunel (summary.json, spikes.csv)"

# Unit and integration tests (Swift Testing). Command-line and multi-process tests run the
# release build, and the slow ones (full-scale Brunel against NEST's statistics, full-scale
# equivalence) run too: CI runs everything. The multi-host test needs root for network
# namespaces; VOLLEY_SKIP_NETNS=1 opts out of it explicitly.
test: deps test-venv
	$(SWIFT) build -c release --product volley
	$(VOLLEY_PYTHON) -m pytest -q clients/python/tests
	VOLLEY_BIN=$(CURDIR)/$(VOLLEY) VOLLEY_PYTHON=$(VOLLEY_PYTHON) VOLLEY_RUN_SLOW_TESTS=1 $(SWIFT) test

# The Python the tests run (VOLLEY_PYTHON): a venv with the tap client (clients/python) and
# pytest; add packages to TEST_PYTHON_PACKAGES. PyPI, or a local wheel cache, must be reachable.
VOLLEY_PYTHON := $(CURDIR)/.venv-test/bin/python
TEST_PYTHON_PACKAGES += ./clients/python pytest
test-venv:
	@[ -x $(VOLLEY_PYTHON) ] || python3 -m venv .venv-test || { echo "python3 -m venv failed: install Python 3.9+ with venv (Debian: python3-venv)"; exit 1; }
	.venv-test/bin/pip install -q $(TEST_PYTHON_PACKAGES)

# Timings as JSON lines (release build). Compare with NEST and Brian2: docs/benchmarks.md.
bench: release
	$(VOLLEY) bench configs/brunel.yaml --threads 1
	$(VOLLEY) bench configs/brunel.yaml --threads 2
	$(VOLLEY) bench configs/microcircuit.yaml --threads 2 --set parameters.scale=0.1 --t-sim 1000

clean:
	rm -rf .build out .venv-test
