// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

/// The reference section of docs/models.md for each model, made from the registry alone, so the
/// docs cannot drift from the code (a test compares them; `volley models --markdown` prints them).
public enum ModelReference {
    /// Every model's section, in registry order.
    public static func markdown() -> String {
        NeuronModelKind.allCases.map(section).joined(separator: "\n")
    }

    /// One model's section: a heading, summary, equations, integration, parameters, recordables.
    public static func section(_ kind: NeuronModelKind) -> String {
        let doc = kind.documentation
        var out = "### `\(kind.rawValue)`\n\n\(doc.summary)\n\n"
        if !doc.equations.isEmpty {
            out += doc.equations.map { "    " + $0 }.joined(separator: "\n") + "\n\n"
        }
        out += "Integration: \(doc.integration)\n\n"
        out += "Weights in \(kind.weightUnit)"
        out += kind.separatesExcitationAndInhibition ? "; positive weights excite, negative ones inhibit.\n\n" : ".\n\n"
        out += "| parameter | default | unit | meaning |\n|---|---|---|---|\n"
        for p in kind.parameters {
            out += "| `\(p.name)` | \(number(p.defaultValue)) | \(p.unit) | \(p.summary) |\n"
        }
        out += "\nRecordables: " + kind.recordables.map { "`\($0)`" }.joined(separator: ", ") + "\n"
        return out
    }

    /// A default as the docs print it: shortest round-trip text, ∞ for infinities.
    public static func number(_ x: Double) -> String {
        if x == .infinity { return "∞" }
        if x == -.infinity { return "−∞" }
        if x == -.greatestFiniteMagnitude { return "−1.797·10³⁰⁸" }
        let text = "\(x)"
        return text.hasPrefix("-") ? "−" + text.dropFirst() : text
    }
}
