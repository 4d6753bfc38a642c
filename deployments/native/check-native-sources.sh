#!/usr/bin/env bash
# Checks the native-image inputs written by the sources-only native build, without GraalVM/Mandrel:
#
#   ./mvnw -B package -Dnative -Dquarkus.native.sources-only=true -DskipTests
#   deployments/native/check-native-sources.sh
#
# Fails (exit 1, every problem listed) when native-image.args would not build the executable the Dockerfiles
# expect, when a @ConfigMapping implementation or config source factory is not registered for reflection, or
# when the project classes in the generated reflect-config.json differ from expected-reflection.txt.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
sources="$root/router-service/target/native-sources"
if [ ! -f "$sources/native-image.args" ]; then
  echo "error: $sources/native-image.args not found; run first:" >&2
  echo "  ./mvnw -B package -Dnative -Dquarkus.native.sources-only=true -DskipTests" >&2
  exit 1
fi
runner=("$sources"/*-runner.jar)
exec java -cp "${runner[0]}:$sources/lib/*" "$root/deployments/native/CheckNativeSources.java" \
  "$sources" "$root/deployments/native/expected-reflection.txt" "$root/deployments/docker/Dockerfile.native-build"
