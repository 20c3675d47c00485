# Volley — build, demo, test, bench. Needs Swift 6.1+ (https://swift.org/install).
SWIFT ?= swift
VOLLEY := .build/release/volley
THREADS ?= 2

.PHONY: all build release demo test bench deps clean

all: build

# What the build needs besides Swift. The in-process simulator needs nothing else; Swift
# packages (Yams, swift-argument-parser, swift-numerics) are fetched by the package manager.
deps:
	@command -v $(SWIFT) >/dev/null 2>&1 || { echo "Swift 6.1 or newer is required: https://swift.org/install"; exit 1; }

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release --product volley

# The main job: Brunel's balanced network (12,500 neurons, 15.6 M synapses), 1 s of model time
# on $(THREADS) threads, then the same network cut into 3 shards on 1 thread: same spikes.
demo: release
	$(VOLLEY) run configs/brunel.yaml --threads $(THREADS) --out out/brunel
	$(VOLLEY) run configs/brunel.yaml --t-sim 300 --shards 3 --threads 1 --out out/brunel-3shards --quiet
	$(VOLLEY) run configs/brunel.yaml --t-sim 300 --threads $(THREADS) --out out/brunel-300ms --quiet
	@a=$$(grep -o '"spikes_sha256": "[0-9a-f]*"' out/brunel-3shards/summary.json); \
	 b=$$(grep -o '"spikes_sha256": "[0-9a-f]*"' out/brunel-300ms/summary.json); \
	 if [ "$$a" = "$$b" ]; then echo "demo: 3 shards on 1 thread and $(THREADS) shards on $(THREADS) threads give the same spikes ($$a)"; \
	 else echo "demo: shard counts disagree: $$a vs $$b"; exit 1; fi
	@echo "demo: results in out/brunel (summary.json, spikes.csv)"

# Unit and integration tests (Swift Testing). Command-line tests run the release build, and
# the slow ones (full-scale Brunel against NEST's statistics) run too: CI runs everything.
test: deps
	$(SWIFT) build -c release --product volley
	VOLLEY_BIN=$(CURDIR)/$(VOLLEY) VOLLEY_RUN_SLOW_TESTS=1 $(SWIFT) test

# Timings as JSON lines (release build). Compare with NEST and Brian2: docs/benchmarks.md.
bench: release
	$(VOLLEY) bench configs/brunel.yaml --threads 1
	$(VOLLEY) bench configs/brunel.yaml --threads 2
	$(VOLLEY) bench configs/microcircuit.yaml --threads 2 --set parameters.scale=0.1 --t-sim 1000

clean:
	rm -rf .build out
