// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import VolleyCore

/// Reads `rhythms` (name -> free-running, nested or entrained oscillation, in file order) and the
/// populations' `rhythm_drive`s, which name those rhythms.
struct RhythmSection {
    let fields: FieldReader
    let populations: [PopulationSpec]

    func read(_ node: ConfigNode?, names: inout ModelNames) throws(ConfigError) -> [RhythmSpec] {
        let map = try MappingReader(node, at: "rhythms")
        var out: [RhythmSpec] = []
        for entry in map.entries {
            let path = "rhythms".key(entry.key)
            try names.claim(entry.key, kind: "rhythm", at: path)
            out.append(try rhythm(entry.key, entry.value, earlier: out, all: map.keys, names: names, at: path))
        }
        return out
    }

    private func rhythm(
        _ name: String, _ node: ConfigNode, earlier: [RhythmSpec], all: [String], names: ModelNames, at path: String
    ) throws(ConfigError) -> RhythmSpec {
        let map = try MappingReader(node, at: path)
        try map.allowOnly(["frequency", "phase", "mode", "nested_in", "cycles", "entrain"])
        let phase = try map["phase"].map { n throws(ConfigError) in try fields.number(n, at: path.key("phase")) } ?? 0
        let mode = try map["mode"].map { n throws(ConfigError) in try self.mode(n, at: path.key("mode")) } ?? .on
        var spec = RhythmSpec(name: name, frequency: 0, initialPhase: phase, mode: mode)
        if let parentNode = map["nested_in"] {
            let parentPath = path.key("nested_in")
            let parentName = try fields.name(parentNode, at: parentPath)
            // The engine advances rhythms in list order, so a parent must already have its phase.
            if parentName == name {
                throw ConfigError(path: parentPath, message: "rhythm '\(name)' cannot be nested in itself")
            }
            if all.contains(parentName) && !earlier.contains(where: { $0.name == parentName }) {
                throw ConfigError(path: parentPath, message: "rhythm '\(parentName)' must come before '\(name)', which is nested in it")
            }
            let parent = try names.index(of: parentName, in: earlier.map(\.name), kind: "rhythm", at: parentPath)
            if map["frequency"] != nil {
                throw ConfigError(
                    path: path.key("frequency"),
                    message: "a nested rhythm's frequency is its parent's times cycles; give cycles and leave frequency out")
            }
            if map["entrain"] != nil {
                throw ConfigError(
                    path: path.key("entrain"),
                    message: "a nested rhythm is phase-locked to its parent; entrain the parent ('\(parentName)') instead")
            }
            let cycles = try fields.number(try map.required("cycles", hint: " (cycles per cycle of '\(parentName)')"), at: path.key("cycles"))
            guard cycles > 0 else { throw ConfigError(path: path.key("cycles"), message: "cycles \(cycles.configText) must be positive") }
            spec.nesting = RhythmNesting(parent: parent, cycles: cycles)
            spec.frequency = earlier[parent].frequency * cycles
        } else {
            if map["cycles"] != nil {
                throw ConfigError(path: path.key("cycles"), message: "cycles counts cycles per cycle of a parent; it needs nested_in")
            }
            let frequency = try fields.number(
                try map.required("frequency", hint: " (Hz), or nested_in and cycles"), at: path.key("frequency"))
            guard frequency > 0 else { throw ConfigError(path: path.key("frequency"), message: "frequency \(frequency.configText) Hz must be positive") }
            spec.frequency = frequency
        }
        if let node = map["entrain"] {
            spec.entrainment = try entrainment(node, names: names, at: path.key("entrain"))
        }
        return spec
    }

    private func entrainment(_ node: ConfigNode, names: ModelNames, at path: String) throws(ConfigError) -> RhythmEntrainment {
        let map = try MappingReader(node, at: path)
        try map.allowOnly(["population", "gain", "lag"])
        let populationName = try fields.name(try map.required("population"), at: path.key("population"))
        let population = try names.index(of: populationName, in: populations.map(\.name), kind: "population", at: path.key("population"))
        let gain = try fields.number(try map.required("gain", hint: " (radians per spike)"), at: path.key("gain"))
        let lag = try map["lag"].map { n throws(ConfigError) in try fields.integer(n, at: path.key("lag"), minimum: 1) } ?? 1
        return RhythmEntrainment(population: population, gain: gain, lagEpochs: lag)
    }

    /// `on`, `off` or `scrambled`, written literally or computed by an expression (a string
    /// parameter with those choices). YAML reads bare `on` and `off` as booleans, so true and
    /// false mean on and off here — and nowhere else.
    func mode(_ node: ConfigNode, at path: String) throws(ConfigError) -> RhythmMode {
        let words = ["on", "off", "scrambled"]
        if case .scalar(let s) = node, s.kind == .string {
            if let mode = RhythmMode(rawValue: s.text) { return mode }
            // A lone word that names nothing is a misspelt mode, not a broken expression.
            if s.text.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }), !fields.scope.isDefined(s.text) {
                throw ConfigError(
                    path: path,
                    message: "mode must be on, off or scrambled (or an expression giving one), got '\(s.text)'\(NameSuggester.hint(for: s.text, among: words + fields.scope.names))")
            }
        }
        switch try fields.value(node, at: path) {
        case .bool(let b): return b ? .on : .off
        case .string(let s):
            guard let mode = RhythmMode(rawValue: s) else {
                throw ConfigError(path: path, message: "mode must be on, off or scrambled, got the string '\(s)'\(NameSuggester.hint(for: s, among: words))")
            }
            return mode
        case .number(let x):
            throw ConfigError(path: path, message: "mode must be on, off or scrambled, got the number \(x.configText)")
        }
    }

    /// A population's `rhythm_drive`: one `{rhythm, amplitude, offset}` mapping or a list of them.
    func drives(_ node: ConfigNode?, rhythms: [RhythmSpec], names: ModelNames, at path: String) throws(ConfigError) -> [RhythmDriveSpec] {
        guard let node, node.scalarValue?.kind != .null else { return [] }
        if let elements = node.elements {
            var out: [RhythmDriveSpec] = []
            for (i, element) in elements.enumerated() {
                out.append(try drive(element, rhythms: rhythms, names: names, at: path.index(i)))
            }
            return out
        }
        guard node.entries != nil else {
            throw ConfigError(path: path, message: "rhythm_drive must be a mapping {rhythm, amplitude, offset} or a list of them, not \(node.kindName)")
        }
        return [try drive(node, rhythms: rhythms, names: names, at: path)]
    }

    private func drive(_ node: ConfigNode, rhythms: [RhythmSpec], names: ModelNames, at path: String) throws(ConfigError) -> RhythmDriveSpec {
        let map = try MappingReader(node, at: path)
        try map.allowOnly(["rhythm", "amplitude", "offset"])
        let rhythmName = try fields.name(try map.required("rhythm"), at: path.key("rhythm"))
        let rhythm = try names.index(of: rhythmName, in: rhythms.map(\.name), kind: "rhythm", at: path.key("rhythm"))
        let amplitude = try fields.number(try map.required("amplitude", hint: " (pA)"), at: path.key("amplitude"))
        let offset = try map["offset"].map { n throws(ConfigError) in try fields.number(n, at: path.key("offset")) } ?? 0
        return RhythmDriveSpec(rhythm: rhythm, amplitude: amplitude, offset: offset)
    }
}
