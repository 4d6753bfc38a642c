-- Unused units of a lease given back (an idle lease, a replica shutting down): never below zero, never makes the key.
-- KEYS[1] claimed counter of one scope and window; ARGV[1] units
-- Returns the claimed count after.
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
local back = math.min(current, tonumber(ARGV[1]))
if back > 0 then return redis.call('DECRBY', KEYS[1], string.format('%d', back)) end
return current
