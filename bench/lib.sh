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

# The start of every bench nginx's configuration, its files under the directory given: one worker, no access log,
# connections kept for as long as a run lasts. What follows goes inside "http {" and closes it.
nginx_conf_head() { # dir
    cat <<EOF
worker_processes 1;
daemon off;
pid $1/nginx.pid;
error_log $1/error.log warn;
events { worker_connections 4096; }
http {
    access_log off;
    client_body_temp_path $1/body;
    proxy_temp_path $1/proxy;
    fastcgi_temp_path $1/fastcgi;
    uwsgi_temp_path $1/uwsgi;
    scgi_temp_path $1/scgi;
    client_body_buffer_size 64k;
    keepalive_requests 10000000;
EOF
}
