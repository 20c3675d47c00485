// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import VolleyCore

/// A tap's introduction to the coordinator.
public struct TapHello: Codable, Equatable, Sendable {
    public var volleyVersion: String
    public var pid: Int32
    public var host: String
    /// A lossless tap subscribes to the workers' data sockets and is waited for like a worker.
    public var lossless: Bool

    public init(volleyVersion: String, pid: Int32, host: String, lossless: Bool) {
        self.volleyVersion = volleyVersion
        self.pid = pid
        self.host = host
        self.lossless = lossless
    }
}

/// What a tap needs to know about a run: its id, its clock, its populations and its workers.
public struct TapWelcome: Codable, Equatable, Sendable {
    /// The tap's id in this run: its topics carry it.
    public var tap: UInt32
    public var runID: UInt64
    public var model: String
    public var seed: UInt64
    public var resolution: Double
    public var epochSteps: Int64
    public var totalEpochs: UInt64
    public var tSim: Double
    public var shards: Int
    public var catalog: RunCatalog
    public var workers: [TapPeer]
    /// Epochs below this were released before the tap joined: it cannot see all of them.
    public var releasedBefore: UInt64
    /// The model's epoch of the wire's epoch 0: a resumed run's cut (absent from an older
    /// coordinator: 0).
    public var firstEpoch: Int64?

    public init(tap: UInt32, runID: UInt64, model: String, seed: UInt64, resolution: Double, epochSteps: Int64,
                totalEpochs: UInt64, tSim: Double, shards: Int, catalog: RunCatalog, workers: [TapPeer], releasedBefore: UInt64) {
        self.tap = tap
        self.runID = runID
        self.model = model
        self.seed = seed
        self.resolution = resolution
        self.epochSteps = epochSteps
        self.totalEpochs = totalEpochs
        self.tSim = tSim
        self.shards = shards
        self.catalog = catalog
        self.workers = workers
        self.releasedBefore = releasedBefore
    }
}

/// A worker as a tap sees it.
public struct TapPeer: Codable, Equatable, Sendable {
    public var worker: UInt32
    public var tapEndpoint: String
    public var dataEndpoint: String
    public var shards: [Int]

    public init(worker: UInt32, tapEndpoint: String, dataEndpoint: String, shards: [Int]) {
        self.worker = worker
        self.tapEndpoint = tapEndpoint
        self.dataEndpoint = dataEndpoint
        self.shards = shards
    }
}

/// The names and sizes a tap needs to turn global ids back into (population, neuron), and
/// samples' variable indices back into recordables' names.
public struct RunCatalog: Codable, Equatable, Sendable {
    /// One entry of the catalog: a population (or head population) and its size.
    public struct Entry: Codable, Equatable, Sendable {
        public var name: String
        public var size: Int

        public init(name: String, size: Int) {
            self.name = name
            self.size = size
        }
    }

    /// Neuron populations in global-id order.
    public var populations: [Entry]
    /// Head populations in global head-index order.
    public var heads: [Entry]
    public var rhythms: [String]
    /// Whether the model records anything with a multimeter (samples frames exist).
    public var samples: Bool
    /// The recordables the run's multimeters record (`V_m`, `g_ex`, `w`, …), each once, in order
    /// of first appearance: a sample's `variable` indexes this list.
    public var variables: [String]
    /// Whether the model has weight recorders (weights frames exist).
    public var weights: Bool

    public init(populations: [Entry], heads: [Entry], rhythms: [String], samples: Bool, variables: [String] = [], weights: Bool = false) {
        self.populations = populations
        self.heads = heads
        self.rhythms = rhythms
        self.samples = samples
        self.variables = variables
        self.weights = weights
    }

    /// The catalog of a model.
    public init(network: NetworkSpec) {
        populations = network.populations.map { Entry(name: $0.name, size: $0.size) }
        heads = network.headPopulations.map { Entry(name: $0.name, size: $0.count) }
        rhythms = network.rhythms.map(\.name)
        samples = !network.recording.voltmeters.isEmpty
        variables = network.recording.variables
        weights = !network.recording.weightRecorders.isEmpty
    }

    /// The name of a sample's recordable; nil for an index the catalogue does not have (a
    /// malformed frame must not trap a reader).
    public func variable(_ index: UInt32) -> String? {
        Int(index) < variables.count ? variables[Int(index)] : nil
    }

    /// Global id of each population's first neuron, and the total at the end.
    public var offsets: [Int] {
        var o = [0]
        for p in populations { o.append(o.last! + p.size) }
        return o
    }
}

/// The topics of taps on a worker's tap socket (docs/wire-format.md, "Taps"). A tap subscribes
/// to its data topic and to its filter subscription, which carries the filter as JSON; a worker
/// serves the tap once it has seen both (in whichever order they come).
public enum TapTopic {
    /// Tap ids start high: a lossless tap says hello on the workers' data sockets, where the ids
    /// below are the workers' own.
    public static let firstID: UInt32 = 0x8000_0000

    /// "VOLYt" and the tap id as u32: the first frame of every message sent to that tap.
    public static func data(tap: UInt32) -> [UInt8] {
        WireFormat.magic + [UInt8(ascii: "t")] + withUnsafeBytes(of: tap.littleEndian) { Array($0) }
    }

    /// "VOLYf", the tap id as u32, then the filter's JSON.
    public static func filter(tap: UInt32, json: [UInt8]) -> [UInt8] {
        WireFormat.magic + [UInt8(ascii: "f")] + withUnsafeBytes(of: tap.littleEndian) { Array($0) } + json
    }

    /// The tap id of a data topic subscription, if `topic` is one.
    public static func parseData(_ topic: ArraySlice<UInt8>) -> UInt32? {
        guard topic.count == 9, topic.prefix(4).elementsEqual(WireFormat.magic), topic[topic.startIndex + 4] == UInt8(ascii: "t") else {
            return nil
        }
        return topic.suffix(4).reversed().reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
    }

    /// The tap id and filter JSON of a filter subscription, if `topic` is one.
    public static func parseFilter(_ topic: ArraySlice<UInt8>) -> (tap: UInt32, json: ArraySlice<UInt8>)? {
        guard topic.count >= 9, topic.prefix(4).elementsEqual(WireFormat.magic), topic[topic.startIndex + 4] == UInt8(ascii: "f") else {
            return nil
        }
        let idBytes = topic[(topic.startIndex + 5)..<(topic.startIndex + 9)]
        let id = idBytes.reversed().reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        return (id, topic[(topic.startIndex + 9)...])
    }
}
