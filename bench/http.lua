-- wrk's script for bench/http.sh: the requests, and the count of every
-- answer that is not 2xx, by status (wrk itself only counts statuses
-- above 399, as "Non-2xx or 3xx responses").
--
-- Environment: TANDEM_SESSION (the session cookie's value), TANDEM_CSRF
-- (its CSRF token), WRITE_EVERY (0: reads only, GET READ_PATH; 1: writes
-- only, PUT /api/me/lang with {"lang":"fr"} and {"lang":"en"} in turn;
-- N: one request in N is that write), READ_PATH (/api/programmes/1).
--
-- done() prints one line that bench/http.sh reads:
--   result requests=N seconds=S rps=R p50=MS p99=MS max=MS connect=N
--          read=N write=N timeout=N non2xx=N statuses=CODE:N,...

local session = os.getenv("TANDEM_SESSION") or ""
local csrf = os.getenv("TANDEM_CSRF") or ""
local every = tonumber(os.getenv("WRITE_EVERY") or "0")
local path = os.getenv("READ_PATH") or "/api/programmes/1"
local threads = {}

wrk.method = "GET"
wrk.path = path
wrk.headers["Cookie"] = "tandem_session=" .. session

function setup(thread)
	table.insert(threads, thread)
end

function init(args)
	statuses = {}
	n = 0
	local h = {
		["Cookie"] = "tandem_session=" .. session,
		["X-CSRF-Token"] = csrf,
		["Content-Type"] = "application/json",
	}
	fr = wrk.format("PUT", "/api/me/lang", h, '{"lang":"fr"}')
	en = wrk.format("PUT", "/api/me/lang", h, '{"lang":"en"}')
	get = wrk.format("GET", path, { ["Cookie"] = h["Cookie"] })
end

-- Only when there are writes: a static request costs wrk nothing.
if every > 0 then
	function request()
		n = n + 1
		if n % every ~= 0 then
			return get
		end
		if (n / every) % 2 == 0 then
			return fr
		end
		return en
	end
end

function response(status, headers, body)
	if status < 200 or status > 299 then
		statuses[status] = (statuses[status] or 0) + 1
	end
end

function done(summary, latency, requests)
	local all, bad, list = {}, 0, {}

	for _, t in ipairs(threads) do
		for code, count in pairs(t:get("statuses")) do
			all[code] = (all[code] or 0) + count
		end
	end
	for code, count in pairs(all) do
		bad = bad + count
		table.insert(list, code .. ":" .. count)
	end
	table.sort(list)
	local e = summary.errors
	local s = summary.duration / 1e6
	io.write(string.format("result requests=%d seconds=%.3f rps=%.1f "
	    .. "p50=%.3f p99=%.3f max=%.3f connect=%d read=%d write=%d "
	    .. "timeout=%d non2xx=%d statuses=%s\n", summary.requests, s,
	    summary.requests / s, latency:percentile(50) / 1e3,
	    latency:percentile(99) / 1e3, latency.max / 1e3, e.connect,
	    e.read, e.write, e.timeout, bad,
	    #list > 0 and table.concat(list, ",") or "-"))
end
