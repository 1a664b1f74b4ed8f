-- Scenario 2: POST /oauth2/token.php, grant_type=refresh_token (rotation: a new pair each time); every request
-- spends the next pre-minted refresh token ($BENCH_POOL = refresh.txt), with client_secret_post.
dofile(os.getenv("BENCH_WRK_DIR") .. "/common.lua")
bench.expect = '"refresh_token"'
local headers = { ["Content-Type"] = "application/x-www-form-urlencoded" }
local prefix = "grant_type=refresh_token&client_id=" .. bench.urlencode(os.getenv("CLIENT_ID"))
  .. "&client_secret=" .. bench.urlencode(os.getenv("CLIENT_SECRET")) .. "&refresh_token="
request = bench.pooled(function(token)
  return wrk.format("POST", bench.token_path, headers, prefix .. token)
end)
