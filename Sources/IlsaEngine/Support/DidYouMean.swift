/// "Did you mean …?" for names people type: roster codes, playbook fields and parameters, API
/// functions, workflows, task ids.
///
/// A candidate is suggested when it is likely a typo of the text: the same name in another
/// case; one within a few edits (a third of the length, at least one); one swap of neighbouring
/// letters (`titel` for `title`, which plain edit distance counts as two); or else the only
/// candidate that starts with the text (`welfare` for `welfare_centre`).
public enum DidYouMean {
    /// The candidate `text` is most likely a typo of, or nil.
    public static func nearest(to text: String, in candidates: some Sequence<String>) -> String? {
        let lowered = text.lowercased()
        // Ties go to the candidate nearer as written (`singil` before `Singil` for `singl`).
        var best: (candidate: String, distance: Int, exact: Int)?
        var extensions: [String] = []
        var swapped: String?
        for candidate in candidates.sorted() where candidate != text {
            let other = candidate.lowercased()
            if other == lowered { return candidate }
            if lowered.count >= 3, other.hasPrefix(lowered) { extensions.append(candidate) }
            if swapped == nil, isSwap(lowered, other) { swapped = candidate }
            let distance = editDistance(Array(lowered), Array(other))
            guard distance <= max(1, text.count / 3), distance <= (best?.distance ?? .max) else { continue }
            let exact = editDistance(Array(text), Array(candidate))
            if let best, distance == best.distance, exact >= best.exact { continue }
            best = (candidate, distance, exact)
        }
        return best?.candidate ?? swapped ?? (extensions.count == 1 ? extensions[0] : nil)
    }

    /// ` (did you mean 'x'?)`, or nothing: for messages that end with the name.
    public static func hint(for text: String, in candidates: some Sequence<String>) -> String {
        nearest(to: text, in: candidates).map { " (did you mean '\($0)'?)" } ?? ""
    }

    /// `; did you mean X?`, where `show` writes the match as the user would (`ilsa.task`), or
    /// nothing: for findings that go on after the name.
    public static func clause(for text: String, in candidates: some Sequence<String>, _ show: (String) -> String = { $0 }) -> String {
        nearest(to: text, in: candidates).map { "; did you mean \(show($0))?" } ?? ""
    }

    /// Whether `b` is `a` with two neighbouring characters swapped.
    static func isSwap(_ a: String, _ b: String) -> Bool {
        let a = Array(a), b = Array(b)
        guard a.count == b.count, a != b else { return false }
        let differing = a.indices.filter { a[$0] != b[$0] }
        guard differing.count == 2, differing[1] == differing[0] + 1 else { return false }
        return a[differing[0]] == b[differing[1]] && a[differing[1]] == b[differing[0]]
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
