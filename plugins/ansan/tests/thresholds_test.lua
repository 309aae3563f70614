local ansan = require "ansan"

test("outdoor heat levels at 31, 33, 35 and 38 degrees perceived", function()
  eq(ansan.outdoor_heat(30.9), nil)
  eq(ansan.outdoor_heat(31), "interest")
  eq(ansan.outdoor_heat(33), "caution")
  eq(ansan.outdoor_heat(35), "warning")
  eq(ansan.outdoor_heat(38.5), "danger")
end)

test("festival duties at 1,000 and 5,000 visitors", function()
  eq(ansan.festival_duty(999), nil)
  eq(ansan.festival_duty(1000), "safety_plan")
  eq(ansan.festival_duty(300000), "key_managed")
  fails(function() ansan.festival_duty("many") end, "number expected")
end)
