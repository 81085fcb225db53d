# Kafka Playground: `make serve` and `make test` install what is missing (pinned versions,
# idempotent, quick when present), then build / test. Works in CI (fresh clone, no stdin, root).

SHELL := /usr/bin/env bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := serve

TRUNK_VERSION        := 0.21.14
# Code size profiler for `make size` only (not a `tools` prerequisite: `make test` never needs it).
TWIGGY_VERSION       := 0.8.0
# Must equal the `wasm-bindgen` version in Cargo.lock (Cargo.toml pins =0.2.130).
WASM_BINDGEN_VERSION := 0.2.130
WASM_TARGET          := wasm32-unknown-unknown
PORT                 ?= 8080

# Tools installed by cargo and npm (wasm-opt from npm `binaryen`, pinned in package.json).
export PATH := $(CURDIR)/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)
export CHROMEDRIVER ?= /usr/bin/chromedriver
export CARGO_TERM_COLOR ?= never
# Trunk must never download anything (Trunk.toml also says offline = true).
export TRUNK_OFFLINE := true

APT_GET := $(if $(filter 0,$(shell id -u)),,sudo) env DEBIAN_FRONTEND=noninteractive apt-get

# Steps share one cargo target dir and one port range: run them one at a time even under -j.
.NOTPARALLEL:

.PHONY: serve build test tools browsers rust-target trunk wasm-bindgen npm-deps \
        fmt clippy clippy-wasm test-native test-browser e2e bench bench-native bench-browser fuzz \
        twiggy size lessons

# ---------------------------------------------------------------- installs (idempotent)

tools: rust-target trunk wasm-bindgen npm-deps

rust-target:
	@rustup target list --installed | grep -qx '$(WASM_TARGET)' || rustup target add $(WASM_TARGET)
	@cargo fmt --version >/dev/null 2>&1 && cargo clippy --version >/dev/null 2>&1 \
	  || rustup component add rustfmt clippy

trunk:
	@if [ "$$(trunk --version 2>/dev/null)" != "trunk $(TRUNK_VERSION)" ]; then \
	  echo "installing trunk $(TRUNK_VERSION)"; \
	  cargo install trunk --version $(TRUNK_VERSION) --locked; \
	fi

# `twiggy --version` says "twiggy-opt 0.8.0".
twiggy:
	@if [ "$$(twiggy --version 2>/dev/null)" != "twiggy-opt $(TWIGGY_VERSION)" ]; then \
	  echo "installing twiggy $(TWIGGY_VERSION)"; \
	  cargo install twiggy --version $(TWIGGY_VERSION) --locked; \
	fi

# Not --locked: wasm-bindgen-cli's own lockfile may not build with this toolchain.
# Brings wasm-bindgen-test-runner too (browser tests).
wasm-bindgen:
	@if [ "$$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $(WASM_BINDGEN_VERSION)" ] \
	   || ! command -v wasm-bindgen-test-runner >/dev/null; then \
	  echo "installing wasm-bindgen-cli $(WASM_BINDGEN_VERSION)"; \
	  cargo install wasm-bindgen-cli --version $(WASM_BINDGEN_VERSION) --force; \
	fi

npm-deps: node_modules/.installed

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

browsers:
	@if ! command -v chromium >/dev/null || ! [ -x "$(CHROMEDRIVER)" ]; then \
	  echo "installing chromium + chromium-driver from apt"; \
	  $(APT_GET) update -q; \
	  $(APT_GET) install -y -q chromium chromium-driver; \
	fi

# ---------------------------------------------------------------- build and serve

build: tools
	trunk build --release

# scripts/serve.py prints "Serving on http://127.0.0.1:$(PORT)" once it listens.
serve: build
	@exec python3 scripts/serve.py --port $(PORT) --quiet dist

# What the page weighs and where the bytes go: gzip size of each dist/ file, a twiggy profile
# and a by-crate summary (scripts/size.py). Builds the release site and the same build keeping
# wasm function names (bench/profile.html) only when a source is newer than them.
SIZE_SOURCES := $(shell find src lessons style examples -type f 2>/dev/null) Cargo.toml Cargo.lock \
                build.rs Trunk.toml index.html
SIZE_NAMED   := bench-results/dist-profile

size: twiggy dist/index.html $(SIZE_NAMED)/index.html
	python3 scripts/size.py --dist dist --named $(SIZE_NAMED)

dist/index.html: $(SIZE_SOURCES) | tools
	trunk build --release

$(SIZE_NAMED)/index.html: $(SIZE_SOURCES) bench/profile.html | tools
	trunk build bench/profile.html --release --dist $(SIZE_NAMED)

# lessons/parsed.json: the lesson files parsed, which the page ships instead of the texts and
# the parser (build.rs uses it only when it was made from the current files). Run it after
# editing a lesson; `make test` fails while it is out of date.
lessons:
	UPDATE_LESSONS=1 cargo test --test lessons the_parsed_lessons_the_page_ships

# ---------------------------------------------------------------- tests

test: tools browsers
	@start=$$(date +%s); \
	$(MAKE) --no-print-directory fmt clippy clippy-wasm test-native test-browser e2e; \
	echo "make test: all layers passed in $$(( $$(date +%s) - start )) s"

fmt:
	cargo fmt --check

clippy:
	cargo clippy --all-targets -- -D warnings

# Browser component tests (tests/web_*.rs), run in headless Chromium.
WEB_TESTS := --test web_first_page --test web_console --test web_playground --test web_groups --test web_controls --test web_brokers --test web_lessons --test web_map

# The wasm-only code (ui, main, browser tests) compiled for the browser target.
clippy-wasm:
	cargo clippy --target $(WASM_TARGET) --lib --bins $(WEB_TESTS) -- -D warnings

test-native:
	cargo test

# wasm-bindgen-test in headless Chromium via chromedriver (runner set in .cargo/config.toml).
test-browser:
	cargo test --target $(WASM_TARGET) $(WEB_TESTS)

# Release build served on 127.0.0.1 (a free port), driven by Playwright in headless Chromium.
e2e: build
	scripts/e2e.sh

# ---------------------------------------------------------------- benchmarks

bench: bench-native bench-browser

bench-native:
	cargo run --profile bench-native --bin engine-bench

# In headless Chromium: the keyed-append workload as WebAssembly plus the site's gzip size
# (bench/run.mjs), then the built page (bench/frames.mjs): time to interactive, heavy sandbox
# frame work, heap over a 16x soak, CPU profile. Figures in bench-results/ (frames.json).
# Then the lesson page as on a slow phone (bench/throttled.mjs: 1.6 Mbit/s, 150 ms, CPU 4x
# slower, served gzip-compressed): time to interactive, in bench-results/throttled.json.
# BENCH=appends, BENCH=frames or BENCH=throttled runs one of the three.
bench-browser: build browsers
	scripts/bench-browser.sh $(or $(BENCH),all)

# Long property-test run: 5,000 random command sequences (make test runs 64).
fuzz:
	PROPTEST_CASES=5000 cargo test --profile bench-native --test engine_props
