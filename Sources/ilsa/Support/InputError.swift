/// A problem with what the user gave (a path that does not exist, a roster that does not load):
/// `Ilsa.main` prints `ilsa: message` and exits with status 2, without a stack trace.
struct InputError: Error, CustomStringConvertible {
    /// One line: what is wrong.
    let message: String
    /// Lines printed below the message, each on its own: a hint, a list to choose from.
    let details: [String]

    init(_ message: String, details: [String] = []) {
        self.message = message
        self.details = details
    }

    var description: String { ([message] + details).joined(separator: "\n") }
}
