package import Foundation
package import IlsaStore

#if canImport(Glibc)
    import Glibc
#endif

/// Appends effects to a JSON-lines outbox file exactly once each, as whole lines, without
/// reading the file.
///
/// Every writer holds the file's lock (`flock`) from choosing an offset to syncing the line. An
/// effect's offset is recorded in the store (``EffectOutcome/placed(offset:)``) before its line
/// is written at the end of the file, and the effect is marked delivered after the line is
/// synced. A dispatcher that finds an effect placed but not delivered (the writer was killed, or
/// the machine lost power, in between) reads the one line at that offset: the effect's own line
/// there means it was written; anything else means it was not, and it is written now. A line
/// cut short by a crash is the file's last, ends without a newline and belongs to an effect not
/// delivered: the next writer cuts it off before appending.
package struct OutboxFile {
    package let path: String
    package let settings: DeliverySettings

    package init(path: String, settings: DeliverySettings) {
        self.path = path
        self.settings = settings
    }

    /// The longest line the file can hold that Ilsa wrote: a record and its id (see `PluginHost.recordBytes`).
    static let longestLine = 80 << 10

    /// Delivers the claimed effects to this file, recording each outcome in the store.
    /// - Returns: How many were recorded delivered (not those another dispatcher took over).
    @discardableResult
    package func deliver(_ records: [EffectRecord], store: any RunStore, claimant: String, now: () -> Date) throws -> Int {
        let fd = try open()
        defer { close(fd) }
        try lock(fd)
        defer { flock(fd, LOCK_UN) }
        let size = try repairTail(fd)
        var toWrite: [EffectRecord] = []
        var settled: [(key: String, outcome: EffectOutcome)] = []
        for record in records {
            if let offset = record.placedAt, offset < size, try line(fd, at: offset, size: size) == record.effect.key {
                settled.append((record.effect.key, .delivered(at: now())))
            } else {
                toWrite.append(record)
            }
        }
        let found = settled.count - (settled.isEmpty ? 0 : try store.settleEffects(settled, claimant: claimant).count)
        // Offsets first, in the store; a record another dispatcher has taken over meanwhile is
        // not written, and the others' lines are laid out again without it (their offsets must
        // be the ones recorded), under the lock this call holds.
        while !toWrite.isEmpty {
            var placements: [(key: String, outcome: EffectOutcome)] = []
            var bytes: [UInt8] = []
            for record in toWrite {
                placements.append((record.effect.key, .placed(offset: size + Int64(bytes.count))))
                bytes += Array(Self.line(record.effect).utf8)
            }
            let lost = try store.settleEffects(placements, claimant: claimant)
            guard lost.isEmpty else {
                toWrite.removeAll { lost.contains($0.effect.key) }
                continue
            }
            try writeAll(fd, bytes)
            guard fdatasync(fd) == 0 else { throw DeliveryError("\(path): cannot sync the outbox file: \(errorText())") }
            let refused = try store.settleEffects(toWrite.map { ($0.effect.key, EffectOutcome.delivered(at: now())) }, claimant: claimant)
            return found + toWrite.count - refused.count
        }
        return found
    }

    /// An effect's line: its body on one line, and a newline.
    static func line(_ effect: Effect) -> String {
        effect.body.replacingOccurrences(of: "\n", with: " ").replacingOccurrences(of: "\r", with: " ") + "\n"
    }

    // MARK: The file

    private func open() throws -> Int32 {
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty {
            do {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            } catch {
                throw DeliveryError("\(folder): cannot create the outbox's folder: \(Self.reason(error))")
            }
        }
        let existed = access(path, F_OK) == 0
        let fd = Glibc.open(path, O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            if errno == EISDIR { throw DeliveryError("\(path): the outbox is not a regular file", permanent: true) }
            throw DeliveryError("\(path): cannot open the outbox file: \(errorText())")
        }
        var status = stat()
        guard fstat(fd, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else {
            close(fd)
            throw DeliveryError("\(path): the outbox is not a regular file", permanent: true)
        }
        // A new file's name is synced too: a power cut must not take the file with lines the
        // store says were delivered.
        if !existed { Self.syncFolder(of: path) }
        return fd
    }

    /// Takes the file's lock, waiting at most the lock timeout.
    private func lock(_ fd: Int32) throws {
        let deadline = ContinuousClock.now + settings.lockTimeout
        while flock(fd, LOCK_EX | LOCK_NB) != 0 {
            guard errno == EWOULDBLOCK || errno == EINTR else {
                throw DeliveryError("\(path): cannot lock the outbox file: \(errorText())")
            }
            guard ContinuousClock.now < deadline else {
                throw DeliveryError("\(path): another process held the outbox file's lock for \(settings.lockTimeout)")
            }
            usleep(5_000)
        }
    }

    /// Cuts off a last line a crash left without its newline; returns the file's size after.
    private func repairTail(_ fd: Int32) throws -> Int64 {
        let size = Int64(lseek(fd, 0, SEEK_END))
        guard size > 0 else { return max(size, 0) }
        let window = Int(min(size, Int64(Self.longestLine)))
        let tail = try read(fd, at: size - Int64(window), count: window)
        guard tail.last != UInt8(ascii: "\n") else { return size }
        let keep: Int64
        if let newline = tail.lastIndex(of: UInt8(ascii: "\n")) {
            keep = size - Int64(window) + Int64(newline) + 1
        } else if size <= Int64(Self.longestLine) {
            keep = 0
        } else {
            throw DeliveryError(
                "\(path): the outbox file ends with \(window) bytes and no newline, more than any line Ilsa writes; it was changed by another program",
                permanent: true)
        }
        guard ftruncate(fd, off_t(keep)) == 0 else { throw DeliveryError("\(path): cannot cut off a partial line: \(errorText())") }
        return keep
    }

    /// The `id` of the line that starts at `offset`, or nil when it is not a whole line with one.
    private func line(_ fd: Int32, at offset: Int64, size: Int64) throws -> String? {
        let bytes = try read(fd, at: offset, count: Int(min(Int64(Self.longestLine), size - offset)))
        guard let end = bytes.firstIndex(of: UInt8(ascii: "\n")) else { return nil }
        guard let text = String(validating: bytes[..<end], as: UTF8.self), let value = try? JSONValue(json: text) else { return nil }
        return value["id"]?.stringValue
    }

    private func read(_ fd: Int32, at offset: Int64, count: Int) throws -> [UInt8] {
        var buffer = [UInt8](repeating: 0, count: count)
        var done = 0
        while done < count {
            let n = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress! + done, count - done, off_t(offset) + off_t(done)) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else {
                if n == 0 { break }
                throw DeliveryError("\(path): cannot read the outbox file: \(errorText())")
            }
            done += n
        }
        return Array(buffer[..<done])
    }

    private func writeAll(_ fd: Int32, _ bytes: [UInt8]) throws {
        var done = 0
        while done < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + done, bytes.count - done) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else {
                let problem = errorText()
                // A line cut short by a full disk is cut off by the next writer; the effects stay placed, not delivered.
                throw DeliveryError("\(path): cannot write the outbox file: \(problem)")
            }
            done += n
        }
    }

    private func errorText() -> String { String(cString: strerror(errno)) }

    private static func syncFolder(of path: String) {
        let folder = (path as NSString).deletingLastPathComponent
        let fd = Glibc.open(folder.isEmpty ? "." : folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return }
        fsync(fd)
        close(fd)
    }

    /// An error's reason without Foundation's domain and code.
    static func reason(_ error: any Error) -> String {
        (error as NSError).localizedFailureReason ?? (error as NSError).localizedDescription
    }
}
