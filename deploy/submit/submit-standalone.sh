#!/usr/bin/env bash
# Submits an Ember job (examples/target/ember-app.jar) to a Spark standalone cluster.
#
#   deploy/submit/submit-standalone.sh [spark-submit options --] train CONFIG.yaml [--set key=value ...]
#
# Environment (defaults in brackets; executor size, GPUs and the rest: see common.sh):
#   EMBER_MASTER             spark://host:7077     [the local cluster of deploy/cluster/start-cluster.sh]
#   EMBER_DEPLOY_MODE        client | cluster      [client: the driver runs here and its exit code is
#                            Ember's; in cluster mode spark-submit does not report the job's exit code]
#   EMBER_SPARK_SECRET_FILE  the cluster's shared spark.authenticate secret (the Master and Workers
#                            must have been started with it)   [the local cluster's secret]
#   EMBER_INSECURE=1         talk to a cluster started without authentication (not for production)
#   EMBER_EVENT_LOG_DIR      spark.eventLog.dir   [file:///tmp/spark-events in client mode, off in cluster mode]
#   EMBER_TOTAL_CORES        spark.cores.max: cores this job takes from the cluster   [all]
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

split_args "$@"
RUN_DIR=${EMBER_CLUSTER_DIR:-$EMBER_ROOT/target/local-cluster}
LOCAL_MASTER=$(cat "$RUN_DIR/master.url" 2>/dev/null || true)
MASTER=${EMBER_MASTER:-$LOCAL_MASTER}
[ -n "$MASTER" ] || die "no master: set EMBER_MASTER=spark://host:7077, or start a local cluster with deploy/cluster/start-cluster.sh N"
[[ "$MASTER" == spark://* ]] || die "EMBER_MASTER must be a spark:// URL, got '$MASTER'"
MODE=${EMBER_DEPLOY_MODE:-client}

SECRET_FILE=${EMBER_SPARK_SECRET_FILE:-}
if [ -z "$SECRET_FILE" ] && [ "$MASTER" = "$LOCAL_MASTER" ] && [ -f "$RUN_DIR/secret" ]; then
  SECRET_FILE="$RUN_DIR/secret"
fi
if [ -z "$SECRET_FILE" ] && [ "${EMBER_INSECURE:-0}" != 1 ]; then
  die "a standalone cluster authenticates with a shared secret: set EMBER_SPARK_SECRET_FILE to the file holding it (or EMBER_INSECURE=1 for a cluster started without authentication)"
fi

find_spark_submit
find_app_jar
write_properties "$SECRET_FILE"
if [ "${EMBER_INSECURE:-0}" = 1 ] && [ -z "$SECRET_FILE" ]; then
  printf 'spark.authenticate false\nspark.network.crypto.enabled false\n' >> "$PROPS_FILE"
fi
common_conf
event_log_conf "$MODE"
ship_train_config "$MODE"
EXTRA=()
[ -n "${EMBER_TOTAL_CORES:-}" ] && EXTRA+=(--conf "spark.cores.max=$EMBER_TOTAL_CORES")

run_submit --master "$MASTER" --deploy-mode "$MODE" --class "${EMBER_MAIN_CLASS:-dev.ember.driver.cli.Main}" \
  --driver-memory "${EMBER_DRIVER_MEMORY:-2g}" --properties-file "$PROPS_FILE" \
  "${COMMON_CONF[@]}" "${EVENT_LOG_OPTS[@]}" "${EXTRA[@]}" "${SHIP_OPTS[@]}" "${SUBMIT_OPTS[@]}" "$APP_JAR" "${EMBER_ARGS[@]}"
