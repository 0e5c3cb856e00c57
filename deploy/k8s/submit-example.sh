#!/usr/bin/env bash
# Example: a tnas job on Kubernetes in cluster mode (the driver runs in a pod), with every Spark
# setting spelled out. Submits through deploy/bin/spark-submit-tnas, which adds the JVM module
# flags, DJL offline mode, the native caches and the numerics environment (spark.executorEnv.* and
# spark.kubernetes.driverEnv.*: TNAS_NUMERICS, the portable caps, OMP_WAIT_POLICY; run with --print to see
# the complete command).
#
#   deploy/k8s/submit-example.sh [--print] [--gpu] [-- <tnas subcommand> [arguments]]
#
#   --print   print the spark-submit command instead of running it
#   --gpu     executors with one NVIDIA GPU each (gpu-executor-pod-template.yaml); see the warning
#             printed and docs/OPERATIONS.md "GPUs": the default jar carries CPU natives only
#   -- ...    the tnas command to run (default: the whole pipeline on $TNAS_DATA/shards)
#
# Before: kubectl apply -f deploy/k8s/namespace-and-rbac.yaml (and storage.yaml for TNAS_STORAGE=pvc);
# an image built from deploy/docker/Dockerfile and pushed as $TNAS_IMAGE; a local Spark 4.0
# distribution built with Kubernetes support (SPARK_HOME, or spark-submit on PATH) for the
# submission itself; `mvn -DskipTests package` in this checkout (for the JVM flags file).
#
# Environment (defaults in brackets):
#   K8S_API          API server URL [https://kubernetes.default.svc:443]
#   TNAS_IMAGE       image [registry.example.org/tnas:0.1.0]
#   TNAS_NAMESPACE   namespace [tnas]; TNAS_SERVICE_ACCOUNT [tnas-spark]
#   TNAS_STORAGE     hdfs (paths under TNAS_DATA on HDFS/S3) or pvc (claim tnas-data mounted at /data) [hdfs]
#   TNAS_DATA        data and results root [hdfs://namenode:8020/tnas, or file:///data with pvc]
#   TNAS_EXECUTORS   executor pods [4]; TNAS_EXECUTOR_CORES [2]; TNAS_EXECUTOR_MEMORY [4g];
#   TNAS_EXECUTOR_OVERHEAD [2g] (PyTorch's native memory lives here); TNAS_DRIVER_MEMORY [6g]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
print=0
gpu=0
while [ $# -gt 0 ] && [ "$1" != "--" ]; do
  case "$1" in
    --print) print=1; shift ;;
    --gpu) gpu=1; shift ;;
    *) echo "submit-example: Invalid option: $1 (expected --print, --gpu or -- <tnas command>)" >&2; exit 2 ;;
  esac
done
[ "${1:-}" = "--" ] && shift

api="${K8S_API:-https://kubernetes.default.svc:443}"
image="${TNAS_IMAGE:-registry.example.org/tnas:0.1.0}"
namespace="${TNAS_NAMESPACE:-tnas}"
service_account="${TNAS_SERVICE_ACCOUNT:-tnas-spark}"
storage="${TNAS_STORAGE:-hdfs}"
case "$storage" in
  hdfs) data="${TNAS_DATA:-hdfs://namenode:8020/tnas}" ;;
  pvc) data="${TNAS_DATA:-file:///data}" ;;
  *) echo "submit-example: Invalid TNAS_STORAGE: $storage (expected hdfs or pvc)" >&2; exit 2 ;;
esac
executors="${TNAS_EXECUTORS:-4}"
executor_cores="${TNAS_EXECUTOR_CORES:-2}"
executor_memory="${TNAS_EXECUTOR_MEMORY:-4g}"
executor_overhead="${TNAS_EXECUTOR_OVERHEAD:-2g}"
driver_memory="${TNAS_DRIVER_MEMORY:-6g}"

if [ $# -gt 0 ]; then
  tnas=("$@")
else
  tnas=(pipeline --shards "$data/shards" --output "$data/runs/example"
    --conf search.population-size=50 --conf search.generations=20
    --conf search.evaluation.candidates-per-task=2 --conf search.evaluation.max-attempts=3)
fi

spark=(
  # where, as whom, with which image
  --master "k8s://$api"
  --deploy-mode cluster                                   # the driver runs in a pod of the cluster
  --name "tnas-${tnas[0]}"
  --conf "spark.kubernetes.namespace=$namespace"
  --conf "spark.kubernetes.authenticate.driver.serviceAccountName=$service_account"
  --conf "spark.kubernetes.container.image=$image"
  --conf spark.kubernetes.container.image.pullPolicy=IfNotPresent
  --conf spark.kubernetes.submission.waitAppCompletion=true   # spark-submit returns when the driver ends
  --conf spark.kubernetes.executor.deleteOnTermination=true
  # pod templates: node selection (linux/amd64 natives), native-cache volume, security context
  --conf "spark.kubernetes.driver.podTemplateFile=$here/driver-pod-template.yaml"
  # driver: supernet training (DJL) and the search loop; Spark sets the pod's CPU and memory from these
  --conf spark.driver.cores=2
  --conf spark.kubernetes.driver.limit.cores=2
  --conf "spark.driver.memory=$driver_memory"
  --conf spark.driver.memoryOverhead=2g                   # PyTorch's native memory on the driver
  # executors: static allocation, one JVM per pod
  --conf "spark.executor.instances=$executors"
  --conf "spark.executor.memory=$executor_memory"
  --conf "spark.executor.memoryOverhead=$executor_overhead"   # pod memory = memory + overhead
  # fault tolerance: Spark's task retries (the search adds its own bounded retries per candidate)
  --conf spark.task.maxFailures=4
  # RPC authentication and encryption: on Kubernetes Spark makes a new secret for every application
  # and hands it to the executors itself (docs/OPERATIONS.md, "Securing a shared cluster")
  --conf spark.authenticate=true
  --conf spark.network.crypto.enabled=true
  --conf spark.io.encryption.enabled=true
)
if [ "$gpu" = 1 ]; then
  echo "submit-example: warning: --gpu allocates one GPU per executor, but the default application jar carries DJL's CPU PyTorch natives, so the GPUs stay idle (docs/OPERATIONS.md, GPUs)" >&2
  spark+=(
    --conf "spark.kubernetes.executor.podTemplateFile=$here/gpu-executor-pod-template.yaml"
    --conf spark.executor.cores=1                        # one evaluation per GPU at a time
    --conf spark.kubernetes.executor.limit.cores=1
    --conf spark.executor.resource.gpu.amount=1
    --conf spark.executor.resource.gpu.vendor=nvidia.com # Kubernetes resource name nvidia.com/gpu
    --conf spark.executor.resource.gpu.discoveryScript=/opt/tnas/gpu-discovery.sh
    --conf spark.task.resource.gpu.amount=1
  )
else
  spark+=(
    --conf "spark.kubernetes.executor.podTemplateFile=$here/executor-pod-template.yaml"
    --conf "spark.executor.cores=$executor_cores"
    --conf "spark.kubernetes.executor.limit.cores=$executor_cores"
  )
fi
if [ "$storage" = pvc ]; then
  for role in driver executor; do
    spark+=(
      --conf "spark.kubernetes.$role.volumes.persistentVolumeClaim.data.options.claimName=tnas-data"
      --conf "spark.kubernetes.$role.volumes.persistentVolumeClaim.data.mount.path=/data"
      --conf "spark.kubernetes.$role.volumes.persistentVolumeClaim.data.mount.readOnly=false"
    )
  done
fi

# the jar inside the image, the native caches on the pods' emptyDir volume
export TNAS_APP_JAR=local:///opt/tnas/tnas-app.jar
export TNAS_NATIVE_CACHE=/opt/tnas/cache
if [ "$print" = 1 ]; then
  export TNAS_DRY_RUN=1
fi
exec "$here/../bin/spark-submit-tnas" "${spark[@]}" -- "${tnas[@]}"
