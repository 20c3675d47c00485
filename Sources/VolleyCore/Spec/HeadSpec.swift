// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

/// A population of attention heads: each head keeps a context of earlier input events,
/// attends from every new event to that context with rotary position encoding by a rhythm's
/// phase, a causal mask and a temperature, and emits an activation vector when its largest
/// attention weight reaches the threshold.
public struct HeadPopulationSpec: Sendable, Equatable, Codable {
    public var name: String
    /// Heads in the population (sharded like neurons).
    public var count: Int
    public var inputDimension: Int
    public var keyDimension: Int
    public var valueDimension: Int
    /// The output's size: `W_O`'s rows, or `valueDimension` without `W_O`.
    public var outputDimension: Int
    /// Rows of input vectors that spike couplings select (rows × inputDimension); `nil` is the
    /// identity (one-hot rows), which needs as many rows as input dimensions.
    public var embedding: Matrix?
    public var queries: MatrixSource
    public var keys: MatrixSource
    public var values: MatrixSource
    /// `W_O` (outputDimension × valueDimension); `nil` outputs the attended values as they are.
    public var output: MatrixSource?
    public var rotary: RotarySpec?
    public var context: HeadContext
    /// Softmax temperature: scores are divided by it.
    public var temperature: Double
    /// The gate: the head emits only when its largest attention weight reaches this.
    public var threshold: Double
    /// Adds the query event's own input to the output (a residual stream; needs
    /// outputDimension == inputDimension).
    public var residual: Bool
    /// Score scale; `nil` is 1/√keyDimension.
    public var scoreScale: Double?

    public init(
        name: String, count: Int, inputDimension: Int, keyDimension: Int, valueDimension: Int, outputDimension: Int,
        embedding: Matrix? = nil, queries: MatrixSource, keys: MatrixSource, values: MatrixSource, output: MatrixSource? = nil,
        rotary: RotarySpec? = nil, context: HeadContext, temperature: Double = 1, threshold: Double = 0, residual: Bool = false,
        scoreScale: Double? = nil
    ) {
        self.name = name
        self.count = count
        self.inputDimension = inputDimension
        self.keyDimension = keyDimension
        self.valueDimension = valueDimension
        self.outputDimension = outputDimension
        self.embedding = embedding
        self.queries = queries
        self.keys = keys
        self.values = values
        self.output = output
        self.rotary = rotary
        self.context = context
        self.temperature = temperature
        self.threshold = threshold
        self.residual = residual
        self.scoreScale = scoreScale
    }
}

/// A dense matrix, row-major.
public struct Matrix: Sendable, Equatable, Codable {
    public var rows: Int
    public var columns: Int
    public var values: [Double]

    public init(rows: Int, columns: Int, values: [Double]) {
        precondition(values.count == rows * columns, "matrix of \(rows) × \(columns) needs \(rows * columns) values")
        self.rows = rows
        self.columns = columns
        self.values = values
    }

    /// The identity of size n.
    public static func identity(_ n: Int) -> Matrix {
        var v = [Double](repeating: 0, count: n * n)
        for i in 0..<n { v[i * n + i] = 1 }
        return Matrix(rows: n, columns: n, values: v)
    }

    public subscript(row: Int, column: Int) -> Double { values[row * columns + column] }
}

/// Where a head's weight matrix comes from.
public enum MatrixSource: Sendable, Equatable, Codable {
    /// Given (from a `.npy` file or the model file); shared by every head of the population.
    case given(Matrix)
    /// Drawn per head, normal with mean 0 and this standard deviation, keyed by the head's id.
    case seeded(std: Double)
}

/// Rotary position encoding: pair i of the query and key dimensions (2i, 2i+1) is rotated by
/// `harmonics[i]` × the rhythm's phase at the event.
public struct RotarySpec: Sendable, Equatable, Codable {
    /// Index into `NetworkSpec.rhythms`.
    public var rhythm: Int
    public var harmonics: [Double]

    public init(rhythm: Int, harmonics: [Double]) {
        self.rhythm = rhythm
        self.harmonics = harmonics
    }
}

/// Which earlier events a head attends to.
public enum HeadContext: Sendable, Equatable, Codable {
    /// The last N events.
    case lastEvents(Int)
    /// Events of the last `ms` milliseconds.
    case window(ms: Double)
    /// Events since the current cycle of a rhythm began (index into `NetworkSpec.rhythms`).
    case rhythmCycle(Int)
}

/// Spikes of a neuron population become input events of a head population: neuron i selects
/// row `firstRow + i / neuronsPerRow` of the heads' embedding. Neurons of the same row spiking in
/// the same step make one event.
public struct SpikeHeadCoupling: Sendable, Equatable, Codable {
    /// Index into `NetworkSpec.populations`.
    public var source: Int
    /// Index into `NetworkSpec.headPopulations`.
    public var target: Int
    public var firstRow: Int
    public var neuronsPerRow: Int
    /// ms; at least one step and on the grid.
    public var delay: Double

    public init(source: Int, target: Int, firstRow: Int = 0, neuronsPerRow: Int = 1, delay: Double) {
        self.source = source
        self.target = target
        self.firstRow = firstRow
        self.neuronsPerRow = neuronsPerRow
        self.delay = delay
    }
}

/// Activation events of a head population become synaptic input to a neuron population: neuron i
/// receives weight `readout[i] · v` (pA, or mV for `iaf_psc_delta`); a one-row readout applies to
/// every neuron.
public struct ActivationNeuronCoupling: Sendable, Equatable, Codable {
    /// Index into `NetworkSpec.headPopulations`.
    public var source: Int
    /// Index into `NetworkSpec.populations`.
    public var target: Int
    /// 1 or n_target rows, source outputDimension columns.
    public var readout: Matrix
    public var delay: Double

    public init(source: Int, target: Int, readout: Matrix, delay: Double) {
        self.source = source
        self.target = target
        self.readout = readout
        self.delay = delay
    }
}

/// Activation events of a head population become input events of another (every head of the
/// target receives every event), through `projection` (target inputDimension × source
/// outputDimension; `nil` is the identity).
public struct ActivationHeadCoupling: Sendable, Equatable, Codable {
    public var source: Int
    public var target: Int
    public var projection: Matrix?
    public var delay: Double

    public init(source: Int, target: Int, projection: Matrix? = nil, delay: Double) {
        self.source = source
        self.target = target
        self.projection = projection
        self.delay = delay
    }
}
