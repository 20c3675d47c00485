// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import VolleyCore

/// Turns a parsed (and overridden) document into a `ModelConfig`, section by section. The
/// first problem found is thrown; nothing is half-built.
struct ModelBuilder {
    static let topLevelKeys = [
        "name", "description", "parameters", "derived", "simulation", "populations", "devices", "rhythms", "heads", "connections",
        "task", "recording", "synapse_models", "energy",
    ]

    let root: ConfigNode
    /// The name used when the file has no `name` (the file name without extension).
    let defaultName: String
    /// The folder `.npy` paths are relative to: the model file's.
    let baseDirectory: String

    func build() throws(ConfigError) -> ModelConfig {
        let map = try MappingReader(root, at: "")
        try map.allowOnly(Self.topLevelKeys)
        let scope = Scope()
        let fields = FieldReader(scope: scope)
        let name = try modelName(map, fields: fields)
        if let d = map["description"], d.scalarValue == nil {
            throw ConfigError(path: "description", message: "description must be text, not \(d.kindName)")
        }
        let sections = ParameterSection(scope: scope)
        let parameters = try sections.readParameters(map["parameters"])
        let derived = try sections.readDerived(map["derived"])

        let sim = try MappingReader(map["simulation"], at: "simulation")
        try sim.allowOnly(["resolution", "t_sim", "seed", "integrator", "rk4_substeps"])
        let resolution = try sim["resolution"].map { n throws(ConfigError) in try fields.number(n, at: "simulation.resolution") } ?? 0.1
        guard let grid = TimeGrid(resolution: resolution) else {
            throw ConfigError(
                path: "simulation.resolution",
                message: "resolution \(resolution.configText) ms must be positive and a whole number of microseconds (0.001 ms)")
        }
        let tSim = try sim["t_sim"].map { n throws(ConfigError) in try fields.number(n, at: "simulation.t_sim") } ?? 1000.0
        guard tSim > 0 else { throw ConfigError(path: "simulation.t_sim", message: "t_sim \(tSim.configText) ms must be positive") }
        guard grid.exactSteps(tSim) != nil else {
            throw ConfigError(path: "simulation.t_sim", message: "t_sim \(tSim.configText) ms is not a multiple of the resolution \(resolution.configText) ms")
        }
        let seed = try sim["seed"].map { n throws(ConfigError) in try fields.seed(n, at: "simulation.seed") } ?? 1
        let integrator = try integratorSetting(sim, fields: fields)

        var populations = try PopulationSection(fields: fields).read(map["populations"])
        let devices = try DeviceSection(fields: fields, grid: grid).read(map["devices"], populations: populations)
        var names = ModelNames()
        for population in populations { try names.claim(population.name, kind: "population", at: "populations".key(population.name)) }
        for device in devices { try names.claim(device.name, kind: "device", at: "devices".key(device.name)) }

        // Rhythms name populations (entrainment) and populations name rhythms (drives), so the
        // drives are read once both exist.
        let rhythmSection = RhythmSection(fields: fields, populations: populations)
        let rhythms = try rhythmSection.read(map["rhythms"], names: &names)
        let populationNodes = try MappingReader(map["populations"], at: "populations")
        for (i, entry) in populationNodes.entries.enumerated() {
            let path = "populations".key(entry.key)
            populations[i].rhythmDrives = try rhythmSection.drives(
                try MappingReader(entry.value, at: path)["rhythm_drive"], rhythms: rhythms, names: names, at: path.key("rhythm_drive"))
        }
        let matrices = MatrixReader(fields: fields, baseDirectory: baseDirectory)
        let heads = try HeadSection(fields: fields, matrices: matrices, rhythms: rhythms).read(map["heads"], names: &names)
        let couplings = HeadCouplingReader(
            fields: fields, grid: grid, populations: populations, heads: heads, matrices: matrices, names: names)
        let synapseTypes = try SynapseModelSection(fields: fields).read(map["synapse_models"])
        let connections = try ConnectionSection(
            fields: fields, grid: grid, populations: populations, devices: devices, heads: couplings, synapseTypes: synapseTypes,
            baseDirectory: baseDirectory)
            .read(map["connections"])
        let task = try TaskSection(fields: fields, grid: grid, populations: populations)
            .read(map["task"], names: &names, firstDevice: devices.count, seed: seed)
        var recording = try RecordingSection(fields: fields, grid: grid, populations: populations).read(map["recording"])
        recording.weightRecorders = connections.projections.indices.filter {
            synapseTypes[connections.projections[$0].synapse.name]?.recordsWeights == true
        }
        let network = NetworkSpec(
            name: name, resolution: resolution, populations: populations, devices: devices + (task?.devices ?? []),
            projections: connections.projections, deviceConnections: connections.devices + (task?.connections ?? []),
            recording: recording, rhythms: rhythms, headPopulations: heads, spikeHeadCouplings: connections.spikeToHead,
            activationNeuronCouplings: connections.activationToNeurons, activationHeadCouplings: connections.activationToHead,
            task: task?.task)
        var withIntegrator = network
        withIntegrator.integrator = integrator
        withIntegrator.energy = try energyConstants(map["energy"], fields: fields)
        return ModelConfig(network: withIntegrator, tSim: tSim, seed: seed, parameters: parameters, derived: derived)
    }

    /// `energy:` the ATP prices of the activity-based budget (`EnergyConstants`; each optional,
    /// none negative).
    private func energyConstants(_ node: ConfigNode?, fields: FieldReader) throws(ConfigError) -> EnergyConstants {
        let map = try MappingReader(node, at: "energy")
        try map.allowOnly(["atp_per_spike", "atp_per_synaptic_event", "atp_per_neuron_second"])
        var constants = EnergyConstants()
        func read(_ key: String, _ value: inout Double) throws(ConfigError) {
            guard let n = map[key] else { return }
            let x = try fields.number(n, at: "energy".key(key))
            guard x >= 0, x.isFinite else { throw ConfigError(path: "energy".key(key), message: "\(key) \(x.configText) must be a finite number ≥ 0 (ATP)") }
            value = x
        }
        try read("atp_per_spike", &constants.atpPerSpike)
        try read("atp_per_synaptic_event", &constants.atpPerSynapticEvent)
        try read("atp_per_neuron_second", &constants.atpPerNeuronSecond)
        return constants
    }

    /// `simulation.integrator` (`nest`, the default: NEST's adaptive RKF45; or `rk4`, a fixed-step
    /// classic Runge–Kutta opt-in) and `simulation.rk4_substeps` (default 1, rk4 only).
    private func integratorSetting(_ sim: MappingReader, fields: FieldReader) throws(ConfigError) -> NeuronIntegrator {
        let name = try sim["integrator"].map { n throws(ConfigError) in try fields.name(n, at: "simulation.integrator") } ?? "nest"
        let substeps = try sim["rk4_substeps"].map { n throws(ConfigError) in try fields.integer(n, at: "simulation.rk4_substeps") }
        switch name {
        case "nest":
            if substeps != nil {
                throw ConfigError(path: "simulation.rk4_substeps", message: "rk4_substeps applies to integrator: rk4 only (integrator is nest)")
            }
            return .nest
        case "rk4":
            let k = substeps ?? 1
            guard k >= 1, k <= 1000 else {
                throw ConfigError(path: "simulation.rk4_substeps", message: "rk4_substeps \(k) must be a whole number from 1 to 1000")
            }
            return .rk4(substeps: k)
        default:
            throw ConfigError(
                path: "simulation.integrator",
                message: "unknown integrator '\(name)'\(NameSuggester.hint(for: name, among: ["nest", "rk4"])) (known: nest — NEST's adaptive RKF45, the default; rk4 — fixed-step, opt-in)")
        }
    }

    /// The name names the output folder `out/<name>`, so it must be a plain folder name.
    private func modelName(_ map: MappingReader, fields: FieldReader) throws(ConfigError) -> String {
        let name = try map["name"].map { n throws(ConfigError) in try fields.name(n, at: "name") } ?? defaultName
        if name.isEmpty || name == "." || name == ".." || name.contains("/") || name.contains("\\") {
            throw ConfigError(path: map["name"] == nil ? "" : "name", message: "'\(name)' cannot name a model: it names the output folder, so it must be a plain folder name")
        }
        return name
    }
}
