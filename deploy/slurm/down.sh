#!/usr/bin/env bash
# Tears down the dev cluster that up.sh brought up: cancels its jobs, stops its daemons and
# deletes its folder (config, key, state, logs).
#
#   deploy/slurm/down.sh [FOLDER]   FOLDER, else $WB_SLURM_DIR, else /var/tmp/workbench-slurm
set -eu
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/cluster.sh"
slurm_cluster_init "${1:-}"

if [ ! -d "$SLURM_DIR" ]; then
  echo "No Slurm dev cluster in $SLURM_DIR."
  exit 0
fi
if [ ! -f "$SLURM_CONF_FILE" ]; then
  echo "$SLURM_DIR holds no dev cluster (no etc/slurm.conf); leaving it alone." >&2
  exit 1
fi
slurm_stop_all
rm -rf "$SLURM_DIR"
echo "Slurm dev cluster in $SLURM_DIR is down and its folder deleted."
