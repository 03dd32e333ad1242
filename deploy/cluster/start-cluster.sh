#!/usr/bin/env bash
# Starts a local Spark standalone cluster on 127.0.0.1: one Master and N Workers, each a separate JVM,
# built from the Spark jars Maven resolves for this project (no Spark download).
#
#   deploy/cluster/start-cluster.sh N        # N workers; stop with deploy/cluster/stop-cluster.sh
#
# Environment (defaults in brackets):
#   EMBER_CLUSTER_DIR     run dir: pids, logs, work dirs, secret   [target/local-cluster]
#   EMBER_MASTER_PORT     master RPC port                          [7077]
#   EMBER_MASTER_UI_PORT  master web UI; worker i uses this + 1 + i [8080]
#   EMBER_WORKER_CORES    cores per worker                         [1]
#   EMBER_WORKER_MEMORY   memory per worker for executors          [1g]
#   EMBER_CLUSTER_SECURE  1: spark.authenticate + RPC encryption with a generated secret
#                         (RUN_DIR/secret, read by deploy/submit/submit-standalone.sh); 0: open [1]
#   EMBER_START_DEADLINE  seconds to wait for each daemon           [120]
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

WORKERS=${1:-}
if ! [[ "$WORKERS" =~ ^[0-9]+$ ]] || (( WORKERS < 1 || WORKERS > 16 )); then
  die "usage: start-cluster.sh N, with N the number of workers (1 to 16); got '${WORKERS}'"
fi
MASTER_PORT=${EMBER_MASTER_PORT:-7077}
UI_PORT=${EMBER_MASTER_UI_PORT:-8080}
WORKER_CORES=${EMBER_WORKER_CORES:-1}
WORKER_MEMORY=${EMBER_WORKER_MEMORY:-1g}
SECURE=${EMBER_CLUSTER_SECURE:-1}
DEADLINE=${EMBER_START_DEADLINE:-120}

command -v java >/dev/null 2>&1 || die "java not found: install a Java 17 JDK."
command -v mvn >/dev/null 2>&1 || die "mvn not found: install Maven 3.8+."
if [ -f "$RUN_DIR/master.pid" ] && is_spark_process "$(cat "$RUN_DIR/master.pid")" deploy.master.Master; then
  die "a cluster is already running from $RUN_DIR (master pid $(cat "$RUN_DIR/master.pid")); stop it with deploy/cluster/stop-cluster.sh"
fi
if (exec 3<>"/dev/tcp/127.0.0.1/$MASTER_PORT") 2>/dev/null; then
  die "port $MASTER_PORT on 127.0.0.1 is taken; set EMBER_MASTER_PORT to a free port"
fi

mkdir -p "$RUN_DIR/spark-home/jars" "$RUN_DIR/logs" "$RUN_DIR/work"
rm -f "$RUN_DIR"/*.pid

# The Spark runtime classpath, resolved once (and again when the project's pom changes).
CP_FILE="$RUN_DIR/spark.classpath"
if [ ! -s "$CP_FILE" ] || [ "$EMBER_ROOT/pom.xml" -nt "$CP_FILE" ]; then
  echo "start-cluster: resolving the Spark jars with Maven (once)..."
  mvn -B -q -f "$EMBER_ROOT/deploy/cluster/spark-runtime.pom.xml" dependency:build-classpath \
      -Dmdep.includeScope=runtime -Dmdep.outputFile="$CP_FILE" >"$RUN_DIR/logs/maven.log" 2>&1 \
    || { tail -20 "$RUN_DIR/logs/maven.log" >&2; die "Maven could not resolve Spark; the log is $RUN_DIR/logs/maven.log"; }
fi
CLASSPATH_SPARK=$(cat "$CP_FILE")
mapfile -t JVM_FLAGS < <(grep -v -e '^[[:space:]]*$' -e '^[[:space:]]*#' "$EMBER_ROOT/deploy/jvm-options.txt")
JAVA_HOME_DIR=${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}

# Daemon settings. The secret goes in a file only the owner can read, never on a command line.
DAEMON_CONF="$RUN_DIR/daemon.conf"
(
  umask 077
  echo "spark.master.rest.enabled false" > "$DAEMON_CONF"
  if [ "$SECURE" = 1 ]; then
    [ -s "$RUN_DIR/secret" ] || head -c 32 /dev/urandom | base64 | tr -d '\n=' > "$RUN_DIR/secret"
    { echo "spark.authenticate true"
      echo "spark.network.crypto.enabled true"
      echo "spark.authenticate.secret $(cat "$RUN_DIR/secret")"; } >> "$DAEMON_CONF"
  fi
)

# What every daemon and executor JVM needs: SPARK_HOME (its jars/ may be empty because the Worker appends
# SPARK_DIST_CLASSPATH to each executor's -cp), the Scala version (without it every executor launch
# fails and the driver waits forever), loopback only, and libjsig for native OpenCL/BLAS signal handlers.
export SPARK_HOME="$RUN_DIR/spark-home" SPARK_SCALA_VERSION=2.13 SPARK_LOCAL_IP=127.0.0.1
export SPARK_DIST_CLASSPATH="$CLASSPATH_SPARK" OPENBLAS_NUM_THREADS=1
[ -f "$JAVA_HOME_DIR/lib/libjsig.so" ] && export LD_PRELOAD="$JAVA_HOME_DIR/lib/libjsig.so"

STARTED=0
cleanup_on_failure() { [ "$STARTED" = 1 ] || "$EMBER_ROOT/deploy/cluster/stop-cluster.sh" >/dev/null 2>&1 || true; }
trap cleanup_on_failure EXIT

start_daemon() {   # name main-class args...
  local name=$1 class=$2
  shift 2
  nohup java -Xmx512m "${JVM_FLAGS[@]}" -cp "$CLASSPATH_SPARK" "$class" "$@" \
    >"$RUN_DIR/logs/$name.log" 2>&1 </dev/null &
  echo $! > "$RUN_DIR/$name.pid"
}

await_log() {   # name text
  local name=$1 text=$2 pid waited=0
  pid=$(cat "$RUN_DIR/$name.pid")
  until grep -q -- "$text" "$RUN_DIR/logs/$name.log" 2>/dev/null; do
    if ! kill -0 "$pid" 2>/dev/null; then
      tail -20 "$RUN_DIR/logs/$name.log" >&2
      die "$name (pid $pid) exited before logging '$text'; the log is $RUN_DIR/logs/$name.log"
    fi
    if (( waited >= DEADLINE * 2 )); then
      tail -20 "$RUN_DIR/logs/$name.log" >&2
      die "$name did not log '$text' within $DEADLINE s; the log is $RUN_DIR/logs/$name.log"
    fi
    sleep 0.5
    waited=$((waited + 1))
  done
}

MASTER_URL="spark://127.0.0.1:$MASTER_PORT"
start_daemon master org.apache.spark.deploy.master.Master --host 127.0.0.1 --port "$MASTER_PORT" \
  --webui-port "$UI_PORT" --properties-file "$DAEMON_CONF"
await_log master "I have been elected leader"
for ((i = 0; i < WORKERS; i++)); do
  start_daemon "worker-$i" org.apache.spark.deploy.worker.Worker --host 127.0.0.1 \
    --cores "$WORKER_CORES" --memory "$WORKER_MEMORY" --webui-port "$((UI_PORT + 1 + i))" \
    --work-dir "$RUN_DIR/work/worker-$i" --properties-file "$DAEMON_CONF" "$MASTER_URL"
done
for ((i = 0; i < WORKERS; i++)); do
  await_log "worker-$i" "Successfully registered with master"
done
echo "$MASTER_URL" > "$RUN_DIR/master.url"
STARTED=1

echo "Spark standalone cluster: master $MASTER_URL (UI http://127.0.0.1:$UI_PORT), $WORKERS worker(s) of" \
     "$WORKER_CORES core(s) and $WORKER_MEMORY"
[ "$SECURE" = 1 ] && echo "authentication and RPC encryption on; secret in $RUN_DIR/secret"
echo "logs in $RUN_DIR/logs; submit with deploy/submit/submit-standalone.sh; stop with deploy/cluster/stop-cluster.sh"
