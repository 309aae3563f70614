import ArgumentParser
import Foundation
import IlsaStore
import IlsaStorePostgres

/// `ilsa store copy`: moves a store from one place to another (an SQLite file into the
/// PostgreSQL database several machines will share), runs in flight included.
struct StoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "store",
        abstract: "Copy a store, runs in flight included (an SQLite file into PostgreSQL, or back).",
        subcommands: [Copy.self]
    )

    struct Copy: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "copy",
            abstract: "Copy every run, notification, account and token from one store into a new one.",
            discussion: """
                Moves a city's store when it outgrows one machine: every run with its whole \
                history, tasks, escalations and what it waits for; the notifications queued or \
                sent, with where each delivery stands; the accounts and API tokens. Runs in \
                flight go on in the new store exactly where they stopped: start the workers and \
                servers on it (--store or ILSA_STORE) and they carry on.

                Stop every worker and server on the old store first: what they write during \
                the copy is not copied. The new store must be empty (a PostgreSQL database \
                gets the store's tables on first use). Nothing is changed in the old store. \
                A copy that stops half-way says so; empty the new store and copy again.

                A store is an SQLite file's path or postgres://user@host:port/database \
                (?schema=NAME for a schema of its own; the password from PGPASSWORD).

                Examples:
                  ilsa store copy --from .ilsa/ilsa.sqlite --to postgres://ilsa@db.ansan.local/ilsa
                  PGPASSWORD=... ilsa store copy --from .ilsa/ilsa.sqlite --to postgres://ilsa@10.0.0.5:5432/ilsa
                  ilsa store copy --from postgres://ilsa@db/ilsa --to backup.sqlite
                """
        )

        @Option(help: ArgumentHelp("The store to copy from: an SQLite file or a postgres:// URL.", valueName: "path|url"))
        var from: String

        @Option(help: ArgumentHelp("The new store to copy into, which must be empty.", valueName: "path|url"))
        var to: String

        func validate() throws {
            if !PostgresLocation.names(to), FileManager.default.fileExists(atPath: to),
                (try? FileManager.default.attributesOfItem(atPath: to)[.size] as? Int) ?? 0 > 0
            {
                throw ValidationError("\(to) exists: copy into a new store")
            }
        }

        func run() throws {
            let source = try StoreOption.open(from, create: false)
            let target = try StoreOption.open(to, create: true)
            let started = Date()
            let progress = ProgressLine()
            let counts = try StoreCopy(from: source, to: target).run { copied, total in
                progress.show("copying runs: \(copied.formatted()) of \(total.formatted())")
            }
            progress.clear()
            let seconds = Date().timeIntervalSince(started).formatted(.number.precision(.fractionLength(1)))
            print(
                "copied \(counts.runs.formatted()) runs (\(counts.events.formatted()) events, \(counts.tasks.formatted()) tasks, "
                    + "\(counts.escalations.formatted()) escalations), \(counts.effects.formatted()) notifications, "
                    + "\(counts.accounts.formatted()) accounts, \(counts.tokens.formatted()) tokens and \(counts.schedules.formatted()) schedules in \(seconds) s"
            )
        }
    }
}
