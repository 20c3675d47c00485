// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

/// Visits a model's per-neuron state arrays one by one, in a fixed order: how checkpoints read
/// a block's state out and write it back without knowing the model.
protocol StateColumnVisitor {
    /// `values` holds `components` values per neuron: neuron i's k-th at `i·components + k`, or at
    /// `k·count + i` when `componentMajor`. An empty array is a column the model's scheme does not use.
    mutating func column<T: BitwiseCopyable>(_ name: String, _ values: inout [T], components: Int, componentMajor: Bool)
}

extension StateColumnVisitor {
    mutating func column<T: BitwiseCopyable>(_ name: String, _ values: inout [T]) {
        column(name, &values, components: 1, componentMajor: false)
    }
}

/// A model state whose every per-neuron array can be visited; anything else in it must be
/// derived from the parameters and the step (a checkpoint does not store it).
protocol NeuronStateColumns {
    mutating func visitColumns<V: StateColumnVisitor>(_ visitor: inout V)
}

/// One per-neuron state array of a block, neuron-major: neuron i's bytes at `i·bytesPerNeuron`.
public struct NeuronColumn: Sendable, Equatable {
    /// The state array's name in its model (`potential`, `neurons`, …).
    public let name: String
    /// Bytes per neuron (0: a column the model's scheme leaves empty).
    public let bytesPerNeuron: Int
    public var data: [UInt8]

    public init(name: String, bytesPerNeuron: Int, data: [UInt8]) {
        self.name = name
        self.bytesPerNeuron = bytesPerNeuron
        self.data = data
    }
}

/// The state of neurons `firstIndex ..< firstIndex + count` of one population, as its model
/// holds it, keyed by position in the population so that it re-slices onto any layout.
public struct BlockState: Sendable, Equatable {
    public let population: Int
    public let firstIndex: Int
    public let count: Int
    public let columns: [NeuronColumn]

    public init(population: Int, firstIndex: Int, count: Int, columns: [NeuronColumn]) {
        self.population = population
        self.firstIndex = firstIndex
        self.count = count
        self.columns = columns
    }
}

/// Why saved state cannot be put back into a network.
public struct StateRestoreError: Error, Equatable, Sendable, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// Copies a block's columns out, neuron-major.
struct ColumnCapture: StateColumnVisitor {
    let count: Int
    var columns: [NeuronColumn] = []

    mutating func column<T: BitwiseCopyable>(_ name: String, _ values: inout [T], components k: Int, componentMajor: Bool) {
        guard !values.isEmpty, count > 0 else {
            columns.append(NeuronColumn(name: name, bytesPerNeuron: 0, data: []))
            return
        }
        let size = MemoryLayout<T>.stride  // elements are this far apart in an array
        precondition(values.count == count * k, "state column \(name) does not hold \(k) values per neuron")
        var data = [UInt8](repeating: 0, count: count * k * size)
        data.withUnsafeMutableBytes { out in
            values.withUnsafeBytes { raw in
                if !componentMajor {
                    out.copyMemory(from: UnsafeRawBufferPointer(rebasing: raw[0..<(count * k * size)]))
                } else {
                    for i in 0..<count {
                        for c in 0..<k {
                            let from = (c * count + i) * size, to = (i * k + c) * size
                            (out.baseAddress! + to).copyMemory(from: raw.baseAddress! + from, byteCount: size)
                        }
                    }
                }
            }
        }
        columns.append(NeuronColumn(name: name, bytesPerNeuron: k * size, data: data))
    }
}

/// Writes saved columns back into a block's arrays (which already have their sizes).
struct ColumnRestore: StateColumnVisitor {
    let count: Int
    let columns: [NeuronColumn]
    let what: String
    var next = 0
    var failure: StateRestoreError?

    mutating func column<T: BitwiseCopyable>(_ name: String, _ values: inout [T], components k: Int, componentMajor: Bool) {
        defer { next += 1 }
        guard failure == nil else { return }
        guard next < columns.count, columns[next].name == name else {
            failure = StateRestoreError("\(what): the saved state has no column \(name) where the model keeps one")
            return
        }
        let saved = columns[next]
        let size = MemoryLayout<T>.stride  // elements are this far apart in an array
        let want = values.isEmpty || count == 0 ? 0 : k * size
        guard saved.bytesPerNeuron == want, saved.data.count == count * want else {
            failure = StateRestoreError("\(what): column \(name) holds \(saved.bytesPerNeuron) bytes per neuron, the model \(want)")
            return
        }
        guard want > 0 else { return }
        saved.data.withUnsafeBytes { raw in
            values.withUnsafeMutableBytes { out in
                if !componentMajor {
                    out.baseAddress!.copyMemory(from: raw.baseAddress!, byteCount: raw.count)
                } else {
                    for i in 0..<count {
                        for c in 0..<k {
                            (out.baseAddress! + (c * count + i) * size).copyMemory(from: raw.baseAddress! + (i * k + c) * size, byteCount: size)
                        }
                    }
                }
            }
        }
    }
}

/// Reads a block's state out through its model.
struct CaptureBlockState: PopulationVisitor {
    let count: Int
    func visit<M: NeuronDynamics>(_ p: inout Population<M>) -> [NeuronColumn] {
        var capture = ColumnCapture(count: count)
        p.state.visitColumns(&capture)
        return capture.columns
    }
}

/// Writes a block's state back through its model.
struct RestoreBlockState: PopulationVisitor {
    let count: Int
    let columns: [NeuronColumn]
    let what: String
    func visit<M: NeuronDynamics>(_ p: inout Population<M>) -> StateRestoreError? {
        var restore = ColumnRestore(count: count, columns: columns, what: what)
        p.state.visitColumns(&restore)
        if restore.failure == nil && restore.next != columns.count {
            return StateRestoreError("\(what): the saved state has \(columns.count) columns, the model \(restore.next)")
        }
        return restore.failure
    }
}
