#!/usr/bin/env bash
# Installs what the tests need (host packages; PostgreSQL is started by the tests themselves),
# builds everything and runs the whole test suite. Ends with "N passed, N failed".
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/host-packages.sh
ensure_packages "${RUNTIME_PACKAGES[@]}" "${TEST_PACKAGES[@]}"

dotnet build Workbench.slnx -c Release --nologo -v quiet -clp:ErrorsOnly

log=$(mktemp)
status=0
dotnet test Workbench.slnx -c Release --no-build --nologo 2>&1 | tee "$log" || status=$?

# One closing line for the whole suite, summed over the test assemblies.
awk '/^(Passed!|Failed!)/ {
       for (i = 1; i <= NF; i++) { if ($i == "Failed:") f += $(i+1); if ($i == "Passed:") p += $(i+1); if ($i == "Skipped:") s += $(i+1) }
     }
     END { gsub(",", "", f); printf "%d passed, %d failed, %d skipped\n", p, f, s }' "$log"
rm -f "$log"
exit $status
