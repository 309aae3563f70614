-- ansan: the city of Ansan (안산시): its roster and its local thresholds. Data only.
return {
  name = "ansan",
  version = "1.0.0",
  api = { 1 },
  description = "Ansan's public-safety roster (districts, units, roles, ladders) and local thresholds",
  provides = {
    modules = { "ansan" },
    roster = "roster.lua",
  },
  permissions = {},
  config = {},
}
