-- Scenario 5: GET /v2/?from=subscription_info&token=... with one valid access token ($ACCESS_TOKEN): bearer
-- validation (cached for up to 1 s) and the free subscription_info answer. The v2 API answers errors with HTTP 200
-- and {"error": ...}, so a good answer is one with "rows_left".
dofile(os.getenv("BENCH_WRK_DIR") .. "/common.lua")
bench.expect = '"rows_left"'
wrk.method = "GET"
wrk.path = "/v2/?from=subscription_info&token=" .. os.getenv("ACCESS_TOKEN")
