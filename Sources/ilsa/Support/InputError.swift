/// A problem with what the user gave (a path that does not exist, a roster that does not load):
/// `Ilsa.main` prints `ilsa: message` and exits with status 2, without a stack trace.
struct InputError: Error, CustomStringConvertible {
    let message: String

    init(_ message: String) { self.message = message }

    var description: String { message }
}
