/// Why an attempt to deliver an effect failed, and whether trying again can help.
struct DeliveryError: Error, CustomStringConvertible {
    var message: String
    /// True when trying again cannot help (the receiver refused the effect for good, the
    /// target is not something Ilsa can deliver to): the effect is dead-lettered at once.
    var permanent: Bool
    /// How long the receiver asked to be left alone (`Retry-After`).
    var retryAfter: Duration?

    init(_ message: String, permanent: Bool = false, retryAfter: Duration? = nil) {
        self.message = message
        self.permanent = permanent
        self.retryAfter = retryAfter
    }

    var description: String { message }
}
