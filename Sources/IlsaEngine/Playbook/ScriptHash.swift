/// A stable digest of a playbook's source, to tell when a file has changed.
///
/// It is FNV-1a with 64 bits over the UTF-8 bytes, written as 16 lowercase hex digits. It is
/// **not a security hash**: it detects edits, not tampering.
enum ScriptHash {
    static func fnv1a64(_ text: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
