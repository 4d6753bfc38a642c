-- Concurrency slots held by replicas for one scope: max-concurrent for the whole fleet.
-- KEYS[1] hash replica -> slots held; KEYS[2] hash replica -> expiry (epoch ms), renewed by the heartbeat
-- ARGV[1] replica  ARGV[2] delta (> 0: take up to it, < 0: give back)  ARGV[3] max  ARGV[4] now ms  ARGV[5] ttl ms
-- The slots of a replica whose expiry passed (it died) are dropped before counting.
-- Returns {taken (negative: given back), total held after}.
local me, delta, max = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3])
local now, ttl = tonumber(ARGV[4]), tonumber(ARGV[5])
local held = redis.call('HGETALL', KEYS[1])
local total = 0
local mine = 0
for i = 1, #held, 2 do
  local replica, n = held[i], tonumber(held[i + 1])
  local expiry = tonumber(redis.call('HGET', KEYS[2], replica) or '0')
  if expiry < now and replica ~= me then
    redis.call('HDEL', KEYS[1], replica)
    redis.call('HDEL', KEYS[2], replica)
  else
    total = total + n
    if replica == me then mine = n end
  end
end
local change
if delta > 0 then
  change = math.max(0, math.min(delta, max - total))
else
  change = -math.min(mine, -delta)
end
if change ~= 0 then redis.call('HINCRBY', KEYS[1], me, change) end
if mine + change <= 0 then
  redis.call('HDEL', KEYS[1], me)
  redis.call('HDEL', KEYS[2], me)
else
  redis.call('HSET', KEYS[2], me, now + ttl)
end
return {change, total + change}
