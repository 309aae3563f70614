import HummingbirdBcrypt

/// Account passwords, kept as bcrypt hashes (cost 12: about a quarter of a second to check on
/// this project's VM, so a stolen store file is slow to guess from, and a login stays quick).
public enum Passwords {
    /// The shortest password an account may have.
    public static let minimumLength = 10
    /// bcrypt reads at most 72 bytes; longer ones are refused rather than cut silently.
    public static let maximumBytes = 72

    /// Why a password cannot be used, or nil.
    public static func problem(with password: String) -> String? {
        if password.count < minimumLength { return "a password needs at least \(minimumLength) characters" }
        if password.utf8.count > maximumBytes { return "a password may take at most \(maximumBytes) bytes (bcrypt reads no more)" }
        if password.contains(where: { $0.isNewline }) { return "a password is one line" }
        return nil
    }

    /// A new hash of a password.
    public static func hash(_ password: String, cost: UInt8 = 12) -> String {
        Bcrypt.hash(password, cost: cost)
    }

    /// Whether a password matches a hash.
    public static func verify(_ password: String, hash: String) -> Bool {
        guard password.utf8.count <= maximumBytes else { return false }
        return Bcrypt.verify(password, hash: hash)
    }
}
