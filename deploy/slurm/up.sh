#!/usr/bin/env bash
# Brings up a real single-host Slurm cluster for development and tests: one munged, one slurmctld
# and one slurmd per virtual node (node1..node4 by default), all from Debian's packages, with every
# file (config, key, state, logs, sockets) under one folder. Idempotent: when the cluster of that
# folder already runs, it only waits for the nodes and prints the same line again.
#
#   deploy/slurm/up.sh [FOLDER]     FOLDER, else $WB_SLURM_DIR, else /var/tmp/workbench-slurm
#
# Settings (environment): WB_SLURM_NODES (4), WB_SLURM_CPUS (4 per node), WB_SLURM_MEMORY_MB
# (8192 per node), WB_SLURM_PORT (6817: slurmctld's, the nodes take the next ones; "auto": the
# first free range from 16817), WB_SLURM_TIMEOUT (60 s for the nodes to be idle). Runs as root.
# The last line printed is
#   export SLURM_CONF=FOLDER/etc/slurm.conf
# which points Slurm's commands (and Workbench's Drivers:Slurm:SlurmConf) at this cluster. Where
# slurmrestd is installed it listens on FOLDER/run/rest/slurmrestd.sock (Drivers:Slurm:RestSocket).
set -eu
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/cluster.sh"
slurm_cluster_init "${1:-}"

if [ "$(id -u)" -ne 0 ]; then
  echo "up.sh runs Slurm's daemons as root; run it as root." >&2
  exit 1
fi
source "$here/../../scripts/host-packages.sh"
ensure_packages "${SLURM_PACKAGES[@]}"

slurm_lock
slurm_write_files
slurm_start_munge
slurm_start_slurmctld
slurm_start_nodes
slurm_start_slurmrestd
slurm_wait_for_idle_nodes
echo "export SLURM_CONF=$SLURM_CONF_FILE"
