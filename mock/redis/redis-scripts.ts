/**
 * The Lua scripts of the Redis store. Each runs atomically in Redis, so every step that
 * reads and then writes (a compare-and-set commit, a reset, a log append checked against
 * the epoch, a fault used up) is one step for every sandbox sharing the store.
 *
 * KEYS[1] is the store's key base, `{prefix}:`; every key a script touches starts with it.
 *
 * Keys under the base:
 *   epoch               resets seen; present once the store holds a sandbox's state
 *   accounts            the accounts, a JSON array in seed order
 *   acct / key          hashes: account id → JSON, API key → JSON
 *   conv / ver          hashes: conversation id → JSON, → its version
 *   order / n           sorted set of conversation ids in the order added, and its counter
 *   img:<sha256>        hash: t (content type), b (bytes) of a kept background image
 *   imgusers            hash: sha256 → how many conversations have it as their background
 *   imglru / imgtick    sorted set of kept images by when last set, and its counter
 *   imgbytes            how many bytes of images are kept
 *   faults              hash: fault setting → value, armed since the last reset
 *   log:<name>          list of JSON entries, oldest first
 *   logseq:<name>       the last seq handed out (never reset, so a seq is never reused)
 *   logdrop:<name>      how many entries were dropped since the last reset
 *   lock:<id>           a conversation's lock: a token, with an expiry
 */

/** The image bookkeeping shared by the scripts that change backgrounds. */
const images = `
local function drop(b, sha)
  local key = b .. 'img:' .. sha
  local size = redis.call('HSTRLEN', key, 'b')
  if redis.call('DEL', key) == 1 then
    redis.call('ZREM', b .. 'imglru', sha)
    redis.call('DECRBY', b .. 'imgbytes', size)
  end
end

local function use(b, sha, contentType, bytes, maxBytes)
  redis.call('HINCRBY', b .. 'imgusers', sha, 1)
  local key = b .. 'img:' .. sha
  local kept = redis.call('EXISTS', key) == 1
  if not kept then
    if bytes == '' or #bytes > maxBytes then return end
    redis.call('HSET', key, 't', contentType, 'b', bytes)
    redis.call('INCRBY', b .. 'imgbytes', #bytes)
  end
  redis.call('ZADD', b .. 'imglru', redis.call('INCR', b .. 'imgtick'), sha)
  while tonumber(redis.call('GET', b .. 'imgbytes') or '0') > maxBytes do
    local oldest = redis.call('ZRANGE', b .. 'imglru', 0, 0)[1]
    if not oldest then break end
    drop(b, oldest)
  end
end

local function release(b, sha)
  if redis.call('HINCRBY', b .. 'imgusers', sha, -1) <= 0 then
    redis.call('HDEL', b .. 'imgusers', sha)
    drop(b, sha)
  end
end
`;

/**
 * ARGV: mode ("open" keeps existing state, "reset" replaces it), the number of accounts,
 * then per account id, API key, JSON; then per conversation id, version, JSON.
 * Returns "kept" or "seeded".
 */
const fill = `
local b = KEYS[1]
if ARGV[1] == 'open' and redis.call('EXISTS', b .. 'epoch') == 1 then return 'kept' end
for _, sha in ipairs(redis.call('ZRANGE', b .. 'imglru', 0, -1)) do
  redis.call('DEL', b .. 'img:' .. sha)
end
redis.call('DEL', b .. 'accounts', b .. 'acct', b .. 'key', b .. 'conv', b .. 'ver', b .. 'order',
  b .. 'n', b .. 'imgusers', b .. 'imglru', b .. 'imgbytes', b .. 'faults',
  b .. 'log:journal', b .. 'logdrop:journal', b .. 'log:provider', b .. 'logdrop:provider')
redis.call('INCR', b .. 'epoch')
local accounts = tonumber(ARGV[2])
local list = {}
local i = 3
for _ = 1, accounts do
  redis.call('HSET', b .. 'acct', ARGV[i], ARGV[i + 2])
  redis.call('HSET', b .. 'key', ARGV[i + 1], ARGV[i + 2])
  list[#list + 1] = ARGV[i + 2]
  i = i + 3
end
redis.call('SET', b .. 'accounts', '[' .. table.concat(list, ',') .. ']')
local n = 0
while i <= #ARGV do
  n = n + 1
  redis.call('HSET', b .. 'conv', ARGV[i], ARGV[i + 2])
  redis.call('HSET', b .. 'ver', ARGV[i], ARGV[i + 1])
  redis.call('ZADD', b .. 'order', n, ARGV[i])
  i = i + 3
end
redis.call('SET', b .. 'n', n)
return 'seeded'
`;

/** ARGV: id. Returns { epoch, conversation JSON or false }. */
const read = `
local b = KEYS[1]
return { redis.call('GET', b .. 'epoch'), redis.call('HGET', b .. 'conv', ARGV[1]) }
`;

/**
 * ARGV: epoch read, id, version read, next JSON, next version, SHA-256 before ('' for
 * none), SHA-256 after ('' for none), content type, bytes ('' when not new), byte limit.
 * Returns "committed", "conflict" or "reset".
 */
const commit = `${images}
local b = KEYS[1]
if redis.call('GET', b .. 'epoch') ~= ARGV[1] then return 'reset' end
if redis.call('HGET', b .. 'ver', ARGV[2]) ~= ARGV[3] then return 'conflict' end
redis.call('HSET', b .. 'conv', ARGV[2], ARGV[4])
redis.call('HSET', b .. 'ver', ARGV[2], ARGV[5])
local before, after = ARGV[6], ARGV[7]
if before ~= after then
  if after ~= '' then use(b, after, ARGV[8], ARGV[9], tonumber(ARGV[10])) end
  if before ~= '' then release(b, before) end
end
return 'committed'
`;

/** ARGV: id, account id, version, JSON, limit. Returns "added", "exists", "no-account" or "full". */
const add = `
local b = KEYS[1]
if redis.call('HEXISTS', b .. 'conv', ARGV[1]) == 1 then return 'exists' end
if redis.call('HEXISTS', b .. 'acct', ARGV[2]) == 0 then return 'no-account' end
if redis.call('HLEN', b .. 'conv') >= tonumber(ARGV[5]) then return 'full' end
redis.call('HSET', b .. 'conv', ARGV[1], ARGV[4])
redis.call('HSET', b .. 'ver', ARGV[1], ARGV[3])
redis.call('ZADD', b .. 'order', redis.call('INCR', b .. 'n'), ARGV[1])
return 'added'
`;

/** ARGV: id. Returns 1 when removed, 0 when there was none. */
const remove = `${images}
local b = KEYS[1]
local json = redis.call('HGET', b .. 'conv', ARGV[1])
if not json then return 0 end
redis.call('HDEL', b .. 'conv', ARGV[1])
redis.call('HDEL', b .. 'ver', ARGV[1])
redis.call('ZREM', b .. 'order', ARGV[1])
local background = cjson.decode(json).background
if type(background) == 'table' then release(b, background.sha256) end
return 1
`;

/** Every conversation's JSON, in the order they were added. */
const conversations = `
local b = KEYS[1]
local found = {}
for _, id in ipairs(redis.call('ZRANGE', b .. 'order', 0, -1)) do
  found[#found + 1] = redis.call('HGET', b .. 'conv', id)
end
return found
`;

/**
 * ARGV: log name, epoch the event began in ('' for any), entry JSON without its seq, limit.
 * Returns the seq handed out, or false when the store was reset since the event began.
 */
const append = `
local b = KEYS[1]
local name = ARGV[1]
if ARGV[2] ~= '' and redis.call('GET', b .. 'epoch') ~= ARGV[2] then return false end
local seq = redis.call('INCR', b .. 'logseq:' .. name)
local body = ARGV[3]
local entry = string.sub(body, 1, -2) .. (body == '{}' and '' or ',') .. '"seq":' .. seq .. '}'
local key = b .. 'log:' .. name
local limit = tonumber(ARGV[4])
if redis.call('RPUSH', key, entry) > limit then
  redis.call('LPOP', key)
  redis.call('INCR', b .. 'logdrop:' .. name)
end
return seq
`;

/** ARGV: log name, seq, entry JSON with its seq. Replaces the entry if it is still kept. */
const replace = `
local b = KEYS[1]
local key = b .. 'log:' .. ARGV[1]
local size = redis.call('LLEN', key)
local last = tonumber(redis.call('GET', b .. 'logseq:' .. ARGV[1]) or '0')
local at = tonumber(ARGV[2]) - (last - size + 1)
if at >= 0 and at < size then redis.call('LSET', key, at, ARGV[3]) end
return 0
`;

/** ARGV: log name. Returns { entries' JSON, dropped }. */
const page = `
local b = KEYS[1]
return { redis.call('LRANGE', b .. 'log:' .. ARGV[1], 0, -1),
  tonumber(redis.call('GET', b .. 'logdrop:' .. ARGV[1]) or '0') }
`;

/**
 * ARGV: how many settings, then each setting's name, then each one's starting value. Uses
 * up one of the first whose value is above zero. Returns { the one used up or '', every
 * armed setting as name, value, name, value… }.
 */
const take = `
local b = KEYS[1]
local count = tonumber(ARGV[1])
local taken = ''
for i = 2, count + 1 do
  local value = tonumber(redis.call('HGET', b .. 'faults', ARGV[i]) or ARGV[i + count])
  if value > 0 then
    redis.call('HSET', b .. 'faults', ARGV[i], value - 1)
    taken = ARGV[i]
    break
  end
end
return { taken, redis.call('HGETALL', b .. 'faults') }
`;

/** ARGV: lock id, token, expiry in ms. Renews the lock if this token still holds it. */
const renew = `
local key = KEYS[1] .. 'lock:' .. ARGV[1]
if redis.call('GET', key) == ARGV[2] then return redis.call('PEXPIRE', key, ARGV[3]) end
return 0
`;

/** ARGV: lock id, token. Lets go of the lock if this token still holds it. */
const unlock = `
local key = KEYS[1] .. 'lock:' .. ARGV[1]
if redis.call('GET', key) == ARGV[2] then return redis.call('DEL', key) end
return 0
`;

/** The scripts, as ioredis's `scripts` option takes them. */
export const redisScripts = Object.fromEntries(
  Object.entries({
    fill,
    read,
    commit,
    add,
    remove,
    conversations,
    append,
    replace,
    page,
    take,
    renew,
    unlock,
  }).map(([name, lua]) => [`agentphone_${name}`, { lua, numberOfKeys: 1 }]),
) as Record<`agentphone_${ScriptName}`, { lua: string; numberOfKeys: number }>;

/** A script's name. */
export type ScriptName =
  | "fill"
  | "read"
  | "commit"
  | "add"
  | "remove"
  | "conversations"
  | "append"
  | "replace"
  | "page"
  | "take"
  | "renew"
  | "unlock";
