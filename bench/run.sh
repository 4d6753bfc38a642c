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
# case (g)), FLOOR_PORT=18083, NGINX_PROXY=0 (skip case (h), nginx as a plain reverse proxy), PROXY_PORT=18084,
# ROUTER_OPTS="-D..." (more JVM options for the router, e.g. -Dquarkus.otel.sdk.disabled=false to measure tracing).
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
PROXY_PORT=${PROXY_PORT:-18084}
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
for p in "$ROUTER_PORT" "$MANAGEMENT_PORT" "$UPSTREAM_PORT" "$STREAM_PORT" "$FLOOR_PORT" "$PROXY_PORT"; do
    if (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
        echo "port $p is already in use on 127.0.0.1; set the *_PORT variables" >&2
        exit 1
    fi
done

# ---- stop everything we start -------------------------------------------------------------------------------------
PIDS=()
cleanup() {
    for pid in "${PIDS[@]}"; do
        kill "$pid" 2>/dev/null || true
    done
    for pid in "${PIDS[@]}"; do
        wait "$pid" 2>/dev/null || true
    done
}
trap cleanup EXIT INT TERM

wait_http() { # url, seconds
    for _ in $(seq 1 $(($2 * 10))); do
        if curl -s -o /dev/null -m 1 "$1"; then return 0; fi
        sleep 0.1
    done
    echo "nothing answers at $1" >&2
    exit 1
}

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
cat >"$OUT/nginx/nginx.conf" <<EOF
worker_processes 1;
daemon off;
pid $OUT/nginx/nginx.pid;
error_log $OUT/nginx/error.log warn;
events { worker_connections 4096; }
http {
    access_log off;
    client_body_temp_path $OUT/nginx/body;
    proxy_temp_path $OUT/nginx/proxy;
    fastcgi_temp_path $OUT/nginx/fastcgi;
    uwsgi_temp_path $OUT/nginx/uwsgi;
    scgi_temp_path $OUT/nginx/scgi;
    client_body_buffer_size 64k;
    keepalive_requests 10000000;
    keepalive_timeout 120s;
    default_type application/json;
    server {
        listen 127.0.0.1:$UPSTREAM_PORT;
        location = /v1/chat/completions { return 200 '$(cat "$BENCH/bodies/openai-response.json")'; }
        location = /v1/messages { return 200 '$(cat "$BENCH/bodies/anthropic-response.json")'; }
        location = /v1/messages/count_tokens { return 200 '{"input_tokens":71}'; }
        location ~ ^/v1beta/models/[^/]+:generateContent$ { return 200 '$(cat "$BENCH/bodies/gemini-response.json")'; }
        location = /warm/v1/messages { default_type text/event-stream; return 200 '$WARM_SSE'; }
    }
}
EOF
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
if [ "${JFR:-0}" = 1 ]; then
    EXTRA+=("-XX:StartFlightRecording=filename=$OUT/router.jfr,settings=profile,dumponexit=true")
fi
# shellcheck disable=SC2086
java $JAVA_OPTS "${EXTRA[@]}" -Djava.util.logging.manager=org.jboss.logmanager.LogManager \
    -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port="$ROUTER_PORT" \
    -Dquarkus.management.host=127.0.0.1 -Dquarkus.management.port="$MANAGEMENT_PORT" \
    -Drouter.tenants-dir="$OUT/tenants" -Drouter.security.allow-private-upstreams=true \
    -jar "$JAR" >"$OUT/router.log" 2>&1 &
ROUTER_PID=$!
PIDS+=($ROUTER_PID)

wait_http "http://127.0.0.1:$UPSTREAM_PORT/" 20
wait_http "http://127.0.0.1:$STREAM_PORT/" 60
wait_http "http://127.0.0.1:$MANAGEMENT_PORT/q/health/ready" 120

if [ "${NGINX_PROXY:-1}" != 0 ]; then
    # (h) the targets' yardstick: nginx (one worker) as a plain reverse proxy with keep-alive to the same upstream. It
    # forwards case (b)'s upstream call unchanged and is measured in case (b)'s rounds, right after the router, so that
    # both meet the same moment of the machine. The targets' reference machine measured it at ~85 us added and
    # ~76,000 req/s at 32 connections; measured here, it says how this machine compares with that one.
    mkdir -p "$OUT/nginx-proxy"
    cat >"$OUT/nginx-proxy/nginx.conf" <<EOF
worker_processes 1;
daemon off;
pid $OUT/nginx-proxy/nginx.pid;
error_log $OUT/nginx-proxy/error.log warn;
events { worker_connections 4096; }
http {
    access_log off;
    client_body_temp_path $OUT/nginx-proxy/body;
    proxy_temp_path $OUT/nginx-proxy/proxy;
    fastcgi_temp_path $OUT/nginx-proxy/fastcgi;
    uwsgi_temp_path $OUT/nginx-proxy/uwsgi;
    scgi_temp_path $OUT/nginx-proxy/scgi;
    client_body_buffer_size 64k;
    keepalive_requests 10000000;
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
# an Anthropic endpoint (the client's body forwarded, model replaced).
CASES="a b c i j"
declare -A DIRECT_URL=([a]="$U/v1/chat/completions" [b]="$U/v1/messages"
    [c]="$U/v1beta/models/gemini-2.0-flash:generateContent" [i]="$U/v1/messages" [j]="$U/v1/messages/count_tokens")
declare -A DIRECT_BODY=([a]="$B/direct-openai.json" [b]="$B/direct-anthropic.json" [c]="$B/direct-gemini.json"
    [i]="$B/direct-anthropic.json" [j]="$B/direct-count.json")
declare -A ROUTER_URL=([a]="$R/v1/chat/completions" [b]="$R/v1/chat/completions" [c]="$R/v1/messages"
    [i]="$R/v1/responses" [j]="$R/v1/messages/count_tokens")
declare -A ROUTER_BODY=([a]="$B/router-a.json" [b]="$B/router-b.json" [c]="$B/router-c.json" [i]="$B/router-i.json"
    [j]="$B/router-j.json")
declare -A ROUTER_AUTH=([a]="Authorization: Bearer bench-key" [b]="Authorization: Bearer bench-key"
    [c]="x-api-key: bench-key" [i]="Authorization: Bearer bench-key" [j]="x-api-key: bench-key")
declare -A TITLE=([a]="(a) OpenAI -> OpenAI (passthrough)" [b]="(b) OpenAI -> Anthropic"
    [c]="(c) Anthropic -> Gemini" [i]="(i) Responses -> Anthropic" [j]="(j) count_tokens -> Anthropic")
RAW="$OUT/results.txt"
: >"$RAW"

cpu_ticks() { # user + system CPU clock ticks of a process
    awk '{print $14 + $15}' "/proc/$1/stat"
}
TICK_HZ=$(getconf CLK_TCK)

wrk_run() { # target case conns seconds url body [header]
    local threads=2
    [ "$3" = 1 ] && threads=1
    local line before after pid=$ROUTER_PID
    [ "$1" = floor ] && pid=$FLOOR_PID
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
PROXY_URL="http://127.0.0.1:$PROXY_PORT/v1/messages"
if [ "${NGINX_PROXY:-1}" != 0 ]; then
    echo "(h) nginx as a plain reverse proxy: warm-up 5s" >&2
    wrk -t2 -c32 -d5s -s "$BENCH/post.lua" "$PROXY_URL" -- "${DIRECT_BODY[b]}" "anthropic-version: 2023-06-01" >/dev/null
fi
for run in $(seq 1 "$RUNS"); do
    echo "run $run/$RUNS" >&2
    for c in $CASES; do
        wrk_run direct "$c" 1 "$LAT_DURATION" "${DIRECT_URL[$c]}" "${DIRECT_BODY[$c]}"
        wrk_run router "$c" 1 "$LAT_DURATION" "${ROUTER_URL[$c]}" "${ROUTER_BODY[$c]}" "${ROUTER_AUTH[$c]}"
        if [ "$c" = b ] && [ "${NGINX_PROXY:-1}" != 0 ]; then
            wrk_run proxy b 1 "$LAT_DURATION" "$PROXY_URL" "${DIRECT_BODY[b]}"
        fi
        for conns in 32 128; do
            wrk_run direct "$c" "$conns" "$DURATION" "${DIRECT_URL[$c]}" "${DIRECT_BODY[$c]}"
            wrk_run router "$c" "$conns" "$DURATION" "${ROUTER_URL[$c]}" "${ROUTER_BODY[$c]}" "${ROUTER_AUTH[$c]}"
            if [ "$c" = b ] && [ "$conns" = 32 ] && [ "${NGINX_PROXY:-1}" != 0 ]; then
                wrk_run proxy b 32 "$DURATION" "$PROXY_URL" "${DIRECT_BODY[b]}"
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

RSS_KB=$(awk '/^VmRSS/ {print $2}' "/proc/$ROUTER_PID/status")
HWM_KB=$(awk '/^VmHWM/ {print $2}' "/proc/$ROUTER_PID/status")
BLOCKED=$(grep -c 'has been blocked' "$OUT/router.log" || true)
WARNINGS=$(grep -cE ' (WARN|ERROR) ' "$OUT/router.log" || true)

if [ "${FLOOR:-1}" != 0 ]; then
    # (g) the floor: a bare Vert.x proxy on the router's own libraries and JVM options, forwarding case (b)'s body
    # unchanged to the same upstream. What it costs per call is HTTP on both sides, which the router cannot go below.
    echo "(g) floor: bare Vert.x proxy, warm-up ${WARMUP}s" >&2
    # shellcheck disable=SC2086
    java $JAVA_OPTS -cp "$ROOT/router-service/target/quarkus-app/lib/main/*" "$BENCH/FloorProxy.java" "$FLOOR_PORT" \
        "$UPSTREAM_PORT" /v1/messages >"$OUT/floor.log" 2>&1 &
    FLOOR_PID=$!
    PIDS+=($FLOOR_PID)
    for _ in $(seq 1 600); do
        grep -q '^floor proxy on' "$OUT/floor.log" && break
        kill -0 "$FLOOR_PID" 2>/dev/null || { echo "the floor proxy did not start: $(cat "$OUT/floor.log")" >&2; exit 1; }
        sleep 0.1
    done
    grep -q '^floor proxy on' "$OUT/floor.log" || { echo "the floor proxy did not start within 60 s" >&2; exit 1; }
    wrk -t2 -c32 -d"$WARMUP"s -s "$BENCH/post.lua" "http://127.0.0.1:$FLOOR_PORT/v1/chat/completions" -- \
        "${ROUTER_BODY[b]}" >/dev/null
    for run in $(seq 1 "$RUNS"); do
        wrk_run floor g 32 "$DURATION" "http://127.0.0.1:$FLOOR_PORT/v1/chat/completions" "${ROUTER_BODY[b]}"
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
if [ "${FLOOR:-1}" != 0 ]; then
    echo "(g) floor, a bare Vert.x proxy forwarding (b)'s body unchanged (no routing, conversion, auth or metrics):"
    echo "    $(field g 32 floor rps | median) req/s at 32 connections, cpu/req $(field g 32 floor cpu_us | median) us;" \
        "router (b) / floor: $(ratio "$(field b 32 router rps | median)" "$(field g 32 floor rps | median)") req/s," \
        "$(ratio "$(field b 32 router cpu_us | median)" "$(field g 32 floor cpu_us | median)") cpu/req"
fi
if [ "${NGINX_PROXY:-1}" != 0 ]; then
    HP=$(field b 32 proxy rps | median)
    echo "(h) nginx (one worker) as a plain reverse proxy, forwarding (b)'s upstream call unchanged, in (b)'s rounds:"
    echo "    1 connection: added p50 $(added b 1 p50 proxy) us, p99 $(added b 1 p99 proxy) us; 32 connections:" \
        "$HP req/s (direct $(field b 32 direct rps | median)), cpu/req $(field b 32 proxy cpu_us | median) us" \
        "(its worker), errors $(field b 32 proxy errors | awk '{s+=$1} END {print s+0}')"
    echo "    router (b) / nginx proxy at 32 connections: $(ratio "$(field b 32 router rps | median)" "$HP") req/s." \
        "On the targets' reference machine nginx proxied ~76,000 req/s (~85 us added): the 20,000 req/s target is" \
        "$(ratio 20000 76000) of that nginx, and this machine's nginx proxy carries $(ratio "$HP" 76000) of it"
fi
echo "(e) router RSS after the run: $((RSS_KB / 1024)) MB (peak $((HWM_KB / 1024)) MB), heap: $JAVA_OPTS"
echo "blocked event-loop warnings in the router log: $BLOCKED; WARN/ERROR lines: $WARNINGS"
echo "raw results and logs: $OUT"
