// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

/// Why a network spec cannot run.
public struct CompileError: Error, Equatable, Sendable, CustomStringConvertible {
    /// What is wrong, naming the part of the model.
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// A network spec checked and turned into steps: the time grid, the epoch length `d_min`, and
/// the neuron layout for a given number of shards. Everything a shard needs to build itself.
public struct CompiledNetwork: Sendable {
    public let spec: NetworkSpec
    public let grid: TimeGrid
    public let layout: NetworkLayout
    /// Where every attention head lives (head populations split like neuron populations).
    public let headLayout: NetworkLayout
    public let seed: UInt64
    /// Epoch length in steps: the smallest delay any connection between neurons can have
    /// (a bound from the spec, not from the draws, so every partition agrees on it).
    public let epochSteps: Int64
    /// Per projection: the delay rule in steps.
    let delays: [DelayRule]
    /// Per explicit projection: its rows, checked and indexed by target.
    let tables: [Int: ConnectionTable]
    /// The file lists' rows this network was given.
    private let lists: [Int: ConnectionList]
    /// The longest delay of a spike-to-head or activation coupling, in steps.
    let maxCouplingDelay: Int64

    /// Checks `spec` and fixes the layout for `shards` shards.
    /// - Parameters:
    ///   - lists: the rows of the projections whose lists are kept in files (by projection
    ///     index), read by the caller; the core reads no files.
    ///   - deferringLists: compile without the rows of file lists, from what the spec says of
    ///     them (their delay range), for a process that plans epochs before it reads them (a
    ///     worker, on its build thread) or never builds a shard (the coordinator). Such a
    ///     network builds no shard until `loadingLists` gives it the rows.
    public init(
        spec: NetworkSpec, seed: UInt64, shards: Int, lists: [Int: ConnectionList] = [:], deferringLists: Bool = false
    ) throws(CompileError) {
        guard let grid = TimeGrid(resolution: spec.resolution) else {
            throw CompileError("resolution \(spec.resolution) ms is not a positive whole number of microseconds")
        }
        guard shards >= 1 else { throw CompileError("the number of shards must be at least 1") }
        guard !spec.populations.isEmpty else { throw CompileError("the model has no populations") }
        guard spec.neuronCount < Int(UInt32.max) else { throw CompileError("more than 2³² neurons") }
        self.spec = spec
        self.grid = grid
        self.seed = seed
        self.layout = NetworkLayout(sizes: spec.populations.map(\.size), shardCount: shards)
        self.headLayout = NetworkLayout(sizes: spec.headPopulations.map(\.count), shardCount: shards)
        for pop in spec.populations { try Self.checkPerNeuronValues(pop) }
        var delays: [DelayRule] = []
        var tables: [Int: ConnectionTable] = [:]
        for (i, p) in spec.projections.enumerated() {
            try Self.check(p, index: i, spec: spec)
            if case .explicit(.file(let file)) = p.rule, lists[i] == nil, deferringLists {
                if let lo = file.minDelay, let hi = file.maxDelay, file.rows > 0 {
                    delays.append(.perRow(minimumSteps: grid.delaySteps(lo), maximumSteps: grid.delaySteps(hi)))
                    continue
                }
            } else if case .explicit(let source) = p.rule {
                let table = try Self.table(source, given: lists[i], projection: p, index: i, spec: spec, grid: grid)
                tables[i] = table
                if table.delaySteps != nil && table.count > 0 {
                    delays.append(.perRow(minimumSteps: table.minDelaySteps, maximumSteps: table.maxDelaySteps))
                    continue
                }
            }
            delays.append(try DelayRule(p.delay, grid: grid, what: "connection \(i + 1)"))
        }
        self.delays = delays
        self.tables = tables
        self.lists = lists
        for (i, c) in spec.deviceConnections.enumerated() {
            // Checked here, not when a shard is built, so that it is bad input (status 2).
            if case .dcGenerator = spec.devices[c.device].model, c.neurons != nil {
                throw CompileError("device \(spec.devices[c.device].name): a dc_generator drives whole populations; 'neurons' is not supported for it")
            }
            guard let s = grid.exactSteps(c.delay), s >= 1 else {
                throw CompileError("device connection \(i + 1): delay \(c.delay) ms must be a positive multiple of the resolution \(grid.resolution) ms")
            }
        }
        let coupling = try Self.couplingDelays(spec, grid: grid)
        // Without connections between shards any epoch length is safe; 1 ms keeps epochs short.
        epochSteps = (delays.map(\.minimumSteps) + coupling).min() ?? max(1, grid.exactSteps(1.0) ?? 10)
        maxCouplingDelay = coupling.max() ?? 0
    }

    /// Delays (steps) of every coupling that crosses shards: spikes into heads, activations.
    private static func couplingDelays(_ spec: NetworkSpec, grid: TimeGrid) throws(CompileError) -> [Int64] {
        let all = spec.spikeHeadCouplings.map { ("spike-to-head coupling", $0.delay) }
            + spec.activationNeuronCouplings.map { ("activation-to-neuron coupling", $0.delay) }
            + spec.activationHeadCouplings.map { ("activation-to-head coupling", $0.delay) }
        var out: [Int64] = []
        for (what, ms) in all {
            guard let s = grid.exactSteps(ms), s >= 1 else {
                throw CompileError("\(what): delay \(ms) ms must be a positive multiple of the resolution \(grid.resolution) ms")
            }
            out.append(s)
        }
        for (i, h) in spec.headPopulations.enumerated() {
            let w = { (m: MatrixSource, r: Int, c: Int) -> Bool in
                if case .given(let x) = m { return x.rows == r && x.columns == c }
                return true
            }
            guard h.count >= 0, w(h.queries, h.keyDimension, h.inputDimension), w(h.keys, h.keyDimension, h.inputDimension),
                  w(h.values, h.valueDimension, h.inputDimension),
                  h.output.map({ w($0, h.outputDimension, h.valueDimension) }) ?? (h.outputDimension == h.valueDimension),
                  !h.residual || h.outputDimension == h.inputDimension, h.temperature > 0
            else { throw CompileError("head population \(i + 1) (\(h.name)): weight shapes or settings do not fit its dimensions") }
        }
        return out
    }

    /// This network with the rows of its file lists, which it was compiled without; its epochs
    /// and ring sizes do not change (they came from the spec's delay ranges, which the rows
    /// must match).
    public func loadingLists(_ given: [Int: ConnectionList]) throws(CompileError) -> CompiledNetwork {
        let loaded = try CompiledNetwork(spec: spec, seed: seed, shards: layout.shardCount, lists: lists.merging(given) { $1 })
        guard loaded.epochSteps == epochSteps, loaded.maxDelaySteps == maxDelaySteps else {
            throw CompileError("the connection lists' delays differ from those the model was loaded with")
        }
        return loaded
    }

    /// Values given neuron by neuron: one finite initial V_m each, if listed; a spike source has
    /// one list of positive, finite times per neuron, and nothing else has any.
    private static func checkPerNeuronValues(_ pop: PopulationSpec) throws(CompileError) {
        if let values = pop.membranePotentials {
            guard values.count == pop.size else {
                throw CompileError("population \(pop.name): \(values.count) initial membrane potentials for \(pop.size) neurons")
            }
            if let v = values.first(where: { !$0.isFinite }) { throw CompileError("population \(pop.name): initial V_m \(v) is not finite") }
        }
        let source = pop.model.kind == .volleySpikeSource
        guard let times = pop.spikeTimes else {
            if source && pop.size > 0 { throw CompileError("population \(pop.name): a volley_spike_source needs spike_times") }
            return
        }
        guard source else { throw CompileError("population \(pop.name): only a volley_spike_source has spike_times") }
        guard times.count == pop.size else {
            throw CompileError("population \(pop.name): spike_times has \(times.count) lists for \(pop.size) neurons")
        }
        for (i, neuron) in times.enumerated() {
            if let t = neuron.first(where: { !($0 > 0) || !$0.isFinite }) {
                throw CompileError("population \(pop.name): neuron \(i): spike time \(t) ms must be positive and finite")
            }
        }
    }

    /// The checked rows of explicit projection `i`: inline in the spec, or read by the caller.
    private static func table(
        _ source: ConnectionListSource, given: ConnectionList?, projection p: ProjectionSpec, index i: Int, spec: NetworkSpec,
        grid: TimeGrid
    ) throws(CompileError) -> ConnectionTable {
        let list: ConnectionList
        var origin = ""
        switch source {
        case .inline(let rows):
            list = rows
        case .file(let file):
            guard let given else { throw CompileError("connection \(i + 1): the rows of \(file.path) were not loaded") }
            guard given.count == file.rows else {
                throw CompileError("connection \(i + 1): \(file.path) has \(given.count) rows, the model was loaded with \(file.rows)")
            }
            list = given
            origin = "\(file.path): "
        }
        if p.allowMultapses == false || p.allowAutapses == false {
            throw CompileError("connection \(i + 1): an explicit list connects exactly its rows; allow_autapses and allow_multapses do not apply")
        }
        let ns = p.sources.reduce(0) { $0 + spec.populations[$1].size }
        let nt = p.targets.reduce(0) { $0 + spec.populations[$1].size }
        do {
            return try ConnectionTable(list, sources: ns, targets: nt, grid: grid)
        } catch {
            throw CompileError("connection \(i + 1): \(origin)\(error)")
        }
    }

    private static func check(_ p: ProjectionSpec, index i: Int, spec: NetworkSpec) throws(CompileError) {
        let what = "connection \(i + 1)"
        let ns = p.sources.reduce(0) { $0 + spec.populations[$1].size }
        let nt = p.targets.reduce(0) { $0 + spec.populations[$1].size }
        if Set(p.sources).count != p.sources.count || Set(p.targets).count != p.targets.count {
            throw CompileError("\(what): a population appears twice in its sources or targets")
        }
        switch p.rule {
        case .oneToOne where ns != nt:
            throw CompileError("\(what): one_to_one needs as many sources (\(ns)) as targets (\(nt))")
        case .fixedIndegree(let k) where k < 0, .fixedOutdegree(let k) where k < 0, .fixedTotalNumber(let k) where k < 0:
            throw CompileError("\(what): \(p.rule.nestName) needs a non-negative number, got \(k)")
        case .fixedIndegree(let k) where !p.allowMultapses && k > ns - (p.allowAutapses ? 0 : 1):
            throw CompileError("\(what): indegree \(k) exceeds the \(ns) possible sources without multapses")
        case .fixedOutdegree(let k) where !p.allowMultapses && k > nt - (p.allowAutapses ? 0 : 1):
            throw CompileError("\(what): outdegree \(k) exceeds the \(nt) possible targets without multapses")
        case .fixedTotalNumber where !p.allowMultapses:
            throw CompileError("\(what): fixed_total_number requires allow_multapses: true")
        case .pairwiseBernoulli(let prob) where !(prob >= 0 && prob <= 1):
            throw CompileError("\(what): probability \(prob) is outside [0, 1]")
        default:
            break
        }
        if case .normal(_, let std, let lo, let hi) = p.weight, !(std >= 0) || lo > hi {
            throw CompileError("\(what): weight distribution needs std ≥ 0 and min ≤ max")
        }
    }
}

/// A projection's delay in steps: constant, or drawn in ms and rounded as NEST rounds delays.
enum DelayRule: Sendable {
    case constant(Int64)
    case drawn(ValueDistribution, minimumSteps: Int64)
    /// Each row of an explicit list has its own delay.
    case perRow(minimumSteps: Int64, maximumSteps: Int64)

    init(_ d: ValueDistribution, grid: TimeGrid, what: String) throws(CompileError) {
        let h = grid.resolution
        switch d {
        case .constant(let ms):
            guard ms > 0 else { throw CompileError("\(what): delay \(ms) ms must be positive (at least \(h) ms)") }
            guard let s = grid.exactSteps(ms) else {
                throw CompileError("\(what): delay \(ms) ms is not a multiple of the resolution \(h) ms")
            }
            self = .constant(s)
        case .uniform(let lo, let hi):
            guard lo <= hi else { throw CompileError("\(what): delay range [\(lo), \(hi)] is empty") }
            let s = grid.delaySteps(lo)
            guard s >= 1 else { throw CompileError("\(what): delays can round to zero: the lower bound must be at least \(h / 2) ms") }
            self = .drawn(d, minimumSteps: s)
        case .normal(_, let std, let lo, let hi):
            guard std >= 0, lo <= hi else { throw CompileError("\(what): delay distribution needs std ≥ 0 and min ≤ max") }
            guard lo.isFinite, grid.delaySteps(lo) >= 1 else {
                throw CompileError("\(what): a normal delay needs a lower bound `min` of at least \(h / 2) ms, so that no delay rounds to zero")
            }
            self = .drawn(d, minimumSteps: grid.delaySteps(lo))
        }
    }

    var minimumSteps: Int64 {
        switch self {
        case .constant(let s): s
        case .drawn(_, let s): s
        case .perRow(let s, _): s
        }
    }
}

extension CompiledNetwork {
    /// The longest delay (steps) any spike or activation can have, if the spec bounds it: how
    /// far back a resumed run must look for events still in flight.
    public var maxDelaySteps: Int64? {
        var longest = maxCouplingDelay
        for d in delays {
            switch d {
            case .constant(let s): longest = max(longest, s)
            case .perRow(_, let s): longest = max(longest, s)
            case .drawn(.uniform(_, let hi), _): longest = max(longest, grid.delaySteps(hi))
            case .drawn(.normal(_, _, _, let hi), _) where hi.isFinite: longest = max(longest, grid.delaySteps(hi))
            default: return nil
            }
        }
        for c in spec.deviceConnections { longest = max(longest, grid.exactSteps(c.delay) ?? 0) }
        return longest
    }
}
