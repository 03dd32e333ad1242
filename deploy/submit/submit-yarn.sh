#!/usr/bin/env bash
# Submits an Ember job (examples/target/ember-app.jar) to YARN.
#
#   deploy/submit/submit-yarn.sh [spark-submit options --] train CONFIG.yaml [--set key=value ...]
#
# Needs SPARK_HOME (a Spark 4.1, Scala 2.13 installation) and HADOOP_CONF_DIR or YARN_CONF_DIR.
# YARN generates a per-application spark.authenticate secret; keep YARN RPC encryption on so that it
# travels encrypted. Environment (defaults in brackets; executor size and GPUs: see common.sh):
#   EMBER_DEPLOY_MODE    cluster | client   [cluster: the driver runs in the YARN application master; a
#                        local CONFIG.yaml is shipped with --files. Only client mode returns Ember's exit code]
#   EMBER_EXECUTORS      spark.executor.instances                     [2]
#   EMBER_YARN_QUEUE     the YARN queue                               [default]
#   EMBER_EVENT_LOG_DIR  spark.eventLog.dir, e.g. hdfs:///spark-events (must exist)  [off in cluster mode]
# GPUs: YARN must schedule the yarn.io/gpu resource (Hadoop 3.1+ GPU isolation) and every node needs the
# OpenCL ICD loader (libOpenCL.so.1) plus the vendor's ICD file in /etc/OpenCL/vendors.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

split_args "$@"
[ -n "${HADOOP_CONF_DIR:-}${YARN_CONF_DIR:-}" ] || die "set HADOOP_CONF_DIR (or YARN_CONF_DIR) to the directory with yarn-site.xml"
MODE=${EMBER_DEPLOY_MODE:-cluster}
[ "$MODE" = cluster ] || [ "$MODE" = client ] || die "EMBER_DEPLOY_MODE must be cluster or client, got '$MODE'"

find_spark_submit
find_app_jar
write_properties ""   # no shared secret: the cluster manager generates one per application
common_conf
event_log_conf "$MODE"
ship_train_config "$MODE"
JSIG="${EMBER_EXECUTOR_JAVA_HOME:-$(local_java_home)}/lib/libjsig.so"
EXTRA=(
  --conf "spark.executor.instances=${EMBER_EXECUTORS:-2}"
  # In cluster mode the driver lives in the application master container: same environment.
  --conf "spark.yarn.appMasterEnv.LD_PRELOAD=$JSIG"
  --conf "spark.yarn.appMasterEnv.OPENBLAS_NUM_THREADS=1"
  # A failed training run should fail the scheduler's task, not silently start over.
  --conf "spark.yarn.maxAppAttempts=1"
  --queue "${EMBER_YARN_QUEUE:-default}"
)

run_submit --master yarn --deploy-mode "$MODE" --class "${EMBER_MAIN_CLASS:-dev.ember.driver.cli.Main}" \
  --driver-memory "${EMBER_DRIVER_MEMORY:-2g}" --properties-file "$PROPS_FILE" \
  "${COMMON_CONF[@]}" "${EVENT_LOG_OPTS[@]}" "${EXTRA[@]}" "${SHIP_OPTS[@]}" "${SUBMIT_OPTS[@]}" "$APP_JAR" "${EMBER_ARGS[@]}"
