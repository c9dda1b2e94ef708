#!/usr/bin/env bash
# Measures start-up as the platform sees it: from starting the JVM to /q/health/started answering UP
# (warm-up done: embedding model loaded and run, schema checked, Redis and Hibernate Reactive opened), and
# the resident memory at that moment.
# Usage: scripts/measure-startup.sh APP_DIR [JVM OPTIONS...]   (APP_DIR: target/quarkus-app)
set -euo pipefail
dir=$1; shift
java=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java
port=${PORT:-8099}
start=$(date +%s%N)
RAGCHAT_LLM_PROVIDER=${RAGCHAT_LLM_PROVIDER:-extractive} QUARKUS_HTTP_PORT=$port \
  "$java" "$@" -jar "$dir/quarkus-run.jar" >"${TMPDIR:-/tmp}/ragchat-startup.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null || true' EXIT
until curl -fs "localhost:$port/q/health/started" >/dev/null 2>&1; do
  kill -0 $pid 2>/dev/null || { echo "the service stopped; see ${TMPDIR:-/tmp}/ragchat-startup.log" >&2; exit 1; }
  sleep 0.02
done
end=$(date +%s%N)
echo "$(( (end - start) / 1000000 )) ms to started, RSS $(( $(awk '/VmRSS/{print $2}' /proc/$pid/status) / 1024 )) MB"
