-- A lease from one window's counter, for requests, tokens and nano-USD alike (docs/operations.md, "Shared state").
-- KEYS[1] claimed: units granted in leases plus debts, for one scope and one window
-- KEYS[2] spent:   units really used (reported afterwards; for the figures, never for the decision)
-- ARGV[1] limit of the window
-- ARGV[2] want: units asked for
-- ARGV[3] debt: units used beyond earlier leases, added whatever the limit
-- ARGV[4] ttl in ms of both keys (the window's end and a grace), set when a key is made
-- ARGV[5] split: at most what remains / split is granted at once, so the last units are shared out
-- ARGV[6] spent: units to add to KEYS[2]
-- Returns {granted, claimed after}. Lua numbers are doubles: %d keeps integers up to 2^53 exact as text.
local limit = tonumber(ARGV[1])
local want = tonumber(ARGV[2])
local debt = tonumber(ARGV[3])
local ttl = tonumber(ARGV[4])
local split = tonumber(ARGV[5])
local spent = tonumber(ARGV[6])
local claimed = tonumber(redis.call('GET', KEYS[1]) or '0')
local remaining = limit - claimed - debt
local granted = 0
if want > 0 and remaining > 0 then
  granted = math.min(want, math.max(1, math.floor(remaining / split)))
end
local add = debt + granted
if add > 0 then
  claimed = redis.call('INCRBY', KEYS[1], string.format('%d', add))
  if redis.call('PTTL', KEYS[1]) < 0 then redis.call('PEXPIRE', KEYS[1], ttl) end
end
if spent > 0 then
  redis.call('INCRBY', KEYS[2], string.format('%d', spent))
  if redis.call('PTTL', KEYS[2]) < 0 then redis.call('PEXPIRE', KEYS[2], ttl) end
end
return {granted, claimed}
