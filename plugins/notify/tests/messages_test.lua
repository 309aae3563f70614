local notify = require "notify"

test("Singil gets Korean, English, Chinese and Vietnamese", function()
  local m = notify.message("task_created", "singil", "침수 위험 가구 연락")
  eq(#m, 4)
  eq(m[1].text, "새 업무: 침수 위험 가구 연락")
  eq(m[3].lang, "zh")
  eq(m[4].text, "Nhiệm vụ mới: 침수 위험 가구 연락")
end)

test("other districts get Korean and English", function()
  local m = notify.message("task_created", "gojan", "x")
  eq(#m, 2)
  eq(m[2].text, "New task: x")
end)

test("recipients", function()
  eq(notify.recipient { role = "DONG.HEAD", district = "singil" }, "DONG.HEAD in singil")
  eq(notify.recipient { role = "CITY.SITROOM" }, "CITY.SITROOM (citywide)")
  eq(notify.recipient { unit = "sc119.singil" }, "unit sc119.singil")
  eq(notify.recipient(nil), "unassigned")
end)

test("unknown kinds are errors", function()
  fails(function() notify.message("party", nil) end, "unknown kind 'party'")
end)

test("JSON for the webhook", function()
  eq(notify.json { a = "x\"y", b = 2, c = { { lang = "ko" } } }, '{"a":"x\\"y","b":2,"c":[{"lang":"ko"}]}')
end)
