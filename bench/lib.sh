# Shared by the bench scripts (sourced): the free-port check, stopping what a script started, waiting for a server.

# Exits when one of the ports already answers on loopback: a leftover process from an earlier run would answer in the
# bench's place.
require_free_ports() { # port...
    for p in "$@"; do
        if (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
            echo "port $p is already in use on 127.0.0.1; set the *_PORT variables" >&2
            exit 1
        fi
    done
}

# Every process a script starts goes into PIDS and is stopped when the script ends, however it ends.
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
