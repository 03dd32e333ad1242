# Shared by the submit-*.sh wrappers (sourced, not run): the app jar, spark-submit, and the settings
# every Ember job needs whatever the cluster manager.
# shellcheck shell=bash disable=SC2034  # the variables set here are used by the sourcing scripts

EMBER_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)

die() { echo "$(basename "$0"): $*" >&2; exit 2; }

# Splits "$@" at "--": SUBMIT_OPTS (extra spark-submit options) and EMBER_ARGS (train/predict/evaluate ...).
split_args() {
  SUBMIT_OPTS=()
  EMBER_ARGS=()
  local seen=0 arg
  for arg in "$@"; do
    if [ "$seen" = 0 ] && [ "$arg" = "--" ]; then seen=1; continue; fi
    if [ "$seen" = 1 ]; then EMBER_ARGS+=("$arg"); else SUBMIT_OPTS+=("$arg"); fi
  done
  if [ "$seen" = 0 ]; then EMBER_ARGS=("${SUBMIT_OPTS[@]}"); SUBMIT_OPTS=(); fi
  [ "${#EMBER_ARGS[@]}" -gt 0 ] || die "no Ember command given; usage: $(basename "$0") [spark-submit options --] train CONFIG.yaml [--set key=value ...]"
}

# SPARK_SUBMIT: a real installation's bin/spark-submit, or else the Spark jars that
# deploy/cluster/start-cluster.sh resolved with Maven, run as a plain JVM.
find_spark_submit() {
  if [ -n "${SPARK_HOME:-}" ] && [ -x "$SPARK_HOME/bin/spark-submit" ]; then
    SPARK_SUBMIT=("$SPARK_HOME/bin/spark-submit")
    return
  fi
  local cp_file="${EMBER_CLUSTER_DIR:-$EMBER_ROOT/target/local-cluster}/spark.classpath"
  [ -s "$cp_file" ] || die "no spark-submit: set SPARK_HOME to a Spark 4.1 (Scala 2.13) installation, or run deploy/cluster/start-cluster.sh once to resolve Spark with Maven"
  local flags
  mapfile -t flags < <(grep -v -e '^[[:space:]]*$' -e '^[[:space:]]*#' "$EMBER_ROOT/deploy/jvm-options.txt")
  SPARK_SUBMIT=(java "-Xmx${EMBER_DRIVER_MEMORY:-2g}" "${flags[@]}" -cp "$(cat "$cp_file")" org.apache.spark.deploy.SparkSubmit)
}

# APP_JAR: the shaded application jar (examples/target/ember-app.jar unless EMBER_APP_JAR says otherwise).
find_app_jar() {
  APP_JAR=${EMBER_APP_JAR:-$EMBER_ROOT/examples/target/ember-app.jar}
  case "$APP_JAR" in
    local:*|hdfs:*|s3a:*|https:*) return ;;   # already where the cluster can fetch it
  esac
  [ -f "$APP_JAR" ] || die "the application jar $APP_JAR does not exist; build it with: mvn -B package -DskipTests"
}

# PROPS_FILE: deploy/conf/spark-defaults.conf plus, when given, the shared secret, in a private temporary
# file (removed on exit) so the secret never appears on a command line.
write_properties() {   # [secret-file]
  local secret_file=${1:-}
  PROPS_FILE=$(mktemp "${TMPDIR:-/tmp}/ember-submit.XXXXXX.conf")
  chmod 600 "$PROPS_FILE"
  trap 'rm -f "$PROPS_FILE"' EXIT
  cat "${EMBER_SPARK_DEFAULTS:-$EMBER_ROOT/deploy/conf/spark-defaults.conf}" > "$PROPS_FILE"
  if [ -n "$secret_file" ]; then
    [ -r "$secret_file" ] || die "cannot read the cluster secret file $secret_file"
    printf '\nspark.authenticate.secret %s\n' "$(cat "$secret_file")" >> "$PROPS_FILE"
  fi
  local log_dir
  log_dir=$(awk '$1 == "spark.eventLog.dir" {print $2}' "$PROPS_FILE" | tail -1)
  case "$log_dir" in file://*) mkdir -p "${log_dir#file://}" ;; esac
}

# COMMON_CONF: executor size, task slots, GPUs, and the executors' environment.
#   EMBER_EXECUTOR_CORES [4]   EMBER_EXECUTOR_MEMORY [4g]   EMBER_TASK_CPUS [1]
#   EMBER_GPUS_PER_EXECUTOR [0]: >0 asks the cluster manager for GPUs; each task then gets
#     EMBER_TASK_GPU_AMOUNT [1] of one (0.25 = four tasks share a GPU);
#     EMBER_GPU_DISCOVERY_SCRIPT: the script that lists an executor's GPUs (standalone and YARN)
#   EMBER_EXECUTOR_JAVA_HOME: the JDK on the executor hosts [this machine's]
local_java_home() {
  echo "${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}"
}

common_conf() {
  local java_home=${EMBER_EXECUTOR_JAVA_HOME:-$(local_java_home)}
  COMMON_CONF=(
    --conf "spark.executor.cores=${EMBER_EXECUTOR_CORES:-4}"
    --conf "spark.executor.memory=${EMBER_EXECUTOR_MEMORY:-4g}"
    --conf "spark.task.cpus=${EMBER_TASK_CPUS:-1}"
    # Signal chaining: OpenCL drivers (PoCL's LLVM) and OpenBLAS install signal handlers that would
    # otherwise replace the JVM's and crash it; libjsig lets both coexist.
    --conf "spark.executorEnv.LD_PRELOAD=$java_home/lib/libjsig.so"
    # Spark already runs one task per core: a BLAS thread pool per task would oversubscribe them.
    --conf "spark.executorEnv.OPENBLAS_NUM_THREADS=1"
    --conf "spark.executorEnv.POCL_CACHE_DIR=/tmp/ember-pocl-cache"
  )
  local gpus=${EMBER_GPUS_PER_EXECUTOR:-0}
  if [ "$gpus" != 0 ]; then
    COMMON_CONF+=(--conf "spark.executor.resource.gpu.amount=$gpus"
                  --conf "spark.task.resource.gpu.amount=${EMBER_TASK_GPU_AMOUNT:-1}")
    [ -n "${EMBER_GPU_DISCOVERY_SCRIPT:-}" ] \
      && COMMON_CONF+=(--conf "spark.executor.resource.gpu.discoveryScript=$EMBER_GPU_DISCOVERY_SCRIPT")
  fi
  # A client-mode driver is a JVM on this machine, started by spark-submit: same environment.
  local jsig
  jsig="$(local_java_home)/lib/libjsig.so"
  if [ -f "$jsig" ]; then export LD_PRELOAD="$jsig"; fi
  export OPENBLAS_NUM_THREADS=1
}

# In cluster deploy mode the driver runs elsewhere: ship `train CONFIG.yaml` with --files and pass its
# file name (the cluster manager puts shipped files in the driver's working directory).
ship_train_config() {   # deploy-mode
  SHIP_OPTS=()
  if [ "$1" = cluster ] && [ "${EMBER_ARGS[0]:-}" = train ] && [ -f "${EMBER_ARGS[1]:-}" ]; then
    SHIP_OPTS=(--files "$(readlink -f "${EMBER_ARGS[1]}")")
    EMBER_ARGS[1]=$(basename "${EMBER_ARGS[1]}")
  fi
}

# EVENT_LOG_OPTS: the event log goes to EMBER_EVENT_LOG_DIR (e.g. hdfs:///spark-events, which must exist).
# Without it, a driver running elsewhere (cluster deploy mode) would fail at start on a missing local
# /tmp/spark-events, so the event log is turned off there, with a note.
event_log_conf() {   # deploy-mode
  EVENT_LOG_OPTS=()
  if [ -n "${EMBER_EVENT_LOG_DIR:-}" ]; then
    EVENT_LOG_OPTS=(--conf "spark.eventLog.dir=$EMBER_EVENT_LOG_DIR")
  elif [ "$1" = cluster ]; then
    echo "$(basename "$0"): note: event log off; set EMBER_EVENT_LOG_DIR (e.g. hdfs:///spark-events) to keep one" >&2
    EVENT_LOG_OPTS=(--conf spark.eventLog.enabled=false)
  fi
}

# Runs spark-submit as a child (not exec) so the EXIT trap removes the properties file, and exits with
# its code: in client mode that is Ember's own (0 ok, 1 internal, 2 bad input, 3 diverged, 4 infrastructure).
run_submit() {
  local code=0
  "${SPARK_SUBMIT[@]}" "$@" || code=$?
  exit "$code"
}
