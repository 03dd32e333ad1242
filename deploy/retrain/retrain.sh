#!/usr/bin/env bash
# Scheduled retraining: warm-start from the model that OUTPUT/LATEST names and write a new version.
#
# Usage: deploy/retrain/retrain.sh JOB.yaml OUTPUT [--set key=value ...]
#
# Runs `ember train JOB.yaml --set output=OUTPUT --set output_mode=versioned
# --set training.init_from=OUTPUT/<LATEST>` (no init_from on the very first run, when there is no
# LATEST yet) and exits with Ember's exit code: 0 ok, 1 internal error, 2 bad config or data,
# 3 diverged, 4 Spark or file-system failure (also: another retraining of OUTPUT is still running).
#
# Environment:
#   EMBER_LAUNCHER       what runs `train ...` (default: the repository's ./ember, embedded local
#                        Spark); e.g. deploy/submit/submit-yarn.sh for a cluster in client mode
#   EMBER_RETRAIN_LOCK   lock file that keeps two runs for the same OUTPUT apart
#                        (default: /tmp/ember-retrain-<hash of OUTPUT>.lock)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
LAUNCHER="${EMBER_LAUNCHER:-$ROOT/ember}"

if [ $# -lt 2 ]; then
  echo "usage: $0 JOB.yaml OUTPUT [--set key=value ...]" >&2
  exit 2
fi
job="$1"
output="${2%/}"
shift 2
[ -f "$job" ] || { echo "retrain: job file $job does not exist" >&2; exit 2; }

# LATEST holds one line, the name of the newest complete version (v-<UTC timestamp>).
read_latest() {
  case "$output" in
    file:*) local path="${output#file:}"; [ -f "$path/LATEST" ] && cat "$path/LATEST" ;;
    *://*) hadoop fs -test -e "$output/LATEST" && hadoop fs -cat "$output/LATEST" ;;
    *) [ -f "$output/LATEST" ] && cat "$output/LATEST" ;;
  esac
  return 0
}

case "$output" in
  file:*) ;;
  *://*) command -v hadoop >/dev/null 2>&1 \
           || { echo "retrain: reading $output/LATEST needs the hadoop command on PATH" >&2; exit 2; } ;;
esac

lock="${EMBER_RETRAIN_LOCK:-/tmp/ember-retrain-$(printf '%s' "$output" | cksum | cut -d' ' -f1).lock}"
exec 9>"$lock"
if ! flock -n 9; then
  echo "retrain: another retraining of $output is running (lock $lock); not starting a second one" >&2
  exit 4
fi

latest="$(read_latest | head -n 1 | tr -d '[:space:]')"
args=(train "$job" --set "output=$output" --set output_mode=versioned)
if [ -n "$latest" ]; then
  echo "retrain: $(date -u +%FT%TZ) warm start from $output/$latest"
  args+=(--set "training.init_from=$output/$latest")
else
  echo "retrain: $(date -u +%FT%TZ) no $output/LATEST yet: training from scratch"
fi

# exec keeps the lock (fd 9) held by the training JVM and hands its exit code to the scheduler.
exec "$LAUNCHER" "${args[@]}" "$@"
