# Shared by start-cluster.sh and stop-cluster.sh (sourced, not run). Where the local cluster lives.
# shellcheck shell=bash disable=SC2034  # the variables set here are used by the sourcing scripts

EMBER_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
RUN_DIR=${EMBER_CLUSTER_DIR:-$EMBER_ROOT/target/local-cluster}

die() { echo "$(basename "$0"): $*" >&2; exit 2; }

# True if pid $1 is alive and is a JVM running Spark class $2 (pids are reused, so check the command).
is_spark_process() {
  local pid=$1 class=$2
  [ -r "/proc/$pid/cmdline" ] && tr '\0' ' ' < "/proc/$pid/cmdline" | grep -q -- "$class"
}
