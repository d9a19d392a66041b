// The Lua scripts of the Redis broker. Each runs atomically in Redis: an append gets its epoch,
// its sequence number, its place in the log and the stream's expiry in one step, so two
// instances publishing to one key (or a publisher racing a resume) never see half of it.
//
// Per stream, two keys sharing a hash tag (one Redis Cluster slot):
//   <prefix>{<key>}:log   a Redis Stream; entry fields p (epoch), s (sequence), e (event name),
//                         d (data), x (1 on the entry that ends the stream; it has no d when
//                         the stream ended without a terminal event)
//   <prefix>{<key>}:meta  a hash: epoch, seq (last sequence number), ended (its sequence number),
//                         tok and tokid (the token and entry id of the last append)

/**
 * KEYS: log, meta. ARGV: epoch if new, maxlen, idle ttl ms, ended ttl ms, mode, event, data, token.
 * The token makes an append idempotent: an attempt whose answer was lost (Redis exited right
 * after running it, the connection dropped) is retried with the same token, and the script
 * answers with the entry it already made instead of appending the event twice.
 */
export const APPEND = `
if redis.call('HGET', KEYS[2], 'tok') == ARGV[8] then
  return {redis.call('HGET', KEYS[2], 'epoch'), redis.call('HGET', KEYS[2], 'tokid')}
end
if redis.call('HEXISTS', KEYS[2], 'ended') == 1 then
  return redis.error_reply('PSENDED the stream has ended')
end
redis.call('HSETNX', KEYS[2], 'epoch', ARGV[1])
local epoch = redis.call('HGET', KEYS[2], 'epoch')
local seq = redis.call('HINCRBY', KEYS[2], 'seq', 1)
local mode = ARGV[5]
local fields = {'p', epoch, 's', tostring(seq)}
if mode ~= 'end' then
  if ARGV[6] ~= '' then
    fields[#fields + 1] = 'e'
    fields[#fields + 1] = ARGV[6]
  end
  fields[#fields + 1] = 'd'
  fields[#fields + 1] = ARGV[7]
end
if mode ~= 'event' then
  fields[#fields + 1] = 'x'
  fields[#fields + 1] = '1'
end
local id = redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[2], '*', unpack(fields))
redis.call('HSET', KEYS[2], 'tok', ARGV[8], 'tokid', id)
local ttl = ARGV[3]
if mode ~= 'event' then
  redis.call('HSET', KEYS[2], 'ended', seq)
  ttl = ARGV[4]
end
redis.call('PEXPIRE', KEYS[1], ttl)
redis.call('PEXPIRE', KEYS[2], ttl)
return {epoch, id}
`;

/**
 * KEYS: log, meta. ARGV: the client's epoch and entry id ('' and '' for every kept event).
 * Returns {'unknown'} | {'expired'} | {'ok', ended (0|1), entries}. The client's entry must
 * still be in the log: Redis Streams read from the oldest kept entry without complaint, so a
 * trimmed position would otherwise be a silent gap.
 */
export const SINCE = `
local ended = redis.call('HEXISTS', KEYS[2], 'ended')
if ARGV[1] == '' then
  return {'ok', ended, redis.call('XRANGE', KEYS[1], '-', '+')}
end
if redis.call('HGET', KEYS[2], 'epoch') ~= ARGV[1] then
  return {'unknown'}
end
if #redis.call('XRANGE', KEYS[1], ARGV[2], ARGV[2]) == 0 then
  return {'expired'}
end
return {'ok', ended, redis.call('XRANGE', KEYS[1], '(' .. ARGV[2], '+')}
`;

/** KEYS: log, meta. Where a new watch starts: {epoch or '', last entry id or '0-0', seq or '0'}. */
export const POSITION = `
local last = redis.call('XREVRANGE', KEYS[1], '+', '-', 'COUNT', 1)
local epoch = redis.call('HGET', KEYS[2], 'epoch') or ''
local seq = redis.call('HGET', KEYS[2], 'seq') or '0'
local id = '0-0'
if #last > 0 then id = last[1][1] end
return {epoch, id, seq}
`;
