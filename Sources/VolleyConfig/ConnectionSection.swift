// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import VolleyCore

/// Reads `connections`, a list of NEST `Connect` calls: `source` and `target` name populations
/// (a list reads as NEST's `E + I`) or, as a source, one device, whose `neurons` may pick a
/// block of its one target population (NEST's `E[:50]`). Checks what NEST checks, so that the
/// engine never meets a rule it cannot satisfy. An entry with a head population at either end
/// is a head coupling instead, read by `HeadCouplingReader`.
struct ConnectionSection {
    let fields: FieldReader
    let grid: TimeGrid
    let populations: [PopulationSpec]
    let devices: [DeviceSpec]
    let heads: HeadCouplingReader
    /// Named synapse types from `synapse_models`.
    let synapseTypes: [String: SynapseModelSection.NamedSynapse]
    /// Where relative paths of connection-list files start: the model file's folder.
    let baseDirectory: String

    /// The entries of `connections`, by kind, each in file order.
    struct Connections {
        var projections: [ProjectionSpec] = []
        var devices: [DeviceConnectionSpec] = []
        var spikeToHead: [SpikeHeadCoupling] = []
        var activationToNeurons: [ActivationNeuronCoupling] = []
        var activationToHead: [ActivationHeadCoupling] = []
    }

    /// Each rule with the key that holds its number.
    static let rules: [(name: String, key: String?)] = [
        ("one_to_one", nil), ("all_to_all", nil), ("fixed_indegree", "indegree"),
        ("fixed_outdegree", "outdegree"), ("fixed_total_number", "N"), ("pairwise_bernoulli", "p"), ("explicit", nil),
    ]

    func read(_ node: ConfigNode?) throws(ConfigError) -> Connections {
        var out = Connections()
        guard let node, node.scalarValue?.kind != .null else { return out }
        guard let elements = node.elements else {
            throw ConfigError(path: "connections", message: "connections must be a list (one '- source: ...' entry per connection), not \(node.kindName)")
        }
        for (i, element) in elements.enumerated() {
            let path = "connections".index(i)
            let map = try MappingReader(element, at: path)
            let sourceNames = try fields.names(try map.required("source"), at: path.key("source"))
            let targetNames = try fields.names(try map.required("target"), at: path.key("target"))
            if (sourceNames + targetNames).contains(where: heads.isHead) {
                switch try heads.coupling(map, sources: sourceNames, targets: targetNames, at: path) {
                case .spikeToHead(let c): out.spikeToHead.append(c)
                case .activationToNeurons(let c): out.activationToNeurons.append(c)
                case .activationToHead(let c): out.activationToHead.append(c)
                }
                continue
            }
            // Names first: a misspelt head name would otherwise surface as its coupling's keys
            // being unknown here.
            let targets = try populationIndices(targetNames, at: path.key("target"), role: "target")
            if let device = devices.firstIndex(where: { sourceNames.contains($0.name) }) {
                guard sourceNames.count == 1 else {
                    throw ConfigError(path: path.key("source"), message: "device '\(devices[device].name)' must be the only source of its connection")
                }
                try map.allowOnly(["source", "target", "neurons", "conn_spec", "syn_spec"])
                out.devices.append(try deviceConnection(device, targets: targets, map, at: path))
            } else {
                let sources = try populationIndices(sourceNames, at: path.key("source"), role: "source")
                if map["neurons"] != nil {
                    throw ConfigError(
                        path: path.key("neurons"),
                        message: "neurons picks the targets of a connection from a device; a connection between populations reaches every neuron of its source and target")
                }
                try map.allowOnly(["source", "target", "conn_spec", "syn_spec"])
                out.projections.append(try projection(sources: sources, targets: targets, map, at: path))
            }
        }
        return out
    }

    private func populationIndices(_ names: [String], at path: String, role: String) throws(ConfigError) -> [Int] {
        var out: [Int] = []
        for (i, name) in names.enumerated() {
            let p = names.count == 1 ? path : path.index(i)
            if let index = populations.firstIndex(where: { $0.name == name }) {
                guard !out.contains(index) else {
                    throw ConfigError(path: p, message: "population '\(name)' is listed twice")
                }
                out.append(index)
            } else if devices.contains(where: { $0.name == name }) {
                throw ConfigError(path: p, message: "'\(name)' is a device; a connection's \(role)s must be populations")
            } else if heads.names.kind(of: name) == "rhythm" {
                throw ConfigError(path: p, message: "'\(name)' is a rhythm; a connection's \(role)s are populations or head populations")
            } else {
                let sourceDevices = role == "source" ? devices.map(\.name) : []
                let known = populations.map(\.name) + sourceDevices + heads.heads.map(\.name)
                let hint = NameSuggester.hint(for: name, among: known)
                let what = NameSuggester.orList(
                    ["population"] + (sourceDevices.isEmpty ? [] : ["device"]) + (heads.heads.isEmpty ? [] : ["head population"]))
                throw ConfigError(path: p, message: "unknown \(what) '\(name)'\(hint) (known: \(NameSuggester.knownList(known)))")
            }
        }
        return out
    }

    private func projection(sources: [Int], targets: [Int], _ map: MappingReader, at path: String) throws(ConfigError) -> ProjectionSpec {
        let specPath = path.key("conn_spec")
        let spec = try MappingReader(map["conn_spec"], at: specPath)
        let ruleName = try spec["rule"].map { n throws(ConfigError) in try fields.name(n, at: specPath.key("rule")) } ?? "all_to_all"
        guard let rule = Self.rules.first(where: { $0.name == ruleName }) else {
            let names = Self.rules.map(\.name)
            throw ConfigError(
                path: specPath.key("rule"),
                message: "unknown rule '\(ruleName)'\(NameSuggester.hint(for: ruleName, among: names)) (known: \(names.joined(separator: ", ")))")
        }
        if ruleName == "explicit" {
            try spec.allowOnly(["rule", "columns", "rows"], context: "for rule explicit (a list connects exactly its rows)")
        } else {
            try spec.allowOnly(["rule"] + (rule.key.map { [$0] } ?? []) + ["allow_autapses", "allow_multapses"], context: "for rule \(ruleName)")
        }
        let autapses = try spec["allow_autapses"].map { n throws(ConfigError) in try fields.bool(n, at: specPath.key("allow_autapses")) } ?? true
        let multapses = try spec["allow_multapses"].map { n throws(ConfigError) in try fields.bool(n, at: specPath.key("allow_multapses")) } ?? true
        let ns = sources.reduce(0) { $0 + populations[$1].size }
        let nt = targets.reduce(0) { $0 + populations[$1].size }
        let overlap = !Set(sources).isDisjoint(with: targets)
        var count = 0
        if let key = rule.key, key != "p" {
            count = try fields.integer(try spec.required(key, hint: " (rule \(ruleName))"), at: specPath.key(key))
        }
        let synPath = path.key("syn_spec")
        let (syn, model) = try synapse(map["syn_spec"], at: synPath)
        let connectionRule: ConnectionRule
        switch ruleName {
        case "one_to_one":
            guard ns == nt else {
                throw ConfigError(path: specPath.key("rule"), message: "one_to_one needs as many sources (\(ns)) as targets (\(nt))")
            }
            connectionRule = .oneToOne
        case "fixed_indegree":
            // Without multapses each target draws distinct sources, itself excluded without autapses.
            let available = ns - (!autapses && overlap ? 1 : 0)
            if !multapses && count > available {
                throw ConfigError(path: specPath.key("indegree"), message: "indegree \(count) exceeds the \(available) distinct sources available without multapses")
            }
            connectionRule = .fixedIndegree(count)
        case "fixed_outdegree":
            let available = nt - (!autapses && overlap ? 1 : 0)
            if !multapses && count > available {
                throw ConfigError(path: specPath.key("outdegree"), message: "outdegree \(count) exceeds the \(available) distinct targets available without multapses")
            }
            connectionRule = .fixedOutdegree(count)
        case "fixed_total_number":
            guard multapses else {
                throw ConfigError(path: specPath.key("allow_multapses"), message: "fixed_total_number requires allow_multapses: true (NEST does not support false)")
            }
            connectionRule = .fixedTotalNumber(count)
        case "pairwise_bernoulli":
            let pPath = specPath.key("p")
            let p = try fields.number(try spec.required("p", hint: " (rule pairwise_bernoulli)"), at: pPath)
            guard p >= 0 && p <= 1 else { throw ConfigError(path: pPath, message: "probability p = \(p.configText) must lie in [0, 1]") }
            connectionRule = .pairwiseBernoulli(p)
        case "explicit":
            let reader = ConnectionListSection(fields: fields, grid: grid, baseDirectory: baseDirectory)
            connectionRule = .explicit(try reader.read(spec, sources: ns, targets: nt, synapse: model, at: specPath))
        default:
            connectionRule = .allToAll
        }
        var weight = ValueDistribution.constant(1.0), delay = ValueDistribution.constant(1.0)
        if let w = syn["weight"] { weight = try fields.distribution(w, at: synPath.key("weight")) }
        if let d = syn["delay"] { delay = try fields.distribution(d, at: synPath.key("delay")) }
        try checkDelay(delay, at: synPath.key("delay"))
        // A list's own weights replace syn_spec's (1 when absent): the sign is checked row by row.
        let rowsCarryWeights: Bool = switch connectionRule {
        case .explicit(.inline(let list)): list.weight != nil
        case .explicit(.file(let file)): file.columns.contains("weight")
        default: false
        }
        if let w = weight.constantValue, !rowsCarryWeights {
            do throws(SynapseParameterError) {
                try model.checkWeight(w)
            } catch {
                if case .invalidValue(_, let reason) = error { throw ConfigError(path: synPath.key("weight"), message: reason) }
            }
        }
        return ProjectionSpec(
            sources: sources, targets: targets, rule: connectionRule, weight: weight, delay: delay,
            allowAutapses: autapses, allowMultapses: multapses, synapse: model)
    }

    private func deviceConnection(_ device: Int, targets: [Int], _ map: MappingReader, at path: String) throws(ConfigError) -> DeviceConnectionSpec {
        let neurons = try targetNeurons(map["neurons"], targets: targets, at: path.key("neurons"))
        let specPath = path.key("conn_spec")
        let spec = try MappingReader(map["conn_spec"], at: specPath)
        try spec.allowOnly(["rule"], context: "for a connection from a device (always all_to_all)")
        if let r = spec["rule"], try fields.name(r, at: specPath.key("rule")) != "all_to_all" {
            throw ConfigError(path: specPath.key("rule"), message: "a device connects all_to_all to its targets; rule must be all_to_all or absent")
        }
        let synPath = path.key("syn_spec")
        let (syn, model) = try synapse(map["syn_spec"], at: synPath)
        if model.kind.isPlastic {
            throw ConfigError(
                path: synPath.key("synapse_model"),
                message: "\(model.name) is plastic, and NEST refuses plastic synapses from devices: relay the device through a parrot_neuron population and connect that")
        }
        var weight = 1.0, delay = 1.0
        for key in ["weight", "delay"] {
            guard let node = syn[key] else { continue }
            if node.entries != nil {
                throw ConfigError(path: synPath.key(key), message: "a device connection needs a constant \(key), not a distribution")
            }
            let x = try fields.number(node, at: synPath.key(key))
            if key == "weight" { weight = x } else { delay = x }
        }
        try checkDelay(.constant(delay), at: synPath.key("delay"))
        return DeviceConnectionSpec(device: device, targets: targets, weight: weight, delay: delay, neurons: neurons)
    }

    /// A device connection's `neurons`: `{first, count}`, the neurons `first ..< first + count`
    /// (0-based) of its one target population, NEST's `E[first:first + count]`; `first` defaults
    /// to 0 and `count` to the rest of the population. Absent or `all`: every neuron of every
    /// target, returned as nil — as is a block that covers the whole population, so that one
    /// network has one spec.
    private func targetNeurons(_ node: ConfigNode?, targets: [Int], at path: String) throws(ConfigError) -> Range<Int>? {
        guard let node, node.scalarValue?.kind != .null, node.scalarValue?.text != "all" else { return nil }
        guard node.entries != nil else {
            throw ConfigError(
                path: path,
                message: "neurons must be {first, count} (the block first ..< first + count of the target, as NEST's E[first:first+count]) or 'all', not \(node.kindName)")
        }
        guard targets.count == 1 else {
            let names = targets.map { populations[$0].name }.joined(separator: ", ")
            throw ConfigError(
                path: path,
                message: "neurons picks neurons of one population, but the target lists \(targets.count) (\(names)); give each population a connection of its own")
        }
        let population = populations[targets[0]]
        let size = population.size
        let has = size == 0 ? "\(population.name) has no neurons" : "\(population.name) has \(size) neurons (0 to \(size - 1))"
        let map = try MappingReader(node, at: path)
        try map.allowOnly(["first", "count"])
        let first = try map["first"].map { n throws(ConfigError) in try fields.integer(n, at: path.key("first")) } ?? 0
        guard first < size else {
            throw ConfigError(path: path.key("first"), message: "neuron \(first) is out of range: \(has)")
        }
        let count = try map["count"].map { n throws(ConfigError) in try fields.integer(n, at: path.key("count"), minimum: 1) } ?? size - first
        guard count <= size - first else {
            throw ConfigError(
                path: path.key("count"),
                message: "neurons \(first) to \(first + count - 1) (first \(first), count \(count)) run past the end: \(has)")
        }
        return count == size ? nil : first ..< first + count
    }

    /// A `syn_spec`: `weight`, `delay`, `synapse_model` (NEST's name or a `synapse_models` copy)
    /// and the model's per-connection parameters.
    private func synapse(_ node: ConfigNode?, at path: String) throws(ConfigError) -> (MappingReader, SynapseModel) {
        let syn = try MappingReader(node, at: path)
        guard let modelNode = syn["synapse_model"] else {
            try syn.allowOnly(["weight", "delay", "synapse_model"])
            return (syn, .staticSynapse)
        }
        let name = try fields.name(modelNode, at: path.key("synapse_model"))
        let base: SynapseModel
        if let named = synapseTypes[name] {
            base = named.model
        } else if let kind = SynapseModelKind(rawValue: name) {
            base = try SynapseModelSection.model(kind: kind, parameters: [:], at: path)
        } else {
            let known = SynapseModelKind.allCases.map(\.rawValue) + synapseTypes.keys.sorted()
            throw ConfigError(
                path: path.key("synapse_model"),
                message: "unknown synapse model '\(name)'\(NameSuggester.hint(for: name, among: known)) (known: \(known.joined(separator: ", ")))")
        }
        let kind = base.kind
        // stdp_pl_synapse_hom's parameters are common to all its connections: NEST sets them on
        // the model (SetDefaults/CopyModel), never per connection.
        let perConnection = kind == .stdpPLSynapseHom ? ["Kplus"] : kind.parameters.map(\.name)
        for key in syn.keys where kind.parameters.contains(where: { $0.name == key }) && !perConnection.contains(key) {
            throw ConfigError(
                path: path.key(key),
                message: "\(key) is common to all \(kind.rawValue) connections: set it in synapse_models (NEST's CopyModel), not per connection")
        }
        try syn.allowOnly(["weight", "delay", "synapse_model"] + perConnection, context: "for \(kind.rawValue)")
        var values: [String: Double] = [:]
        for entry in syn.entries where perConnection.contains(entry.key) {
            values[entry.key] = try fields.number(entry.value, at: path.key(entry.key))
        }
        return (syn, try SynapseModelSection.model(kind: kind, base: base, parameters: values, at: path))
    }

    /// A constant delay is at least one step and on the grid; a drawn one can never round to
    /// zero steps.
    private func checkDelay(_ delay: ValueDistribution, at path: String) throws(ConfigError) {
        let h = grid.resolution.configText
        switch delay {
        case .constant(let d):
            try grid.checkDelay(d, at: path)
        case .uniform(let lo, _), .normal(_, _, let lo, _):
            guard lo.isFinite, grid.delaySteps(lo) >= 1 else {
                throw ConfigError(
                    path: path,
                    message: "a drawn delay needs min ≥ \((grid.resolution / 2).configText) ms (half the resolution \(h) ms), so that no delay rounds to zero steps; got min \(lo.configText)")
            }
        }
    }
}
