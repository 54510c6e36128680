# The dev cluster's pieces, as shell functions: sourced by up.sh, down.sh and slurmctld.sh.
# Every file of a cluster lives under one folder ($SLURM_DIR); nothing is written elsewhere.

# slurm_cluster_init [FOLDER]: settles the folder, the settings and the paths, and clears every
# SLURM_* variable (a stray one, such as SLURM_JWT, makes the daemons fail or read another config).
slurm_cluster_init() {
  for variable in $(compgen -e | grep '^SLURM_' || true); do
    unset "$variable"
  done
  SLURM_DIR="${1:-${WB_SLURM_DIR:-/var/tmp/workbench-slurm}}"
  case "$SLURM_DIR" in
    /*) ;;
    *) SLURM_DIR="$PWD/$SLURM_DIR" ;;
  esac
  SLURM_NODES="${WB_SLURM_NODES:-4}"
  SLURM_CPUS="${WB_SLURM_CPUS:-4}"
  SLURM_MEMORY_MB="${WB_SLURM_MEMORY_MB:-8192}"
  SLURM_PORT="${WB_SLURM_PORT:-6817}"
  SLURM_TIMEOUT="${WB_SLURM_TIMEOUT:-60}"
  MUNGE_SOCKET="$SLURM_DIR/munge/munge.socket.2"
  SLURM_CONF_FILE="$SLURM_DIR/etc/slurm.conf"
  SLURMCTLD_PID="$SLURM_DIR/run/slurmctld.pid"
  SLURMRESTD_PID="$SLURM_DIR/run/slurmrestd.pid"
  SLURMRESTD_SOCKET="$SLURM_DIR/run/rest/slurmrestd.sock"
  MUNGED_PID="$SLURM_DIR/munge/munged.pid"
}

# slurm_lock: holds a lock on the folder until the script exits, so two up.sh (two test runs
# starting at once) never start a second set of daemons. The daemons must not inherit it (8>&-),
# or they would hold it for as long as they run.
slurm_lock() {
  mkdir -p "$SLURM_DIR"
  exec 8>"$SLURM_DIR/.lock"
  flock 8
}

# slurm_port_in_use PORT: whether any socket on this host has that local port.
slurm_port_in_use() {
  grep -qs "^ *[0-9]*: [0-9A-F]*:$(printf '%04X' "$1") " /proc/net/tcp /proc/net/tcp6
}

# slurm_pick_ports: with WB_SLURM_PORT=auto, the first base from 16817 up (in steps of 100) whose
# slurmctld and node ports are all free, so a test run never meets another cluster on this host.
slurm_pick_ports() {
  [ "$SLURM_PORT" = auto ] || return 0
  local base port busy
  for base in $(seq 16817 100 26817); do
    busy=0
    for port in $(seq "$base" $((base + SLURM_NODES))); do
      slurm_port_in_use "$port" && { busy=1; break; }
    done
    [ "$busy" -eq 0 ] && { SLURM_PORT="$base"; return 0; }
  done
  echo "No free range of $((SLURM_NODES + 1)) ports between 16817 and 26917 for the dev cluster." >&2
  return 1
}

# slurm_alive PIDFILE: whether the process it names runs. A zombie counts as dead (PID 1 here reaps
# orphans only every second or two), unless other threads of it still run: a daemon's main thread
# may end before the rest, and its leader shows as a zombie meanwhile.
slurm_alive() {
  local pid state threads
  pid="$(cat "$1" 2>/dev/null)" || return 1
  [ -n "$pid" ] || return 1
  state="$(sed 's/.*) //' "/proc/$pid/stat" 2>/dev/null | cut -d' ' -f1)" || return 1
  [ -n "$state" ] || return 1
  if [ "$state" = Z ] || [ "$state" = X ]; then
    threads="$(ls "/proc/$pid/task" 2>/dev/null | wc -l)"
    [ "$threads" -gt 1 ]
    return
  fi
}

# slurm_stop PIDFILE NAME: SIGTERM, then SIGKILL after 10 s; returns once the process is dead.
slurm_stop() {
  slurm_alive "$1" || { rm -f "$1"; return 0; }
  local pid waited=0
  pid="$(cat "$1")"
  kill -TERM "$pid" 2>/dev/null || true
  while slurm_alive "$1"; do
    if [ "$waited" -eq 100 ]; then
      echo "$2 (pid $pid) ignored SIGTERM for 10 s; killing it"
      kill -KILL "$pid" 2>/dev/null || true
    fi
    sleep 0.1
    waited=$((waited + 1))
  done
  rm -f "$1"
}

# slurm_wait SECONDS WHAT COMMAND...: runs COMMAND until it succeeds, or fails after SECONDS.
slurm_wait() {
  local seconds="$1" what="$2" tries=0
  shift 2
  until "$@" >/dev/null 2>&1; do
    tries=$((tries + 1))
    if [ "$tries" -gt $((seconds * 10)) ]; then
      echo "$what did not happen within $seconds s." >&2
      return 1
    fi
    sleep 0.1
  done
}

# slurm_log_tail FILE: the end of a daemon's log, for a failure's message.
slurm_log_tail() {
  echo "--- last lines of $1 ---" >&2
  tail -n 20 "$1" >&2 2>/dev/null || echo "(no log)" >&2
}

slurm_node_names() {
  seq -f "node%g" 1 "$SLURM_NODES"
}

# slurm_write_files: the munge key (once), slurm.conf and the folders. Left as they are while the
# cluster runs, so a second up.sh never changes a running cluster's config under it.
slurm_write_files() {
  if slurm_alive "$SLURMCTLD_PID"; then
    return 0
  fi
  slurm_pick_ports
  mkdir -p "$SLURM_DIR"/{etc,state,run,log,munge}
  for node in $(slurm_node_names); do
    mkdir -p "$SLURM_DIR/spool/$node"
  done
  # munged checks that its folders are not writable by others; clients need to reach its socket.
  chmod 0755 "$SLURM_DIR" "$SLURM_DIR/munge"
  if [ ! -s "$SLURM_DIR/munge/munge.key" ]; then
    dd if=/dev/urandom of="$SLURM_DIR/munge/munge.key" bs=1024 count=1 status=none
  fi
  chmod 0400 "$SLURM_DIR/munge/munge.key"
  local last_port=$((SLURM_PORT + SLURM_NODES))
  cat > "$SLURM_CONF_FILE" <<CONF
# Written by Workbench's deploy/slurm/up.sh: a single-host dev cluster, every file under $SLURM_DIR.
ClusterName=workbench
SlurmctldHost=$(hostname -s)(127.0.0.1)
SlurmctldPort=$SLURM_PORT
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$MUNGE_SOCKET
StateSaveLocation=$SLURM_DIR/state
SlurmdSpoolDir=$SLURM_DIR/spool/%n
SlurmctldPidFile=$SLURMCTLD_PID
SlurmdPidFile=$SLURM_DIR/run/slurmd-%n.pid
SlurmctldLogFile=$SLURM_DIR/log/slurmctld.log
SlurmdLogFile=$SLURM_DIR/log/slurmd-%n.log
SlurmctldDebug=info
SlurmdDebug=info
# Several slurmd on one host may claim more CPUs and memory than it has.
SlurmdParameters=config_overrides
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
# A job without --mem takes this per CPU, not the whole node, so small jobs share nodes.
DefMemPerCPU=256
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
MpiDefault=none
MailProg=/bin/true
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/filetxt
JobCompLoc=$SLURM_DIR/log/jobcomp.log
# Fast: schedule at once on submit, a short kill wait on cancel, finished jobs kept 5 minutes, and
# commands fail within ~5 s when slurmctld is down (they retry a connection for MessageTimeout).
SchedulerType=sched/backfill
SchedulerParameters=batch_sched_delay=0,sched_min_interval=0
KillWait=5
MinJobAge=300
InactiveLimit=0
Waittime=0
MessageTimeout=5
ReturnToService=2
NodeName=node[1-$SLURM_NODES] NodeHostname=localhost NodeAddr=127.0.0.1 Port=[$((SLURM_PORT + 1))-$last_port] CPUs=$SLURM_CPUS RealMemory=$SLURM_MEMORY_MB State=UNKNOWN
PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP
PartitionName=batch Nodes=ALL MaxTime=INFINITE State=UP
CONF
}

slurm_start_munge() {
  if slurm_alive "$MUNGED_PID"; then
    return 0
  fi
  rm -f "$MUNGE_SOCKET" "$MUNGE_SOCKET.lock"
  setsid munged --force --socket="$MUNGE_SOCKET" --key-file="$SLURM_DIR/munge/munge.key" \
    --pid-file="$MUNGED_PID" --log-file="$SLURM_DIR/log/munged.log" --seed-file="$SLURM_DIR/munge/munged.seed" </dev/null 8>&- \
    || { slurm_log_tail "$SLURM_DIR/log/munged.log"; return 1; }
  slurm_wait 10 "munged answering" test -S "$MUNGE_SOCKET" || { slurm_log_tail "$SLURM_DIR/log/munged.log"; return 1; }
}

# The daemons get their own session (setsid): a process-group kill of whoever started them
# (a test runner ending, Ctrl+C) leaves them running.
slurm_start_slurmctld() {
  if ! slurm_alive "$SLURMCTLD_PID"; then
    echo "Starting slurmctld ($(grep '^SlurmctldPort=' "$SLURM_CONF_FILE")) ..."
    setsid slurmctld -f "$SLURM_CONF_FILE" </dev/null >>"$SLURM_DIR/log/slurmctld.log" 2>&1 8>&- \
      || { slurm_log_tail "$SLURM_DIR/log/slurmctld.log"; return 1; }
  fi
  slurm_wait 30 "slurmctld answering" env SLURM_CONF="$SLURM_CONF_FILE" scontrol ping \
    || { slurm_log_tail "$SLURM_DIR/log/slurmctld.log"; return 1; }
}

# slurmrestd on a Unix socket only root may reach (slurmrestd makes the socket itself open to all, so
# its folder is root's alone), authenticating each connection by its peer (rest_auth/local) and
# submitting as root, as sbatch run by root does. It refuses to run as root or
# as SlurmUser (both root here) unless told this is on purpose (SLURMRESTD_SECURITY).
slurm_start_slurmrestd() {
  if ! command -v slurmrestd >/dev/null; then
    echo "slurmrestd is not installed (Debian: slurmrestd): jobs are submitted with sbatch."
    return 0
  fi
  slurm_alive "$SLURMRESTD_PID" && return 0
  rm -f "$SLURMRESTD_SOCKET"
  mkdir -p "$(dirname "$SLURMRESTD_SOCKET")"
  chmod 700 "$(dirname "$SLURMRESTD_SOCKET")"
  (
    umask 077
    SLURMRESTD_SECURITY=disable_user_check setsid slurmrestd -f "$SLURM_CONF_FILE" -a rest_auth/local -s openapi/v0.0.38 \
      "unix:$SLURMRESTD_SOCKET" </dev/null >>"$SLURM_DIR/log/slurmrestd.log" 2>&1 8>&- &
    echo $! >"$SLURMRESTD_PID"
  )
  slurm_wait 10 "slurmrestd listening" test -S "$SLURMRESTD_SOCKET" || { slurm_log_tail "$SLURM_DIR/log/slurmrestd.log"; return 1; }
}

slurm_start_nodes() {
  for node in $(slurm_node_names); do
    if ! slurm_alive "$SLURM_DIR/run/slurmd-$node.pid"; then
      setsid slurmd -f "$SLURM_CONF_FILE" -N "$node" </dev/null >>"$SLURM_DIR/log/slurmd-$node.log" 2>&1 8>&- \
        || { slurm_log_tail "$SLURM_DIR/log/slurmd-$node.log"; return 1; }
    fi
  done
}

slurm_idle_nodes() {
  SLURM_CONF="$SLURM_CONF_FILE" sinfo --noheader --Node --states=idle --format=%N 2>/dev/null | sort -u | wc -l
}

slurm_wait_for_idle_nodes() {
  local tries=0 idle
  while true; do
    idle="$(slurm_idle_nodes)"
    [ "$idle" -ge "$SLURM_NODES" ] && break
    tries=$((tries + 1))
    if [ "$tries" -gt $((SLURM_TIMEOUT * 10)) ]; then
      echo "Only $idle of $SLURM_NODES nodes became idle within $SLURM_TIMEOUT s:" >&2
      SLURM_CONF="$SLURM_CONF_FILE" sinfo --Node --long >&2 || true
      slurm_log_tail "$SLURM_DIR/log/slurmctld.log"
      return 1
    fi
    [ $((tries % 20)) -eq 1 ] && echo "Waiting for the nodes: $idle of $SLURM_NODES idle ..."
    sleep 0.1
  done
  echo "Slurm dev cluster up: $SLURM_NODES nodes idle, partitions debug (default) and batch, files in $SLURM_DIR."
}

# slurm_cancel_all_jobs: so no job's processes outlive the daemons that started them.
slurm_cancel_all_jobs() {
  local jobs
  jobs="$(SLURM_CONF="$SLURM_CONF_FILE" squeue --noheader --format=%A 2>/dev/null)" || return 0
  [ -n "$jobs" ] || return 0
  echo "Cancelling $(echo "$jobs" | wc -l) job(s) ..."
  # shellcheck disable=SC2086
  SLURM_CONF="$SLURM_CONF_FILE" scancel $jobs 2>/dev/null || true
  slurm_wait 30 "every job ending" sh -c "[ -z \"\$(SLURM_CONF='$SLURM_CONF_FILE' squeue --noheader --format=%A --states=PENDING,RUNNING,COMPLETING,CONFIGURING,SUSPENDED)\" ]" || true
}

slurm_stop_all() {
  if slurm_alive "$SLURMCTLD_PID"; then
    slurm_cancel_all_jobs
  fi
  for pidfile in "$SLURM_DIR"/run/slurmd-*.pid; do
    [ -e "$pidfile" ] && slurm_stop "$pidfile" "$(basename "$pidfile" .pid)"
  done
  slurm_stop "$SLURMRESTD_PID" slurmrestd
  slurm_stop "$SLURMCTLD_PID" slurmctld
  slurm_stop "$MUNGED_PID" munged
}
