-- bench/compare's scenario 2 on Keycloak (realm with revokeRefreshToken on and refreshTokenMaxReuse 0, so a refresh
-- token is single-use like Rowgate's): every request spends a refresh token that no request has spent, taken from the
-- answers to earlier ones. Each thread starts from its share of $BENCH_POOL (one token per line, at least one per
-- connection, from password grants) and puts the refresh_token of each good answer back, so the run needs no
-- pre-minted pool of its own length. A failed answer loses its chain: that connection's next requests fail too.
dofile(os.getenv("BENCH_WRK_DIR") .. "/common.lua")
bench.expect = '"refresh_token"'
local headers = { ["Content-Type"] = "application/x-www-form-urlencoded" }
local prefix = "grant_type=refresh_token&client_id=" .. bench.urlencode(os.getenv("CLIENT_ID"))
  .. "&client_secret=" .. bench.urlencode(os.getenv("CLIENT_SECRET")) .. "&refresh_token="
local chain = nil

request = function()
  if chain == nil then chain = {}; for _, t in ipairs(bench.pool or {}) do chain[#chain + 1] = t end end
  local token = table.remove(chain) or "chain-lost"
  used = used + 1
  return wrk.format("POST", bench.token_path, headers, prefix .. token)
end

local check = response
response = function(status, headers, body)
  check(status, headers, body)
  local token = body and string.match(body, '"refresh_token"%s*:%s*"([^"]+)"')
  if token then chain[#chain + 1] = token end
end
