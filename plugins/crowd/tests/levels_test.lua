local crowd = require "crowd"

test("below 3 people per m² is no level", function()
  eq(crowd.classify(0), nil)
  eq(crowd.classify(2.9), nil)
end)

test("3 caution, 4 alert, 5 serious", function()
  eq(crowd.classify(3), "caution")
  eq(crowd.classify(4), "alert")
  eq(crowd.classify(4.99), "alert")
  eq(crowd.classify(5), "serious")
end)

test("crush risk from 6 per m²", function()
  local level, crush = crowd.classify(5.9)
  eq(level, "serious"); eq(crush, false)
  level, crush = crowd.classify(7.1)
  eq(level, "serious"); eq(crush, true)
end)

test("density from a head count", function()
  eq(crowd.density { people = 1200, area_m2 = 400 }, 3.0)
  eq(crowd.classify(crowd.density { people = 2000, area_m2 = 400 }), "serious")
  fails(function() crowd.density { people = 10, area_m2 = 0 } end, "more than 0")
end)

test("ordering of levels", function()
  ok(crowd.at_least("serious", "alert"))
  ok(not crowd.at_least("caution", "alert"))
  ok(not crowd.at_least(nil, "caution"))
  fails(function() crowd.at_least("alert", "panic") end, "unknown level")
end)

test("bad readings", function()
  fails(function() crowd.classify("5") end, "number expected, got string")
  fails(function() crowd.classify(-1) end, "negative")
end)

test("each level says what to do", function()
  ok(crowd.action("serious"):find("stop inflow", 1, true))
  eq(crowd.action(nil), "routine monitoring")
end)
