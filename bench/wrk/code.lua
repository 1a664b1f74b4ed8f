-- Scenario 1: POST /oauth2/token.php, grant_type=authorization_code; every request spends the next pre-minted code
-- ($BENCH_POOL = codes.txt), with client_secret_post and the redirect_uri the codes were bound to.
dofile(os.getenv("BENCH_WRK_DIR") .. "/common.lua")
bench.expect = '"access_token"'
local headers = { ["Content-Type"] = "application/x-www-form-urlencoded" }
local prefix = "grant_type=authorization_code&client_id=" .. bench.urlencode(os.getenv("CLIENT_ID"))
  .. "&client_secret=" .. bench.urlencode(os.getenv("CLIENT_SECRET"))
  .. "&redirect_uri=" .. bench.urlencode(os.getenv("REDIRECT_URI")) .. "&code="
request = bench.pooled(function(code)
  return wrk.format("POST", bench.token_path, headers, prefix .. bench.urlencode(code))
end)
