-- Scenario 4 spread over many users: the same metered call as backlinks.lua, but each request takes the next access
-- token of $BENCH_POOL (metered.txt: one token per user, each user with its own grant), round robin, so concurrent
-- charges take different users' counter rows instead of queueing on one user's. Tokens are reused (an access token
-- is not single-use), so the 1 s validation cache answers most validations, as with one token.
dofile(os.getenv("BENCH_WRK_DIR") .. "/common.lua")
bench.expect = '"refpages"'
local path = "/v2/?from=backlinks&target=" .. bench.urlencode(os.getenv("SAMPLE_TARGET")) .. "&mode=domain&limit=10&output=json"
local next_token = 0
request = function()
  next_token = next_token % #bench.pool + 1
  return wrk.format("GET", path, { ["Authorization"] = "Bearer " .. bench.pool[next_token] })
end
