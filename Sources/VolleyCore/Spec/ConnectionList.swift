// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

/// Connections given one by one (NEST's `one_to_one` connect of arrays, PyNN's `FromList`,
/// SONATA's edges): row r connects source `source[r]` to target `target[r]`, both 0-based
/// indices into the projection's concatenated sources and targets.
///
/// Absent weight or delay columns take the projection's `weight` and `delay`. Delays are in ms
/// and are rounded to the grid as NEST rounds them (`floor(d/h + 0.5)`).
public struct ConnectionList: Sendable, Equatable, Codable {
    public var source: [UInt32]
    public var target: [UInt32]
    public var weight: [Double]?
    public var delay: [Double]?

    public init(source: [UInt32], target: [UInt32], weight: [Double]? = nil, delay: [Double]? = nil) {
        self.source = source
        self.target = target
        self.weight = weight
        self.delay = delay
    }

    /// The number of connections.
    public var count: Int { source.count }
}

/// The columns travel as little-endian bytes (base64 in JSON): a SONATA circuit's edges are
/// millions of rows, whose decimal text took a worker seconds to parse, and the bytes give each
/// weight and delay back to the bit.
extension ConnectionList {
    private enum CodingKeys: String, CodingKey { case source, target, weight, delay }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        source = try Self.column(c.decode(ColumnBytes.self, forKey: .source).bytes, UInt32.self, key: .source, in: c)
        target = try Self.column(c.decode(ColumnBytes.self, forKey: .target).bytes, UInt32.self, key: .target, in: c)
        weight = try c.decodeIfPresent(ColumnBytes.self, forKey: .weight).map { try Self.column($0.bytes, UInt64.self, key: .weight, in: c).map(Double.init(bitPattern:)) }
        delay = try c.decodeIfPresent(ColumnBytes.self, forKey: .delay).map { try Self.column($0.bytes, UInt64.self, key: .delay, in: c).map(Double.init(bitPattern:)) }
        guard target.count == source.count, weight.map({ $0.count == source.count }) ?? true, delay.map({ $0.count == source.count }) ?? true else {
            throw DecodingError.dataCorruptedError(forKey: .target, in: c, debugDescription: "the columns of a connection list differ in length")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(ColumnBytes(source), forKey: .source)
        try c.encode(ColumnBytes(target), forKey: .target)
        try c.encodeIfPresent(weight.map { ColumnBytes($0.map(\.bitPattern)) }, forKey: .weight)
        try c.encodeIfPresent(delay.map { ColumnBytes($0.map(\.bitPattern)) }, forKey: .delay)
    }

    private static func column<T: FixedWidthInteger>(
        _ bytes: [UInt8], _: T.Type, key: CodingKeys, in c: KeyedDecodingContainer<CodingKeys>
    ) throws -> [T] {
        try ColumnBytes(bytes: bytes).values(T.self, key: key, in: c)
    }
}

/// A column's little-endian bytes, coded as one base64 string (the core has no Foundation, so
/// no `Data`; the encoder's strategy for `Data` is not reached).
struct ColumnBytes: Codable {
    let bytes: [UInt8]

    init(bytes: [UInt8]) { self.bytes = bytes }

    /// The little-endian values the bytes hold; a length that is not whole values is corrupt.
    func values<T: FixedWidthInteger, K: CodingKey>(_: T.Type, key: K, in c: KeyedDecodingContainer<K>) throws -> [T] {
        let width = MemoryLayout<T>.size
        guard bytes.count % width == 0 else {
            throw DecodingError.dataCorruptedError(forKey: key, in: c, debugDescription: "\(bytes.count) bytes are not whole \(width)-byte values")
        }
        return [T](unsafeUninitializedCapacity: bytes.count / width) { out, n in
            bytes.withUnsafeBytes { raw in
                for i in 0..<(bytes.count / width) {
                    out[i] = T(littleEndian: raw.loadUnaligned(fromByteOffset: i * width, as: T.self))
                }
            }
            n = bytes.count / width
        }
    }

    init<T: FixedWidthInteger>(_ values: [T]) {
        var out: [UInt8] = []
        out.reserveCapacity(values.count * MemoryLayout<T>.size)
        for v in values { withUnsafeBytes(of: v.littleEndian) { out.append(contentsOf: $0) } }
        bytes = out
    }

    init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let b = Base64.decode(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not base64"))
        }
        bytes = b
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(Base64.encode(bytes))
    }
}

/// Where an explicit projection's rows are: in the spec itself, or in a file every process
/// that builds shards reads (and checks against the digest taken when the model was loaded).
public enum ConnectionListSource: Sendable, Equatable, Codable {
    case inline(ConnectionList)
    case file(ConnectionListFile)
}

/// A connection list kept in a file: what the spec says about it, so that the coordinator can
/// plan epochs without reading it and every worker can check that it reads the same rows.
public struct ConnectionListFile: Sendable, Equatable, Codable {
    /// Absolute path of the file.
    public var path: String
    /// Its size in bytes and SHA-256 (lower-case hex) when the model was loaded.
    public var bytes: Int
    public var sha256: String
    /// What each column of the file holds, in order: "source", "target", "weight", "delay".
    public var columns: [String]
    /// The number of rows.
    public var rows: Int
    /// The smallest and largest delay of the delay column (ms), if it has one and any rows.
    public var minDelay: Double?
    public var maxDelay: Double?
    /// A SONATA edges file (HDF5) and how its population becomes rows; nil: a `.npy` array
    /// whose columns are `columns`.
    public var sonata: SonataEdgeRecipe?

    public init(
        path: String, bytes: Int, sha256: String, columns: [String], rows: Int, minDelay: Double?, maxDelay: Double?,
        sonata: SonataEdgeRecipe? = nil
    ) {
        self.path = path
        self.bytes = bytes
        self.sha256 = sha256
        self.columns = columns
        self.rows = rows
        self.minDelay = minDelay
        self.maxDelay = maxDelay
        self.sonata = sonata
    }
}

/// How one edge population of a SONATA edges file becomes connection rows, BMTK PointNet's
/// way (docs/interop.md): each row connects `sourceIndex[source_node_id]` to
/// `targetIndex[target_node_id]` with weight `nsyns × syn_weight` and its delay, each from the
/// row's edge group if it has the column, else from its edge type. Every process that builds
/// shards reads the file with it, so a circuit's millions of edges stay out of the spec.
public struct SonataEdgeRecipe: Sendable, Equatable, Codable {
    /// The edge population's name under /edges.
    public var population: String
    /// By node_id: the index into the projection's sources (targets); `UInt32.max` for an id
    /// the node population lacks.
    public var sourceIndex: [UInt32]
    public var targetIndex: [UInt32]
    /// The node populations, for messages.
    public var sourcePopulation: String
    public var targetPopulation: String
    /// The edge types table, for messages.
    public var typesFile: String
    /// What each edge type gives a row that lacks the column.
    public var types: [SonataEdgeType]
    /// Steps added to every delay after rounding: 1 where BMTK relays the sources through
    /// parrot neurons (`use_parrot_neurons`).
    public var relaySteps: Int64

    public init(
        population: String, sourceIndex: [UInt32], targetIndex: [UInt32], sourcePopulation: String,
        targetPopulation: String, typesFile: String, types: [SonataEdgeType], relaySteps: Int64
    ) {
        self.population = population
        self.sourceIndex = sourceIndex
        self.targetIndex = targetIndex
        self.sourcePopulation = sourcePopulation
        self.targetPopulation = targetPopulation
        self.typesFile = typesFile
        self.types = types
        self.relaySteps = relaySteps
    }

    private enum CodingKeys: String, CodingKey {
        case population, sourceIndex, targetIndex, sourcePopulation, targetPopulation, typesFile, types, relaySteps
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        population = try c.decode(String.self, forKey: .population)
        sourceIndex = try c.decode(ColumnBytes.self, forKey: .sourceIndex).values(UInt32.self, key: CodingKeys.sourceIndex, in: c)
        targetIndex = try c.decode(ColumnBytes.self, forKey: .targetIndex).values(UInt32.self, key: CodingKeys.targetIndex, in: c)
        sourcePopulation = try c.decode(String.self, forKey: .sourcePopulation)
        targetPopulation = try c.decode(String.self, forKey: .targetPopulation)
        typesFile = try c.decode(String.self, forKey: .typesFile)
        types = try c.decode([SonataEdgeType].self, forKey: .types)
        relaySteps = try c.decode(Int64.self, forKey: .relaySteps)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(population, forKey: .population)
        try c.encode(ColumnBytes(sourceIndex), forKey: .sourceIndex)
        try c.encode(ColumnBytes(targetIndex), forKey: .targetIndex)
        try c.encode(sourcePopulation, forKey: .sourcePopulation)
        try c.encode(targetPopulation, forKey: .targetPopulation)
        try c.encode(typesFile, forKey: .typesFile)
        try c.encode(types, forKey: .types)
        try c.encode(relaySteps, forKey: .relaySteps)
    }
}

/// An edge type's values for rows whose group lacks the column.
public struct SonataEdgeType: Sendable, Equatable, Codable {
    /// edge_type_id, local to its types table.
    public var id: Int64
    /// The type's nsyns, else 1.
    public var nsyns: Double
    /// The type's syn_weight, if it has one.
    public var synWeight: Double?
    /// The type's delay, else its synapse's dynamics_params delay, else NEST's 1 ms.
    public var delay: Double

    public init(id: Int64, nsyns: Double, synWeight: Double?, delay: Double) {
        self.id = id
        self.nsyns = nsyns
        self.synWeight = synWeight
        self.delay = delay
    }
}
