/// "Did you mean ...?" for names a user typed: a playbook API function, a role, a playbook.
///
/// The roster's suggestion rule (the same name in another case, a few edits away, or the only
/// name that starts with the text) plus one swap of neighbouring letters (`ilsa.tsak`).
public enum DidYouMean {
    /// The candidate `text` is most likely a typo of, or nil.
    public static func nearest(to text: String, in candidates: some Sequence<String>) -> String? {
        let sorted = candidates.sorted()
        return Suggestion.nearest(to: text, in: sorted) ?? sorted.first { PlaybookSuggestion.isSwap(text, $0) }
    }

    /// `; did you mean X?`, where `show` writes the match as the user would (`ilsa.task`), or
    /// nothing.
    static func hint(for text: String, in candidates: some Sequence<String>, _ show: (String) -> String = { $0 }) -> String {
        nearest(to: text, in: candidates).map { "; did you mean \(show($0))?" } ?? ""
    }
}
