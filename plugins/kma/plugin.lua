-- kma: Korean Meteorological Administration special weather reports (기상특보).
-- Data only: this file runs with no globals and returns the manifest.
return {
  name = "kma",
  version = "1.0.0",
  api = { 1 },
  description = "KMA weather advisories (주의보) and warnings (경보): thresholds and classifiers",
  provides = {
    modules = { "kma" },
  },
  permissions = {},
  config = {
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
