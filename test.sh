#!/usr/bin/env bash
# Runs every test and ends with the line "N passed, N failed, N skipped".
# Installs what the tests need first: the pinned Portkey gateway they use as a peer.
set -euo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

if [ ! -d tests/gateway/node_modules/@portkey-ai/gateway ]; then
  # --ignore-scripts: the package's only script is a patch-package run with no patches.
  (cd tests/gateway && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error)
fi

log=$(mktemp)
report=$(mktemp)
trap 'rm -f "$log" "$report"' EXIT
# Figures the tests report (schedules tried, cancels injected): printed before the closing line.
export FTW_TEST_REPORT="$report"
# Every build runs the property test's full count; only mutation/run.sh asks for fewer.
unset FTW_PROPERTY_SCHEDULES
set +e
dotnet test --project tests/FineTuneWorkflows.Tests "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e

# Microsoft.Testing.Platform's own summary: "total: N", "failed: N", "succeeded: N", "skipped: N".
count() { grep -E "^\s+$1: [0-9]+" "$log" | tail -n 1 | grep -oE '[0-9]+' || true; }
total=$(count total); failed=$(count failed); passed=$(count succeeded); skipped=$(count skipped)
if [ -z "$total" ] || [ -z "$failed" ] || [ -z "$passed" ] || [ -z "$skipped" ]; then
  echo "test.sh: no test summary found; the test run did not complete" >&2
  echo "0 passed, 1 failed, 0 skipped"
  exit 1
fi
sort "$report"
echo "$passed passed, $failed failed, $skipped skipped"
[ "$status" -eq 0 ] && [ "$failed" -eq 0 ] && [ "$total" -gt 0 ]
