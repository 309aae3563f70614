-- kma: Korean Meteorological Administration special weather reports (기상특보).
-- Data only: this file runs with no globals and returns the manifest.
return {
  name = "kma",
  version = "1.0.0",
  api = { 1 },
  description = "KMA weather advisories (주의보) and warnings (경보): thresholds and classifiers",
  provides = {
    modules = { "kma" },
    -- one signal per hazard: a heavy-rain playbook waits for ilsa.wait_signal("kma.heavy_rain")
    signals = { "kma.heavy_rain", "kma.typhoon", "kma.strong_wind", "kma.wind_wave", "kma.storm_surge",
                "kma.heat_wave", "kma.cold_wave", "kma.heavy_snow", "kma.dry" },
  },
  permissions = { "read_feed" },
  config = {
    -- a grant: the operator names it (ILSA_PLUGIN_CONFIG), else the engine reads feeds/kma
    -- under the current folder; a manifest never gives it a default
    feed = {
      type = "string",
      description = "a JSON file or a folder of *.json files of reports: { id, hazard, level, districts?, issued_at?, area? } or a list of them",
    },
    surge_advisory_cm = {
      type = "number", default = nil,
      description = "storm-surge advisory sea level at the local tide station, cm (station-specific; not in the research)",
    },
    surge_warning_cm = {
      type = "number", default = nil,
      description = "storm-surge warning sea level at the local tide station, cm (station-specific)",
    },
  },
}
