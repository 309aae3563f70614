import IlsaStore
import ArgumentParser
import Foundation
import IlsaEngine

/// `ilsa signal RUN NAME [JSON]`: news for a waiting run (a gauge reading, a warning issued).
struct SignalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "signal",
        abstract: "Send a named signal, with an optional JSON payload, to a run.",
        discussion: """
            The run's wait for NAME (ilsa.wait_signal("NAME"), or ilsa.signal("NAME") in \
            ilsa.any) takes it now, or later when the run asks: signals are kept in the order they \
            arrive. What the run did at once (new tasks, escalations, the run ending) is printed \
            below the confirmation. The payload is JSON, strictly: text needs JSON quotes inside \
            the shell's, '"text"'. A run that has ended, an unknown run or malformed JSON changes \
            nothing and exits with status 2.

            Examples:
              ilsa signal ab12cd34 rain_reading '{"mm_per_hour": 55, "gauge": "신길동"}'
              ilsa signal ab12cd34 kma.heavy_rain '{"hazard": "heavy_rain", "level": "warning"}'
              ilsa signal ab12cd34 note '"the bridge is closed"'

            $ ilsa signal ab12cd34 rain_reading '{"mm_per_hour": 55, "gauge": "신길동"}'
            signal 'rain_reading' sent to run ab12cd34
              new task ab12cd34.13: 지하차도 즉시 통제 (POL.BOX singil, due in 9m)
              new escalation ab12cd34.14 to control_tower (경계 alert): 55 mm/h in singil
            """
    )

    @Argument(help: ArgumentHelp("The run, as ilsa tasks or ilsa status shows it.", valueName: "run"))
    var runID: String

    @Argument(help: ArgumentHelp("The signal's name, as the playbook waits for it.", valueName: "name"))
    var name: String

    @Argument(help: ArgumentHelp("The payload: JSON text (default: null).", valueName: "json"))
    var payload: String?

    @OptionGroup var engineOptions: EngineOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        if name.trimmingCharacters(in: .whitespaces).isEmpty { throw ValidationError("the signal needs a name") }
    }

    func run() throws {
        let value = try payload.map(Self.parse) ?? .null
        let engine = try Lookup.engine(engineOptions)
        let record = try Lookup.run(runID, in: engine.store)
        guard !record.status.isFinal else {
            throw InputError("run '\(record.id)' has \(Lookup.ended(record.status)); it takes no signals")
        }
        let awaited = record.waits.compactMap { if case .signal(let name) = $0 { name } else { nil } }
        let changes = ChangeText(try engine.signal(record.id, name: name, payload: value))
        let now = engine.clock.now
        if output.json {
            var object = changes.json(now: now, city: CityTime(roster: engine.roster))
            object["signal"] = .string(name)
            object["payload"] = value
            object["waited"] = .bool(awaited.contains(name))
            try output.print(json: .object(object))
        } else {
            Console.out("signal '\(name)' sent to run \(record.id)")
            for line in changes.lines(now: now) { Console.out(line) }
        }
        if !awaited.contains(name) {
            var note = "note: run \(record.id) is not waiting for '\(name)' now; it keeps the signal until it asks for it"
            if !awaited.isEmpty {
                note += ". It waits for " + Set(awaited).sorted().map { "'\($0)'" }.joined(separator: ", ")
                note += DidYouMean.hint(for: name, in: awaited)
            }
            Console.note(note)
        }
    }

    /// Reads the payload as JSON.
    /// - Throws: ``InputError`` with the parser's message and where, and how to send text.
    static func parse(_ text: String) throws -> JSONValue {
        do {
            return try JSONValue(json: text)
        } catch {
            var problem = error.message
            if problem.hasPrefix("invalid JSON: ") { problem.removeFirst("invalid JSON: ".count) }
            var message = "the payload is not JSON: \(problem) at \(error.path)"
            var details: [String] = []
            if let offset = Int(error.path.dropFirst("offset ".count)), offset < text.utf8.count {
                let rest = String(decoding: text.utf8.dropFirst(offset).prefix(12), as: UTF8.self)
                message += " (near '\(rest)')"
            }
            let first = text.trimmingCharacters(in: .whitespaces).first
            if let first, !"{[\"-0123456789".contains(first) {
                details.append("to send text, quote it as a JSON string inside the shell's quotes: '\"\(text)\"'")
            } else if problem.contains("expected a key"), let offset = Int(error.path.dropFirst("offset ".count)),
                let next = text.utf8.dropFirst(offset).first, next != UInt8(ascii: "}")
            {
                details.append("JSON keys need double quotes: '{\"mm_per_hour\": 55}'")
            }
            throw InputError(message, details: details)
        }
    }
}
