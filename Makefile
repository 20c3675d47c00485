# Volley — build, demo, test, bench. Needs Swift 6.1+ (https://swift.org/install).
SWIFT ?= swift
VOLLEY := .build/release/volley
THREADS ?= 2
VENV := .venv-test

.PHONY: all build release demo test bench deps test-deps clean

all: build

# What the build needs besides Swift: libzmq and libhdf5 (Debian/Ubuntu: libzmq3-dev,
# libhdf5-dev) and pkg-config, through which the package finds HDF5's headers; installed here
# with apt-get when a header or the tool is missing (as root, or through sudo). Swift packages
# (Yams, swift-argument-parser, swift-numerics) are fetched by the package manager.
deps:
	@command -v $(SWIFT) >/dev/null 2>&1 || { echo "Swift 6.1 or newer is required: https://swift.org/install"; exit 1; }
	@missing=""; \
	[ -f /usr/include/zmq.h ] || missing="$$missing libzmq3-dev"; \
	[ -f /usr/include/hdf5/serial/hdf5.h ] || [ -f /usr/include/hdf5.h ] || missing="$$missing libhdf5-dev"; \
	command -v pkg-config >/dev/null 2>&1 || missing="$$missing pkg-config"; \
	if [ -n "$$missing" ]; then \
		if command -v apt-get >/dev/null 2>&1; then \
			sudo=""; [ "$$(id -u)" = 0 ] || sudo="sudo"; \
			echo "installing$$missing"; \
			$$sudo apt-get install -y -q $$missing >/dev/null 2>&1 || \
			{ $$sudo apt-get update -q >/dev/null 2>&1 && $$sudo apt-get install -y -q $$missing >/dev/null; } || \
			{ echo "could not install$$missing; install libzmq's and libhdf5's development files and pkg-config, and retry"; exit 1; }; \
		else echo "required:$$missing (libzmq's and libhdf5's development files, pkg-config): install them or your system's equivalents"; exit 1; fi; \
	fi

# What only the tests need, installed like deps: headless Chromium for the dashboard's browser
# test (Debian: chromium, without its recommended extras; VOLLEY_CHROMIUM names another browser,
# VOLLEY_SKIP_BROWSER=1 opts out), iproute2 (network namespaces, the multi-host tests) and tcpdump
# (the capture that checks a run with keys shows nothing in the clear).
test-deps: deps
	@missing=""; \
	command -v ip >/dev/null 2>&1 || [ -x /usr/sbin/ip ] || [ -x /sbin/ip ] || missing="$$missing iproute2"; \
	command -v tcpdump >/dev/null 2>&1 || [ -x /usr/sbin/tcpdump ] || [ -x /usr/bin/tcpdump ] || missing="$$missing tcpdump"; \
	if [ "$$VOLLEY_SKIP_BROWSER" != 1 ] && [ -z "$$VOLLEY_CHROMIUM" ] && ! command -v chromium >/dev/null 2>&1 && \
		! command -v chromium-browser >/dev/null 2>&1; then missing="$$missing chromium"; fi; \
	if [ -n "$$missing" ]; then \
		if command -v apt-get >/dev/null 2>&1; then \
			sudo=""; [ "$$(id -u)" = 0 ] || sudo="sudo"; \
			echo "installing$$missing"; \
			$$sudo apt-get install -y -q --no-install-recommends $$missing >/dev/null 2>&1 || \
			{ $$sudo apt-get update -q >/dev/null 2>&1 && $$sudo apt-get install -y -q --no-install-recommends $$missing >/dev/null; } || \
			{ echo "could not install$$missing, which the tests need (or opt out: VOLLEY_SKIP_BROWSER=1, VOLLEY_SKIP_NETNS=1)"; exit 1; }; \
		else echo "the tests need:$$missing"; exit 1; fi; \
	fi

# The tests' Python, in a virtual environment of their own so the system's is left alone: the
# tap client (clients/python) and pytest, h5py and numpy for the tests that read spikes.h5, and
# libsonata when it installs. PyPI, or a local wheel cache, must be reachable. The stamp is
# written only once the installs succeeded (so a broken attempt is retried), and is redone when
# the client changes: its pyproject.toml and README (the package's metadata), every file under
# src/ (modules, py.typed, subpackages) and the folders themselves, so that a module added or
# removed counts too; Python's and setuptools' leftovers (__pycache__, *.egg-info) do not.
TAP_CLIENT := clients/python/pyproject.toml clients/python/README.md \
	$(shell find clients/python/src -name __pycache__ -prune -o -name '*.egg-info' -prune -o -print)
$(VENV)/.installed: $(TAP_CLIENT)
	@test -x $(VENV)/bin/python || python3 -m venv $(VENV) || \
		{ echo "python3 -m venv failed: install Python 3.9+ with venv (Debian: python3-venv) and retry"; exit 1; }
	$(VENV)/bin/pip install -q h5py numpy pytest ./clients/python
	@$(VENV)/bin/pip install -q libsonata || echo "libsonata did not install: the tests check spikes.h5 with h5py only"
	@touch $@

# pyNN.volley (clients/pynn) beside PyNN 0.13, and NEST for its comparisons with pyNN.nest when
# the anchors have built it (../shared/anchors/setup.sh; NEST_PREFIX names another build): the
# venv sees NEST's site-packages through a .pth file, with NEST's own NumPy. Without NEST the
# comparisons say they are skipped and why; PyNN's scenarios and the backend's own tests run.
NEST_PREFIX ?= $(HOME)/.cache/volley-anchors/nest
$(VENV)/.pynn: $(VENV)/.installed
	@nest=$$(ls -d $(NEST_PREFIX)/lib/python3*/site-packages 2>/dev/null | head -1); \
	mine=$$($(VENV)/bin/python -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])'); \
	if [ -n "$$nest" ] && [ "$$(basename $$(dirname $$nest))" = "$$(basename $$(dirname $$mine))" ]; then \
		$(VENV)/bin/pip install -q "numpy==$$($(NEST_PREFIX)/bin/python -c 'import numpy; print(numpy.__version__)')" && \
		echo "$$nest" > "$$mine/zz_nest_anchor.pth"; \
	else echo "NEST is not built at $(NEST_PREFIX) for this Python: pyNN.nest comparisons will be skipped"; fi
	$(VENV)/bin/pip install -q "PyNN==0.13.0" neo quantities scipy
	$(VENV)/bin/pip install -q ./clients/pynn
	rm -rf clients/pynn/build
	@touch $@

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
# equivalence) run too: CI runs everything, with the Python of $(VENV) (the tap client's own
# tests, its live ones against the release build; spikes.h5 read with h5py). The network tests (hosts in network namespaces, a tcpdump
# capture) need root; VOLLEY_SKIP_NETNS=1 opts out of them explicitly. The dashboard's test
# drives headless Chromium (VOLLEY_SKIP_BROWSER=1 opts out); its screenshots land in test-output/.
test: test-deps $(VENV)/.installed $(VENV)/.pynn
	$(SWIFT) build -c release --product volley
	VOLLEY_BIN=$(CURDIR)/$(VOLLEY) $(VENV)/bin/python -m pytest -q clients/python/tests
	VOLLEY_BIN=$(CURDIR)/$(VOLLEY) $(VENV)/bin/python -m pytest -q clients/pynn/tests
	VOLLEY_BIN=$(CURDIR)/$(VOLLEY) VOLLEY_PYTHON=$(CURDIR)/$(VENV)/bin/python VOLLEY_RUN_SLOW_TESTS=1 $(SWIFT) test

# Timings as JSON lines (release build). Compare with NEST and Brian2: docs/benchmarks.md.
bench: release
	$(VOLLEY) bench configs/brunel.yaml --threads 1
	$(VOLLEY) bench configs/brunel.yaml --threads 2
	$(VOLLEY) bench configs/microcircuit.yaml --threads 2 --set parameters.scale=0.1 --t-sim 1000

# The container image and the Kubernetes example (deploy/container, deploy/kubernetes,
# docs/deploying.md). `make image` builds localhost/volley:latest from a volley built here with
# the Swift standard library and Foundation linked in statically; that flag recompiles every
# module, so the build has a folder of its own instead of taking turns with the release build.
# Without a registry: deploy/container/image.sh makes the Debian base the Containerfile starts
# FROM when it is missing (debootstrap, two or three minutes, once), and installs podman and runc with
# apt-get when neither podman nor docker works; CONTAINER_ENGINE, BASE_IMAGE and CONTAINERS_CONF
# change what it uses.
IMAGE ?= localhost/volley:latest
STATIC := .build/static
.PHONY: image
image: deps
	$(SWIFT) build -c release --product volley --static-swift-stdlib --scratch-path $(STATIC)
	deploy/container/image.sh $(STATIC)/release/volley $(IMAGE)

# `make test` builds the image first and names it to the container and Kubernetes tests, which
# run podman with deploy/container/containers.conf (unless CONTAINERS_CONF is set), and checks
# the manifests with kubernetes-validate from the test venv. VOLLEY_SKIP_IMAGE=1 opts out of
# the image and of those tests, explicitly.
ifneq ($(VOLLEY_SKIP_IMAGE),1)
test: image $(VENV)/.kubernetes
test: export VOLLEY_IMAGE := $(IMAGE)
endif
test: export CONTAINERS_CONF ?= $(CURDIR)/deploy/container/containers.conf
$(VENV)/.kubernetes: $(VENV)/.installed
	$(VENV)/bin/pip install -q kubernetes-validate pyyaml
	@touch $@

clean:
	rm -rf .build out .venv-test test-output
