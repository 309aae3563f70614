#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The process's standard descriptors and whether they are terminals.
public enum Terminal {
    /// Standard output's file descriptor.
    public static let standardOutput: Int32 = 1
    /// Standard error's file descriptor.
    public static let standardError: Int32 = 2

    /// Returns whether `fd` is a terminal (`isatty`), not a pipe or a file.
    public static func isTerminal(_ fd: Int32) -> Bool {
        isatty(fd) == 1
    }
}
