-- bench/compare's scenario 1 on Keycloak: POST to its token endpoint ($BENCH_TOKEN_PATH) with
-- grant_type=client_credentials and client_secret_post. Keycloak's codes are single-use and live at most as long as
-- its realm's code lifespan; this stands in for the code exchange as the issue's first Keycloak numbers did (the same
-- client authentication and token minting, without the code lookup), and COMPARE.md says so.
dofile(os.getenv("BENCH_WRK_DIR") .. "/common.lua")
bench.expect = '"access_token"'
wrk.method = "POST"
wrk.path = bench.token_path
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.body = "grant_type=client_credentials&client_id=" .. bench.urlencode(os.getenv("CLIENT_ID"))
  .. "&client_secret=" .. bench.urlencode(os.getenv("CLIENT_SECRET"))
