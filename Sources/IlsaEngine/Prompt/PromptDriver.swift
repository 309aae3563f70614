/// The playbook a prompt session (`ilsa repl`) runs: a loop that takes each line as a signal
/// and runs it as Lua in the run's own coroutine, so the whole playbook API (waits included)
/// works at the prompt.
///
/// What a line printed and returned comes back as `ilsa.log` entries in the run's history:
/// `"\u{3}"` + a line `print` wrote (at once), `"\u{1}"` + the output text when the line ends,
/// then `"\u{2}"` + the names completion offers (globals and the string keys of global tables,
/// read with `next`: no metamethod runs). The pretty printer is deterministic (sorted keys, no
/// addresses), so a replay of the run logs the same text.
///
/// The engine knows this playbook by its text, and gives it alone the call that a stopped line
/// returns from (``LuaState/registerLineCall(_:)``): Ctrl-C or the time limit stops the line,
/// the history marks the tick it stopped at (``Command/Request/lineStopped(message:tick:)``),
/// and the session keeps its globals. A replay stops the line at the same instruction.
public enum PromptDriver {
    /// The workflow name of a session's run.
    public static let workflow = "repl"
    /// The signal a line arrives on.
    public static let signal = "repl.line"
    public static let outputMark = "\u{1}"
    public static let namesMark = "\u{2}"
    public static let printMark = "\u{3}"

    public static let source = #"""
        return ilsa.workflow {
          name = "repl",
          title = "ilsa repl session",
          run = function(ctx)
            local load, pcall, select, type, tostring, next, rawget, sort, concat, log, wait_signal, getmetatable =
              load, pcall, select, type, tostring, next, rawget, table.sort, table.concat, ilsa.log, ilsa.wait_signal, getmetatable
            local mathtype, format, huge, max, codes = math.type, string.format, math.huge, math.max, utf8.codes
            local G = _ENV
            -- The engine's calls for this driver alone: kept here and taken out of reach of lines.
            local line_call, line_check, line_stopped = ilsa.prompt.call, ilsa.prompt.check, ilsa.prompt.stopped
            ilsa.prompt = nil
            local out = {}
            local function emit(text) out[#out + 1] = text end

            G.print = function(...)
              local parts = {}
              for i = 1, select("#", ...) do parts[i] = tostring((select(i, ...))) end
              log("\3" .. concat(parts, "\t")) -- at once, so what a line prints before it waits shows
            end

            local MAXDEPTH, MAXITEMS, WIDTH = 4, 30, 72
            local keywords = {}
            for word in ("and break do else elseif end false for function goto if in local nil not or repeat return then true until while"):gmatch("%a+") do
              keywords[word] = true
            end
            local escapes = { ['"'] = '\\"', ["\\"] = "\\\\", ["\n"] = "\\n", ["\r"] = "\\r", ["\t"] = "\\t", ["\0"] = "\\0" }
            local function quote(s)
              return '"' .. s:gsub('[%c"\\]', function(c) return escapes[c] or format("\\%d", c:byte()) end) .. '"'
            end
            local order = { number = 1, string = 2, boolean = 3 }
            local function before(a, b)
              local ta, tb = type(a), type(b)
              if ta ~= tb then return (order[ta] or 9) < (order[tb] or 9) end
              if ta == "number" or ta == "string" then return a < b end
              return tostring(a) < tostring(b)
            end

            -- Terminal columns of a UTF-8 string: East Asian wide characters (Hangul) take two.
            local function columns(text)
              local n = 0
              for _, c in codes(text, true) do
                if (c >= 0x1100 and c <= 0x115F) or (c >= 0x2E80 and c <= 0xA4CF) or (c >= 0xAC00 and c <= 0xD7A3)
                  or (c >= 0xF900 and c <= 0xFAFF) or (c >= 0xFE30 and c <= 0xFE4F) or (c >= 0xFF00 and c <= 0xFF60)
                  or (c >= 0xFFE0 and c <= 0xFFE6) or (c >= 0x1F300 and c <= 0x1FAFF) then
                  n = n + 2
                else
                  n = n + 1
                end
              end
              return n
            end

            local pretty
            local function key(k, depth, seen, indent)
              if type(k) == "string" and k:match("^[%a_][%w_]*$") and not keywords[k] then return k end
              return "[" .. pretty(k, depth, seen, indent) .. "]"
            end
            pretty = function(v, depth, seen, indent)
              local t = type(v)
              if t == "string" then return quote(v) end
              if t == "number" then
                if mathtype(v) == "float" and v == v and v ~= huge and v ~= -huge and v == v // 1 then return format("%.1f", v) end
                return tostring(v)
              end
              if t == "boolean" or t == "nil" then return tostring(v) end
              if t == "function" then return "<function>" end
              if t == "thread" then return "<coroutine>" end
              if t == "userdata" then return "<" .. tostring(v) .. ">" end
              if seen[v] then return "<cycle>" end
              if depth >= MAXDEPTH then return "{...}" end
              seen[v] = true
              local items, n = {}, 0
              local count = 0
              while rawget(v, n + 1) ~= nil do n = n + 1 end
              for i = 1, n do
                count = count + 1
                if count <= MAXITEMS then items[#items + 1] = pretty(rawget(v, i), depth + 1, seen, indent .. "  ") end
              end
              local named = {}
              local keys = {}
              for k in next, v do
                if not (mathtype(k) == "integer" and k >= 1 and k <= n) then keys[#keys + 1] = k end
              end
              sort(keys, before)
              for _, k in ipairs(keys) do
                count = count + 1
                if count <= MAXITEMS then
                  local shown = key(k, depth + 1, seen, indent .. "  ")
                  items[#items + 1] = shown .. " = " .. pretty(rawget(v, k), depth + 1, seen, indent .. "  ")
                  named[#items] = shown
                end
              end
              if count > MAXITEMS then items[#items + 1] = "... (" .. (count - MAXITEMS) .. " more)" end
              seen[v] = nil
              if #items == 0 then return "{}" end
              local line = "{ " .. concat(items, ", ") .. " }"
              if #line + #indent <= WIDTH and not line:find("\n", 1, true) then return line end
              -- One per line, the "=" of named fields aligned by display width (Hangul is two columns).
              local widest = 0
              for i in next, named do widest = max(widest, columns(named[i])) end
              for i, shown in next, named do
                items[i] = shown .. (" "):rep(widest - columns(shown)) .. items[i]:sub(#shown + 1)
              end
              return "{\n" .. indent .. "  " .. concat(items, ",\n" .. indent .. "  ") .. "\n" .. indent .. "}"
            end

            local function message(e)
              if type(e) == "string" then return e end
              local mt = getmetatable(e)
              if type(mt) == "table" and rawget(mt, "__tostring") then return tostring(e) end
              if type(e) == "userdata" then return tostring(e) end
              return "(error object is a " .. type(e) .. " value)"
            end

            local function names()
              local list = {}
              for k, v in next, G do
                if type(k) == "string" then
                  list[#list + 1] = k
                  if type(v) == "table" and v ~= G then
                    local c = 0
                    for k2 in next, v do
                      if type(k2) == "string" then
                        c = c + 1
                        if c > 200 then break end
                        list[#list + 1] = k .. "." .. k2
                      end
                    end
                  end
                end
              end
              sort(list)
              return concat(list, "\n")
            end

            local reported
            while true do
              local signal = wait_signal("repl.line")
              local line = type(signal) == "table" and signal.payload or signal
              if type(line) == "table" and line.payload then line = line.payload end
              out = {}
              local f, err = load(line.source, line.chunk or "=stdin", "t")
              if not f then
                emit(err)
              else
                -- line_check stops the line at once when a replay reaches where it was stopped.
                local results = table.pack(line_call(function() line_check(); return f() end))
                if results[1] then
                  if results.n > 1 then
                    G._ = results[2]
                    local parts = {}
                    for i = 2, results.n do parts[#parts + 1] = pretty(results[i], 0, {}, "") end
                    emit(concat(parts, "\t"))
                  end
                elseif results.n == 4 then
                  -- Stopped (Ctrl-C, the time limit) at tick results[4]: the history marks it.
                  emit(line_stopped(message(results[2]), results[4]))
                else
                  emit(message(results[2]))
                end
              end
              if line.hint then emit(line.hint) end
              log("\1" .. concat(out, "\n"))
              local now = names()
              if now ~= reported then -- only when they changed: each log is an event in the history
                log("\2" .. now)
                reported = now
              end
            end
          end,
        }
        """#
}
