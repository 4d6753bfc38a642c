#!/usr/bin/env bash
# Service load benchmark of the router against a loopback upstream, side by side with calling that upstream directly.
# Run from the repository root after `./mvnw -B -DskipTests package` (results and method: docs/benchmarks.md):
#
#   bash bench/run.sh
#
# Knobs (environment): RUNS=3 (repetitions, medians reported), DURATION=5 (s per wrk run), LAT_DURATION=5 (s per
# 1-connection run), WARMUP=15 (s of router warm-up per case), STREAM_RUNS=30, ROUTER_PORT=18080,
# MANAGEMENT_PORT=18085 (the router's health and metrics), UPSTREAM_PORT=18081,
# STREAM_PORT=18082, STREAM_WARMUP=10 (s of paced streams before (d)), JFR=1 (record the router with JFR into
# $OUT/router.jfr), OUT=<dir> (keep logs and raw results),
# TRANSPORT=rest-client|vertx (router.upstream.transport; default: the router's own default, vertx),
# FRONT_DOOR=vertx|jax-rs (router.http.front-door; default: the router's own default, vertx), FLOOR=0 (skip the floor
# case (g) and the converting floor beside it), FLOOR_PORT=18083, CONVERTING_FLOOR_PORT=18091, NGINX_PROXY=0 (skip
# case (h), nginx as a plain reverse proxy), PROXY_PORT=18084,
# ROUTER_OPTS="-D..." (more JVM options for the router), REDIS=0 (skip case (k), a second router on Redis with limits
# that never bite), REDIS_ROUTER_PORT=18086, REDIS_PORT=18090, TRACED=0 (skip case (t), a third router with tracing
# on), TRACED_ROUTER_PORT=18088, EMBEDDINGS=1 (case (m), embeddings OpenAI -> Gemini: needs a router with the
# embeddings doors). Routers on other ports use the next port up for their health and metrics.
# Everything listens on 127.0.0.1 only; everything started here is stopped on exit.
set -euo pipefail

RUNS=${RUNS:-3}
DURATION=${DURATION:-5}
LAT_DURATION=${LAT_DURATION:-5}
WARMUP=${WARMUP:-15}
STREAM_RUNS=${STREAM_RUNS:-30}
ROUTER_PORT=${ROUTER_PORT:-18080}
MANAGEMENT_PORT=${MANAGEMENT_PORT:-18085}
UPSTREAM_PORT=${UPSTREAM_PORT:-18081}
STREAM_PORT=${STREAM_PORT:-18082}
FLOOR_PORT=${FLOOR_PORT:-18083}
CONVERTING_FLOOR_PORT=${CONVERTING_FLOOR_PORT:-18091}
PROXY_PORT=${PROXY_PORT:-18084}
REDIS_ROUTER_PORT=${REDIS_ROUTER_PORT:-18086}
TRACED_ROUTER_PORT=${TRACED_ROUTER_PORT:-18088}
REDIS_PORT=${REDIS_PORT:-18090}
REDIS=${REDIS:-1}
TRACED=${TRACED:-1}
EMBEDDINGS=${EMBEDDINGS:-0}
STREAM_CHUNKS=20
STREAM_DELAY_MS=10

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BENCH="$ROOT/bench"
JAR="$ROOT/router-service/target/quarkus-app/quarkus-run.jar"
OUT=${OUT:-$(mktemp -d /tmp/router-bench.XXXXXX)}
mkdir -p "$OUT"

# ---- tools ------------------------------------------------------------------------------------------------------
if ! command -v wrk >/dev/null || { ! command -v nginx >/dev/null && [ ! -x /usr/sbin/nginx ]; }; then
    echo "installing nginx and wrk (apt-get)" >&2
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx wrk >/dev/null
fi
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
[ -f "$JAR" ] || { echo "no $JAR: run './mvnw -B -DskipTests package' first" >&2; exit 1; }
# shellcheck source=lib.sh
. "$ROOT/bench/lib.sh"
require_free_ports "$ROUTER_PORT" "$MANAGEMENT_PORT" "$UPSTREAM_PORT" "$STREAM_PORT" "$FLOOR_PORT" \
    "$CONVERTING_FLOOR_PORT" "$PROXY_PORT" "$REDIS_ROUTER_PORT" "$((REDIS_ROUTER_PORT + 1))" "$TRACED_ROUTER_PORT" "$((TRACED_ROUTER_PORT + 1))" "$REDIS_PORT"

# ---- bodies -------------------------------------------------------------------------------------------------------
B="$OUT/bodies"
mkdir -p "$B"
sed 's/"MODEL"/"gpt-4o-mini"/' "$BENCH/bodies/openai-request.json" >"$B/direct-openai.json"
sed 's/"MODEL"/"claude-haiku-4-5"/' "$BENCH/bodies/anthropic-request.json" >"$B/direct-anthropic.json"
cp "$BENCH/bodies/gemini-request.json" "$B/direct-gemini.json"
sed 's/"MODEL"/"bench-openai"/' "$BENCH/bodies/openai-request.json" >"$B/router-a.json"
sed 's/"MODEL"/"bench-anthropic"/' "$BENCH/bodies/openai-request.json" >"$B/router-b.json"
sed 's/"MODEL"/"bench-gemini"/' "$BENCH/bodies/anthropic-request.json" >"$B/router-c.json"
sed 's/"MODEL"/"bench-anthropic"/' "$BENCH/bodies/responses-request.json" >"$B/router-i.json"
# count_tokens takes the Messages body without max_tokens and sampling.
sed 's/"MODEL"/"claude-haiku-4-5"/; s/"max_tokens":256,//; s/,"temperature":0.7}$/}/' \
    "$BENCH/bodies/anthropic-request.json" >"$B/direct-count.json"
sed 's/"MODEL"/"bench-anthropic"/; s/"max_tokens":256,//; s/,"temperature":0.7}$/}/' \
    "$BENCH/bodies/anthropic-request.json" >"$B/router-j.json"
sed 's/"MODEL"/"claude-haiku-4-5"/; s/"temperature":0.7}$/"temperature":0.7,"stream":true}/' \
    "$BENCH/bodies/anthropic-request.json" >"$B/direct-stream.json"
sed 's/"MODEL"/"bench-embed"/' "$BENCH/bodies/openai-embeddings-request.json" >"$B/router-m.json"
cp "$BENCH/bodies/gemini-embed-request.json" "$B/direct-embed.json"
sed 's/"MODEL"/"bench-stream"/; s/"temperature":0.7}$/"temperature":0.7,"stream":true}/' \
    "$BENCH/bodies/openai-request.json" >"$B/router-d.json"
sed 's/"MODEL"/"bench-stream-warm"/; s/"temperature":0.7}$/"temperature":0.7,"stream":true}/' \
    "$BENCH/bodies/openai-request.json" >"$B/router-d-warm.json"

# ---- upstream: nginx with fixed bodies (one worker), and a paced SSE stream server --------------------------------
mkdir -p "$OUT/nginx"
# The same Anthropic stream as the paced server's, unpaced: nginx answers it at once, so the router's streaming path
# can be warmed up by wrk like the other cases (a JVM measured after forty streams measures its interpreter).
WARM_SSE=$(
    printf 'event: message_start\ndata: {"type":"message_start","message":{"id":"msg_warm","type":"message","role":"assistant","model":"claude-haiku-4-5","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":71,"output_tokens":1}}}\n\n'
    printf 'event: content_block_start\ndata: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}\n\n'
    for i in $(seq 1 "$STREAM_CHUNKS"); do
        printf 'event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"word%s "}}\n\n' "$i"
    done
    printf 'event: content_block_stop\ndata: {"type":"content_block_stop","index":0}\n\n'
    printf 'event: message_delta\ndata: {"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":%s}}\n\n' "$STREAM_CHUNKS"
    printf 'event: message_stop\ndata: {"type":"message_stop"}\n\n'
)
{ nginx_conf_head "$OUT/nginx"; cat <<EOF
    keepalive_timeout 120s;
    default_type application/json;
    server {
        listen 127.0.0.1:$UPSTREAM_PORT;
        location = /v1/chat/completions { return 200 '$(cat "$BENCH/bodies/openai-response.json")'; }
        location = /v1/messages { return 200 '$(cat "$BENCH/bodies/anthropic-response.json")'; }
        location = /v1/messages/count_tokens { return 200 '{"input_tokens":71}'; }
        location ~ ^/v1beta/models/[^/]+:generateContent$ { return 200 '$(cat "$BENCH/bodies/gemini-response.json")'; }
        # A body longer than nginx takes in its configuration: a POST answered with a file (an internal GET).
        location ~ ^/v1beta/models/[^/]+:embedContent$ { error_page 405 =200 /static/gemini-embed-response.json; return 405; }
        location /static/ { internal; alias $BENCH/bodies/; default_type application/json; }
        # The traced router's OTLP exporter (http/protobuf): an empty answer is a successful export.
        location /otlp/ { default_type application/x-protobuf; return 200 ''; }
        location = /warm/v1/messages { default_type text/event-stream; return 200 '$WARM_SSE'; }
    }
}
EOF
} >"$OUT/nginx/nginx.conf"
"$NGINX" -c "$OUT/nginx/nginx.conf" -e "$OUT/nginx/error.log" >"$OUT/nginx/stdout.log" 2>&1 &
PIDS+=($!)
java -Dsun.net.httpserver.nodelay=true "$BENCH/StreamBench.java" server "$STREAM_PORT" "$STREAM_CHUNKS" \
    "$STREAM_DELAY_MS" >"$OUT/stream-upstream.log" 2>&1 &
PIDS+=($!)

# ---- router: prod profile, one bench tenant, the heap settings of deployments/docker/Dockerfile.jvm -----------------
mkdir -p "$OUT/tenants"
cat >"$OUT/tenants/bench.properties" <<EOF
router.tenants.bench.api-keys=bench-key
router.tenants.bench.keys.openai.protocol=openai
router.tenants.bench.keys.openai.base-url=http://127.0.0.1:$UPSTREAM_PORT
router.tenants.bench.keys.openai.api-key=upstream-openai-key
router.tenants.bench.keys.anthropic.protocol=anthropic
router.tenants.bench.keys.anthropic.base-url=http://127.0.0.1:$UPSTREAM_PORT
router.tenants.bench.keys.anthropic.api-key=upstream-anthropic-key
router.tenants.bench.keys.gemini.protocol=gemini
router.tenants.bench.keys.gemini.base-url=http://127.0.0.1:$UPSTREAM_PORT
router.tenants.bench.keys.gemini.api-key=upstream-gemini-key
router.tenants.bench.keys.anthropic-stream.protocol=anthropic
router.tenants.bench.keys.anthropic-stream.base-url=http://127.0.0.1:$STREAM_PORT
router.tenants.bench.keys.anthropic-stream.api-key=upstream-anthropic-key
router.tenants.bench.endpoints.openai.key=openai
router.tenants.bench.endpoints.openai.model=gpt-4o-mini
router.tenants.bench.endpoints.openai.models=bench-openai
router.tenants.bench.endpoints.anthropic.key=anthropic
router.tenants.bench.endpoints.anthropic.model=claude-haiku-4-5
router.tenants.bench.endpoints.anthropic.models=bench-anthropic
router.tenants.bench.endpoints.gemini.key=gemini
router.tenants.bench.endpoints.gemini.model=gemini-2.0-flash
router.tenants.bench.endpoints.gemini.models=bench-gemini
router.tenants.bench.keys.anthropic-warm.protocol=anthropic
router.tenants.bench.keys.anthropic-warm.base-url=http://127.0.0.1:$UPSTREAM_PORT/warm/v1
router.tenants.bench.keys.anthropic-warm.api-key=upstream-anthropic-key
router.tenants.bench.endpoints.stream-warm.key=anthropic-warm
router.tenants.bench.endpoints.stream-warm.model=claude-haiku-4-5
router.tenants.bench.endpoints.stream-warm.models=bench-stream-warm
router.tenants.bench.endpoints.stream.key=anthropic-stream
router.tenants.bench.endpoints.stream.model=claude-haiku-4-5
router.tenants.bench.endpoints.stream.models=bench-stream
EOF
if [ "$EMBEDDINGS" = 1 ]; then
    cat >>"$OUT/tenants/bench.properties" <<EOF
router.tenants.bench.endpoints.embed.key=gemini
router.tenants.bench.endpoints.embed.model=gemini-embedding-001
router.tenants.bench.endpoints.embed.models=bench-embed
router.tenants.bench.endpoints.embed.kind=embeddings
EOF
fi
# JAVA_OPTS of Dockerfile.jvm; -XX:MaxRAM stands for the 512Mi memory limit of deployments/kubernetes/base.
JAVA_OPTS="-XX:MaxRAMPercentage=50 -XX:InitialRAMPercentage=25 -XX:+ExitOnOutOfMemoryError -XX:+UseSerialGC -XX:MaxRAM=512m"
EXTRA=()
if [ -n "${TRANSPORT:-}" ]; then
    EXTRA+=("-Drouter.upstream.transport=$TRANSPORT")
fi
if [ -n "${FRONT_DOOR:-}" ]; then
    EXTRA+=("-Drouter.http.front-door=$FRONT_DOOR")
fi
if [ -n "${ROUTER_OPTS:-}" ]; then
    # shellcheck disable=SC2206
    EXTRA+=($ROUTER_OPTS)
fi
start_router() { # name port management-port tenants-dir [more JVM options...]; its PID in STARTED
    local name=$1 port=$2 management=$3 tenants=$4 jfr=()
    shift 4
    if [ "${JFR:-0}" = 1 ]; then
        jfr=("-XX:StartFlightRecording=filename=$OUT/$name.jfr,settings=profile,dumponexit=true")
    fi
    # shellcheck disable=SC2086
    java $JAVA_OPTS "${EXTRA[@]}" "${jfr[@]}" "$@" -Djava.util.logging.manager=org.jboss.logmanager.LogManager \
        -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port="$port" \
        -Dquarkus.management.host=127.0.0.1 -Dquarkus.management.port="$management" \
        -Drouter.tenants-dir="$tenants" -Drouter.security.allow-private-upstreams=true \
        -jar "$JAR" >"$OUT/$name.log" 2>&1 &
    STARTED=$!
    PIDS+=($STARTED)
}
start_router router "$ROUTER_PORT" "$MANAGEMENT_PORT" "$OUT/tenants"
ROUTER_PID=$STARTED
ROUTERS=(router)
declare -A ROUTER_PIDS=([router]=$ROUTER_PID)
if [ "$REDIS" != 0 ]; then
    # (k): the bench tenant with limits that never bite but run on every call, its shared state in Redis: the
    # redis-server on the PATH (Debian's), else the one the embedded-redis test artifact ships.
    REDIS_SERVER=$(command -v redis-server || true)
    mkdir -p "$OUT/redis"
    if [ -z "$REDIS_SERVER" ]; then
        ER=$(ls "$HOME"/.m2/repository/com/github/codemonstur/embedded-redis/*/embedded-redis-*.jar 2>/dev/null | tail -n 1)
        [ -n "$ER" ] || { echo "no redis-server: install Debian's redis-server, or build once so that Maven fetches" \
            "com.github.codemonstur:embedded-redis; REDIS=0 skips case (k)" >&2; exit 1; }
        unzip -o -q -j "$ER" 'redis-server-*-linux-amd64' -d "$OUT/redis"
        REDIS_SERVER=$(ls "$OUT"/redis/redis-server-*-linux-amd64 | head -n 1)
        chmod +x "$REDIS_SERVER"
    fi
    "$REDIS_SERVER" --bind 127.0.0.1 --port "$REDIS_PORT" --save '' --appendonly no --dir "$OUT/redis" \
        >"$OUT/redis/redis.log" 2>&1 &
    PIDS+=($!)
    mkdir -p "$OUT/tenants-redis"
    cat "$OUT/tenants/bench.properties" - >"$OUT/tenants-redis/bench.properties" <<EOF
router.tenants.bench.requests-per-minute=100000000
router.tenants.bench.tokens-per-minute=1000000000
router.tenants.bench.max-concurrent=100000
router.tenants.bench.budget.usd=1000000
EOF
    for _ in $(seq 1 100); do (exec 3<>"/dev/tcp/127.0.0.1/$REDIS_PORT") 2>/dev/null && break; sleep 0.1; done
    start_router router-redis "$REDIS_ROUTER_PORT" "$((REDIS_ROUTER_PORT + 1))" "$OUT/tenants-redis" \
        -Drouter.state.store=redis -Dquarkus.redis.hosts="redis://127.0.0.1:$REDIS_PORT"
    ROUTERS+=(router-redis)
    ROUTER_PIDS[router-redis]=$STARTED
fi
if [ "$TRACED" != 0 ]; then
    # (t): tracing on, every call sampled, spans exported over OTLP http/protobuf to the upstream nginx, which
    # accepts them with an empty answer.
    start_router router-traced "$TRACED_ROUTER_PORT" "$((TRACED_ROUTER_PORT + 1))" "$OUT/tenants" \
        -Dquarkus.otel.sdk.disabled=false -Dquarkus.otel.exporter.otlp.traces.protocol=http/protobuf \
        -Dquarkus.otel.exporter.otlp.traces.endpoint="http://127.0.0.1:$UPSTREAM_PORT/otlp"
    ROUTERS+=(router-traced)
    ROUTER_PIDS[router-traced]=$STARTED
fi

wait_http "http://127.0.0.1:$UPSTREAM_PORT/" 20
wait_http "http://127.0.0.1:$STREAM_PORT/" 60
wait_http "http://127.0.0.1:$MANAGEMENT_PORT/q/health/ready" 120
[ "$REDIS" = 0 ] || wait_http "http://127.0.0.1:$((REDIS_ROUTER_PORT + 1))/q/health/ready" 120
[ "$TRACED" = 0 ] || wait_http "http://127.0.0.1:$((TRACED_ROUTER_PORT + 1))/q/health/ready" 120

if [ "${NGINX_PROXY:-1}" != 0 ]; then
    # (h) the targets' yardstick: nginx (one worker) as a plain reverse proxy with keep-alive to the same upstream. It
    # forwards case (b)'s upstream call unchanged and is measured in case (b)'s rounds, right after the router, so that
    # both meet the same moment of the machine. The targets' reference machine measured it at ~85 us added and
    # ~76,000 req/s at 32 connections; measured here, it says how this machine compares with that one.
    mkdir -p "$OUT/nginx-proxy"
    { nginx_conf_head "$OUT/nginx-proxy"; cat <<EOF
    keepalive_timeout 120s;
    upstream llm {
        server 127.0.0.1:$UPSTREAM_PORT;
        keepalive 256;
        keepalive_requests 10000000;
    }
    server {
        listen 127.0.0.1:$PROXY_PORT;
        location / {
            proxy_pass http://llm;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
        }
    }
}
EOF
    } >"$OUT/nginx-proxy/nginx.conf"
    "$NGINX" -c "$OUT/nginx-proxy/nginx.conf" -e "$OUT/nginx-proxy/error.log" >"$OUT/nginx-proxy/stdout.log" 2>&1 &
    PROXY_MASTER=$!
    PIDS+=($PROXY_MASTER)
    wait_http "http://127.0.0.1:$PROXY_PORT/" 20
    PROXY_PID=$(pgrep -P "$PROXY_MASTER" | head -n 1) # the one worker, which does the proxying
    [ -n "$PROXY_PID" ] || { echo "no nginx worker under pid $PROXY_MASTER" >&2; exit 1; }
fi

# ---- cases -------------------------------------------------------------------------------------------------------
U="http://127.0.0.1:$UPSTREAM_PORT"
R="http://127.0.0.1:$ROUTER_PORT"
# (i) an OpenAI Responses client to Anthropic (the upstream call is (b)'s); (j) Anthropic's count_tokens counted by
# an Anthropic endpoint (the client's body forwarded, model replaced); (m) embeddings, an OpenAI client to Gemini
# (embedContent, a recorded 768-dimension answer); (k) case (b) on the router with limits on Redis; (t) case (b) on
# the router with tracing on.
CASES="a b c i j"
[ "$EMBEDDINGS" = 1 ] && CASES="$CASES m"
[ "$REDIS" = 0 ] || CASES="$CASES k"
[ "$TRACED" = 0 ] || CASES="$CASES t"
# The cases measured beside nginx as a plain proxy (h), each forwarding the case's own upstream call.
RATIO_CASES=$(for c in b i j m k t; do case " $CASES " in *" $c "*) printf '%s ' "$c" ;; esac; done)
RK="http://127.0.0.1:$REDIS_ROUTER_PORT"
RT="http://127.0.0.1:$TRACED_ROUTER_PORT"
U_EMBED="$U/v1beta/models/gemini-embedding-001:embedContent"
declare -A DIRECT_URL=([a]="$U/v1/chat/completions" [b]="$U/v1/messages"
    [c]="$U/v1beta/models/gemini-2.0-flash:generateContent" [i]="$U/v1/messages" [j]="$U/v1/messages/count_tokens"
    [m]="$U_EMBED" [k]="$U/v1/messages" [t]="$U/v1/messages")
declare -A DIRECT_BODY=([a]="$B/direct-openai.json" [b]="$B/direct-anthropic.json" [c]="$B/direct-gemini.json"
    [i]="$B/direct-anthropic.json" [j]="$B/direct-count.json" [m]="$B/direct-embed.json"
    [k]="$B/direct-anthropic.json" [t]="$B/direct-anthropic.json")
declare -A ROUTER_URL=([a]="$R/v1/chat/completions" [b]="$R/v1/chat/completions" [c]="$R/v1/messages"
    [i]="$R/v1/responses" [j]="$R/v1/messages/count_tokens" [m]="$R/v1/embeddings" [k]="$RK/v1/chat/completions"
    [t]="$RT/v1/chat/completions")
declare -A ROUTER_BODY=([a]="$B/router-a.json" [b]="$B/router-b.json" [c]="$B/router-c.json" [i]="$B/router-i.json"
    [j]="$B/router-j.json" [m]="$B/router-m.json" [k]="$B/router-b.json" [t]="$B/router-b.json")
declare -A ROUTER_AUTH=([a]="Authorization: Bearer bench-key" [b]="Authorization: Bearer bench-key"
    [c]="x-api-key: bench-key" [i]="Authorization: Bearer bench-key" [j]="x-api-key: bench-key"
    [m]="Authorization: Bearer bench-key" [k]="Authorization: Bearer bench-key" [t]="Authorization: Bearer bench-key")
declare -A TITLE=([a]="(a) OpenAI -> OpenAI (passthrough)" [b]="(b) OpenAI -> Anthropic"
    [c]="(c) Anthropic -> Gemini" [i]="(i) Responses -> Anthropic" [j]="(j) count_tokens -> Anthropic"
    [m]="(m) embeddings OpenAI -> Gemini" [k]="(k) (b), limits on Redis" [t]="(t) (b), tracing on")
# The router process each case measures.
declare -A CASE_ROUTER=([a]=router [b]=router [c]=router [i]=router [j]=router [m]=router [k]=router-redis
    [t]=router-traced)
RAW="$OUT/results.txt"
: >"$RAW"

cpu_ticks() { # user + system CPU clock ticks of a process
    awk '{print $14 + $15}' "/proc/$1/stat"
}
TICK_HZ=$(getconf CLK_TCK)

wrk_run() { # target case conns seconds url body [header]
    local threads=2
    [ "$3" = 1 ] && threads=1
    local line before after pid=${ROUTER_PIDS[${CASE_ROUTER[$2]:-router}]}
    [ "$1" = floor ] && pid=$FLOOR_PID
    [ "$1" = cfloor ] && pid=$CONVERTING_FLOOR_PID
    [ "$1" = proxy ] && pid=$PROXY_PID
    before=$(cpu_ticks "$pid")
    line=$(wrk -t"$threads" -c"$3" -d"$4"s --latency -s "$BENCH/post.lua" "$5" -- "$6" \
        "anthropic-version: 2023-06-01" ${7:+"$7"} | grep '^RESULT' || true)
    after=$(cpu_ticks "$pid")
    [ -n "$line" ] || { echo "wrk produced no result for $1 $2 $3" >&2; exit 1; }
    if [ "$1" != direct ]; then
        # CPU the measured process (router or floor) spent per request (all its threads, GC and JIT included): unlike
        # latency and throughput it barely depends on what else the machine is running.
        local requests=${line##*requests=}
        line="$line cpu_us=$(( (after - before) * 1000000 / TICK_HZ / (requests > 0 ? requests : 1) ))"
    fi
    echo "$2 $3 $1 $line" >>"$RAW"
    echo "  $2 c=$3 $1: ${line#RESULT }" >&2
}

# sanity: every routed case answers 200 before measuring
for c in $CASES; do
    code=$(curl -s -o "$OUT/check-$c.json" -w '%{http_code}' -H 'Content-Type: application/json' \
        -H "${ROUTER_AUTH[$c]}" -H 'anthropic-version: 2023-06-01' --data-binary @"${ROUTER_BODY[$c]}" \
        "${ROUTER_URL[$c]}")
    [ "$code" = 200 ] || { echo "case $c answered $code: $(cat "$OUT/check-$c.json")" >&2; exit 1; }
done

for c in $CASES; do
    echo "${TITLE[$c]}: warm-up ${WARMUP}s" >&2
    wrk -t2 -c32 -d"$WARMUP"s -s "$BENCH/post.lua" "${ROUTER_URL[$c]}" -- "${ROUTER_BODY[$c]}" \
        "${ROUTER_AUTH[$c]}" "anthropic-version: 2023-06-01" >/dev/null
done
proxy_url() { # case -> its upstream call through nginx as a plain proxy
    echo "http://127.0.0.1:$PROXY_PORT${DIRECT_URL[$1]#"$U"}"
}
if [ "${NGINX_PROXY:-1}" != 0 ]; then
    echo "(h) nginx as a plain reverse proxy: warm-up 5s" >&2
    wrk -t2 -c32 -d5s -s "$BENCH/post.lua" "$(proxy_url b)" -- "${DIRECT_BODY[b]}" "anthropic-version: 2023-06-01" \
        >/dev/null
fi
measured_by_proxy() { # case -> whether (h) is measured in its rounds
    [ "${NGINX_PROXY:-1}" != 0 ] && case " $RATIO_CASES " in *" $1 "*) true ;; *) false ;; esac
}
for run in $(seq 1 "$RUNS"); do
    echo "run $run/$RUNS" >&2
    for c in $CASES; do
        wrk_run direct "$c" 1 "$LAT_DURATION" "${DIRECT_URL[$c]}" "${DIRECT_BODY[$c]}"
        wrk_run router "$c" 1 "$LAT_DURATION" "${ROUTER_URL[$c]}" "${ROUTER_BODY[$c]}" "${ROUTER_AUTH[$c]}"
        if measured_by_proxy "$c"; then
            wrk_run proxy "$c" 1 "$LAT_DURATION" "$(proxy_url "$c")" "${DIRECT_BODY[$c]}"
        fi
        for conns in 32 128; do
            wrk_run direct "$c" "$conns" "$DURATION" "${DIRECT_URL[$c]}" "${DIRECT_BODY[$c]}"
            wrk_run router "$c" "$conns" "$DURATION" "${ROUTER_URL[$c]}" "${ROUTER_BODY[$c]}" "${ROUTER_AUTH[$c]}"
            if measured_by_proxy "$c"; then
                wrk_run proxy "$c" "$conns" "$DURATION" "$(proxy_url "$c")" "${DIRECT_BODY[$c]}"
            fi
        done
    done
done

echo "(d) streamed OpenAI -> Anthropic: warm-up ${WARMUP}s against an unpaced copy of the stream" >&2
code=$(curl -s -o "$OUT/check-d.txt" -w '%{http_code}' -H 'Content-Type: application/json' \
    -H 'Authorization: Bearer bench-key' --data-binary @"$B/router-d-warm.json" "$R/v1/chat/completions")
grep -q '\[DONE\]' "$OUT/check-d.txt" || { echo "stream warm-up case answered $code: $(head -c 300 "$OUT/check-d.txt")" >&2; exit 1; }
wrk -t2 -c32 -d"$WARMUP"s -s "$BENCH/post.lua" "$R/v1/chat/completions" -- "$B/router-d-warm.json" \
    "Authorization: Bearer bench-key" >/dev/null
# (f) the same unpaced stream as a throughput case: every event of the answer arrives in one upstream read.
sed 's/"MODEL"/"claude-haiku-4-5"/; s/"temperature":0.7}$/"temperature":0.7,"stream":true}/' \
    "$BENCH/bodies/anthropic-request.json" >"$B/direct-warm.json"
for run in $(seq 1 "$RUNS"); do
    wrk_run direct f 32 "$DURATION" "$U/warm/v1/messages" "$B/direct-warm.json"
    wrk_run router f 32 "$DURATION" "$R/v1/chat/completions" "$B/router-d-warm.json" "Authorization: Bearer bench-key"
done
# The measured streams come chunked from StreamBench's server, the warm-up above came whole from nginx with a
# Content-Length: warm the chunked path too (without it the JIT was still compiling that path during the
# measurement), with as many concurrent streams as that server has threads.
echo "(d) warm-up: ${STREAM_WARMUP:-10}s of paced streams" >&2
wrk -t2 -c16 -d"${STREAM_WARMUP:-10}"s -s "$BENCH/post.lua" "$R/v1/chat/completions" -- "$B/router-d.json" \
    "Authorization: Bearer bench-key" >/dev/null
echo "(d) streamed OpenAI -> Anthropic, $STREAM_CHUNKS chunks ${STREAM_DELAY_MS} ms apart: $STREAM_RUNS runs" >&2
STREAM=$(java "$BENCH/StreamBench.java" client 10 "$STREAM_RUNS" \
    "$STREAM_PORT" /v1/messages "$B/direct-stream.json" \
    "$ROUTER_PORT" /v1/chat/completions "$B/router-d.json" bench-key | grep '^STREAM')
echo "$STREAM" >>"$RAW"

declare -A RSS_MB HWM_MB BLOCKED WARNINGS
for r in "${ROUTERS[@]}"; do
    RSS_MB[$r]=$(awk '/^VmRSS/ {print int($2 / 1024)}' "/proc/${ROUTER_PIDS[$r]}/status")
    HWM_MB[$r]=$(awk '/^VmHWM/ {print int($2 / 1024)}' "/proc/${ROUTER_PIDS[$r]}/status")
    BLOCKED[$r]=$(grep -c 'has been blocked' "$OUT/$r.log" || true)
    WARNINGS[$r]=$(grep -cE ' (WARN|ERROR) ' "$OUT/$r.log" || true)
done

if [ "${FLOOR:-1}" != 0 ]; then
    # (g) the floor: a bare Vert.x proxy on the router's own libraries and JVM options, forwarding case (b)'s body
    # unchanged to the same upstream. What it costs per call is HTTP on both sides, which the router cannot go below.
    # Beside it the converting floor: the same proxy converting (b)'s call to Anthropic and the answer back with the
    # router's codecs, and nothing else; what it costs is HTTP and conversion, the least a converting proxy on this
    # stack can cost. Each round measures the direct call, nginx as a proxy, the floor and the converting floor one
    # after the other, at one connection and at 32.
    echo "(g) floor and converting floor: bare Vert.x proxies, warm-up ${WARMUP}s each" >&2
    FLOOR_CP="$ROOT/router-service/target/quarkus-app/lib/main/*:$ROOT/router-service/target/quarkus-app/lib/boot/*"
    start_floor() { # port mode log -> pid of a floor proxy, once it listens and is warm (the caller keeps the pid)
        local pid
        # shellcheck disable=SC2086
        java $JAVA_OPTS -cp "$FLOOR_CP" "$BENCH/FloorProxy.java" "$1" "$UPSTREAM_PORT" /v1/messages "$2" >"$3" 2>&1 &
        pid=$!
        for _ in $(seq 1 600); do
            grep -q 'floor proxy on' "$3" && break
            kill -0 "$pid" 2>/dev/null || { echo "the floor proxy did not start: $(cat "$3")" >&2; exit 1; }
            sleep 0.1
        done
        grep -q 'floor proxy on' "$3" || {
            kill "$pid"
            echo "the floor proxy did not start within 60 s" >&2
            exit 1
        }
        wrk -t2 -c32 -d"$WARMUP"s -s "$BENCH/post.lua" "http://127.0.0.1:$1/v1/chat/completions" -- \
            "${ROUTER_BODY[b]}" >/dev/null
        echo "$pid"
    }
    FLOOR_PID=$(start_floor "$FLOOR_PORT" forward "$OUT/floor.log")
    CONVERTING_FLOOR_PID=$(start_floor "$CONVERTING_FLOOR_PORT" convert "$OUT/converting-floor.log")
    PIDS+=("$FLOOR_PID" "$CONVERTING_FLOOR_PID")
    for run in $(seq 1 "$RUNS"); do
        # one connection (the latency the floors add to the direct call), then 32 (what they carry)
        wrk_run direct g 1 "$LAT_DURATION" "${DIRECT_URL[b]}" "${DIRECT_BODY[b]}"
        for conns in 1 32; do
            seconds=$DURATION
            [ "$conns" = 1 ] && seconds=$LAT_DURATION
            if [ "${NGINX_PROXY:-1}" != 0 ]; then
                wrk_run proxy g "$conns" "$seconds" "$(proxy_url b)" "${DIRECT_BODY[b]}"
            fi
            wrk_run floor g "$conns" "$seconds" "http://127.0.0.1:$FLOOR_PORT/v1/chat/completions" \
                "${ROUTER_BODY[b]}"
            wrk_run cfloor g "$conns" "$seconds" "http://127.0.0.1:$CONVERTING_FLOOR_PORT/v1/chat/completions" \
                "${ROUTER_BODY[b]}"
        done
    done
fi

# ---- table -------------------------------------------------------------------------------------------------------
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a / b}'; } # a b -> a / b, two decimals
median() { sort -n | awk '{v[NR]=$1} END {if (NR == 0) print "-"; else if (NR % 2) print v[(NR+1)/2]; else print int((v[NR/2]+v[NR/2+1])/2)}'; }
field() { # case conns target name -> values, one per run
    awk -v c="$1" -v n="$2" -v t="$3" -v f="$4" '$1==c && $2==n && $3==t {
        for (i = 5; i <= NF; i++) { split($i, kv, "="); if (kv[1] == f) print kv[2] } }' "$RAW"
}
added() { # case conns name [target] -> median over runs of (target - direct); the target is the router by default
    paste <(field "$1" "$2" "${4:-router}" "$3") <(field "$1" "$2" direct "$3") | awk '{print $1-$2}' | median
}

echo
echo "Router service load, medians of $RUNS runs (latencies in us; ratio = router/direct req/s;"
echo "cpu/req = router process CPU time per request in us, all threads)"
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg); cores: $(nproc)"
printf '%-36s %5s | %9s %9s %6s | %8s %8s %8s | %8s %8s %8s | %6s | %7s\n' case conns "direct/s" "router/s" \
    ratio "p50 dir" "p50 rtr" "p50 +" "p99 dir" "p99 rtr" "p99 +" errors "cpu/req"
for c in $CASES; do
    for conns in 1 32 128; do
        dr=$(field "$c" "$conns" direct rps | median)
        rr=$(field "$c" "$conns" router rps | median)
        ratio=$(ratio "$rr" "$dr")
        errs=$(field "$c" "$conns" router errors | awk '{s+=$1} END {print s+0}')
        printf '%-36s %5s | %9s %9s %6s | %8s %8s %8s | %8s %8s %8s | %6s | %7s\n' "${TITLE[$c]}" "$conns" "$dr" \
            "$rr" "$ratio" "$(field "$c" "$conns" direct p50 | median)" "$(field "$c" "$conns" router p50 | median)" \
            "$(added "$c" "$conns" p50)" "$(field "$c" "$conns" direct p99 | median)" \
            "$(field "$c" "$conns" router p99 | median)" "$(added "$c" "$conns" p99)" "$errs" \
            "$(field "$c" "$conns" router cpu_us | median)"
    done
done
echo
printf '%-36s %5s | %9s %9s %6s | %8s %8s | %8s %8s | %6s | %7s\n' "(f) streamed, unpaced ($((STREAM_CHUNKS + 5)) events," 32 \
    "$(field f 32 direct rps | median)" "$(field f 32 router rps | median)" \
    "$(ratio "$(field f 32 router rps | median)" "$(field f 32 direct rps | median)")" \
    "$(field f 32 router p50 | median)" "" "$(field f 32 router p99 | median)" "" \
    "$(field f 32 router errors | awk '{s+=$1} END {print s+0}')" "$(field f 32 router cpu_us | median)"
echo "    one upstream read) OpenAI <- Anthropic: direct/s, router streams/s, ratio, router p50 and p99 (us), errors, cpu/req"
s() { echo "$STREAM" | tr ' ' '\n' | awk -F= -v k="$1" '$1==k {print $2}'; }
echo
echo "(d) streamed OpenAI -> Anthropic, $STREAM_CHUNKS chunks ${STREAM_DELAY_MS} ms apart, median of $STREAM_RUNS streams:"
echo "    first chunk: direct $(s direct_first) us, router $(s router_first) us, added $(s added_first) us" \
    "(router p90 $(s router_first_p90) us, direct p90 $(s direct_first_p90) us)"
echo "    last chunk:  direct $(s direct_last) us, router $(s router_last) us, added $(s added_last) us"
echo "    chunks arriving as separate bursts (fewest in any run): router $(s min_bursts_router)," \
    "direct $(s min_bursts_direct) of $STREAM_CHUNKS"
fmedian() { # values -> their median, two decimals
    sort -g | awk '{v[NR]=$1} END {if (NR == 0) print "-"; else if (NR % 2) printf "%.2f", v[(NR+1)/2];
        else printf "%.2f", (v[NR/2]+v[NR/2+1])/2}'
}
rps_ratio() { # case conns [target] -> median over the rounds of the target's req/s / the nginx proxy's (router)
    paste <(field "$1" "$2" "${3:-router}" rps) <(field "$1" "$2" proxy rps) | awk '$2 > 0 {print $1/$2}' | fmedian
}
added_ratio() { # case [target] -> median over the rounds of the target's p50 added at 1 connection / the proxy's
    paste <(field "$1" 1 "${2:-router}" p50) <(field "$1" 1 proxy p50) <(field "$1" 1 direct p50) |
        awk '$2 - $3 > 0 {print ($1 - $3) / ($2 - $3)}' | fmedian
}
if [ "${FLOOR:-1}" != 0 ]; then
    echo "(g) floor, a bare Vert.x proxy forwarding (b)'s body unchanged (no routing, conversion, auth or metrics):"
    echo "    $(field g 32 floor rps | median) req/s at 32 connections, cpu/req $(field g 32 floor cpu_us | median) us;" \
        "router (b) / floor: $(ratio "$(field b 32 router rps | median)" "$(field g 32 floor rps | median)") req/s," \
        "$(ratio "$(field b 32 router cpu_us | median)" "$(field g 32 floor cpu_us | median)") cpu/req"
    echo "    converting floor, the same proxy converting (b) both ways with the router's codecs and nothing else:"
    echo "    $(field g 32 cfloor rps | median) req/s at 32 connections, cpu/req $(field g 32 cfloor cpu_us | median) us;" \
        "router (b) / converting floor: $(ratio "$(field b 32 router rps | median)" \
        "$(field g 32 cfloor rps | median)") req/s, $(ratio "$(field b 32 router cpu_us | median)" \
        "$(field g 32 cfloor cpu_us | median)") cpu/req"
    if [ "${NGINX_PROXY:-1}" != 0 ]; then
        echo "    beside nginx as a proxy in the same rounds ($(field g 32 proxy rps | median) req/s): floor" \
            "$(rps_ratio g 32 floor) x, converting floor $(rps_ratio g 32 cfloor) x nginx's req/s"
        echo "    p50 added at 1 connection: nginx $(added g 1 p50 proxy) us, floor $(added g 1 p50 floor) us" \
            "($(added_ratio g floor) x nginx's), converting floor $(added g 1 p50 cfloor) us" \
            "($(added_ratio g cfloor) x); p99 added: floor $(added g 1 p99 floor) us, converting floor" \
            "$(added g 1 p99 cfloor) us"
    else
        echo "    p50 added at 1 connection: floor $(added g 1 p50 floor) us, converting floor" \
            "$(added g 1 p50 cfloor) us"
    fi
fi
verdict() { # value op bound -> met / NOT met (? when there is no value)
    awk -v v="$1" -v op="$2" -v b="$3" 'BEGIN {if (v == "-" || v == "") print "?";
        else if ((op == ">=" && v + 0 >= b + 0) || (op == "<=" && v + 0 <= b + 0)) print "met"; else print "NOT met"}'
}
if [ "${NGINX_PROXY:-1}" != 0 ]; then
    echo
    echo "Targets: the router beside nginx (one worker) as a plain reverse proxy (h) forwarding the case's own"
    echo "upstream call, measured right after the router in every round; ratios are medians of the rounds' ratios"
    printf '%-34s | %-20s | %-20s | %6s | %-22s | %-20s | %7s | %9s %9s\n' case "req/s 32c >= 0.70" \
        "req/s 128c >= 0.60" errors "p50 added 1c <= 2x" "p99 added 1c <= 1ms" "cpu/req" "proxy/s" "proxy +us"
    for c in $RATIO_CASES; do
        r32=$(rps_ratio "$c" 32)
        r128=$(rps_ratio "$c" 128)
        ra=$(added_ratio "$c")
        p99=$(added "$c" 1 p99)
        errs=$(for n in 1 32 128; do field "$c" "$n" router errors; done | awk '{s+=$1} END {print s+0}')
        printf '%-34s | %-20s | %-20s | %6s | %-22s | %-20s | %7s | %9s %9s\n' "${TITLE[$c]}" \
            "$r32 $(verdict "$r32" '>=' 0.7)" "$r128 $(verdict "$r128" '>=' 0.6)" "$errs" \
            "$ra $(verdict "$ra" '<=' 2)" "$p99 us $(verdict "$p99" '<=' 1000)" \
            "$(field "$c" 32 router cpu_us | median)" "$(field "$c" 32 proxy rps | median)" "$(added "$c" 1 p50 proxy)"
    done
    echo "    (cpu/req: the router's CPU per call at 32 connections, us; proxy/s: nginx proxy req/s at 32 connections;"
    echo "    proxy +us: its p50 added at 1 connection; errors: the router's, at 1, 32 and 128 connections)"
fi
if [ "$TRACED" != 0 ]; then
    # Tracing: (t) is (b) on a router with tracing on; both measured in every round.
    echo "tracing on (t) against off (b): router CPU per call at 32 connections $(field t 32 router cpu_us | median)" \
        "against $(field b 32 router cpu_us | median) us; req/s at 32 connections $(field t 32 router rps | median)" \
        "against $(field b 32 router rps | median); p50 added at 1 connection $(added t 1 p50) against $(added b 1 p50) us"
fi
for r in "${ROUTERS[@]}"; do
    echo "$r: RSS after the run ${RSS_MB[$r]} MB (peak ${HWM_MB[$r]} MB, target <= 300 MB: $(verdict "${RSS_MB[$r]}" '<=' 300));" \
        "blocked event-loop warnings ${BLOCKED[$r]}; WARN/ERROR lines ${WARNINGS[$r]}"
done
echo "JVM options of every router (the image's): $JAVA_OPTS"
echo "raw results and logs: $OUT"
