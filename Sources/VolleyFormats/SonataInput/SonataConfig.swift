// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

/// A SONATA simulation config (or a circuit config) with every $VAR / ${VAR} substituted and every path absolute.
///
/// The rules are BMTK's: each JSON file resolves its own `manifest` and its own `${configdir}`;
/// a `"network"` (or `"simulation"`) naming another file, relative to the naming one, is loaded
/// and laid over it, its top-level sections replacing the parent's and its `components` merged
/// key by key. Unlike BMTK, a relative path is taken relative to the file that holds it, not to
/// the working directory, and an unknown variable is an error. The files named are not opened.
public struct SonataConfig: Sendable {
    /// A nodes file and the node types table beside it.
    public struct NodeFiles: Sendable, Equatable {
        public let nodesFile: String
        public let nodeTypesFile: String

        public init(nodesFile: String, nodeTypesFile: String) {
            self.nodesFile = nodesFile
            self.nodeTypesFile = nodeTypesFile
        }
    }

    /// An edges file and the edge types table beside it.
    public struct EdgeFiles: Sendable, Equatable {
        public let edgesFile: String
        public let edgeTypesFile: String

        public init(edgesFile: String, edgeTypesFile: String) {
            self.edgesFile = edgesFile
            self.edgeTypesFile = edgeTypesFile
        }
    }

    /// One entry of `inputs`: its name and the fields a spike input uses, and the entry whole.
    public struct Input: Sendable {
        public let name: String
        public let inputType: String?
        public let module: String?
        /// Absolute.
        public let inputFile: String?
        /// The node set's name; nil if absent or not a name (an inline node set is in `raw`).
        public let nodeSet: String?
        public let useParrotNeurons: Bool
        /// The entry with its variables substituted, its paths as written.
        public let raw: JSONValue
    }

    /// The simulation config file itself, absolute.
    public let path: String
    public let targetSimulator: String?
    public let tstop: Double?
    public let dt: Double?
    public let tstart: Double?
    /// In config order.
    public let nodes: [NodeFiles]
    /// In config order.
    public let edges: [EdgeFiles]
    public let pointNeuronModelsDir: String?
    public let synapticModelsDir: String?
    /// In config (file) order.
    public let inputs: [Input]
    public let outputDir: String?
    /// As written: relative to `outputDir` unless absolute, as BMTK takes it.
    public let spikesFile: String?
    /// The names of the non-empty entries of `reports`.
    public let reports: [String]
    public let nodeSetsFile: String?

    /// Loads the config at `path` (relative to the working directory if not absolute) and the
    /// configs it names.
    public static func load(path: String) throws(FileFormatError) -> SonataConfig {
        let workingDirectory = SonataPath.workingDirectory()
        let absolute = SonataPath.absolute(path, relativeTo: workingDirectory)
        var layers: [SonataConfigFile] = []
        try collect(absolute, workingDirectory: workingDirectory, into: &layers, chain: [])
        return try SonataConfig(path: absolute, layers: SonataConfigLayers(files: layers))
    }

    /// Appends the file at `path` and, after it, the configs it names, each after its parent
    /// so that it wins over it; `chain` is the files naming this one, to stop a loop.
    private static func collect(
        _ path: String, workingDirectory: String, into layers: inout [SonataConfigFile], chain: [String]
    ) throws(FileFormatError) {
        if chain.contains(path) {
            let loop = (chain + [path]).joined(separator: " → ")
            throw FileFormatError(path: chain.last ?? path, reason: "the configs name each other in a loop: \(loop)")
        }
        let file: SonataConfigFile
        do { file = try SonataConfigFile.load(path: path, workingDirectory: workingDirectory) } catch {
            guard let parent = chain.last else { throw error }
            throw FileFormatError(path: error.path, reason: "\(error.reason) (a child config named by \(parent))")
        }
        layers.append(file)
        for key in ["network", "simulation"] {
            switch file[key] {
            case nil, .null?: continue
            case .string(let child)?:
                try collect(file.absolute(child), workingDirectory: workingDirectory, into: &layers, chain: chain + [path])
            case .object(let inline)?:
                layers.append(inlineLayer(inline, of: file))
            default:
                throw file.error("\(key) is neither the name of a config file nor an object")
            }
        }
    }

    /// An inline `"network": {...}`: a circuit config's members, or its `networks` alone
    /// (`nodes`, `edges`) with `components` beside them.
    private static func inlineLayer(_ members: [(String, JSONValue)], of file: SonataConfigFile) -> SonataConfigFile {
        guard members.contains(where: { $0.0 == "nodes" || $0.0 == "edges" }) else {
            return SonataConfigFile(path: file.path, members: members)
        }
        let networks = members.filter { $0.0 != "components" }
        let components = members.filter { $0.0 == "components" }
        return SonataConfigFile(path: file.path, members: [("networks", .object(networks))] + components)
    }

    private init(path: String, layers: SonataConfigLayers) throws(FileFormatError) {
        self.path = path
        targetSimulator = try layers.string("target_simulator")
        tstop = try layers.number("tstop", in: "run")
        dt = try layers.number("dt", in: "run")
        tstart = try layers.number("tstart", in: "run")
        nodes = try layers.files(kind: "nodes", file: "nodes_file", types: "node_types_file").map {
            NodeFiles(nodesFile: $0.0, nodeTypesFile: $0.1)
        }
        edges = try layers.files(kind: "edges", file: "edges_file", types: "edge_types_file").map {
            EdgeFiles(edgesFile: $0.0, edgeTypesFile: $0.1)
        }
        let components = try layers.components()
        pointNeuronModelsDir = try components.path("point_neuron_models_dir")
        synapticModelsDir = try components.path("synaptic_models_dir")
        inputs = try layers.inputs()
        outputDir = try layers.string("output_dir", in: "output", isPath: true)
        spikesFile = try layers.string("spikes_file", in: "output")
        reports = try layers.reports()
        nodeSetsFile = try layers.path("node_sets_file")
    }
}
