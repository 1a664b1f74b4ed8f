-- Scenario 4: the metered v2 call, GET /v2/?from=backlinks&target=$SAMPLE_TARGET&mode=domain&limit=10 on the
-- synthetic sample web the seeding loaded, the token in "Authorization: Bearer" ($ACCESS_TOKEN, one token, so the
-- 1 s validation cache answers nearly every request, as for scenario 5): parameter checks, the price and clamp to
-- the balance, one SQL query over the links, the ledger charge (one write transaction), the JSON answer. The v2 API
-- answers errors with HTTP 200 and {"error": ...}, so a good answer is one with "refpages".
dofile(os.getenv("BENCH_WRK_DIR") .. "/common.lua")
bench.expect = '"refpages"'
wrk.method = "GET"
wrk.path = "/v2/?from=backlinks&target=" .. bench.urlencode(os.getenv("SAMPLE_TARGET")) .. "&mode=domain&limit=10&output=json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("ACCESS_TOKEN")
