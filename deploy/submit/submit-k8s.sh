#!/usr/bin/env bash
# Submits an Ember job to Kubernetes (cluster deploy mode: driver and executors are pods).
#
#   deploy/submit/submit-k8s.sh [spark-submit options --] train CONFIG.yaml [--set key=value ...]
#
# Needs SPARK_HOME (Spark 4.1, Scala 2.13) and an image with Spark 4.1, Java 17, the OpenCL ICD loader
# (ocl-icd-libopencl1) and an OpenCL driver: PoCL for CPU-only nodes; on GPU nodes the NVIDIA container
# toolkit mounts the vendor's ICD when NVIDIA_DRIVER_CAPABILITIES includes "compute".
# Spark generates a per-application spark.authenticate secret and passes it to executor pods as an
# environment variable: restrict who may read pods in the namespace.
# Environment (defaults in brackets; executor size and GPUs: see common.sh):
#   EMBER_K8S_MASTER          k8s://https://<api-server>:<port>                          [required]
#   EMBER_IMAGE               the container image                                        [required]
#   EMBER_K8S_NAMESPACE       [default]    EMBER_K8S_SERVICE_ACCOUNT  the driver's account [spark]
#   EMBER_EXECUTORS           spark.executor.instances                                   [2]
#   EMBER_APP_JAR             the app jar as the pods see it    [local:///opt/ember/ember-app.jar]
#   EMBER_K8S_UPLOAD_PATH     an hdfs:// or s3a:// dir: upload a local app jar and CONFIG.yaml there
#   EMBER_EXECUTOR_JAVA_HOME  the JDK inside the image           [/opt/java/openjdk, as in apache/spark]
#   EMBER_EVENT_LOG_DIR       spark.eventLog.dir the driver pod can write, e.g. s3a://bucket/spark-events [off]
#   EMBER_GPU_VENDOR          the device plugin's resource vendor when EMBER_GPUS_PER_EXECUTOR > 0 [nvidia.com]
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

split_args "$@"
MASTER=${EMBER_K8S_MASTER:-}
[[ "$MASTER" == k8s://* ]] || die "set EMBER_K8S_MASTER to k8s://https://<api-server>:<port>, got '$MASTER'"
[ -n "${EMBER_IMAGE:-}" ] || die "set EMBER_IMAGE to an image with Spark 4.1, Java 17 and an OpenCL ICD loader"
[ -n "${SPARK_HOME:-}" ] || die "set SPARK_HOME to a Spark 4.1 (Scala 2.13) installation: Kubernetes submission needs its bin/spark-submit"
export EMBER_EXECUTOR_JAVA_HOME=${EMBER_EXECUTOR_JAVA_HOME:-/opt/java/openjdk}
EMBER_APP_JAR=${EMBER_APP_JAR:-local:///opt/ember/ember-app.jar}

find_spark_submit
find_app_jar
write_properties ""   # no shared secret: the cluster manager generates one per application
common_conf
event_log_conf cluster
EXTRA=(
  --conf "spark.kubernetes.container.image=$EMBER_IMAGE"
  --conf "spark.kubernetes.namespace=${EMBER_K8S_NAMESPACE:-default}"
  --conf "spark.kubernetes.authenticate.driver.serviceAccountName=${EMBER_K8S_SERVICE_ACCOUNT:-spark}"
  --conf "spark.executor.instances=${EMBER_EXECUTORS:-2}"
  --conf "spark.kubernetes.driverEnv.LD_PRELOAD=$EMBER_EXECUTOR_JAVA_HOME/lib/libjsig.so"
  --conf "spark.kubernetes.driverEnv.OPENBLAS_NUM_THREADS=1"
)
if [ "${EMBER_GPUS_PER_EXECUTOR:-0}" != 0 ]; then
  EXTRA+=(--conf "spark.executor.resource.gpu.vendor=${EMBER_GPU_VENDOR:-nvidia.com}")
  [ -n "${EMBER_GPU_DISCOVERY_SCRIPT:-}" ] || EXTRA+=(--conf
    "spark.executor.resource.gpu.discoveryScript=/opt/spark/examples/src/main/scripts/getGpusResources.sh")
fi
SHIP_OPTS=()
if [ -n "${EMBER_K8S_UPLOAD_PATH:-}" ]; then
  EXTRA+=(--conf "spark.kubernetes.file.upload.path=$EMBER_K8S_UPLOAD_PATH")
  ship_train_config cluster
elif [ "${EMBER_ARGS[0]}" = train ] && [ -f "${EMBER_ARGS[1]:-}" ]; then
  echo "submit-k8s: note: ${EMBER_ARGS[1]} is a local file; the driver pod reads it at that path inside the image (set EMBER_K8S_UPLOAD_PATH to upload it)" >&2
fi

run_submit --master "$MASTER" --deploy-mode cluster --class "${EMBER_MAIN_CLASS:-dev.ember.driver.cli.Main}" \
  --driver-memory "${EMBER_DRIVER_MEMORY:-2g}" --properties-file "$PROPS_FILE" \
  "${COMMON_CONF[@]}" "${EVENT_LOG_OPTS[@]}" "${EXTRA[@]}" "${SHIP_OPTS[@]}" "${SUBMIT_OPTS[@]}" "$APP_JAR" "${EMBER_ARGS[@]}"
