// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import VolleyCore

/// Reads `task` and expands it into the network: the induction task's token sequences become
/// one `spike_generator` per token (`task_token_k`), spiking at every onset of that token and
/// connected to the token's sensory population, so that the engine needs nothing task-specific
/// to present the stimulus.
struct TaskSection {
    let fields: FieldReader
    let grid: TimeGrid
    let populations: [PopulationSpec]

    /// The task, and what it adds to the network.
    struct Expansion {
        var task: TaskSpec
        var devices: [DeviceSpec]
        /// Connections from `devices`, counted from `firstDevice`.
        var connections: [DeviceConnectionSpec]
    }

    static let kinds = ["induction"]

    /// `nil` when there is no task; `firstDevice` is the index the first added device will have
    /// in `NetworkSpec.devices`, `seed` the default sequence seed (the simulation's).
    func read(_ node: ConfigNode?, names: inout ModelNames, firstDevice: Int, seed defaultSeed: UInt64) throws(ConfigError) -> Expansion? {
        guard let node, node.scalarValue?.kind != .null else { return nil }
        let map = try MappingReader(node, at: "task")
        let kind = try fields.name(try map.required("kind", hint: " (induction)"), at: "task.kind")
        guard Self.kinds.contains(kind) else {
            throw ConfigError(path: "task.kind", message: "unknown task kind '\(kind)'\(NameSuggester.hint(for: kind, among: Self.kinds)) (known: induction)")
        }
        try map.allowOnly(["kind", "vocabulary", "prefix", "sequences", "seed", "slot", "gap", "start", "sensory", "motor", "stimulus"])
        func integer(_ key: String, minimum: Int, hint: String = "") throws(ConfigError) -> Int {
            try fields.integer(try map.required(key, hint: hint), at: "task".key(key), minimum: minimum)
        }
        func number(_ key: String, default value: Double? = nil, hint: String = "") throws(ConfigError) -> Double {
            if let value, map[key] == nil { return value }
            return try fields.number(try map.required(key, hint: hint), at: "task".key(key))
        }
        let vocabulary = try integer("vocabulary", minimum: 2, hint: " (the number of distinct tokens)")
        let prefix = try integer("prefix", minimum: 2, hint: " (tokens per sequence before the repeat)")
        guard prefix <= vocabulary else {
            throw ConfigError(path: "task.prefix", message: "prefix \(prefix) exceeds the vocabulary of \(vocabulary); a prefix holds distinct tokens")
        }
        let sequences = try integer("sequences", minimum: 1)
        let seed = try map["seed"].map { n throws(ConfigError) in try fields.seed(n, at: "task.seed") } ?? defaultSeed
        let slot = try number("slot", hint: " (ms per token)")
        guard slot > 0 else { throw ConfigError(path: "task.slot", message: "slot \(slot.configText) ms must be positive") }
        let gap = try number("gap", default: 0)
        guard gap >= 0 else { throw ConfigError(path: "task.gap", message: "gap \(gap.configText) ms must not be negative") }
        let start = try number("start", hint: " (ms before the first sequence)")
        // spike_generator times must be positive, so the first onset may not round to 0.
        guard grid.rounded(start) > 0 else {
            throw ConfigError(
                path: "task.start",
                message: "start \(start.configText) ms would present the first token at 0 ms; spike times must be positive, so start must be at least the resolution \(grid.resolution.configText) ms")
        }
        let sensory = try populationList("sensory", map, count: vocabulary)
        let motor = try populationList("motor", map, count: vocabulary)
        let (weight, delay) = try stimulus(try map.required("stimulus", hint: " ({weight, delay}: the connection presenting each token)"))

        let task = InductionTask(
            vocabulary: vocabulary, prefixLength: prefix, sequences: sequences, seed: seed, slot: slot, gap: gap, start: start,
            sensory: sensory, motor: motor)
        var times = [[Double]](repeating: [], count: vocabulary)
        for (s, sequence) in task.tokens().enumerated() {
            for (position, token) in sequence.enumerated() {
                times[token].append(grid.rounded(task.onset(sequence: s, position: position)))
            }
        }
        var devices: [DeviceSpec] = []
        var connections: [DeviceConnectionSpec] = []
        for token in 0..<vocabulary {
            let name = "task_token_\(token)"
            if let other = names.kind(of: name) {
                throw ConfigError(path: "task", message: "the task adds spike_generator devices task_token_0 to task_token_\(vocabulary - 1), but '\(name)' is already a \(other); rename it")
            }
            try names.claim(name, kind: "device", at: "task")
            devices.append(DeviceSpec(name: name, model: .spikeGenerator(spikeTimes: times[token], spikeWeights: [])))
            connections.append(DeviceConnectionSpec(device: firstDevice + token, targets: [sensory[token]], weight: weight, delay: delay))
        }
        return Expansion(task: .induction(task), devices: devices, connections: connections)
    }

    /// One distinct population per token.
    private func populationList(_ key: String, _ map: MappingReader, count: Int) throws(ConfigError) -> [Int] {
        let path = "task".key(key)
        let node = try map.required(key, hint: " (one population per token)")
        guard let elements = node.elements else {
            throw ConfigError(path: path, message: "\(key) must be a list of \(count) populations (one per token), not \(node.kindName)")
        }
        guard elements.count == count else {
            throw ConfigError(path: path, message: "\(key) lists \(elements.count) populations, but the vocabulary has \(count) tokens; give one per token")
        }
        var out: [Int] = []
        for (i, element) in elements.enumerated() {
            let p = path.index(i)
            let name = try fields.name(element, at: p)
            guard let index = populations.firstIndex(where: { $0.name == name }) else {
                let known = populations.map(\.name)
                throw ConfigError(
                    path: p,
                    message: "unknown population '\(name)'\(NameSuggester.hint(for: name, among: known)) (known: \(NameSuggester.knownList(known)))")
            }
            guard !out.contains(index) else {
                throw ConfigError(path: p, message: "population '\(name)' is listed twice; each token needs its own")
            }
            out.append(index)
        }
        return out
    }

    private func stimulus(_ node: ConfigNode) throws(ConfigError) -> (weight: Double, delay: Double) {
        let path = "task.stimulus"
        let map = try MappingReader(node, at: path)
        try map.allowOnly(["weight", "delay"])
        let weight = try fields.number(try map.required("weight", hint: " (pA, or mV for iaf_psc_delta)"), at: path.key("weight"))
        let delay = try map["delay"].map { n throws(ConfigError) in try fields.number(n, at: path.key("delay")) } ?? 1.0
        try grid.checkDelay(delay, at: path.key("delay"))
        return (weight, delay)
    }
}
