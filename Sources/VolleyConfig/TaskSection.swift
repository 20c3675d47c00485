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

    static let kinds = ["induction", "conditioning"]

    /// `nil` when there is no task; `firstDevice` is the index the first added device will have
    /// in `NetworkSpec.devices`, `seed` the default sequence seed (the simulation's).
    func read(_ node: ConfigNode?, names: inout ModelNames, firstDevice: Int, seed defaultSeed: UInt64) throws(ConfigError) -> Expansion? {
        guard let node, node.scalarValue?.kind != .null else { return nil }
        let map = try MappingReader(node, at: "task")
        let kind = try fields.name(try map.required("kind", hint: " (induction or conditioning)"), at: "task.kind")
        guard Self.kinds.contains(kind) else {
            throw ConfigError(path: "task.kind", message: "unknown task kind '\(kind)'\(NameSuggester.hint(for: kind, among: Self.kinds)) (known: induction, conditioning)")
        }
        if kind == "conditioning" {
            return try conditioning(map, names: &names, firstDevice: firstDevice, seed: defaultSeed)
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

    /// The conditioning task (`ConditioningTask`): one spike_generator per sensory parrot
    /// (`task_<population>_<neuron>`), spiking once per presentation at the onset plus its jitter.
    private func conditioning(
        _ map: MappingReader, names: inout ModelNames, firstDevice: Int, seed defaultSeed: UInt64
    ) throws(ConfigError) -> Expansion {
        try map.allowOnly([
            "kind", "seed", "arms", "start", "test_slot", "trial_slot", "cues_per_bell", "trials_per_bell", "lead", "unpaired_lag",
            "jitter", "window", "stimulus",
        ])
        func number(_ key: String, _ value: Double) throws(ConfigError) -> Double {
            guard let n = map[key] else { return value }
            let x = try fields.number(n, at: "task".key(key))
            guard x >= 0 else { throw ConfigError(path: "task".key(key), message: "\(key) \(x.configText) ms must not be negative") }
            return x
        }
        func integer(_ key: String, _ value: Int) throws(ConfigError) -> Int {
            try map[key].map { n throws(ConfigError) in try fields.integer(n, at: "task".key(key), minimum: 1) } ?? value
        }
        let armsPath = "task.arms"
        let armsMap = try MappingReader(try map.required("arms", hint: " (paired, unpaired and shuffled: each {bells, foods, responses})"), at: armsPath)
        try armsMap.allowOnly(["paired", "unpaired", "shuffled"])
        var arms: [ConditioningTask.Arm] = []
        var bells = 0
        for name in ["paired", "unpaired", "shuffled"] {
            let path = armsPath.key(name)
            let arm = try MappingReader(try armsMap.required(name), at: path)
            try arm.allowOnly(["bells", "foods", "responses"])
            let b = try populations(arm, "bells", at: path, count: nil)
            bells = b.count
            guard bells >= 2 else { throw ConfigError(path: path.key("bells"), message: "conditioning needs at least two bells (one would make every answer right)") }
            if let other = arms.first, other.bells.count != bells {
                throw ConfigError(path: path.key("bells"), message: "every arm needs the same number of bells (\(other.bells.count)), not \(bells)")
            }
            arms.append(ConditioningTask.Arm(
                bells: b, foods: try populations(arm, "foods", at: path, count: bells),
                responses: try populations(arm, "responses", at: path, count: bells)))
        }
        var used = Set<Int>()
        for (a, arm) in arms.enumerated() {
            for p in arm.bells + arm.foods + arm.responses where !used.insert(p).inserted {
                throw ConfigError(path: armsPath.key(["paired", "unpaired", "shuffled"][a]),
                                  message: "population '\(populations[p].name)' is used twice; each bell, food and response of each arm needs its own")
            }
            for p in arm.bells + arm.foods where populations[p].model.kind != .parrotNeuron {
                throw ConfigError(path: armsPath.key(["paired", "unpaired", "shuffled"][a]),
                                  message: "'\(populations[p].name)' is a \(populations[p].model.kind.rawValue); bells and foods are parrot_neuron populations (each parrot relays its own jittered spike)")
            }
        }
        let jitter = try number("jitter", 4.9)
        guard let jitterSteps = grid.exactSteps(jitter) else {
            throw ConfigError(path: "task.jitter", message: "jitter \(jitter.configText) ms is not a multiple of the resolution \(grid.resolution.configText) ms")
        }
        var window = (5.0, 40.0)
        if let w = map["window"] {
            guard let e = w.elements, e.count == 2 else {
                throw ConfigError(path: "task.window", message: "window must be [from, to] in ms after a cue's onset")
            }
            window = (try fields.number(e[0], at: "task.window".index(0)), try fields.number(e[1], at: "task.window".index(1)))
            guard window.0 >= 0, window.1 > window.0, window.1 <= (try number("test_slot", 80)) else {
                throw ConfigError(path: "task.window", message: "window [\(window.0.configText), \(window.1.configText)) must start at 0 or later, not be empty, and end within the test slot (a cue's window may not reach into the next cue's)")
            }
        }
        let task = ConditioningTask(
            paired: arms[0], unpaired: arms[1], shuffled: arms[2],
            seed: try map["seed"].map { n throws(ConfigError) in try fields.seed(n, at: "task.seed") } ?? defaultSeed,
            start: try number("start", 50), testSlot: try number("test_slot", 80), trialSlot: try number("trial_slot", 250),
            cuesPerBell: try integer("cues_per_bell", 3), trialsPerBell: try integer("trials_per_bell", 3),
            lead: try number("lead", 5), unpairedLag: try number("unpaired_lag", 200), jitterSteps: Int(jitterSteps) + 1,
            windowFrom: window.0, windowTo: window.1)
        guard grid.rounded(task.start) > 0 else {
            throw ConfigError(path: "task.start", message: "start must be at least the resolution \(grid.resolution.configText) ms: spike times must be positive")
        }
        let (weight, delay) = try stimulus(try map.required("stimulus", hint: " ({weight, delay}: generator → parrot)"))
        // One generator per parrot: its times over every presentation of its population.
        var times: [Int: [[Double]]] = [:]
        for p in Set(arms.flatMap { $0.bells + $0.foods }) { times[p] = Array(repeating: [], count: populations[p].size) }
        for presentation in task.presentations() {
            for i in 0..<populations[presentation.population].size {
                let t = grid.rounded(presentation.onset) + Double(task.jitter(event: presentation.event, neuron: i)) * grid.resolution
                times[presentation.population]![i].append(grid.rounded(t))
            }
        }
        var devices: [DeviceSpec] = []
        var connections: [DeviceConnectionSpec] = []
        for p in times.keys.sorted() {
            for (i, spikeTimes) in times[p]!.enumerated() {
                let name = "task_\(populations[p].name)_\(i)"
                if let other = names.kind(of: name) {
                    throw ConfigError(path: "task", message: "the task adds spike_generator devices task_<population>_<neuron>, but '\(name)' is already a \(other); rename it")
                }
                try names.claim(name, kind: "device", at: "task")
                connections.append(DeviceConnectionSpec(
                    device: firstDevice + devices.count, targets: [p], weight: weight, delay: delay,
                    neurons: populations[p].size == 1 ? nil : i..<(i + 1)))
                devices.append(DeviceSpec(name: name, model: .spikeGenerator(spikeTimes: spikeTimes.sorted(), spikeWeights: [])))
            }
        }
        return Expansion(task: .conditioning(task), devices: devices, connections: connections)
    }

    /// Distinct populations listed under `key` of `map` (`count` of them, when given).
    private func populations(_ map: MappingReader, _ key: String, at path: String, count: Int?) throws(ConfigError) -> [Int] {
        let p = path.key(key)
        let node = try map.required(key)
        guard let elements = node.elements else {
            throw ConfigError(path: p, message: "\(key) must be a list of populations, not \(node.kindName)")
        }
        if let count, elements.count != count {
            throw ConfigError(path: p, message: "\(key) lists \(elements.count) populations; it needs one per bell (\(count))")
        }
        var out: [Int] = []
        for (i, element) in elements.enumerated() {
            let name = try fields.name(element, at: p.index(i))
            guard let index = populations.firstIndex(where: { $0.name == name }) else {
                let known = populations.map(\.name)
                throw ConfigError(
                    path: p.index(i),
                    message: "unknown population '\(name)'\(NameSuggester.hint(for: name, among: known)) (known: \(NameSuggester.knownList(known)))")
            }
            out.append(index)
        }
        return out
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
