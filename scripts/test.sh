#!/usr/bin/env bash
# Installs what the tests need (host packages; PostgreSQL is started by the tests themselves),
# brings up a Slurm dev cluster for the Slurm tests (torn down at the end), builds everything and
# runs the whole test suite. Ends with "N passed, N failed".
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/host-packages.sh
ensure_packages "${RUNTIME_PACKAGES[@]}" "${TEST_PACKAGES[@]}" "${SLURM_PACKAGES[@]}"

# A cluster of the run's own, in a fresh folder on free ports: never one a developer is using.
slurm_dir="$(mktemp -d /var/tmp/wb-slurm-test.XXXXXX)"
trap 'deploy/slurm/down.sh "$slurm_dir" >/dev/null' EXIT
slurm_conf="$(WB_SLURM_PORT=auto deploy/slurm/up.sh "$slurm_dir" | tee /dev/stderr | sed -n 's/^export SLURM_CONF=//p')"
export WORKBENCH_TEST_SLURM_CONF="$slurm_conf"

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
