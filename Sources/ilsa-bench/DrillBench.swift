/// A drill across the whole city: one playbook runs `ilsa.parallel` over all ten districts for
/// 72 simulated hours, timed through the Drill API (a temporary store, a virtual clock, the
/// built-in Ansan responders). Goal: under 1 second.
import IlsaDrill
import Foundation
import IlsaEngine

/// Every six hours, in every district at once: the dong heads check their flood spots, the 119
/// centre its pumps, the police boxes their underpasses; then the district waits for the next
/// round. Twelve rounds: the last ends at T+72h.
let tenDistrictsPlaybook = """
    local DISTRICTS = { "wolpi", "sadong", "sangnok1", "sangnok2", "banwol", "gojan", "choji", "seonbu", "singil", "daebu" }
    return ilsa.workflow { name = "ten_districts", title = "10개 권역 72시간 비상근무", run = function(ctx)
      local branches = {}
      for _, d in ipairs(DISTRICTS) do
        branches[#branches + 1] = function()
          local done = 0
          for round = 1, 12 do
            local next_round = ilsa.timer("6h")
            local tasks = {
              ilsa.task { title = "침수 우려 지역 점검 " .. round, assignee = { role = "DONG.HEAD", district = d }, due = "1h", class = "life_safety" },
              ilsa.task { title = "배수펌프 점검 " .. round, assignee = { role = "FIRE.SC119", district = d }, due = "30m", class = "life_safety" },
              ilsa.task { title = "지하차도 순찰 " .. round, assignee = { role = "POL.BOX", district = d }, due = "1h", class = "life_safety" },
            }
            for _, t in ipairs(tasks) do
              if t:wait().state == "done" then done = done + 1 end
            end
            ilsa.log(string.format("%s: round %d done", d, round))
            next_round:wait()
          end
          return done
        end
      end
      local results = ilsa.parallel(branches)
      local total = 0
      for _, n in ipairs(results) do total = total + n end
      return { districts = #results, tasks_done = total }
    end }
    """

func drillCases(_ options: Options) throws -> [Case] {
    guard options.selects("drill.districts") else { return [] }
    guard let rosterPath = findRoster() else { throw BenchFailure(description: "plugins/ansan/roster.lua not found") }
    var drill = Drill(playbook: "ten_districts.lua", source: tenDistrictsPlaybook, roster: try Roster.load(contentsOfFile: rosterPath))
    drill.seed = 7
    let probe = try drill.run()
    guard probe.outcome == .completed, probe.returned?["districts"] == 10 else {
        throw BenchFailure(description: "the ten-district drill did not complete: \(probe.outcome), \(probe.failure ?? "")")
    }
    let label = "drill: 10 districts × 72 simulated hours (\(probe.tasks.count) tasks, \(probe.timeline.count) events)"
    return [
        Case(key: "drill.districts", label: label, unit: "ms") {
            try nanoseconds { _ = try drill.run() } / 1e6
        }
    ]
}

/// The project's Ansan roster, from the current folder or the package root.
func findRoster() -> String? {
    let relative = "plugins/ansan/roster.lua"
    let package = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent(relative).path
    return [relative, package].first { FileManager.default.fileExists(atPath: $0) }
}
