-- wrk script for bench/run.sh: POSTs one JSON body with optional headers and prints one machine-readable line.
-- usage: wrk ... -s post.lua URL -- BODY_FILE [Header: value ...]
function init(args)
  local f = assert(io.open(args[1], "rb"))
  wrk.method = "POST"
  wrk.body = f:read("*a")
  f:close()
  wrk.headers["Content-Type"] = "application/json"
  for i = 2, #args do
    local name, value = args[i]:match("^([^:]+):%s*(.*)$")
    wrk.headers[name] = value
  end
end

function done(summary, latency, requests)
  local e = summary.errors
  local errors = e.connect + e.read + e.write + e.status + e.timeout
  io.write(string.format("RESULT rps=%.0f p50=%d p99=%d errors=%d status_errors=%d requests=%d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50), latency:percentile(99),
    errors, e.status, summary.requests))
end
