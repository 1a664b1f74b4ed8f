-- Shared by the scenario scripts of bench/run (wrk 4 with LuaJIT). A scenario script sets `bench.expect` (text a
-- good answer's body must contain; nil: the status alone decides) and either a static request (wrk.method, wrk.path,
-- wrk.headers, wrk.body) or `bench.pooled(make)`, which gives every request the next unused line of the file
-- $BENCH_POOL (single-use codes or refresh tokens). Environment:
--   BENCH_WRK_DIR   this folder           BENCH_THREADS  wrk's -t (each thread takes every BENCH_THREADS-th line)
--   BENCH_POOL      the pool file         BENCH_OFFSET   lines of the pool that earlier runs have spent
-- done() prints one line for bench/run:
--   BENCH requests=.. duration_us=.. non2xx=.. bad=.. socket_errors=.. p50_us=.. p99_us=.. next_offset=.. exhausted=..
-- where bad counts 2xx answers whose body lacks bench.expect (the v2 API answers its errors with HTTP 200).

-- BENCH_TOKEN_PATH: the token endpoint (Rowgate's /oauth2/token.php unless bench/compare points it at Keycloak).
bench = { expect = nil, token_path = os.getenv("BENCH_TOKEN_PATH") or "/oauth2/token.php" }

local threads = {}

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

-- Thread state from here on: each wrk thread runs its own copy of the script.
used, bad, exhausted, sample = 0, 0, 0, ""
local pool = nil

function init(args)
  local file = os.getenv("BENCH_POOL")
  if file == nil or file == "" then return end
  local nthreads = tonumber(os.getenv("BENCH_THREADS"))
  local offset = tonumber(os.getenv("BENCH_OFFSET") or "0")
  pool = {}
  local n = 0
  for line in io.lines(file) do
    n = n + 1
    if n > offset and (n - offset - 1) % nthreads == id then pool[#pool + 1] = line end
  end
  bench.pool = pool
end

-- request() for a pooled scenario: make(secret) builds the request around the next unused secret. When the pool is
-- spent the thread stops (and bench/run reports the run as exhausted: seed more).
function bench.pooled(make)
  return function()
    used = used + 1
    local secret = pool[used]
    if secret == nil then
      exhausted = 1
      wrk.thread:stop()
      secret = "exhausted"
    end
    return make(secret)
  end
end

function bench.urlencode(s)
  return (string.gsub(s, "[^%w%-%._~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

function response(status, headers, body)
  if status < 200 or status > 299 then
    if sample == "" then sample = status .. " " .. string.sub(body or "", 1, 200) end
    return
  end
  if bench.expect ~= nil and (body == nil or not string.find(body, bench.expect, 1, true)) then
    bad = bad + 1
    if sample == "" then sample = status .. " " .. string.sub(body or "", 1, 200) end
  end
end

function done(summary, latency, requests)
  local nthreads = #threads
  local max_used, bad_total, exhausted_any, first_sample = 0, 0, 0, ""
  for _, t in ipairs(threads) do
    max_used = math.max(max_used, t:get("used"))
    bad_total = bad_total + t:get("bad")
    exhausted_any = math.max(exhausted_any, t:get("exhausted"))
    if first_sample == "" then first_sample = t:get("sample") end
  end
  local e = summary.errors
  local offset = tonumber(os.getenv("BENCH_OFFSET") or "0")
  io.write(string.format(
    "BENCH requests=%d duration_us=%d non2xx=%d bad=%d socket_errors=%d p50_us=%d p99_us=%d next_offset=%d exhausted=%d\n",
    summary.requests, summary.duration, e.status, bad_total, e.connect + e.read + e.write + e.timeout,
    latency:percentile(50), latency:percentile(99), offset + nthreads * max_used, exhausted_any))
  if first_sample ~= "" then
    io.write("BENCH_SAMPLE " .. string.gsub(first_sample, "[\r\n]", " ") .. "\n")
  end
end
