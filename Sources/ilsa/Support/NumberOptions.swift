import ArgumentParser

/// Numbers on the command line. Their options parse unconditionally (`@Option(parsing:
/// .unconditional)`), so `--limit -5` reads `-5` as the value, as `--limit=-5` does, and the
/// command can say what is wrong with it; otherwise argument-parser takes `-5` for an option
/// and says the value is missing.
enum NumberOptions {
    /// Refuses a number that is not positive: `--limit must be a positive number, not -5`.
    static func positive(_ value: Int, _ option: String) throws {
        guard value > 0 else { throw ValidationError("\(option) must be a positive number, not \(value)") }
    }

    /// A seed (`--seed N`): a whole number from 0 to 18446744073709551615.
    static func seed(_ text: String) throws -> UInt64 {
        guard let seed = UInt64(text) else { throw ValidationError("a seed is a whole number from 0 to \(UInt64.max)") }
        return seed
    }
}
