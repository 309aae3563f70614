import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Serialises opening a store between processes: a `flock` on the store's folder, held while a
/// process opens the file, checks its schema and migrates it. Without it, processes that open a
/// new store at the same moment each saw the others' half-made schema (or applied a migration
/// another had applied) and refused the store as not Ilsa's.
///
/// The folder, not the database file: closing any descriptor of the database file would drop
/// the POSIX locks SQLite holds on it in this process. A folder that cannot be locked (a file
/// system without `flock`) opens without it, as before.
struct OpeningLock {
    private let fd: Int32

    init(folderOf path: String) {
        let folder = (path as NSString).deletingLastPathComponent
        fd = open(folder.isEmpty ? "." : folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return }
        while flock(fd, LOCK_EX) != 0 && errno == EINTR {}
    }

    func release() {
        guard fd >= 0 else { return }
        flock(fd, LOCK_UN)
        close(fd)
    }
}
