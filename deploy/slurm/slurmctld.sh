#!/usr/bin/env bash
# Stops or starts only the controller of a dev cluster from up.sh, leaving munged, the nodes and
# their jobs running: what a controller outage looks like to Workbench. Tests use it.
#
#   deploy/slurm/slurmctld.sh stop|start [FOLDER]
set -eu
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/cluster.sh"
slurm_cluster_init "${2:-}"

case "${1:-}" in
  stop) slurm_stop "$SLURMCTLD_PID" slurmctld ;;
  start) slurm_start_slurmctld ;;
  *)
    echo "Usage: $0 stop|start [FOLDER]" >&2
    exit 2
    ;;
esac
