-- crowd: crowd-density levels for festivals and mass gatherings. Data only.
return {
  name = "crowd",
  version = "1.0.0",
  api = { 1 },
  description = "Crowd density (people per square metre) to caution, alert and serious levels",
  provides = {
    modules = { "crowd" },
    signals = { "crowd.density" },
  },
  permissions = { "read_feed" },
  config = {
    -- a grant: the operator names it (ILSA_PLUGIN_CONFIG), else the engine reads feeds/crowd
    -- under the current folder; a manifest never gives it a default
    feed = {
      type = "string",
      description = "a JSON file or a folder of *.json files of readings: { zone, density, at, district?, id? } or a list of them",
    },
    caution = { type = "number", default = 3, description = "people/m² from which a zone is at caution (주의)" },
    alert = { type = "number", default = 4, description = "people/m² from which a zone is at alert (경계)" },
    serious = { type = "number", default = 5, description = "people/m² from which a zone is serious (심각); Yongsan uses 4" },
    crush = { type = "number", default = 6, description = "people/m² (moving crowd) at which crush risk halts the event segment" },
  },
}
