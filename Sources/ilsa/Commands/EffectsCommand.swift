import ArgumentParser
import Foundation
import IlsaEngine
import IlsaStore
import IlsaTerminal

/// `ilsa effects`: what plugin hooks queued to send (outbox lines, webhooks) and where each
/// delivery stands; `ilsa effects retry KEY` puts a dead one back.
struct EffectsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "effects",
        abstract: "List notifications queued for delivery, failing, or given up on; retry one.",
        discussion: """
            Plugin hooks do not send anything themselves: what they send (a line for the outbox \
            file, a webhook) is queued in the store with the events that caused it, and ilsa \
            work delivers it after those events are stored. Each has a key that says what it is \
            about (5f2c91ab.3/created/notify#1: task 5f2c91ab.3 was created, notify's first \
            send), carried in the outbox line's id and the webhook's Idempotency-Key header.

            A failed attempt is tried again with backoff (1 s, 2 s, 4 s, ... up to 5 minutes); \
            after 12 attempts, or when the receiver refuses it for good (an HTTP 4xx other than \
            408, 425 or 429), it is given up on (dead) with the reason. ilsa effects retry KEY \
            puts it back, due at once; the next ilsa work delivers it.

            By default lists what is not delivered yet (pending and dead), oldest first. \
            Columns: KEY, CHANNEL, STATUS (pending, failing: pending after a failed attempt, \
            dead, delivered), ATTEMPTS, NEXT (the next attempt, for pending ones), and the last \
            ERROR.

            Examples:
              ilsa effects
              ilsa effects --dead
              ilsa effects --run 5f2c91ab --all --json
              ilsa effects retry 5f2c91ab.3/created/notify#2
              ilsa effects prune --older-than 30d
            """,
        subcommands: [List.self, Retry.self, Prune.self],
        defaultSubcommand: List.self
    )

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list", abstract: "List effects (the default): by default those not delivered yet.")

        @OptionGroup var storeOption: StoreOption
        @OptionGroup var output: OutputOptions

        @Flag(help: "Only failing ones: pending after a failed attempt.")
        var failing = false
        @Flag(help: "Only dead ones: given up on.")
        var dead = false
        @Flag(help: "Every effect, delivered ones too.")
        var all = false
        @Option(name: .customLong("run"), help: ArgumentHelp("Only this run's effects.", valueName: "run"))
        var runID: String?
        @Option(help: ArgumentHelp("At most this many (1 to 10000).", valueName: "n"))
        var limit = 100

        func validate() throws {
            guard (1...10_000).contains(limit) else { throw ValidationError("--limit must be a number from 1 to 10000") }
            guard [failing, dead, all].filter({ $0 }).count <= 1 else {
                throw ValidationError("choose one of --failing, --dead and --all")
            }
        }

        func run() throws {
            let store = try storeOption.open(create: false)
            let run = try runID.map { try Lookup.run($0, in: store).id }
            let statuses: Set<EffectRecord.Status> = all ? [] : dead ? [.dead] : failing ? [.pending] : [.pending, .dead]
            let effects = try store.effects(EffectQuery(statuses: statuses, failingOnly: failing, run: run, limit: limit))
            if output.json {
                try output.print(json: .array(effects.map(Self.json)))
                return
            }
            let counts = try store.effectCounts()
            if effects.isEmpty {
                Console.note(
                    "nothing \(dead ? "dead" : failing ? "failing" : "waiting to be delivered")\(runID.map { " in run \($0)" } ?? "")")
            } else {
                print(Self.render(effects, styler: output.styler))
            }
            Console.note(
                "\(counts.pending) pending (\(counts.failing) failing), \(counts.dead) dead, \(counts.delivered) delivered"
                    + (effects.count == limit ? "; showing the first \(limit): --limit shows more" : ""))
        }

        static func status(_ record: EffectRecord) -> String {
            record.isFailing ? "failing" : record.status.rawValue
        }

        static func render(_ effects: [EffectRecord], styler: Styler) -> String {
            var table = TextTable(columns: [
                .init("KEY"), .init("CHANNEL"), .init("STATUS"), .init("ATTEMPTS"), .init("NEXT"), .init("ERROR", truncatable: true),
            ])
            let now = Date()
            for record in effects {
                table.append([
                    record.effect.key, record.effect.channel.rawValue, status(record), String(record.attempts),
                    record.status == .pending ? record.nextAttemptAt.map { TimeText.until($0, now: now) } ?? "" : "",
                    record.lastError ?? "",
                ])
            }
            return table.render(fittingWidth: TaskTable.fittingWidth(), styler: styler) { row, column in
                switch (column, status(effects[row])) {
                case (2, "dead"): .init(color: .red, bold: true)
                case (2, "failing"): .color(.yellow)
                default: .plain
                }
            }
        }

        static func json(_ record: EffectRecord) -> JSONValue {
            var fields: [String: JSONValue] = [
                "key": .string(record.effect.key), "run": .string(record.effect.run.rawValue), "plugin": .string(record.effect.plugin),
                "channel": .string(record.effect.channel.rawValue), "status": .string(status(record)),
                "attempts": .integer(Int64(record.attempts)), "created_at": .string(ReadModelJSON.iso(record.effect.createdAt)),
            ]
            fields["next_attempt_at"] = record.nextAttemptAt.map { .string(ReadModelJSON.iso($0)) }
            fields["settled_at"] = record.settledAt.map { .string(ReadModelJSON.iso($0)) }
            fields["outbox_offset"] = record.placedAt.map { .integer($0) }
            fields["last_error"] = record.lastError.map(JSONValue.string)
            return .object(fields)
        }
    }

    struct Retry: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "retry", abstract: "Put a dead or failing effect back, due at once (ilsa work delivers it).")

        @OptionGroup var storeOption: StoreOption

        @Argument(help: ArgumentHelp("The effect's key, as ilsa effects shows it.", valueName: "key"))
        var key: String

        func run() throws {
            let store = try storeOption.open(create: false)
            do {
                try store.retryEffect(key, at: Date())
            } catch let error as StoreError where error.code == .notFound {
                throw InputError("no effect '\(key.visibleControls)': ilsa effects lists them")
            } catch let error as StoreError where error.code == .conflict {
                throw InputError("effect '\(key.visibleControls)' was delivered already; it is not sent again")
            }
            Console.note("effect \(key.visibleControls) is due again; ilsa work delivers it")
        }
    }

    struct Prune: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "prune",
            abstract: "Forget delivered effects older than a duration (pending and dead ones stay).",
            discussion: "The store keeps every delivered notification until it is pruned: run this now and then (from cron, say).")

        @OptionGroup var storeOption: StoreOption

        @Option(
            name: .customLong("older-than"),
            help: ArgumentHelp("Delivered more than this long ago: \(DurationText.formatHelp).", valueName: "duration"))
        var olderThan: String

        func run() throws {
            guard let age = DurationText.parse(olderThan), age > .zero else {
                throw InputError("--older-than takes \(DurationText.formatHelp), not '\(olderThan.visibleControls)'")
            }
            let (seconds, attoseconds) = age.components
            let before = Date().addingTimeInterval(-(Double(seconds) + Double(attoseconds) / 1e18))
            let count = try storeOption.open(create: false).pruneEffects(deliveredBefore: before)
            Console.note("forgot \(count) delivered effect\(count == 1 ? "" : "s") older than \(olderThan)")
        }
    }
}
