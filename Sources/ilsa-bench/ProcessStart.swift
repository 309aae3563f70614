/// Whole processes: `ilsa run --detach` of a small playbook, from exec to exit, against the plain
/// `lua5.4` interpreter starting a script (the floor).
import Foundation

func processCases(_ options: Options) throws -> [Case] {
    guard ["process.detach", "process.lua54"].contains(where: options.selects) else { return [] }
    // The release ilsa sits next to this benchmark's binary.
    let benchmark = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
    let ilsa = benchmark.deletingLastPathComponent().appendingPathComponent("ilsa").path
    guard FileManager.default.isExecutableFile(atPath: ilsa) else {
        throw UsageError(message: "\(ilsa) is missing: build it first (swift build -c release --product ilsa)")
    }
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ilsa-bench-process")
    try? FileManager.default.removeItem(at: folder)
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let playbook = folder.appendingPathComponent("sandbags.lua").path
    try """
    return ilsa.workflow {
      name = "sandbags", title = "모래주머니 배치",
      params = { { name = "district", type = "district", default = "singil" } },
      run = function(ctx)
        local t = ilsa.task { title = "모래주머니 배치", assignee = { role = "DONG.HEAD", district = ctx.params.district }, due = "1h" }
        t:wait()
      end,
    }
    """.write(toFile: playbook, atomically: true, encoding: .utf8)
    let script = folder.appendingPathComponent("hello.lua").path
    try "local t = { title = '모래주머니 배치' }\nio.write(t.title:len(), '\\n')\n".write(toFile: script, atomically: true, encoding: .utf8)
    let roster = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("plugins/ansan/roster.lua").path
    let store = folder.appendingPathComponent("store.sqlite").path
    let plugins = URL(fileURLWithPath: roster).deletingLastPathComponent().deletingLastPathComponent().path
    let starts = options.quick ? 5 : 20
    var run = 0
    return [
        Case(key: "process.detach", label: "ilsa run --detach, a one-task playbook, whole process (\(starts) starts)", unit: "ms") {
            var total = 0.0
            for _ in 0..<starts {
                run += 1
                // In the benchmark's folder, with the project's plugins: notify's hook queues the
                // task's notification in the store's outbox, as it would for a duty officer.
                total += try timeProcess(
                    ilsa, ["run", "--detach", "--id", "b\(run)", "--store", store, "--roster", roster, playbook],
                    directory: folder.path, environment: ["ILSA_PLUGIN_PATH": plugins])
            }
            return total / Double(starts) / 1e6
        },
        Case(key: "process.lua54", label: "lua5.4 starting a script, whole process (\(starts) starts)", unit: "ms") {
            var total = 0.0
            for _ in 0..<starts { total += try timeProcess("/usr/bin/lua5.4", [script]) }
            return total / Double(starts) / 1e6
        },
    ].filter { options.selects($0.key) }
}
