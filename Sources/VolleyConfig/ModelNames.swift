// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

/// The names a model defines — populations, devices, rhythms, head populations — in one
/// namespace, because a connection names its ends without saying which kind it means, and
/// because a reference to the wrong kind deserves "'E' is a population, not a rhythm".
struct ModelNames {
    private(set) var entries: [(name: String, kind: String)] = []

    /// Takes `name` for a thing of `kind` ("rhythm", "head population"), failing when it is not a
    /// valid name or is already taken.
    mutating func claim(_ name: String, kind: String, at path: String) throws(ConfigError) {
        try PopulationSection.checkName(name, at: path)
        if let other = self.kind(of: name) {
            throw ConfigError(path: path, message: "'\(name)' is already \(Self.article(other)) \(other); \(Self.article(kind)) \(kind) needs its own name")
        }
        entries.append((name, kind))
    }

    /// What `name` names, if anything.
    func kind(of name: String) -> String? {
        entries.first { $0.name == name }?.kind
    }

    /// The index of `name` in `list` (the names of one kind, in spec order); otherwise an error
    /// that says what the name is instead, or suggests the closest names of the wanted kind.
    func index(of name: String, in list: [String], kind: String, at path: String) throws(ConfigError) -> Int {
        if let i = list.firstIndex(of: name) { return i }
        if let other = self.kind(of: name) {
            throw ConfigError(path: path, message: "'\(name)' is \(Self.article(other)) \(other), not \(Self.article(kind)) \(kind)")
        }
        throw ConfigError(
            path: path,
            message: "unknown \(kind) '\(name)'\(NameSuggester.hint(for: name, among: list)) (known: \(NameSuggester.knownList(list)))")
    }

    private static func article(_ word: String) -> String {
        word.first.map { "aeiou".contains($0) } == true ? "an" : "a"
    }
}
