public import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The size of the terminal output is shown in.
public enum TerminalSize {
    /// The width used when neither the terminal nor `COLUMNS` says.
    public static let fallbackColumns = 100

    /// Returns how many columns the terminal on `fd` has.
    ///
    /// Asks the terminal (`ioctl(TIOCGWINSZ)`); when `fd` is not a terminal or reports 0 columns,
    /// uses a positive integer in `COLUMNS`, and otherwise ``fallbackColumns``.
    ///
    /// - Parameters:
    ///   - fd: The descriptor output goes to.
    ///   - environment: The process environment, read for `COLUMNS`.
    public static func columns(
        fd: Int32 = Terminal.standardOutput,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> Int {
        if let queried = queriedColumns(fd: fd) { return queried }
        if let value = environment["COLUMNS"], let columns = Int(value.trimmingCharacters(in: .whitespaces)),
            columns > 0
        {
            return columns
        }
        return fallbackColumns
    }

    /// The terminal's own width, or `nil` when `fd` is not a terminal or does not know.
    private static func queriedColumns(fd: Int32) -> Int? {
        var size = winsize()
        #if canImport(Darwin)
            let status = ioctl(fd, TIOCGWINSZ, &size)
        #else
            let status = ioctl(fd, UInt(TIOCGWINSZ), &size)
        #endif
        guard status == 0, size.ws_col > 0 else { return nil }
        return Int(size.ws_col)
    }
}
