import IlsaStore
import ArgumentParser
import Foundation
import IlsaEngine

/// `ilsa incidents`: runs that failed, with their errors, to fix and retry.
struct IncidentsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "incidents",
        abstract: "List runs that failed, with the error and the playbook line it came from.",
        discussion: """
            A run fails when its playbook raises an error (or goes past one of its budgets): \
            its open tasks and escalations close, and it waits for a person. Each incident is \
            the run, its playbook, when it failed (in the city's time) and the error, most \
            recent first. Fix the playbook, see with ilsa check FILE whether the run replays on \
            the fix, then ilsa retry RUN takes it up from where it failed.

            Examples:
              ilsa incidents
              ilsa incidents --json

            $ ilsa incidents
            3f9c1a2b  heat_wave  failed 12-05 14:02  workflows/heat_wave.lua:41: attempt to index a nil value (field 'shelter')
            1 incident; after fixing the playbook: ilsa check FILE, then ilsa retry RUN
            """
    )

    @OptionGroup var engineOptions: EngineOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let store = try engineOptions.storeOption.open(create: false)
        let city = CityTime(roster: try? engineOptions.rosterOption.load())
        let failed = try store.runs(status: .failed).sorted { $0.updatedAt > $1.updatedAt }
        var incidents: [Incident] = []
        for record in failed {
            let history = try store.history(of: record.id)
            let failure = history.last { if case .failed = $0.fact { true } else { false } }
            guard case .failed(let reason)? = failure?.fact else { continue }
            let path = if case .started(let start)? = history.first?.fact { start.playbook } else { record.workflow }
            incidents.append(Incident(record: record, path: path, at: failure?.at ?? record.updatedAt, message: reason.message))
        }
        if output.json {
            try output.print(json: .array(incidents.map { $0.json(city) }))
            return
        }
        for incident in incidents {
            Console.out("\(incident.record.id)  \(incident.record.workflow)  failed \(city.short(incident.at))  \(incident.message)")
        }
        Console.note(
            incidents.isEmpty
                ? "no incidents: no run has failed"
                : "\(VersionText.count(incidents.count, "incident")); after fixing the playbook: ilsa check FILE, then ilsa retry RUN")
    }

    /// A failed run and where its error points.
    struct Incident {
        var record: RunRecord
        var path: String
        var at: Date
        var message: String

        /// The playbook line the error names (`workflows/heat_wave.lua:41: ...`), if it names one.
        var line: Int? {
            guard let range = message.range(of: #"\.lua:(\d+):"#, options: .regularExpression) else { return nil }
            return Int(message[range].dropFirst(5).dropLast())
        }

        func json(_ city: CityTime) -> JSONValue {
            var fields: [String: JSONValue] = [
                "run": .string(record.id.rawValue), "workflow": .string(record.workflow), "playbook": .string(path),
                "failed_at": .string(city.iso(at)), "error": .string(message),
            ]
            fields["line"] = line.map { .integer(Int64($0)) }
            return .object(fields)
        }
    }
}
