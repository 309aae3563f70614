/// "Did you mean …?" for misspelt codes.
enum Suggestion {
    /// The candidate closest to `text`, when one is close enough to be a likely typo: the same
    /// code in another case, one within a few edits (a third of the length, at least one), or
    /// the only candidate that starts with `text` (`welfare` for `welfare_centre`).
    static func nearest<S: Sequence>(to text: String, in candidates: S) -> String? where S.Element == String {
        let lowered = text.lowercased()
        var best: (candidate: String, distance: Int)?
        var extensions: [String] = []
        for candidate in candidates where candidate != text {
            let other = candidate.lowercased()
            if other == lowered { return candidate }
            if lowered.count >= 3, other.hasPrefix(lowered) { extensions.append(candidate) }
            let distance = editDistance(Array(lowered), Array(other))
            if distance <= max(1, text.count / 3), distance < (best?.distance ?? .max) {
                best = (candidate, distance)
            }
        }
        return best?.candidate ?? (extensions.count == 1 ? extensions[0] : nil)
    }

    /// ` (did you mean 'x'?)`, or nothing.
    static func hint<S: Sequence>(for text: String, in candidates: S) -> String where S.Element == String {
        nearest(to: text, in: candidates).map { " (did you mean '\($0)'?)" } ?? ""
    }

    /// Levenshtein distance between two character arrays.
    static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
                current[j] = min(previous[j] + 1, current[j - 1] + 1, substitution)
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
