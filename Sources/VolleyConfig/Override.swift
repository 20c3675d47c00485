// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

/// One `--set KEY=VALUE`: a dotted path to a value that exists in the document (list elements
/// by 0-based index, `connections.0.syn_spec.weight` or `connections[0].syn_spec.weight`) and
/// a YAML value that replaces it. Only existing paths can be set, so a misspelt key fails
/// instead of silently adding a key nothing reads.
struct Override {
    /// One step of the path.
    enum Step: Equatable {
        case key(String)
        case index(Int)
    }

    /// The key as the user wrote it; errors carry it as their path.
    let key: String
    let steps: [Step]
    let value: ConfigNode

    init(_ text: String) throws(ConfigError) {
        guard let eq = text.firstIndex(of: "=") else {
            throw ConfigError(path: "", message: "malformed override '\(text)': expected KEY=VALUE, e.g. parameters.J=0.2")
        }
        key = text[..<eq].trimmingSpaces
        guard !key.isEmpty else {
            throw ConfigError(path: "", message: "malformed override '\(text)': the key before '=' is empty")
        }
        steps = try Self.steps(of: key)
        let valueText = String(text[text.index(after: eq)...])
        do {
            value = try YAMLReader.parse(valueText) ?? .scalar(ConfigScalar(text: "", kind: .null))
        } catch {
            throw ConfigError(path: key, message: "cannot read the value '\(valueText)': \(error.message)")
        }
    }

    private static func steps(of key: String) throws(ConfigError) -> [Step] {
        var out: [Step] = []
        for piece in key.split(separator: ".", omittingEmptySubsequences: false) {
            var rest = Substring(piece)
            if let bracket = rest.firstIndex(of: "[") {
                out.append(.key(String(rest[..<bracket])))
                rest = rest[bracket...]
                while !rest.isEmpty {
                    guard rest.first == "[", let close = rest.firstIndex(of: "]"),
                          let i = Int(rest[rest.index(after: rest.startIndex)..<close]) else {
                        throw ConfigError(path: key, message: "malformed key: expected '[index]' in '\(piece)'")
                    }
                    out.append(.index(i))
                    rest = rest[rest.index(after: close)...]
                }
            } else {
                out.append(.key(String(rest)))
            }
        }
        if out.contains(.key("")) { throw ConfigError(path: key, message: "malformed key: empty name between dots") }
        return out
    }

    /// Settings a file may leave out (their defaults apply) that `--set` may still give.
    static let optionalKeys: [String: Set<String>] = [
        "simulation": ["resolution", "t_sim", "seed", "integrator", "rk4_substeps"],
        "energy": ["atp_per_spike", "atp_per_synaptic_event", "atp_per_neuron_second"],
    ]

    /// Replaces the value at the path in `root`.
    func apply(to root: inout ConfigNode) throws(ConfigError) {
        try set(&root, steps[...], at: "")
    }

    private func set(_ node: inout ConfigNode, _ rest: ArraySlice<Step>, at path: String) throws(ConfigError) {
        guard let step = rest.first else {
            // `--set parameters.scale=0.5` on `scale: {value: 1.0, max: 2}` sets its value.
            if steps.count == 2, steps[0] == .key("parameters"), case .mapping(var entries) = node,
               value.scalarValue != nil, let i = entries.firstIndex(where: { $0.key == "value" }) {
                entries[i].value = value
                node = .mapping(entries)
            } else {
                node = value
            }
            return
        }
        let owner = path.isEmpty ? "the document" : path
        switch (node, step) {
        case (.mapping(var entries), .key(let k)):
            if entries.firstIndex(where: { $0.key == k }) == nil, rest.count == 1, Self.optionalKeys[path]?.contains(k) == true {
                // A setting the file leaves at its default (`--set simulation.integrator=rk4`).
                entries.append(ConfigEntry(key: k, value: value))
                node = .mapping(entries)
                return
            }
            guard let i = entries.firstIndex(where: { $0.key == k }) else {
                let context = path.isEmpty ? "at the top level" : "in \(path)"
                throw ConfigError(path: key, message: NameSuggester.unknownKey(k, where: context, known: entries.map(\.key)))
            }
            try set(&entries[i].value, rest.dropFirst(), at: path.key(k))
            node = .mapping(entries)
        case (.mapping, .index(let i)):
            throw ConfigError(path: key, message: "\(owner) is a mapping, not a list; it has no element [\(i)]")
        case (.sequence(var elements), _):
            let index: Int
            switch step {
            case .index(let i): index = i
            case .key(let k):
                guard let i = Int(k) else {
                    throw ConfigError(path: key, message: "\(owner) is a list; select an element by its 0-based index, not '\(k)'")
                }
                index = i
            }
            guard elements.indices.contains(index) else {
                throw ConfigError(path: key, message: "index \(index) is out of range: \(owner) has \(elements.count) element\(elements.count == 1 ? "" : "s")")
            }
            try set(&elements[index], rest.dropFirst(), at: path.index(index))
            node = .sequence(elements)
        case (.scalar, _):
            throw ConfigError(path: key, message: "\(owner) is a single value; it has no keys or elements below it")
        }
    }
}

private extension Substring {
    /// The text without leading and trailing spaces and tabs.
    var trimmingSpaces: String {
        String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }
}
