import IlsaCheck
import IlsaStoreSQLite
import IlsaStorePostgres
import IlsaStore
import Foundation
import IlsaEngine

/// `ilsa check`'s shadow replays: each run of a checked playbook that has not ended (and each
/// failed one) replayed against the file as it is, to say which could move to it.
struct RunReplays {
    let engine: Engine

    /// Nil when `--store` is not given and no store is there (`$ILSA_STORE` or the default
    /// file does not exist yet): there are no runs to check.
    init?(store named: String?, roster: Roster?, plugins: PluginSet) throws {
        let environment = ProcessInfo.processInfo.environment["ILSA_STORE"].flatMap { $0.isEmpty ? nil : $0 }
        guard let location = named ?? Self.existing(environment ?? SQLiteRunStore.defaultPath()) else { return nil }
        engine = Engine(store: try StoreOption.open(location, create: false), clock: WallClock(), roster: roster, plugins: plugins)
    }

    /// The store named, when it is a database or a file that exists.
    private static func existing(_ location: String) -> String? {
        PostgresLocation.names(location) || FileManager.default.fileExists(atPath: location) ? location : nil
    }

    /// Notes on the runs that can move to the file, and a warning for each that would diverge.
    func check(_ file: String) throws -> (notes: [String], findings: [CheckFinding]) {
        let text = try Playbook.text(ofFile: file)
        guard let name = try? Playbook.load(source: text, chunkName: "@" + file, plugins: engine.plugins).name else {
            return ([], [])
        }
        let runs = try [RunStatus.waiting, .paused, .running, .failed].flatMap { try engine.store.runs(status: $0) }
            .filter { $0.workflow == name }.sorted { $0.createdAt < $1.createdAt }
        var notes: [String] = []
        var findings: [CheckFinding] = []
        let version = PlaybookVersion.id(of: text)
        for record in runs where record.scriptHash != version || record.status == .failed {
            let check = try engine.checkVersion(of: record.id, text: text)
            switch check.verdict {
            case .replays: notes.append("note: \(file): " + VersionText.line(check))
            case .diverges, .fails, .doesNotLoad:
                findings.append(
                    CheckFinding(file: file, line: 0, severity: .warning, code: .runDiverges, message: VersionText.line(check)))
            }
        }
        return (notes, findings)
    }
}
