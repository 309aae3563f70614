import ArgumentParser

/// A problem with what the user gave (a path that does not exist, a roster that does not load):
/// the command prints `ilsa: message` and exits with status 2, without a stack trace.
struct InputError: Error, CustomStringConvertible {
    let message: String

    init(_ message: String) { self.message = message }

    var description: String { message }

    /// Runs `body`; on an ``InputError``, prints it and exits with status 2.
    static func reporting<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as InputError {
            Terminal.error(error.message)
            throw ExitCode(Ilsa.Status.usage)
        }
    }
}
