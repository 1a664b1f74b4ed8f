-- Scenario 3: POST /oauth2/introspect (RFC 7662) of one valid access token ($ACCESS_TOKEN), the client
-- authenticated with HTTP Basic as a resource server would; a good answer is {"active":true,...}.
dofile(os.getenv("BENCH_WRK_DIR") .. "/common.lua")
bench.expect = '"active":true'
wrk.method = "POST"
wrk.path = os.getenv("BENCH_INTROSPECT_PATH") or "/oauth2/introspect"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
-- $CLIENT_BASIC: base64 of "id:secret", each form-encoded first (RFC 6749 §2.3.1); bench/run computes it.
wrk.headers["Authorization"] = "Basic " .. os.getenv("CLIENT_BASIC")
wrk.body = "token=" .. os.getenv("ACCESS_TOKEN") .. "&token_type_hint=access_token"
