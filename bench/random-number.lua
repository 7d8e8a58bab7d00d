-- wrk script: GET <prefix>BENCH-nnnnnn<suffix> for a random seeded certification, so reads spread over the whole table.
local prefix = os.getenv("BENCH_PREFIX") or "/api/v1/certifications/"
local suffix = os.getenv("BENCH_SUFFIX") or "/eligibility"
local certs = tonumber(os.getenv("BENCH_CERTS") or "1000")
local counter = 0

setup = function(thread)
  counter = counter + 1
  thread:set("id", counter)
end

init = function(args)
  math.randomseed(12345 + (id or 0))
end

request = function()
  return wrk.format("GET", prefix .. string.format("BENCH-%06d", math.random(1, certs)) .. suffix)
end
