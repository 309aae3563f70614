import Foundation

extension Playbook {
    /// The text of a playbook file: what every reader of playbooks (the engine's default
    /// source, ``load(contentsOfFile:plugins:)``, drills, the checker, the REPL) reads a file
    /// with, so each says the same one line about a file it cannot use.
    ///
    /// - Throws: ``PlaybookError`` `unreadable`, its message naming the file (as Lua's do, so a
    ///   run that cannot be replayed says which): `x.lua: not UTF-8 text (line 3 is not); save
    ///   the playbook as UTF-8 (...)`, `x.lua: cannot be read (no such file)`.
    public static func text(ofFile path: String) throws -> String {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw PlaybookError(.unreadable, file: path, "\(path): cannot be read (\(readProblem(path)))")
        }
        guard let text = String(validating: data, as: UTF8.self) else {
            throw PlaybookError(
                .unreadable, file: path,
                "\(path): not UTF-8 text (line \(firstLineNotUTF8(data)) is not); save the playbook as UTF-8 "
                    + "(from EUC-KR: iconv -f CP949 -t UTF-8)")
        }
        return text
    }

    /// Why a file cannot be read, in a few words.
    private static func readProblem(_ path: String) -> String {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else { return "no such file" }
        if isFolder.boolValue { return "it is a folder" }
        return FileManager.default.isReadableFile(atPath: path) ? "an input/output error" : "permission denied"
    }

    /// The line (from 1) of the first byte that is not part of valid UTF-8.
    private static func firstLineNotUTF8(_ data: Data) -> Int {
        var bytes = data.makeIterator()
        var decoder = UTF8()
        var line = 1
        while case .scalarValue(let scalar) = decoder.decode(&bytes) {
            if scalar == "\n" { line += 1 }
        }
        return line
    }
}
