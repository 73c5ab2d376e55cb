-- wrk script: requests the server's one-second answer cache can hardly ever answer (a different page of the
-- timeline each time, or one of 1,000 word-and-limit searches), to measure what the store itself costs under load.
-- Usage: wrk -t2 -c64 -d15s --latency -s scripts/wrk-uncached.lua http://127.0.0.1:8091 -- events|search
local mode = "events"
local counter = 0
local words = { "earthquake", "police", "fire", "election", "court", "minister", "storm", "attack", "president",
  "company" }

function init(args)
  mode = args[1] or "events"
end

function request()
  counter = counter + 1
  local path
  if mode == "search" then
    local word = words[counter % #words + 1]
    path = "/api/search?q=" .. word .. "&limit=" .. (math.floor(counter / #words) % 100 + 1)
  else
    path = "/api/events?offset=" .. (counter * 7 % 10000)
  end
  return wrk.format("GET", path)
end
