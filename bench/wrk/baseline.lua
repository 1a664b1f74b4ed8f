-- Scenario 7, the baseline: GET /assets/rowgate.css, the stylesheet, which web/Assets answers from memory. Rowgate has
-- no trivial constant route (/healthz pings the database, /metrics renders every meter), and the benchmark adds none
-- to the server, so this is the closest measure of the HTTP stack alone (Jetty, Javalin, access log, metrics).
dofile(os.getenv("BENCH_WRK_DIR") .. "/common.lua")
wrk.method = "GET"
wrk.path = "/assets/rowgate.css"
