#!/usr/bin/env bash
# npm run test:slurm — a real batch system: start a one-node Slurm cluster on localhost (Debian's
# slurm-wlm and munge, as root), submit a K = 4 job array of shards (docs/cluster.md), merge the
# parts, and check that the merged output is the single-process run's, byte for byte. Every
# daemon it starts (its own munged on a private socket, slurmctld, slurmd) is stopped on exit.
# Needs: root, `apt-get install -y slurm-wlm munge`, a built package (npm run build).
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
cli="node $repo/dist/cli/main.js"
K=4

[ "$(id -u)" -eq 0 ] || { echo "test:slurm: must run as root (it starts munged, slurmctld and slurmd)" >&2; exit 1; }
for b in munged slurmctld slurmd sbatch sinfo; do
  command -v "$b" >/dev/null || [ -x "/usr/sbin/$b" ] || { echo "test:slurm: $b not found: apt-get install -y slurm-wlm munge" >&2; exit 1; }
done
[ -f "$repo/dist/cli/main.js" ] || { echo "test:slurm: run npm run build first" >&2; exit 1; }

work="$(mktemp -d /tmp/rd-slurm.XXXXXX)"
chmod 755 "$work"
pids=()
cleanup() {
  local code=$?
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  done
  if [ "$code" -ne 0 ]; then
    echo "test:slurm: FAILED (logs below)" >&2
    for f in "$work"/*.log "$work"/out-*.txt; do [ -f "$f" ] && { echo "== $f" >&2; tail -20 "$f" >&2; }; done
  fi
  rm -rf "$work"
  exit "$code"
}
trap cleanup EXIT INT TERM

host="$(hostname)"
# Ports of our own, so that another Slurm on the machine is not disturbed.
base=$((20000 + ($$ % 5000) * 2))

# munged as the munge user, on a private socket (the package created /etc/munge/munge.key).
install -d -o munge -g munge -m 755 "$work/munge"
runuser -u munge -- /usr/sbin/munged --foreground --socket="$work/munge/munge.socket" \
  --pid-file="$work/munge/munged.pid" --log-file="$work/munge/munged.log" --seed-file="$work/munge/seed" >"$work/munged.out.log" 2>&1 &
pids+=($!)
for _ in $(seq 50); do [ -S "$work/munge/munge.socket" ] && break; sleep 0.1; done
[ -S "$work/munge/munge.socket" ] || { echo "test:slurm: munged did not start" >&2; exit 1; }

mkdir -p "$work/state" "$work/spool"
export SLURM_CONF="$work/slurm.conf"
cat > "$SLURM_CONF" <<CONF
ClusterName=rdtest
SlurmctldHost=$host
SlurmctldPort=$base
SlurmdPort=$((base + 1))
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$work/munge/munge.socket
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
MpiDefault=none
ReturnToService=2
StateSaveLocation=$work/state
SlurmdSpoolDir=$work/spool
SlurmctldPidFile=$work/slurmctld.pid
SlurmdPidFile=$work/slurmd.pid
SlurmctldLogFile=$work/slurmctld.log
SlurmdLogFile=$work/slurmd.log
JobCompType=jobcomp/none
AccountingStorageType=accounting_storage/none
NodeName=$host CPUs=$(nproc) State=UNKNOWN
PartitionName=debug Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF

/usr/sbin/slurmctld -D -i -f "$SLURM_CONF" >"$work/slurmctld.out.log" 2>&1 &
pids+=($!)
/usr/sbin/slurmd -D -f "$SLURM_CONF" >"$work/slurmd.out.log" 2>&1 &
pids+=($!)
up=0
for _ in $(seq 120); do
  if sinfo -h -o '%T' 2>/dev/null | grep -qE '^(idle|mixed|allocated)'; then up=1; break; fi
  sleep 0.5
done
[ "$up" -eq 1 ] || { echo "test:slurm: the node did not come up: $(sinfo 2>&1 | tr '\n' ' ')" >&2; exit 1; }
echo "test:slurm: one-node cluster up ($host, ports $base/$((base + 1)))"

# The job: every array task runs its shard of two runs (mc and curve --mc), as docs/cluster.md.
mc=(mc --spectrum powerlaw:d=48,k=1 --N 24 --abar 0.5 --eps 1e-3 --draws 22 --seed 7 --json)
curve=(curve --spectrum powerlaw:d=32,k=1 --N 8,32,128 --abar 0.5 --measure all --mc 10 --seed 3 --csv)
cat > "$work/job.sh" <<JOB
#!/usr/bin/env bash
set -euo pipefail
$cli ${mc[*]} --shard auto --shard-out $work/mc-\$SLURM_ARRAY_TASK_ID.json
$cli ${curve[*]} --shard auto/$K --shard-out $work/curve-\$SLURM_ARRAY_TASK_ID.json
JOB
chmod +x "$work/job.sh"
start=$(date +%s)
job=$(sbatch --parsable --wait --array=0-$((K - 1)) --output="$work/out-%a.txt" --chdir="$work" "$work/job.sh") || {
  echo "test:slurm: the job array failed" >&2; exit 1; }
echo "test:slurm: job array $job (K = $K) finished in $(($(date +%s) - start)) s"

fail=0
check() {
  local name=$1; shift
  local whole merged
  whole=$($cli "$@")
  merged=$($cli merge "$work/$name"-*.json)
  if [ "$whole" == "$merged" ] && [ -n "$whole" ]; then echo "test:slurm: $name: merged $K shards == single process, byte for byte"; else
    echo "test:slurm: $name: the merged output differs from the single-process run" >&2
    diff <(echo "$whole") <(echo "$merged") >&2 || true
    fail=1
  fi
}
check mc "${mc[@]}"
check curve "${curve[@]}"
# A missing shard is refused with one line naming it.
rm "$work/mc-2.json"
if msg=$($cli merge "$work"/mc-*.json 2>&1); then echo "test:slurm: merge accepted a missing shard" >&2; fail=1; else
  echo "$msg" | grep -q 'missing shards 2 of 4' || { echo "test:slurm: unexpected refusal: $msg" >&2; fail=1; }
fi
[ "$fail" -eq 0 ] && echo "test:slurm: passed"
exit "$fail"
