import IlsaStore
import ArgumentParser
import Foundation
import IlsaEngine
import IlsaLua

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

            A signal the run does not wait for now, and whose name its playbook's text never \
            mentions, is most likely a typo: it is refused with the names the run would take \
            (exit 2). --force sends it anyway (a playbook that makes the name from parts, or \
            reads it later).

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

    @Flag(help: "Send it even when the run does not wait for it and its playbook never names it.")
    var force = false

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
        if !force, !awaited.contains(name), let named = try Self.namesInPlaybook(of: record, store: engine.store), !named.contains(name) {
            let known = Set(awaited).union(named.filter { !$0.isEmpty && $0.count <= 64 && !$0.contains(" ") })
            var message = "run \(record.id) does not wait for '\(name)' and its playbook never names it"
            message += DidYouMean.hint(for: name, in: Array(known))
            if !awaited.isEmpty { message += "; it waits for " + Set(awaited).sorted().map { "'\($0)'" }.joined(separator: ", ") }
            throw InputError(message + "; to send it anyway: --force")
        }
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

    /// The string literals of the playbook the run started from, or nil when its file cannot be
    /// read (moved, or a run from another machine): then nothing is refused.
    static func namesInPlaybook(of record: RunRecord, store: any RunStore) throws -> Set<String>? {
        guard case .started(let start)? = try store.history(of: record.id, after: 0).first?.fact,
            let source = try? String(contentsOfFile: start.playbook, encoding: .utf8)
        else { return nil }
        return Set(LuaLexer.tokenize(source).tokens.filter { $0.kind == .string }.map(\.text))
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
