#!/usr/bin/env bash
# A real cluster run: starts a one-node Slurm cluster on localhost in a
# temporary directory (Debian's slurm-wlm and munge, installed when missing),
# submits the README's array job (4 shards of `hourglass compare`) and the
# dependent `hourglass merge`, then checks that the merged files are
# byte-identical to a single-machine run: every CSV, summary.json and every
# figure. Not manifest.json (times and the command line) nor report.html
# (it says when the run started, to the minute), which must merely exist.
#
# Everything it starts (munged, slurmctld, slurmd and any job step) runs from
# the temporary directory, with its own slurm.conf, munge key and socket, and
# free ports; on exit, failed or not, it cancels the jobs, stops those
# daemons and removes the directory. Outside it, it only installs packages.
# Needs root (CI and the project's machines run as root).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

N=40      # replications per scenario
SHARDS=4  # array tasks
TIMEOUT=${SLURM_TEST_TIMEOUT:-300} # seconds to wait for the cluster and the jobs
SCENARIOS=(baseline sary-tash-post)

log() { echo "slurm-test: $*"; }
die() { echo "slurm-test: FAIL: $*" >&2; exit 1; }

if [ "$(id -u)" != 0 ]; then
  die "needs root (to run slurmd and install packages)"
fi

# --- packages ---------------------------------------------------------------
missing=0
for c in slurmctld slurmd sbatch squeue sinfo scontrol scancel munged mungekey; do
  command -v "$c" >/dev/null 2>&1 || missing=1
done
if [ "$missing" = 1 ]; then
  command -v apt-get >/dev/null 2>&1 || die "Slurm or munge is missing and there is no apt-get: install Debian's slurm-wlm and munge"
  log "installing slurm-wlm and munge"
  export DEBIAN_FRONTEND=noninteractive
  # Keep the packages' services from starting while installing: the daemons
  # this script needs are started below, from its own directory. A
  # policy-rc.d made here is removed again right after.
  made_policy=0
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
    chmod 755 /usr/sbin/policy-rc.d
    made_policy=1
  fi
  rc=0
  { apt-get -o DPkg::Lock::Timeout=300 update -qq && apt-get -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends slurm-wlm munge >/dev/null; } || rc=$?
  if [ "$made_policy" = 1 ]; then rm -f /usr/sbin/policy-rc.d; fi
  [ "$rc" = 0 ] || die "apt-get install slurm-wlm munge failed ($rc)"
fi
log "$(slurmctld -V), $(munged -V 2>&1 | awk '{print $1; exit}')"

# --- temporary directory and cleanup ------------------------------------------
TMP=$(mktemp -d /tmp/hourglass-slurm.XXXXXX)
chmod 755 "$TMP"
export SLURM_CONF=$TMP/etc/slurm.conf
DAEMONS=() # pids of the daemons started here, last started first on cleanup
JOBS=()    # ids of the jobs submitted here

# procs_in_tmp prints the pids of processes (other than this shell) whose
# working directory or an open file is inside $TMP: job steps left behind.
procs_in_tmp() {
  local p pid l
  for p in /proc/[0-9]*; do
    pid=${p#/proc/}
    [ "$pid" = $$ ] && continue
    [ "$pid" = "$BASHPID" ] && continue
    for l in "$p/cwd" "$p"/fd/*; do
      case "$(readlink "$l" 2>/dev/null)" in
      "$TMP" | "$TMP"/*)
        echo "$pid"
        break
        ;;
      esac
    done
  done
}

cleanup() {
  local status=$? i pid
  set +e
  trap - EXIT INT TERM
  if [ ${#JOBS[@]} -gt 0 ] && squeue -h >/dev/null 2>&1; then
    scancel --quiet "${JOBS[@]}" 2>/dev/null
    for i in $(seq 1 20); do
      [ -z "$(squeue -h -o %i 2>/dev/null)" ] && break
      sleep 0.5
    done
  fi
  for ((i = ${#DAEMONS[@]} - 1; i >= 0; i--)); do
    pid=${DAEMONS[i]}
    kill -TERM "$pid" 2>/dev/null
  done
  for pid in "${DAEMONS[@]}"; do
    for i in $(seq 1 20); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.5
    done
    kill -KILL "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
  done
  for pid in $(procs_in_tmp); do
    echo "slurm-test: killing leftover process $pid: $(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null)" >&2
    kill -KILL "$pid" 2>/dev/null
  done
  sleep 0.2
  rm -rf "$TMP"
  if [ "$status" = 0 ]; then
    log "PASS"
  else
    echo "slurm-test: FAILED (exit $status)" >&2
  fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

show_logs() {
  local f
  for f in "$TMP"/log/* "$TMP"/jobs/*.out; do
    [ -f "$f" ] || continue
    echo "----- ${f#"$TMP"/} (last 40 lines)" >&2
    tail -n 40 "$f" >&2
  done
  if squeue -h >/dev/null 2>&1; then
    echo "----- squeue" >&2
    squeue >&2
    echo "----- jobs" >&2
    scontrol -o show job | tr ' ' '\n' |
      grep -E '^(JobId|ArrayTaskId|JobName|JobState|Reason|Dependency|ExitCode)=' |
      paste -s -d ' ' | sed 's/ JobId=/\nJobId=/g' >&2
  fi
}

# free_port prints a TCP port in 20000-29999 that nothing on localhost
# accepts connections on (and that it has not printed before).
USED_PORTS=""
free_port() {
  local p
  for _ in $(seq 1 100); do
    p=$((20000 + RANDOM % 10000))
    case " $USED_PORTS " in *" $p "*) continue ;; esac
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
      echo "$p"
      return
    fi
  done
  die "no free port found"
}

mkdir -p "$TMP"/{etc,munge,state,spool,run,log,jobs,results}

# --- munge ----------------------------------------------------------------------
mungekey --create --keyfile="$TMP/munge/munge.key" >/dev/null
chmod 600 "$TMP/munge/munge.key"
MUNGE_SOCKET=$TMP/munge/munge.socket.2
munged --foreground --force \
  --socket="$MUNGE_SOCKET" --key-file="$TMP/munge/munge.key" \
  --pid-file="$TMP/munge/munged.pid" --seed-file="$TMP/munge/munged.seed" \
  --log-file="$TMP/log/munged.log" >"$TMP/log/munged.out" 2>&1 &
DAEMONS+=($!)
for _ in $(seq 1 50); do
  [ -S "$MUNGE_SOCKET" ] && break
  kill -0 "${DAEMONS[0]}" 2>/dev/null || { show_logs; die "munged exited"; }
  sleep 0.2
done
[ -S "$MUNGE_SOCKET" ] || { show_logs; die "munged did not create $MUNGE_SOCKET"; }
munge --socket="$MUNGE_SOCKET" -n | unmunge --socket="$MUNGE_SOCKET" >/dev/null ||
  { show_logs; die "munge round trip failed"; }

# --- slurm.conf -------------------------------------------------------------------
# The node as slurmd sees it (CPUs, sockets, cores, threads, RealMemory).
hw=$(slurmd -C | head -n 1)
node_attrs=""
for key in CPUs Boards SocketsPerBoard CoresPerSocket ThreadsPerCore RealMemory; do
  v=$(printf '%s\n' "$hw" | tr ' ' '\n' | sed -n "s/^$key=//p")
  [ -n "$v" ] && node_attrs="$node_attrs $key=$v"
done
select=select/cons_tres
slurm_lib=$(dirname "$(find /usr/lib -name select_cons_tres.so -print -quit 2>/dev/null || true)")
if [ ! -e "$slurm_lib/select_cons_tres.so" ] && [ -n "$(find /usr/lib -name select_cons_res.so -print -quit 2>/dev/null)" ]; then
  select=select/cons_res
fi
CTLD_PORT=$(free_port)
USED_PORTS=$CTLD_PORT
SLURMD_PORT=$(free_port)
: >"$TMP/etc/plugstack.conf"
cat >"$SLURM_CONF" <<EOF
# Written by scripts/slurm-test.sh: a throwaway one-node cluster.
ClusterName=hourglass-ci
SlurmctldHost=localhost
SlurmctldPort=$CTLD_PORT
SlurmdPort=$SLURMD_PORT
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$MUNGE_SOCKET
StateSaveLocation=$TMP/state
SlurmdSpoolDir=$TMP/spool
SlurmctldPidFile=$TMP/run/slurmctld.pid
SlurmdPidFile=$TMP/run/slurmd.pid
SlurmctldLogFile=$TMP/log/slurmctld.log
SlurmdLogFile=$TMP/log/slurmd.log
SlurmctldDebug=info
SlurmdDebug=info
PlugStackConfig=$TMP/etc/plugstack.conf
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MpiDefault=none
SwitchType=switch/none
SchedulerType=sched/backfill
DependencyParameters=kill_invalid_depend
MailProg=/bin/true
SelectType=$select
SelectTypeParameters=CR_Core
ReturnToService=2
MinJobAge=600
NodeName=localhost NodeAddr=127.0.0.1$node_attrs State=UNKNOWN
PartitionName=ci Nodes=localhost Default=YES MaxTime=INFINITE State=UP
EOF

# --- slurmctld and slurmd ---------------------------------------------------------
slurmctld -D -c -f "$SLURM_CONF" >"$TMP/log/slurmctld.out" 2>&1 &
DAEMONS+=($!)
slurmd -D -N localhost -f "$SLURM_CONF" >"$TMP/log/slurmd.out" 2>&1 &
DAEMONS+=($!)

log "waiting for the node (slurmctld :$CTLD_PORT, slurmd :$SLURMD_PORT, $select,$node_attrs)"
start=$SECONDS
state=""
while [ $((SECONDS - start)) -lt "$TIMEOUT" ]; do
  for pid in "${DAEMONS[@]}"; do
    kill -0 "$pid" 2>/dev/null || { show_logs; die "a daemon exited (pid $pid)"; }
  done
  state=$(sinfo -h -n localhost -o %t 2>/dev/null || true)
  [ "$state" = idle ] && break
  sleep 1
done
[ "$state" = idle ] || { show_logs; die "node not idle after ${TIMEOUT}s (state: '${state}')"; }
log "node idle after $((SECONDS - start))s"

# --- the hourglass binary -----------------------------------------------------------
HG=$TMP/hourglass
go build -o "$HG" ./cmd/hourglass
RESULTS=$TMP/results

# --- the README's array job, then the dependent merge --------------------------------
cat >"$TMP/jobs/shards.sh" <<EOF
#!/bin/bash
#SBATCH --array=0-$((SHARDS - 1))
#SBATCH --cpus-per-task=1
#SBATCH --output=$TMP/jobs/shard-%a.out
set -euo pipefail
echo "task \$SLURM_ARRAY_TASK_ID of \$SLURM_ARRAY_TASK_COUNT on \$(hostname)"
"$HG" compare -n $N --seed 7 -j "\$SLURM_CPUS_PER_TASK" --quiet \\
  --out "$RESULTS/shard-\$SLURM_ARRAY_TASK_ID" ${SCENARIOS[*]}
EOF
cd "$TMP/jobs"
array_id=$(sbatch --parsable "$TMP/jobs/shards.sh")
array_id=${array_id%%;*}
JOBS+=("$array_id")
merge_id=$(sbatch --parsable --dependency="afterok:$array_id" --output="$TMP/jobs/merge.out" \
  --wrap "\"$HG\" merge --out \"$RESULTS/merged\" \"$RESULTS\"/shard-*")
merge_id=${merge_id%%;*}
JOBS+=("$merge_id")
cd "$ROOT"
log "submitted array job $array_id ($SHARDS tasks) and merge job $merge_id (afterok:$array_id)"

# Wait until neither job is in the queue any more.
start=$SECONDS
while [ -n "$(squeue -h -j "$array_id,$merge_id" -o %i 2>/dev/null)" ]; do
  if [ $((SECONDS - start)) -ge "$TIMEOUT" ]; then
    show_logs
    die "jobs not finished after ${TIMEOUT}s"
  fi
  sleep 1
done
log "jobs left the queue after $((SECONDS - start))s"

# Every array task and the merge must have COMPLETED with exit code 0:0.
# One line per job: "<name> <state> <exit code>", the array tasks as
# "<array job>_<task>".
states=$({ scontrol -o show job "$array_id"; scontrol -o show job "$merge_id"; } | awk '
  {
    id = ""; task = ""; state = ""; code = ""
    for (i = 1; i <= NF; i++) {
      split($i, kv, "=")
      if (kv[1] == "JobId") id = kv[2]
      else if (kv[1] == "ArrayJobId") id = kv[2]
      else if (kv[1] == "ArrayTaskId") task = "_" kv[2]
      else if (kv[1] == "JobState") state = kv[2]
      else if (kv[1] == "ExitCode") code = kv[2]
    }
    if (id != "") print id task, state, code
  }' | LC_ALL=C sort)
printf '%s\n' "$states" | sed 's/^/slurm-test:   job /'
count=$(printf '%s\n' "$states" | grep -c . || true)
ok=$(printf '%s\n' "$states" | grep -c ' COMPLETED 0:0$' || true)
if [ "$count" != $((SHARDS + 1)) ] || [ "$ok" != "$count" ]; then
  show_logs
  die "want $SHARDS array tasks and the merge COMPLETED with exit 0:0"
fi

# Each array task ran its own shard (Slurm set SLURM_ARRAY_TASK_COUNT).
for i in $(seq 0 $((SHARDS - 1))); do
  grep -q "\"shard\": \"$i/$SHARDS\"" "$RESULTS/shard-$i/manifest.json" ||
    { show_logs; die "shard-$i/manifest.json does not say shard $i/$SHARDS"; }
done

# --- the same comparison on one machine, and the byte-for-byte check -----------------
"$HG" compare -n $N --seed 7 --quiet --out "$TMP/single" "${SCENARIOS[@]}" >/dev/null

list() { (cd "$1" && find . -type f ! -name manifest.json ! -name .hourglass.lock | sed 's|^\./||' | LC_ALL=C sort); }
list "$TMP/single" >"$TMP/single.files"
list "$RESULTS/merged" >"$TMP/merged.files"
if ! diff -u "$TMP/single.files" "$TMP/merged.files" >"$TMP/files.diff"; then
  cat "$TMP/files.diff" >&2
  die "the merged run and the single-machine run wrote different sets of files"
fi
for f in runs.csv summary.csv breakdown.csv segment_flows.csv summary.json sources.csv; do
  grep -qx "$f" "$TMP/single.files" || die "the single-machine run wrote no $f"
done
different=0
data=0
total=0
while read -r f; do
  case "$f" in
  report.html) continue ;; # holds the start time: not compared
  *.csv | *.json) data=$((data + 1)) ;;
  esac
  total=$((total + 1))
  if ! cmp "$TMP/single/$f" "$RESULTS/merged/$f"; then
    different=$((different + 1))
  fi
done <"$TMP/single.files"
if [ "$different" != 0 ]; then
  die "$different of $total files differ between the merged Slurm run and the single-machine run"
fi
log "$total files ($data CSV/JSON, $((total - data)) figures) are byte-identical between the merged Slurm run and the single-machine run (manifest.json and report.html not compared)"
