/// "Did you mean …?" for playbook fields, parameter names and values: the roster's
/// ``Suggestion``, plus one swap of two neighbouring letters (`titel` for `title`), a common
/// typo in short names that plain edit distance counts as two edits.
enum PlaybookSuggestion {
    /// ` (did you mean 'x'?)`, or nothing.
    static func hint(for text: String, in candidates: [String]) -> String {
        let match = Suggestion.nearest(to: text, in: candidates) ?? candidates.first { isSwap(text, $0) }
        return match.map { " (did you mean '\($0)'?)" } ?? ""
    }

    /// Whether `b` is `a` with two neighbouring characters swapped.
    static func isSwap(_ a: String, _ b: String) -> Bool {
        let a = Array(a.lowercased()), b = Array(b.lowercased())
        guard a.count == b.count, a != b else { return false }
        let differing = a.indices.filter { a[$0] != b[$0] }
        guard differing.count == 2, differing[1] == differing[0] + 1 else { return false }
        return a[differing[0]] == b[differing[1]] && a[differing[1]] == b[differing[0]]
    }
}
