#!/usr/bin/env bash
# Runs every ISR Lab test suite in order and ends with one line "N passed, M failed".
#
# Called by `make test` once the tools are installed. Suites, in order:
#   1. native        cargo test --workspace --no-fail-fast
#   2. wasm-sim      crates/sim/tests/wasm*.rs in headless Chromium (wasm-bindgen-test-runner)
#   3. wasm-app      tests/wasm_*.rs in headless Chromium
#   4. release-build trunk build --release --public-url ./  (into dist/)
#   5. e2e           tests/e2e/*.test.mjs (node --test, playwright-core) against dist/
#   6. soak          `isrlab soak`, 10,000 schedules from a fixed seed over every class (the soak
#                    profile build of the CLI); each schedule is one test, an unexpected
#                    result one failure
#   7. memory-cap    W1 with retention for 60 simulated minutes under the counting allocator
#                    (crates/bench/src/memory_cap.rs), alone in the native profile: fails if
#                    the heap grows with run length or passes 200 MB (under a minute)
# N and M add up the tests each suite reports (cargo's and wasm-bindgen-test's
# "test result:" lines, node's TAP "# pass"/"# fail" counts). A suite that exits
# non-zero without reporting a failed test (a compile error, a build failure, a
# crash) counts as one failure, and so does a suite that cannot run because an
# earlier step it needs failed. Exit status: 0 only when M is 0.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

logs="$(mktemp -d "${TMPDIR:-/tmp}/isrlab-test.XXXXXX")"
total_passed=0
total_failed=0
report=()

# Chromium for wasm-bindgen-test-runner (see ../shared/TOOLCHAIN.md "Browser tests").
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner
export CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}"
export WASM_BINDGEN_TEST_DRIVER_TIMEOUT="${WASM_BINDGEN_TEST_DRIVER_TIMEOUT:-60}"
export WASM_BINDGEN_TEST_TIMEOUT="${WASM_BINDGEN_TEST_TIMEOUT:-180}"

# Prints "passed failed" summed over the libtest-style "test result:" lines of a log
# (cargo test and wasm-bindgen-test-runner both print them).
count_libtest() {
  sed -E 's/\x1b\[[0-9;]*m//g' "$1" |
    sed -nE 's/^test result: [A-Za-z]+\. ([0-9]+) passed; ([0-9]+) failed.*/\1 \2/p' |
    awk '{ p += $1; f += $2 } END { print p + 0, f + 0 }'
}

# Prints "passed failed" from a TAP file written by node --test (cancelled counts as failed).
count_tap() {
  awk '/^# pass /{ p = $3 } /^# fail /{ f += $3 } /^# cancelled /{ f += $3 } END { print p + 0, f + 0 }' "$1"
}

# Records one suite's result line and adds its counts to the totals.
record() {
  local name="$1" passed="$2" failed="$3" note="$4"
  total_passed=$((total_passed + passed))
  total_failed=$((total_failed + failed))
  report+=("$(printf '  %-14s %4d passed, %d failed%s' "$name" "$passed" "$failed" "${note:+  ($note)}")")
}

# run_suite NAME COUNTER CMD...: runs CMD with output shown and logged, then records
# the counts COUNTER (count_libtest or count_tap) extracts. Returns CMD's exit status.
run_suite() {
  local name="$1" counter="$2"; shift 2
  local log="$logs/$name.log" start rc passed failed note=""
  echo
  echo "==> [$name] $*"
  start=$SECONDS
  "$@" 2>&1 | tee "$log"
  rc=${PIPESTATUS[0]}
  if [ "$counter" = count_tap ]; then
    read -r passed failed < <(count_tap "$logs/$name.tap" 2>/dev/null || echo "0 0")
  else
    read -r passed failed < <(count_libtest "$log")
  fi
  if [ "$rc" -ne 0 ] && [ "$failed" -eq 0 ]; then
    failed=1
    note="exited with status $rc before reporting a failed test; see output above"
  fi
  record "$name" "$passed" "$failed" "${note:-$((SECONDS - start)) s}"
  return "$rc"
}

# Prints "--test NAME" for each file matching a glob, or nothing when none exist.
test_args() {
  local f
  for f in "$@"; do
    [ -f "$f" ] && printf -- '--test %s\n' "$(basename "$f" .rs)"
  done
}

run_wasm_suite() {
  local name="$1" package="$2" pattern="$3"
  local -a args
  mapfile -t args < <(test_args $pattern | tr ' ' '\n')
  if [ "${#args[@]}" -eq 0 ]; then
    echo
    echo "==> [$name] no wasm test files match $pattern yet: nothing to run"
    report+=("$(printf '  %-14s no test files (%s)' "$name" "$pattern")")
    return 0
  fi
  run_suite "$name" count_libtest \
    cargo test --target wasm32-unknown-unknown --no-fail-fast -p "$package" "${args[@]}"
}

# Builds with trunk; counts as a failure only when the build fails.
run_release_build() {
  echo
  echo "==> [release-build] trunk build --release --offline --public-url ./"
  local start=$SECONDS
  if trunk build --release --offline --public-url ./ 2>&1 | tee "$logs/release-build.log"; then
    report+=("$(printf '  %-14s ok (%d s)' release-build $((SECONDS - start)))")
    return 0
  fi
  record release-build 0 1 "trunk build failed; see output above"
  return 1
}

run_suite native count_libtest cargo test --workspace --no-fail-fast
run_wasm_suite wasm-sim isrlab-sim 'crates/sim/tests/wasm*.rs'
run_wasm_suite wasm-app isrlab 'tests/wasm_*.rs'
if run_release_build; then
  run_suite e2e count_tap \
    node --test \
      --test-reporter=spec --test-reporter-destination=stdout \
      --test-reporter=tap --test-reporter-destination="$logs/e2e.tap" \
      tests/e2e/*.test.mjs
else
  record e2e 0 1 "not run: the release build failed"
fi

# The soak profile (panic = "unwind") lets the soak report a panicking schedule. A fixed
# seed and a fixed number of schedules (2,000 per class) make the suite the same on every
# machine; --minutes only caps a very slow one.
if cargo build --profile soak -p isrlab-cli 2>&1 | tee "$logs/soak-build.log"; then
  run_suite soak count_libtest \
    target/soak/isrlab soak --schedules "${SOAK_SCHEDULES:-10000}" --minutes 10 --seed 20261201 --class all \
      --out target/soak/failures
else
  record soak 0 1 "the soak profile build failed; see output above"
fi

run_suite memory-cap count_libtest \
  cargo test --profile native -p isrlab-bench -- --ignored --exact \
    memory_cap::tests::w1_with_retention_runs_an_hour_in_bounded_memory

echo
echo "Summary (logs in $logs):"
printf '%s\n' "${report[@]}"
echo "$total_passed passed, $total_failed failed"
[ "$total_failed" -eq 0 ]
