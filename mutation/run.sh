#!/usr/bin/env bash
# Mutation testing with Stryker.NET: one Stryker run per project that owns a file listed in
# mutation/files.txt, then mutation/REPORT.md from their JSON reports. See mutation/README.md.
#
#   mutation/run.sh [--label TEXT] [PROJECT ...]   run Stryker (all projects, or the named ones:
#                                                  Activities, Workflows, Starter), then the report
#   mutation/run.sh --report-only [--label TEXT]   rebuild REPORT.md from the last runs (after
#                                                  editing mutation/annotations.json)
#
# Extra Stryker options for every run can be given in STRYKER_EXTRA_ARGS (for example
# "--since:main" to mutate only files changed since main; see README.md before using it).
# MUTATION_ATTEMPTS (default 3): tries per project when a test fails in Stryker's initial run.
# Reports, logs and the generated Stryker configs go to mutation/out/ (gitignored).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

command_line="mutation/run.sh${*:+ $*}"
label=""
report_only=false
projects=()
while [ $# -gt 0 ]; do
  case "$1" in
    --label) label=${2:?--label needs a value}; shift 2 ;;
    --label=*) label=${1#--label=}; shift ;;
    --report-only) report_only=true; shift ;;
    -h|--help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "run.sh: unknown option $1" >&2; exit 2 ;;
    *) projects+=("$1"); shift ;;
  esac
done

report() {
  python3 mutation/mutation.py report --label "$label" --command "$command_line"
}

if $report_only; then
  report
  exit 0
fi

dotnet tool restore >/dev/null
if [ ! -d tests/gateway/node_modules/@portkey-ai/gateway ]; then
  # As in test.sh: the gateway tests need the pinned Portkey gateway.
  (cd tests/gateway && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error)
fi

# Stryker swaps the mutated assembly into the test project's bin folder, keeping the original
# beside it as *.stryker-unchanged, and copies it back at the end. It keeps an existing backup
# rather than refreshing it, so a backup left by an interrupted or earlier run would later be
# "restored" over a newer build. Put any backup back before and after every run.
restore_assemblies() {
  local backup
  while IFS= read -r -d '' backup; do
    mv -f "$backup" "${backup%.stryker-unchanged}"
  done < <(find "$root/tests" -path '*/bin/*' -name '*.stryker-unchanged' -print0 2>/dev/null)
}
trap restore_assemblies EXIT
trap 'echo "run.sh: interrupted" >&2; exit 130' INT TERM
attempts=${MUTATION_ATTEMPTS:-3}
# The create property test runs once for every mutant it reaches (most of Creation/): at its
# build count of 500 schedules (2.5 min) that alone would take hours, so it tries fewer here.
export FTW_PROPERTY_SCHEDULES=${FTW_PROPERTY_SCHEDULES:-40}

# Stryker must leave the code alone; mutation/ itself may be edited while a run goes on.
tracked_before=$(git status --porcelain --untracked-files=no -- . ':!mutation' || true)

plan=$(python3 mutation/mutation.py plan "${projects[@]}")
failed=()
while IFS=$'\t' read -r name csproj config test_dir; do
  out="$root/mutation/out/$name"
  rm -rf "$out/reports" "$out/run.json" "$out"/stryker.attempt*.log
  restore_assemblies
  started=$(date -u '+%Y-%m-%d %H:%M')
  start_s=$(date +%s)
  for attempt in $(seq 1 "$attempts"); do
    echo "run.sh: $name ($csproj): Stryker running (attempt $attempt), log in mutation/out/$name/stryker.log"
    set +e
    # shellcheck disable=SC2086 # STRYKER_EXTRA_ARGS is a list of options
    (cd "$test_dir" && dotnet stryker --config-file "$config" --output "$out" --skip-version-check \
      ${STRYKER_EXTRA_ARGS:-}) >"$out/stryker.log" 2>&1
    status=$?
    set -e
    restore_assemblies
    # With the mtp runner, Stryker 5.1.0 stops ("more than 50% failing tests") when even one test
    # fails in its initial run; on a busy machine a timing-sensitive test sometimes does. Retry.
    if [ "$status" -ne 0 ] && grep -q 'Initial testrun has' "$out/stryker.log"; then
      echo "run.sh: $name: a test failed in Stryker's initial test run:" >&2
      grep -A4 'Initial testrun has' "$out/stryker.log" | tail -n +2 | sed 's/^/  /' >&2
      cp "$out/stryker.log" "$out/stryker.attempt$attempt.log"
      continue
    fi
    break
  done
  seconds=$(($(date +%s) - start_s))
  python3 mutation/mutation.py record "$name" --started "$started" --seconds "$seconds" \
    --exit "$status" --command "$command_line" --extra "${STRYKER_EXTRA_ARGS:-}"
  grep -E 'Killed:|Survived:|Timeout:|final mutation score' "$out/stryker.log" | sed "s/^/run.sh: $name: /" || true
  echo "run.sh: $name: exit $status after $((seconds / 60)) min $((seconds % 60)) s"
  if [ "$status" -ne 0 ] || [ ! -f "$out/reports/mutation-report.json" ]; then
    failed+=("$name")
    tail -n 20 "$out/stryker.log" >&2
  fi
done <<<"$plan"

report

tracked_after=$(git status --porcelain --untracked-files=no -- . ':!mutation' || true)
if [ "$tracked_before" != "$tracked_after" ]; then
  echo "run.sh: tracked files changed during the run:" >&2
  diff <(echo "$tracked_before") <(echo "$tracked_after") >&2 || true
  exit 1
fi
if [ ${#failed[@]} -gt 0 ]; then
  echo "run.sh: Stryker failed for: ${failed[*]}" >&2
  exit 1
fi
