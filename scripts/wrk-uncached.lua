-- wrk script: requests the server's one-second answer cache can hardly ever answer, to measure what the store
-- itself costs under load. Modes:
--   events  a different page of the timeline each time (offset 0 to 9,993)
--   search  one of 16,000 searches: ten common words, each with a limit from 1 to 100
--   words   one of 63,360 searches: 198 words of news English, common and rare, each with a limit from 10 to 29
--           (the UI asks for 10 hits, the API's default is 20)
-- Each search word comes in 16 spellings of its first four letters' case ("fire", "Fire", "fIre", ...): the same
-- search for the store (the index folds case), a different request for the server's answer cache. Each wrk thread
-- starts half a cycle after the previous one, so two threads do not ask the same thing within seconds.
-- Usage: wrk -t2 -c64 -d15s --latency -s scripts/wrk-uncached.lua http://127.0.0.1:8091 -- events|search|words
local mode = "events"
local counter = 0
local words = { "earthquake", "police", "fire", "election", "court", "minister", "storm", "attack", "president",
  "company" }
local vocabulary = {
  "accident", "actor", "agreement", "aid", "airline", "airport", "alarm", "album", "ambulance", "announcement",
  "appeal", "army", "arrest", "artist", "assault", "award", "ban", "bank", "battle", "beach", "bill", "blast",
  "board", "bomb", "border", "bridge", "budget", "building", "bus", "campaign", "candidate", "captain", "car",
  "ceremony", "champion", "charge", "child", "church", "citizen", "city", "coach", "coast", "collapse",
  "collision", "concert", "conference", "contract", "council", "crash", "crew", "crime", "crisis", "crowd",
  "damage", "deal", "death", "debate", "defence", "delay", "demonstration", "deputy", "director", "disaster",
  "doctor", "drought", "drug", "economy", "embassy", "emergency", "engine", "evacuation", "explosion", "factory",
  "fan", "ferry", "festival", "film", "flood", "flight", "football", "forest", "fraud", "funeral", "game", "gas",
  "government", "governor", "guard", "gun", "harbour", "health", "helicopter", "highway", "hospital", "hostage",
  "hotel", "hurricane", "injury", "inquiry", "investigation", "island", "jail", "judge", "jury", "killer", "king",
  "launch", "lawyer", "leader", "league", "market", "mayor", "medal", "merger", "military", "mine", "mission",
  "murder", "museum", "navy", "network", "nurse", "officer", "oil", "olympic", "operation", "parliament",
  "party", "patient", "peace", "phone", "pilot", "plane", "player", "prison", "prize", "protest", "queen", "race",
  "rail", "rebel", "record", "refugee", "release", "rescue", "resignation", "riot", "river", "robbery", "rocket",
  "satellite", "scandal", "school", "season", "senator", "ship", "shooting", "singer", "smartphone", "soldier",
  "song", "spokesman", "stadium", "station", "strike", "student", "suspect", "tax", "teacher", "team", "tennis",
  "theft", "tour", "tournament", "trade", "train", "treaty", "trial", "troops", "tsunami", "union", "university",
  "vaccine", "verdict", "victim", "village", "violence", "volcano", "vote", "war", "warning", "weapon",
  "weather", "wedding", "witness", "worker", "yacht", "zoo" }

local threads = 0

function setup(thread)
  thread:set("thread_index", threads)
  threads = threads + 1
end

-- The word with the case of its first four letters flipped to upper where the bits of `variant` say so.
local function spelled(word, variant)
  local out = ""
  for i = 1, #word do
    local letter = word:sub(i, i)
    if i <= 4 and math.floor(variant / 2 ^ (i - 1)) % 2 == 1 then
      letter = letter:upper()
    end
    out = out .. letter
  end
  return out
end

function init(args)
  mode = args[1] or "events"
  local cycle = 10000
  if mode == "search" then
    cycle = #words * 100 * 16
  elseif mode == "words" then
    cycle = #vocabulary * 20 * 16
  end
  counter = (thread_index or 0) * math.floor(cycle / 2)
end

function request()
  counter = counter + 1
  local path
  if mode == "search" then
    local word = spelled(words[counter % #words + 1], math.floor(counter / (#words * 100)) % 16)
    path = "/api/search?q=" .. word .. "&limit=" .. (math.floor(counter / #words) % 100 + 1)
  elseif mode == "words" then
    local word = spelled(vocabulary[counter % #vocabulary + 1], math.floor(counter / (#vocabulary * 20)) % 16)
    path = "/api/search?q=" .. word .. "&limit=" .. (math.floor(counter / #vocabulary) % 20 + 10)
  else
    path = "/api/events?offset=" .. (counter * 7 % 10000)
  end
  return wrk.format("GET", path)
end
