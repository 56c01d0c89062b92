-- wrk script for bench/load.py: rotate over the paths given after "--", count statuses, and print
-- one JSON line of results (latency percentiles in microseconds) when the run ends.
--   wrk -t2 -c50 -d60s --timeout 30s -s bench/load.lua http://127.0.0.1:PORT -- /graph /entity/x ...

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  paths = args
  if #paths == 0 then paths = { "/" } end
  n = 0
  ok = 0
  bad = 0
end

function request()
  n = n + 1
  local path = paths[(n % #paths) + 1]
  return wrk.format("GET", path, { ["Accept"] = "text/html, application/sparql-results+json;q=0.9" })
end

function response(status, headers, body)
  if status >= 200 and status < 400 then ok = ok + 1 else bad = bad + 1 end
end

function done(summary, latency, requests)
  local good, wrong = 0, 0
  for _, t in ipairs(threads) do
    good = good + t:get("ok")
    wrong = wrong + t:get("bad")
  end
  local e = summary.errors
  io.write(string.format(
    '{"requests": %d, "duration_us": %d, "bytes": %d, "ok": %d, "bad_status": %d, ' ..
    '"connect_errors": %d, "read_errors": %d, "write_errors": %d, "timeouts": %d, ' ..
    '"p50_us": %d, "p95_us": %d, "p99_us": %d, "max_us": %d, "mean_us": %.1f}\n',
    summary.requests, summary.duration, summary.bytes, good, wrong,
    e.connect, e.read, e.write, e.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max, latency.mean))
end
