# ISR Lab — build, serve and test.
#
#   make serve   install what is missing, then `trunk serve` on http://127.0.0.1:8080
#   make test    install what is missing, then every test suite; ends with "N passed, M failed"
#   make check   formatting, clippy with warnings as errors, and the core's unit tests (under a minute once built)
#   make dist    release build into dist/ (relative asset paths: works under any subpath)
#   make soak    random fault schedules for MINUTES minutes (default 30) from today's seed
#   make bench   benchmark workloads against a bare event loop (QUICK=1 for a short run)
#   make browser-goals  the browser goals not met yet (busy hour at 100×, sweep frames)
#   make coverage  line coverage of the core (cargo-tarpaulin); docs/quality.md
#   make mutants   mutation testing of the core's protocol modules (cargo-mutants); docs/quality.md
#
# Every install step checks first and installs only what is missing or at the wrong
# version, so a second run installs nothing. Tools go where their installer puts them:
# cargo binaries into $CARGO_HOME/bin (default ~/.cargo/bin), npm packages into
# ./node_modules (from the committed package-lock.json), Chromium via apt-get.

SHELL := bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help
MAKEFLAGS += --no-print-directory
# Installs share ~/.cargo and node_modules: never run them side by side.
.NOTPARALLEL:

CARGO_BIN := $(or $(CARGO_HOME),$(HOME)/.cargo)/bin
# node_modules/.bin first: trunk must find binaryen's wasm-opt before any older system one.
export PATH := $(CURDIR)/node_modules/.bin:$(CARGO_BIN):$(PATH)

TRUNK_VERSION := 0.21.14
# wasm-bindgen-cli must equal the wasm-bindgen crate version locked in Cargo.lock.
WASM_BINDGEN_VERSION := $(shell awk '/^name = "wasm-bindgen"$$/ { getline; gsub(/"/, "", $$3); print $$3 }' Cargo.lock)
WASM_TARGET := wasm32-unknown-unknown
CHROMIUM := /usr/bin/chromium
CHROMEDRIVER := /usr/bin/chromedriver
# Chinese text in the browser tests' screenshots and layout checks (Debian's fonts-wqy-zenhei).
CJK_FONT := /usr/share/fonts/truetype/wqy/wqy-zenhei.ttc
NODE_MIN_MAJOR := 20
SERVE_ADDRESS := 127.0.0.1
SERVE_PORT := 8080
# `make soak`: how long, and from which seed (default: today's date, so each day explores
# new schedules; pass SEED= to replay a day). Failures land in target/soak/failures/.
MINUTES ?= 30
SEED ?= $(shell date -u +%Y%m%d)
# `make coverage` and `make mutants` (docs/quality.md). Neither is part of `make test`.
TARPAULIN_VERSION := 0.37.5
MUTANTS_VERSION := 27.1.0
# The protocol modules: log and truncation, fetch and HW, ISR, election, produce.
MUTANTS_FILES ?= crates/sim/src/controller/election.rs crates/sim/src/broker/isr.rs \
  crates/sim/src/broker/log.rs crates/sim/src/broker/replica.rs crates/sim/src/broker/fetch.rs \
  crates/sim/src/broker/leader_and_isr.rs crates/sim/src/broker/produce.rs
# Seconds a mutant's tests may run before it counts as caught by a timeout.
MUTANTS_TIMEOUT ?= 120

.PHONY: help serve test check dist bench browser-goals soak coverage mutants cargo-tarpaulin cargo-mutants tools test-tools rust-components wasm-target trunk wasm-bindgen-cli \
        node npm-deps browser cargo-fetch

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(firstword $(MAKEFILE_LIST)) | sed -E 's/:.*## /\t/' | expand -t 18

serve: tools cargo-fetch ## run the lab at http://127.0.0.1:8080 (trunk serve, rebuilds on change)
	@echo "==> trunk serve on http://$(SERVE_ADDRESS):$(SERVE_PORT)/"
	trunk serve --offline --address $(SERVE_ADDRESS) --port $(SERVE_PORT)

dist: tools cargo-fetch ## release build into dist/ with relative asset paths
	@echo "==> trunk build --release --public-url ./ (into dist/)"
	trunk build --release --offline --public-url ./

bench: dist test-tools ## benchmarks (docs/performance.md): table on stdout, figures in target/bench.json; QUICK=1 is shorter
	@echo "==> isrlab-bench$(if $(QUICK), --quick,) (native profile: opt-level 3)"
	cargo build --profile native --quiet -p isrlab-bench
	@echo "==> W1 for the browser rows: isrlab-bench built for $(WASM_TARGET), wasm-bindgen into target/bench-web/"
	cargo build --release --quiet -p isrlab-bench --lib --target $(WASM_TARGET)
	wasm-bindgen --target web --no-typescript --out-dir target/bench-web \
	  target/$(WASM_TARGET)/release/isrlab_bench.wasm
	printf '<!DOCTYPE html><meta charset="utf-8"><title>isrlab-bench W1</title>\n' > target/bench-web/index.html
	target/native/isrlab-bench $(if $(QUICK),--quick,) --json target/bench.json --dist dist --bench-web target/bench-web

test: tools test-tools cargo-fetch ## every suite: cargo test, wasm tests in Chromium, release build, e2e, a 10,000-schedule soak
	scripts/test-suites.sh

browser-goals: dist test-tools ## browser goals not met yet, so not in make test: the busy hour at 100× (#10), the 10,000-run sweep's frames (#11)
	ISRLAB_BROWSER_GOALS=1 node --test tests/e2e/long-run.test.mjs tests/e2e/explorer.test.mjs

check: rust-components cargo-fetch ## cargo fmt --check, clippy -D warnings on every crate and target, the core's unit tests
	@echo "==> cargo fmt --all --check"
	cargo fmt --all --check
	@echo "==> cargo clippy --workspace --all-targets -- -D warnings"
	cargo clippy --workspace --all-targets --quiet -- -D warnings
	@echo "==> cargo test -p isrlab-sim --lib (the core's unit tests)"
	cargo test -p isrlab-sim --lib --quiet

soak: cargo-fetch ## long soak of every class (MINUTES=30, SEED=today by default); failures in target/soak/failures/
	cargo build --profile soak -p isrlab-cli
	target/soak/isrlab soak --minutes $(MINUTES) --seed $(SEED) --class all

coverage: cargo-tarpaulin cargo-fetch ## line coverage of crates/sim (every test of the core); HTML and JSON in target/coverage/
	cargo tarpaulin -p isrlab-sim --skip-clean --engine ptrace --timeout 600 \
	  --exclude-files 'crates/sim/src/tests/*' --exclude-files 'crates/sim/tests/*' --exclude-files 'crates/sim/src/*/tests.rs' \
	  --out Html --out Json --output-dir target/coverage

mutants: cargo-mutants cargo-fetch ## mutation testing of MUTANTS_FILES (default: the protocol modules) against the core's unit tests; results in target/mutants.out/
	cargo mutants -p isrlab-sim $(foreach f,$(MUTANTS_FILES),-f $(f)) --timeout $(MUTANTS_TIMEOUT) -j 1 \
	  --output target -- --lib

cargo-tarpaulin: ## cargo-tarpaulin via cargo install --locked
	@have="$$(cargo tarpaulin --version 2>/dev/null || true)"; \
	if echo "$$have" | grep -q ' $(TARPAULIN_VERSION)$$'; then \
	  echo "ok: cargo-tarpaulin $(TARPAULIN_VERSION) already installed"; \
	else \
	  echo "==> installing cargo-tarpaulin $(TARPAULIN_VERSION) (found: '$${have:-none}')"; \
	  cargo install cargo-tarpaulin --version $(TARPAULIN_VERSION) --locked; \
	fi

cargo-mutants: ## cargo-mutants via cargo install --locked
	@have="$$(cargo mutants --version 2>/dev/null || true)"; \
	if [ "$$have" = "cargo-mutants $(MUTANTS_VERSION)" ]; then \
	  echo "ok: cargo-mutants $(MUTANTS_VERSION) already installed"; \
	else \
	  echo "==> installing cargo-mutants $(MUTANTS_VERSION) (found: '$${have:-none}')"; \
	  cargo install cargo-mutants --version $(MUTANTS_VERSION) --locked; \
	fi

tools: wasm-target trunk wasm-bindgen-cli npm-deps ## what `make serve` and `make dist` need

test-tools: browser ## what `make test` needs on top of `tools`

rust-components: ## rustfmt and clippy (rustup's minimal profile leaves them out)
	@if cargo fmt --version >/dev/null 2>&1 && cargo clippy --version >/dev/null 2>&1; then \
	  echo "ok: rustfmt and clippy already installed"; \
	else \
	  echo "==> installing rustup components rustfmt and clippy"; \
	  rustup component add rustfmt clippy; \
	fi

wasm-target: ## rustup target wasm32-unknown-unknown
	@if rustup target list --installed | grep -qx '$(WASM_TARGET)'; then \
	  echo "ok: rust target $(WASM_TARGET) already installed"; \
	else \
	  echo "==> installing rust target $(WASM_TARGET)"; \
	  rustup target add $(WASM_TARGET); \
	fi

trunk: ## trunk 0.21.14 via cargo install --locked
	@have="$$(trunk --version 2>/dev/null || true)"; \
	if [ "$$have" = "trunk $(TRUNK_VERSION)" ]; then \
	  echo "ok: trunk $(TRUNK_VERSION) already installed ($$(command -v trunk))"; \
	else \
	  echo "==> installing trunk $(TRUNK_VERSION) (found: '$${have:-none}'); takes ~15 min on 2 cores"; \
	  cargo install trunk --version $(TRUNK_VERSION) --locked; \
	fi

wasm-bindgen-cli: ## wasm-bindgen-cli at Cargo.lock's wasm-bindgen version
	@if [ -z "$(WASM_BINDGEN_VERSION)" ]; then \
	  echo "error: no wasm-bindgen entry in Cargo.lock (run 'cargo generate-lockfile')" >&2; exit 1; \
	fi; \
	have="$$(wasm-bindgen --version 2>/dev/null || true)"; \
	runner="$$(command -v wasm-bindgen-test-runner || true)"; \
	if [ "$$have" = "wasm-bindgen $(WASM_BINDGEN_VERSION)" ] && [ -n "$$runner" ]; then \
	  echo "ok: wasm-bindgen-cli $(WASM_BINDGEN_VERSION) already installed ($$(command -v wasm-bindgen))"; \
	else \
	  echo "==> installing wasm-bindgen-cli $(WASM_BINDGEN_VERSION) (found: '$${have:-none}')"; \
	  echo "    (not --locked: its lockfile wants a webpki-roots the registry lacks)"; \
	  cargo install wasm-bindgen-cli --version $(WASM_BINDGEN_VERSION) --force; \
	fi

node: ## check node >= 20 and npm are present
	@if ! command -v node >/dev/null || ! command -v npm >/dev/null; then \
	  echo "error: node (>= $(NODE_MIN_MAJOR)) and npm are required; install them from https://nodejs.org or your package manager" >&2; \
	  exit 1; \
	fi; \
	major="$$(node -p 'process.versions.node.split(".")[0]')"; \
	if [ "$$major" -lt $(NODE_MIN_MAJOR) ]; then \
	  echo "error: node $$(node --version) is too old; need >= $(NODE_MIN_MAJOR)" >&2; exit 1; \
	fi; \
	echo "ok: node $$(node --version), npm $$(npm --version 2>/dev/null)"

npm-deps: node ## npm ci (binaryen's wasm-opt, playwright-core) when package-lock.json changed
	@if [ -f node_modules/.isrlab-installed ] && [ node_modules/.isrlab-installed -nt package-lock.json ] \
	     && [ -x node_modules/.bin/wasm-opt ] && [ -d node_modules/playwright-core ]; then \
	  echo "ok: npm packages up to date (wasm-opt $$(wasm-opt --version | awk '{print $$3}'), playwright-core $$(node -p 'require("playwright-core/package.json").version'))"; \
	else \
	  echo "==> npm ci (binaryen for wasm-opt, playwright-core for the e2e tests)"; \
	  npm ci --no-audit --no-fund --no-update-notifier; \
	  touch node_modules/.isrlab-installed; \
	fi

browser: ## Chromium + chromedriver of the same major version, and a CJK font for Chinese screens (apt-get when root)
	@ver() { "$$1" --version 2>/dev/null | grep -oE '[0-9]+\.[0-9.]+' | head -n1 | cut -d. -f1; }; \
	have_font() { [ -e $(CJK_FONT) ]; }; \
	if [ -x $(CHROMIUM) ] && [ -x $(CHROMEDRIVER) ] && [ "$$(ver $(CHROMIUM))" = "$$(ver $(CHROMEDRIVER))" ] && have_font; then \
	  echo "ok: chromium and chromedriver $$(ver $(CHROMIUM)) and the CJK font already installed"; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  echo "==> apt-get install chromium chromium-driver fonts-wqy-zenhei (missing or mismatched versions)"; \
	  export DEBIAN_FRONTEND=noninteractive; \
	  apt-get update; \
	  apt-get install -y chromium chromium-driver fonts-wqy-zenhei; \
	  [ -x $(CHROMIUM) ] && [ -x $(CHROMEDRIVER) ] && have_font \
	    || { echo "error: apt-get did not provide $(CHROMIUM), $(CHROMEDRIVER) and $(CJK_FONT)" >&2; exit 1; }; \
	else \
	  echo "error: need $(CHROMIUM) and $(CHROMEDRIVER) of the same version, and a CJK font ($(CJK_FONT))." >&2; \
	  echo "       On Debian/Ubuntu run: sudo apt-get update && sudo apt-get install -y chromium chromium-driver fonts-wqy-zenhei" >&2; \
	  exit 1; \
	fi

cargo-fetch: ## download crates so trunk can build with --offline
	@echo "==> cargo fetch (crates for the native and wasm builds)"
	@cargo fetch --quiet
