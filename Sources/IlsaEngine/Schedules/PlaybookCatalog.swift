public import Foundation
public import IlsaStore

/// The playbooks of a workflows folder, read for what starts them by itself: their declared
/// schedules and triggers, and the operators' schedules that name them.
public struct PlaybookCatalog: Sendable {
    /// A playbook file and its metadata.
    public struct Entry: Sendable {
        public var path: String
        public var playbook: Playbook
    }

    public var entries: [Entry]
    /// Files that do not load, one line each (`workflows/x.lua: ...`): their schedules are not known.
    public var problems: [String]

    /// Reads every `*.lua` file and `*/init.lua` in `folder` (none when it does not exist).
    public static func load(folder: String, plugins: PluginSet) -> PlaybookCatalog {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        var entries: [Entry] = []
        var problems: [String] = []
        for name in names.sorted() where !name.hasPrefix(".") {
            let path =
                name.hasSuffix(".lua")
                ? "\(folder)/\(name)"
                : FileManager.default.fileExists(atPath: "\(folder)/\(name)/init.lua") ? "\(folder)/\(name)/init.lua" : nil
            guard let path else { continue }
            do {
                entries.append(Entry(path: path, playbook: try Playbook.load(contentsOfFile: path, plugins: plugins)))
            } catch {
                problems.append("\(error)")
            }
        }
        return PlaybookCatalog(entries: entries, problems: problems)
    }

    /// The playbook with this name.
    public func entry(named workflow: String) -> Entry? { entries.first { $0.playbook.name == workflow } }

    /// Every schedule: those the playbooks declare (`heavy_rain#1`), then the operators' in
    /// `stored` whose playbook is here.
    /// - Returns: The schedules, and a line for each stored one whose playbook is not here or
    ///   that cannot be read.
    public func schedules(adding stored: [StoredSchedule] = []) -> (schedules: [Schedule], problems: [String]) {
        var schedules = entries.flatMap { entry in
            entry.playbook.schedules.enumerated().map { index, spec in
                Schedule(id: "\(entry.playbook.name)#\(index + 1)", workflow: entry.playbook.name, path: entry.path, spec: spec)
            }
        }
        var problems: [String] = []
        for schedule in stored {
            guard let entry = entry(named: schedule.workflow) else {
                problems.append("schedule \(schedule.id) starts '\(schedule.workflow)', which is not in the workflows folder")
                continue
            }
            do {
                let spec = try ScheduleSpec(json: schedule.spec)
                schedules.append(
                    Schedule(id: schedule.id, workflow: schedule.workflow, path: entry.path, spec: spec, setBy: schedule.createdBy))
            } catch {
                problems.append("schedule \(schedule.id) cannot be read: \(error)")
            }
        }
        return (schedules, problems)
    }

    /// The playbooks a feed signal starts, by the signal's name.
    public var triggers: [String: [Entry]] {
        var triggers: [String: [Entry]] = [:]
        for entry in entries {
            for name in entry.playbook.triggers { triggers[name, default: []].append(entry) }
        }
        return triggers
    }
}
