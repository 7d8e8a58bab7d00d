-- wrk script: GET <prefix>BENCH-nnnnnn<suffix> for a random seeded certification, so reads spread over the whole table;
-- with BENCH_SEQUENTIAL=1, every certification in turn after BENCH_FROM (bench/eligibility.sh reads each once to store
-- today's answers).
local prefix = os.getenv("BENCH_PREFIX") or "/api/v1/certifications/"
local suffix = os.getenv("BENCH_SUFFIX") or "/eligibility"
local certs = tonumber(os.getenv("BENCH_CERTS") or "1000")
local sequential = os.getenv("BENCH_SEQUENTIAL") == "1"
local counter = 0
local next_number = tonumber(os.getenv("BENCH_FROM") or "0")

setup = function(thread)
  counter = counter + 1
  thread:set("id", counter)
end

init = function(args)
  math.randomseed(12345 + (id or 0))
end

request = function()
  local n
  if sequential then next_number = next_number % certs + 1; n = next_number else n = math.random(1, certs) end
  return wrk.format("GET", prefix .. string.format("BENCH-%06d", n) .. suffix)
end
