#!/usr/bin/env bash
# Two packaged routers on one Redis under load: the limits set against what the two let through together, per UTC
# minute, and a budget set against what was spent. Run from the repository root after
# `./mvnw -B -DskipTests package` (results and method: docs/benchmarks.md, "Limits held by two routers on one Redis"):
#
#   bash bench/governance.sh
#
# It starts redis-server (Debian's if installed, else the one the embedded-redis test artifact carries in ~/.m2),
# nginx answering chat calls with a fixed body (71 input and 52 output tokens), and two routers on one tenant
# directory: tenant rate (requests-per-minute=RPM), tenant tokens (tokens-per-minute=TPM) and tenant budget
# (budget.usd=BUDGET for an hour that began five minutes ago). bench/GovernanceLoad.java then keeps CONNECTIONS calls in
# flight per router and tenant for DURATION seconds, starting one second into a UTC minute, and prints the figures.
# About two to three minutes in all.
#
# Knobs (environment): DURATION=62, CONNECTIONS=8, RPM=3000, TPM=60000, BUDGET=1.00, ROUTER_A_PORT=18180,
# MANAGEMENT_A_PORT=18181, ROUTER_B_PORT=18182, MANAGEMENT_B_PORT=18183, UPSTREAM_PORT=18184, REDIS_PORT=18185,
# ROUTER_OPTS="-D..." (more JVM options for both routers, e.g. -Drouter.state.redis.timeout=2s), OUT=<dir> (keep
# logs). Everything listens on 127.0.0.1 only; everything started here is stopped on exit.
set -euo pipefail

DURATION=${DURATION:-62}
CONNECTIONS=${CONNECTIONS:-8}
RPM=${RPM:-3000}
TPM=${TPM:-60000}
BUDGET=${BUDGET:-1.00}
ROUTER_A_PORT=${ROUTER_A_PORT:-18180}
MANAGEMENT_A_PORT=${MANAGEMENT_A_PORT:-18181}
ROUTER_B_PORT=${ROUTER_B_PORT:-18182}
MANAGEMENT_B_PORT=${MANAGEMENT_B_PORT:-18183}
UPSTREAM_PORT=${UPSTREAM_PORT:-18184}
REDIS_PORT=${REDIS_PORT:-18185}

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BENCH="$ROOT/bench"
JAR="$ROOT/router-service/target/quarkus-app/quarkus-run.jar"
EMBEDDED_REDIS="$HOME/.m2/repository/com/github/codemonstur/embedded-redis/1.4.3/embedded-redis-1.4.3.jar"
OUT=${OUT:-$(mktemp -d /tmp/router-governance.XXXXXX)}
mkdir -p "$OUT"

# ---- tools ------------------------------------------------------------------------------------------------------
if ! command -v nginx >/dev/null && [ ! -x /usr/sbin/nginx ]; then
    echo "installing nginx (apt-get)" >&2
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx >/dev/null
fi
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
if command -v redis-server >/dev/null; then
    REDIS=$(command -v redis-server)
elif [ -f "$EMBEDDED_REDIS" ]; then
    REDIS="$OUT/redis-server"
    unzip -p "$EMBEDDED_REDIS" redis-server-6.2.6-v5-linux-amd64 >"$REDIS"
    chmod +x "$REDIS"
else
    echo "no redis-server: install it (apt-get install redis-server) or run ./mvnw test once (embedded-redis)" >&2
    exit 1
fi
[ -f "$JAR" ] || { echo "no $JAR: run './mvnw -B -DskipTests package' first" >&2; exit 1; }
# shellcheck source=lib.sh
. "$ROOT/bench/lib.sh"
require_free_ports "$ROUTER_A_PORT" "$MANAGEMENT_A_PORT" "$ROUTER_B_PORT" "$MANAGEMENT_B_PORT" "$UPSTREAM_PORT" "$REDIS_PORT"

# ---- Redis and the upstream -----------------------------------------------------------------------------------------
"$REDIS" --bind 127.0.0.1 --port "$REDIS_PORT" --save "" --appendonly no --maxmemory-policy noeviction \
    >"$OUT/redis.log" 2>&1 &
PIDS+=($!)
mkdir -p "$OUT/nginx"
{ nginx_conf_head "$OUT/nginx"; cat <<EOF
    default_type application/json;
    server {
        listen 127.0.0.1:$UPSTREAM_PORT;
        location = /v1/chat/completions { return 200 '$(cat "$BENCH/bodies/openai-response.json")'; }
    }
}
EOF
} >"$OUT/nginx/nginx.conf"
"$NGINX" -c "$OUT/nginx/nginx.conf" -e "$OUT/nginx/error.log" >"$OUT/nginx/stdout.log" 2>&1 &
PIDS+=($!)

# ---- two routers on one tenant directory -------------------------------------------------------------------------
mkdir -p "$OUT/tenants"
ANCHOR=$(date -u -d '-5 min' +%Y-%m-%dT%H:%M:00Z)
for tenant in rate tokens budget; do
    cat >"$OUT/tenants/$tenant.properties" <<EOF
router.tenants.$tenant.api-keys=$tenant-bench-key
router.tenants.$tenant.keys.openai.protocol=openai
router.tenants.$tenant.keys.openai.base-url=http://127.0.0.1:$UPSTREAM_PORT
router.tenants.$tenant.keys.openai.api-key=upstream-openai-key
router.tenants.$tenant.endpoints.openai.key=openai
router.tenants.$tenant.endpoints.openai.model=gpt-4o-mini
router.tenants.$tenant.endpoints.openai.models=bench-openai
router.tenants.$tenant.endpoints.openai.input-price=0.01
router.tenants.$tenant.endpoints.openai.output-price=0.03
EOF
done
echo "router.tenants.rate.requests-per-minute=$RPM" >>"$OUT/tenants/rate.properties"
echo "router.tenants.tokens.tokens-per-minute=$TPM" >>"$OUT/tenants/tokens.properties"
cat >>"$OUT/tenants/budget.properties" <<EOF
router.tenants.budget.budget.usd=$BUDGET
router.tenants.budget.budget.period=PT1H
router.tenants.budget.budget.period-anchor=$ANCHOR
EOF
# JAVA_OPTS of Dockerfile.jvm; -XX:MaxRAM stands for the 512Mi memory limit of deployments/kubernetes/base.
JAVA_OPTS="-XX:MaxRAMPercentage=50 -XX:InitialRAMPercentage=25 -XX:+ExitOnOutOfMemoryError -XX:+UseSerialGC -XX:MaxRAM=512m"
EXTRA=()
if [ -n "${ROUTER_OPTS:-}" ]; then
    # shellcheck disable=SC2206
    EXTRA+=($ROUTER_OPTS)
fi
for replica in "A $ROUTER_A_PORT $MANAGEMENT_A_PORT" "B $ROUTER_B_PORT $MANAGEMENT_B_PORT"; do
    read -r name port management <<<"$replica"
    # shellcheck disable=SC2086
    HOSTNAME="router-$name" java $JAVA_OPTS "${EXTRA[@]}" -Djava.util.logging.manager=org.jboss.logmanager.LogManager \
        -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port="$port" \
        -Dquarkus.management.host=127.0.0.1 -Dquarkus.management.port="$management" \
        -Drouter.tenants-dir="$OUT/tenants" -Drouter.security.allow-private-upstreams=true \
        -Drouter.state.store=redis -Dquarkus.redis.hosts="redis://127.0.0.1:$REDIS_PORT" \
        -jar "$JAR" >"$OUT/router-$name.log" 2>&1 &
    PIDS+=($!)
done
wait_http "http://127.0.0.1:$UPSTREAM_PORT/" 20
wait_http "http://127.0.0.1:$MANAGEMENT_A_PORT/q/health/ready" 120
wait_http "http://127.0.0.1:$MANAGEMENT_B_PORT/q/health/ready" 120

# ---- load, from one second into the next UTC minute ----------------------------------------------------------------------
sed 's/"MODEL"/"bench-openai"/' "$BENCH/bodies/openai-request.json" >"$OUT/request.json"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
java "$BENCH/GovernanceLoad.java" "$OUT/request.json" "$DURATION" "$CONNECTIONS" "$REDIS_PORT" "$RPM" "$TPM" \
    "$BUDGET" "$ROUTER_A_PORT:$MANAGEMENT_A_PORT" "$ROUTER_B_PORT:$MANAGEMENT_B_PORT"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg); store outages (WARN) per router:" \
    "$(grep -c 'State store (redis) unreachable' "$OUT/router-A.log" || true)," \
    "$(grep -c 'State store (redis) unreachable' "$OUT/router-B.log" || true); logs in $OUT"
