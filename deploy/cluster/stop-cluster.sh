#!/usr/bin/env bash
# Stops the local cluster that start-cluster.sh started: Workers first (each kills its executors on
# SIGTERM), then the Master. Only the pids recorded in the run dir are touched, and only while they
# still run the Spark class they were started with.
#
#   deploy/cluster/stop-cluster.sh           # EMBER_CLUSTER_DIR selects the run dir, as for start
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

GRACE=${EMBER_STOP_GRACE:-15}

stop_one() {   # pid-file class
  local file=$1 class=$2 pid children waited=0
  pid=$(cat "$file")
  if ! is_spark_process "$pid" "$class"; then
    rm -f "$file"
    return 0
  fi
  children=$(pgrep -P "$pid" || true)
  kill -TERM "$pid" 2>/dev/null || true
  while kill -0 "$pid" 2>/dev/null && (( waited < GRACE * 2 )); do
    sleep 0.5
    waited=$((waited + 1))
  done
  if kill -0 "$pid" 2>/dev/null; then
    echo "stop-cluster: $(basename "$file" .pid) (pid $pid) ignored SIGTERM for $GRACE s; sending SIGKILL" >&2
    kill -KILL "$pid" 2>/dev/null || true
  fi
  for child in $children; do
    if is_spark_process "$child" CoarseGrainedExecutorBackend; then kill -KILL "$child" 2>/dev/null || true; fi
  done
  rm -f "$file"
  echo "stop-cluster: stopped $(basename "$file" .pid) (pid $pid)"
}

[ -d "$RUN_DIR" ] || die "no cluster run dir at $RUN_DIR (set EMBER_CLUSTER_DIR if it was started elsewhere)"
shopt -s nullglob
stopped=0
for file in "$RUN_DIR"/worker-*.pid; do
  stop_one "$file" deploy.worker.Worker
  stopped=1
done
if [ -f "$RUN_DIR/master.pid" ]; then
  stop_one "$RUN_DIR/master.pid" deploy.master.Master
  stopped=1
fi
rm -f "$RUN_DIR/master.url"
[ "$stopped" = 1 ] || echo "stop-cluster: nothing was running from $RUN_DIR"
