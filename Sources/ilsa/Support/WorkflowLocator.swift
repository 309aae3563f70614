import Foundation
import IlsaEngine

/// Finds the playbook a command names: a path as given, else a name in the workflows folder.
///
/// `heavy_rain`, `heavy_rain.lua` and `workflows/heavy_rain.lua` all name
/// `workflows/heavy_rain.lua`; a playbook kept as a folder is `workflows/NAME/init.lua`. The
/// folder is `$ILSA_WORKFLOWS`, else `workflows` under the current folder.
///
/// ```swift
/// let path = try WorkflowLocator().locate("heavy_rain")   // "workflows/heavy_rain.lua"
/// ```
struct WorkflowLocator {
    /// The variable that names the workflows folder.
    static let environmentVariable = "ILSA_WORKFLOWS"

    /// The workflows folder, as messages show it: `workflows`.
    let folder: String
    private let currentDirectory: URL

    init(
        environment: [String: String] = ProcessInfo.processInfo.environment,
        currentDirectory: String = FileManager.default.currentDirectoryPath
    ) {
        let configured = environment[Self.environmentVariable].flatMap { $0.isEmpty ? nil : $0 }
        folder = configured ?? "workflows"
        self.currentDirectory = URL(fileURLWithPath: currentDirectory)
    }

    /// The path of the playbook `argument` names.
    /// - Throws: ``InputError`` naming what was tried, with the playbooks there are (and the
    ///   closest one, when the name looks like a typo).
    func locate(_ argument: String) throws -> String {
        if isFile(argument) { return argument }
        let name = argument.hasSuffix(".lua") ? String(argument.dropLast(4)) : argument
        if !name.isEmpty, !name.contains("/") {
            for candidate in ["\(folder)/\(name).lua", "\(folder)/\(name)/init.lua"] where isFile(candidate) {
                return candidate
            }
        }
        let names = available()
        var message = "no playbook '\(argument)': it is not a file, nor a playbook in \(folder)/"
        if let near = DidYouMean.nearest(to: name, in: names) {
            message += "; did you mean \(near)?"
        }
        if names.isEmpty { message += " (\(folder)/ has no playbooks)" }
        throw InputError(message, details: names.isEmpty ? [] : ["playbooks in \(folder)/: " + names.joined(separator: ", ")])
    }

    /// The names of the playbooks in the folder, sorted: `heavy_rain` for `heavy_rain.lua` or
    /// `heavy_rain/init.lua`.
    func available() -> [String] {
        let url = resolved(folder)
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: url.path) else { return [] }
        return entries.compactMap { entry -> String? in
            if entry.hasSuffix(".lua"), !entry.hasPrefix(".") { return String(entry.dropLast(4)) }
            return isFile("\(folder)/\(entry)/init.lua") ? entry : nil
        }.sorted()
    }

    private func resolved(_ path: String) -> URL {
        path.hasPrefix("/") ? URL(fileURLWithPath: path) : currentDirectory.appendingPathComponent(path)
    }

    private func isFile(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: resolved(path).path, isDirectory: &isDirectory) && !isDirectory.boolValue
    }
}
