#!/usr/bin/env bash
# Example: the whole pipeline on Kubernetes in cluster mode, data and results on HDFS (or s3a://
# with hadoop-aws added to the image). Adjust the API server, image, namespace and paths.
set -euo pipefail
api="${K8S_API:-https://kubernetes.default.svc:443}"
image="${TNAS_IMAGE:-registry.example.org/tnas:0.1.0}"
flags="$(cat "$(dirname "$0")/../../pipelines/target/classes/tnas-jvm.options") -Dai.djl.offline=true -Dorg.bytedeco.javacpp.cachedir=/opt/tnas/cache/javacpp"
spark-submit \
  --master "k8s://$api" --deploy-mode cluster --name tnas-pipeline \
  --conf spark.kubernetes.namespace=tnas \
  --conf spark.kubernetes.authenticate.driver.serviceAccountName=tnas-spark \
  --conf spark.kubernetes.container.image="$image" \
  --conf spark.kubernetes.driver.podTemplateFile="$(dirname "$0")/driver-pod-template.yaml" \
  --conf spark.kubernetes.executor.podTemplateFile="$(dirname "$0")/executor-pod-template.yaml" \
  --conf spark.executor.instances=4 --conf spark.executor.cores=2 --conf spark.executor.memory=4g \
  --conf spark.executor.memoryOverhead=2g \
  --conf spark.driver.extraJavaOptions="$flags" --conf spark.executor.extraJavaOptions="$flags" \
  --conf spark.executorEnv.DJL_OFFLINE=true --conf spark.executorEnv.DJL_CACHE_DIR=/opt/tnas/cache/djl \
  --conf spark.task.maxFailures=4 \
  --class org.tnas.pipelines.cli.Tnas local:///opt/tnas/tnas-app.jar \
  pipeline --shards hdfs://namenode:8020/data/see-shards --output hdfs://namenode:8020/runs/see-1 \
  --conf search.population-size=50 --conf search.generations=20 --conf search.evaluation.candidates-per-task=4
