-- notify: messages for new and overdue tasks, escalations and run ends, in the languages of the
-- district they are for, sent on the channels plugin.config.channels names.
-- Permissions give this environment console.write, outbox.append and http.post; the outbox file
-- and the webhook URL are the operator's grants (this code never sees them). Nothing is sent
-- from here: outbox.append and http.post queue the notification in the store, with the events
-- that caused it, and `ilsa work` delivers it after they are stored (retrying a webhook that
-- fails), each with an idempotency key made of what it is about.

local notify = {}

local templates = {
  task_created = {
    ko = "새 업무: %s", en = "New task: %s", zh = "新任务：%s", vi = "Nhiệm vụ mới: %s",
  },
  task_overdue = {
    ko = "기한 초과 업무 (%s 단계로 상향): %s", en = "Overdue task (escalated to %s): %s",
    zh = "任务逾期（已上报至 %s）：%s", vi = "Nhiệm vụ quá hạn (chuyển lên %s): %s",
  },
  escalation = {
    ko = "상황 보고 (%s): %s", en = "Escalation (%s): %s", zh = "上报（%s）：%s", vi = "Báo cáo khẩn (%s): %s",
  },
  run_finished = {
    ko = "대응 종료 (%s): %s", en = "Response ended (%s): %s", zh = "应对结束（%s）：%s", vi = "Kết thúc ứng phó (%s): %s",
  },
}
notify.templates = templates

--- The languages messages for a district are written in.
function notify.languages(district)
  local extra = district and plugin.config.district_languages[district]
  return extra or plugin.config.languages
end

--- One message in each language: { { lang = "ko", text = ... }, ... }.
function notify.message(kind, district, ...)
  local forms = templates[kind]
  if not forms then error("notify.message: unknown kind '" .. tostring(kind) .. "'", 2) end
  local texts = {}
  for _, lang in ipairs(notify.languages(district)) do
    local form = forms[lang] or forms.en
    texts[#texts + 1] = { lang = lang, text = string.format(form, ...) }
  end
  return texts
end

--- Who a task is for, as text: "DONG.HEAD in singil", "unit sc119.singil".
function notify.recipient(assignee)
  if type(assignee) ~= "table" then return "unassigned" end
  if assignee.role then return assignee.role .. (assignee.district and (" in " .. assignee.district) or " (citywide)") end
  if assignee.unit then return "unit " .. assignee.unit end
  if assignee.person then return "person " .. assignee.person end
  return "unassigned"
end

local function json_string(s)
  return '"' .. s:gsub('[%c"\\]', function(c)
    local named = { ['"'] = '\\"', ["\\"] = "\\\\", ["\n"] = "\\n", ["\r"] = "\\r", ["\t"] = "\\t" }
    return named[c] or string.format("\\u%04x", c:byte())
  end) .. '"'
end

local function json(record)
  local keys = {}
  for k in pairs(record) do keys[#keys + 1] = k end
  table.sort(keys)
  local parts = {}
  for _, k in ipairs(keys) do
    local v = record[k]
    local text
    if type(v) == "string" then text = json_string(v)
    elseif type(v) == "number" or type(v) == "boolean" then text = tostring(v)
    elseif type(v) == "table" then
      local items = {}
      for i, item in ipairs(v) do items[i] = type(item) == "table" and json(item) or json_string(tostring(item)) end
      text = "[" .. table.concat(items, ",") .. "]"
    end
    if text then parts[#parts + 1] = json_string(k) .. ":" .. text end
  end
  return "{" .. table.concat(parts, ",") .. "}"
end
notify.json = json

--- The channels, each a function of a notification { kind, to, district, run, subject, messages }.
local channels = {}
channels.console = function(n)
  for _, m in ipairs(n.messages) do console.write("[" .. n.to .. "] " .. m.text) end
end
channels.outbox = function(n)
  outbox.append(n)
end
channels.webhook = function(n)
  http.post(json(n), "application/json")
end

--- Sends a notification on every configured channel.
local function send(n)
  for _, name in ipairs(plugin.config.channels) do
    local channel = channels[name]
    if not channel then error("notify: unknown channel '" .. tostring(name) .. "' in config.channels", 0) end
    channel(n)
  end
end

local hooks = {}

function hooks.on_task_created(e)
  local district = type(e.assignee) == "table" and e.assignee.district or nil
  send { kind = "task_created", run = e.run, subject = e.task, to = notify.recipient(e.assignee), district = district,
         messages = notify.message("task_created", district, e.title) }
end

function hooks.on_task_overdue(e)
  send { kind = "task_overdue", run = e.run, subject = e.task, to = tostring(e.to), district = nil,
         messages = notify.message("task_overdue", nil, tostring(e.to), e.task) }
end

function hooks.on_escalation(e)
  send { kind = "escalation", run = e.run, subject = e.escalation, to = tostring(e.to), district = nil,
         messages = notify.message("escalation", nil, tostring(e.severity), tostring(e.reason)) }
end

function hooks.on_run_finished(e)
  send { kind = "run_finished", run = e.run, subject = e.run, to = "CITY.SITROOM", district = nil,
         messages = notify.message("run_finished", nil, e.status, e.run) }
end

return { modules = { notify = notify }, hooks = hooks, channels = channels }
