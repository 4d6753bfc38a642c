-- A replica's heartbeat. KEYS[1] zset replica -> last heartbeat (epoch ms)
-- ARGV[1] replica  ARGV[2] now ms  ARGV[3] ttl ms: replicas silent for longer are dropped
-- Returns the number of live replicas, this one included.
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', string.format('%d', tonumber(ARGV[2]) - tonumber(ARGV[3])))
return redis.call('ZCARD', KEYS[1])
