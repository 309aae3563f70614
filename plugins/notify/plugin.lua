-- notify: tells the people a task or escalation is for, on the channels the config names.
-- Data only.
return {
  name = "notify",
  version = "1.0.0",
  api = { 1 },
  description = "Notifications of new and overdue tasks, escalations and run ends, to a role in a district, in its residents' languages",
  provides = {
    modules = { "notify" },
    hooks = { "on_task_created", "on_task_overdue", "on_escalation", "on_run_finished" },
    channels = { "console", "outbox", "webhook" },
  },
  permissions = { "console", "outbox", "http" },
  config = {
    channels = { type = "table", default = { "outbox" }, description = "where hooks send: console, outbox, webhook" },
    -- grants: the operator names them (ILSA_PLUGIN_CONFIG); the engine's default outbox is
    -- .ilsa/outbox.jsonl under the current folder, and there is no default webhook
    outbox = { type = "string", description = "the append-only JSON-lines outbox file" },
    webhook_url = { type = "string", description = "the URL webhook notifications are POSTed to" },
    languages = {
      type = "table", default = { "ko", "en" },
      description = "languages of every message",
    },
    district_languages = {
      type = "table", default = { singil = { "ko", "en", "zh", "vi" } },
      description = "more languages where a district has many foreign residents (Singil holds Wongok-dong)",
    },
  },
}
