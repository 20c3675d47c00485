// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import VolleyCore

/// Turns a parsed (and overridden) document into a `ModelConfig`, section by section. The
/// first problem found is thrown; nothing is half-built.
struct ModelBuilder {
    static let topLevelKeys = [
        "name", "description", "parameters", "derived", "simulation", "populations", "devices", "connections", "recording",
    ]

    let root: ConfigNode
    /// The name used when the file has no `name` (the file name without extension).
    let defaultName: String

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
        try sim.allowOnly(["resolution", "t_sim", "seed"])
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
        let seed = try sim["seed"].map { n throws(ConfigError) in try Self.seed(n, fields: fields) } ?? 1

        let populations = try PopulationSection(fields: fields).read(map["populations"])
        let devices = try DeviceSection(fields: fields, grid: grid).read(map["devices"], populations: populations)
        let connections = try ConnectionSection(fields: fields, grid: grid, populations: populations, devices: devices)
            .read(map["connections"])
        let recording = try RecordingSection(fields: fields, grid: grid, populations: populations).read(map["recording"])
        let network = NetworkSpec(
            name: name, resolution: resolution, populations: populations, devices: devices,
            projections: connections.projections, deviceConnections: connections.devices, recording: recording)
        return ModelConfig(network: network, tSim: tSim, seed: seed, parameters: parameters, derived: derived)
    }

    /// The name names the output folder `out/<name>`, so it must be a plain folder name.
    private func modelName(_ map: MappingReader, fields: FieldReader) throws(ConfigError) -> String {
        let name = try map["name"].map { n throws(ConfigError) in try fields.name(n, at: "name") } ?? defaultName
        if name.isEmpty || name == "." || name == ".." || name.contains("/") || name.contains("\\") {
            throw ConfigError(path: map["name"] == nil ? "" : "name", message: "'\(name)' cannot name a model: it names the output folder, so it must be a plain folder name")
        }
        return name
    }

    /// A non-negative integer; a literal is read exactly (all 64 bits), an expression only up to
    /// 2^53, where doubles stop being exact.
    private static func seed(_ node: ConfigNode, fields: FieldReader) throws(ConfigError) -> UInt64 {
        if let s = node.scalarValue, case .number = s.kind, let exact = UInt64(String(s.text.filter { $0 != "_" })) {
            return exact
        }
        let x = try fields.number(node, at: "simulation.seed")
        guard x >= 0, x == x.rounded(), x <= 9_007_199_254_740_992 else {
            throw ConfigError(path: "simulation.seed", message: "seed must be a non-negative integer (up to 2^53 when computed), got \(x.configText)")
        }
        return UInt64(x)
    }
}
