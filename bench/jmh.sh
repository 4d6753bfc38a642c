#!/usr/bin/env bash
# Runs the router-core JMH benchmarks (sources in router-core/src/test/java/io/llmrouter/core/bench).
# Extra arguments go to JMH, e.g.:
#   bench/jmh.sh -f 1 -wi 3 -i 5 -w 1s -r 1s            (the short run recorded in docs/benchmarks.md)
#   bench/jmh.sh SelectionBenchmark -prof gc             (one class, with the allocation profiler)
# Maven runs offline first and falls back to online (the dependency plugin may not be cached yet).
set -euo pipefail
cd "$(dirname "$0")/.."
mvn_() { ./mvnw -B -q -o "$@" || ./mvnw -B -q "$@"; }
# One reactor run: router-core's test classpath then names its sibling modules' target/classes, nothing is installed.
mvn_ -pl router-core -am test-compile org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath \
    -Dmdep.includeScope=test -Dmdep.outputFile=target/jmh.classpath
CP="router-core/target/test-classes:router-core/target/classes:$(cat router-core/target/jmh.classpath)"
if [ $# -eq 0 ]; then set -- io.llmrouter.core.bench; fi
exec java -cp "$CP" org.openjdk.jmh.Main "$@"
