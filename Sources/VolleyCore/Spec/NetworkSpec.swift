// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

/// A validated network model in NEST's units: populations, devices, connections and recordings.
///
/// Times and delays are in milliseconds here; the engine turns them into integer steps of
/// `resolution` when it compiles the model (DESIGN §1).
public struct NetworkSpec: Sendable, Equatable, Codable {
    /// The model's name, used for default output folders and in `summary.json`.
    public var name: String
    /// The integration step `h` in milliseconds.
    public var resolution: Double
    /// Neuron populations in the order that defines global neuron ids.
    public var populations: [PopulationSpec]
    /// Stimulation devices (generators). They are replicated on every shard, never exchanged.
    public var devices: [DeviceSpec]
    /// Connections between neuron populations.
    public var projections: [ProjectionSpec]
    /// Connections from devices to neuron populations (NEST's `all_to_all` from one device).
    public var deviceConnections: [DeviceConnectionSpec]
    /// What the run records besides the summary.
    public var recording: RecordingSpec
    /// Global oscillations, in an order where a nested rhythm follows its parent.
    public var rhythms: [RhythmSpec]
    /// Attention-head populations.
    public var headPopulations: [HeadPopulationSpec]
    public var spikeHeadCouplings: [SpikeHeadCoupling]
    public var activationNeuronCouplings: [ActivationNeuronCoupling]
    public var activationHeadCouplings: [ActivationHeadCoupling]
    /// A task scored from the spikes, if any.
    public var task: TaskSpec?
    /// How non-linear neuron models are integrated (NEST's adaptive scheme unless a run opts in to RK4).
    public var integrator: NeuronIntegrator = .nest
    /// The prices of the activity-based energy budget.
    public var energy = EnergyConstants()

    public init(
        name: String,
        resolution: Double = 0.1,
        populations: [PopulationSpec],
        devices: [DeviceSpec] = [],
        projections: [ProjectionSpec] = [],
        deviceConnections: [DeviceConnectionSpec] = [],
        recording: RecordingSpec = RecordingSpec(),
        rhythms: [RhythmSpec] = [],
        headPopulations: [HeadPopulationSpec] = [],
        spikeHeadCouplings: [SpikeHeadCoupling] = [],
        activationNeuronCouplings: [ActivationNeuronCoupling] = [],
        activationHeadCouplings: [ActivationHeadCoupling] = [],
        task: TaskSpec? = nil
    ) {
        self.name = name
        self.resolution = resolution
        self.populations = populations
        self.devices = devices
        self.projections = projections
        self.deviceConnections = deviceConnections
        self.recording = recording
        self.rhythms = rhythms
        self.headPopulations = headPopulations
        self.spikeHeadCouplings = spikeHeadCouplings
        self.activationNeuronCouplings = activationNeuronCouplings
        self.activationHeadCouplings = activationHeadCouplings
        self.task = task
    }

    /// The total number of neurons over all populations.
    public var neuronCount: Int { populations.reduce(0) { $0 + $1.size } }

    /// The index of the population named `name`, if there is one.
    public func populationIndex(named name: String) -> Int? {
        populations.firstIndex { $0.name == name }
    }
}

/// A population of identical neurons of one model.
public struct PopulationSpec: Sendable, Equatable, Codable {
    /// The population's name (`E`, `L23E`, ...), as it appears in `spikes.csv`.
    public var name: String
    /// The number of neurons.
    public var size: Int
    /// The neuron model and its parameters.
    public var model: NeuronModel
    /// A per-neuron draw of the initial membrane potential (mV); `nil` keeps the model's `V_m`.
    public var initialMembranePotential: ValueDistribution?
    /// Sinusoidal currents from rhythms.
    public var rhythmDrives: [RhythmDriveSpec]
    /// For `volley_spike_source`: each neuron's spike times (ms, > 0), in any order.
    public var spikeTimes: [[Double]]?
    /// Each neuron's initial membrane potential (mV), given one by one (a PyNN script's own
    /// draws); overrides the model's `V_m` and `initialMembranePotential`.
    public var membranePotentials: [Double]?
    /// How outputs name these neurons when they are part of a population defined elsewhere (a
    /// SONATA node population split by node type); nil names them by this population.
    public var reportedAs: ReportedIdentity?

    public init(name: String, size: Int, model: NeuronModel, initialMembranePotential: ValueDistribution? = nil,
                rhythmDrives: [RhythmDriveSpec] = [], spikeTimes: [[Double]]? = nil, reportedAs: ReportedIdentity? = nil) {
        self.name = name
        self.size = size
        self.model = model
        self.initialMembranePotential = initialMembranePotential
        self.rhythmDrives = rhythmDrives
        self.spikeTimes = spikeTimes
        self.reportedAs = reportedAs
    }

    /// The name outputs give this population's spikes.
    public var reportedName: String { reportedAs?.population ?? name }

    /// The id outputs give neuron `i` of this population.
    public func reportedId(_ i: Int) -> Int { reportedAs.map { $0.nodeIds[i] } ?? i }
}

/// The name and ids under which outputs report a population's neurons: a SONATA node
/// population and its `node_id`s, when Volley splits that population by node type.
public struct ReportedIdentity: Sendable, Equatable, Codable {
    public var population: String
    /// One id per neuron, in the population's order.
    public var nodeIds: [Int]

    public init(population: String, nodeIds: [Int]) {
        self.population = population
        self.nodeIds = nodeIds
    }
}

/// A stimulation device: NEST's generators, with NEST's parameter names and units.
public struct DeviceSpec: Sendable, Equatable, Codable {
    /// The device's name in the config.
    public var name: String
    /// What the device emits.
    public var model: DeviceModel

    public init(name: String, model: DeviceModel) {
        self.name = name
        self.model = model
    }
}

/// The kinds of stimulation device and their parameters (times in ms, rates in Hz, currents in pA).
public enum DeviceModel: Sendable, Equatable, Codable {
    /// `poisson_generator`: an independent Poisson train of `rate` Hz to every target, active for
    /// emission times in (start, stop].
    case poissonGenerator(rate: Double, start: Double, stop: Double)
    /// `dc_generator`: a current of `amplitude` pA in every step whose stamp lies in [start, stop).
    case dcGenerator(amplitude: Double, start: Double, stop: Double)
    /// `spike_generator`: spikes stamped at the given times; `weights`, when given, scale each
    /// spike's connection weight as NEST's `spike_weights` do.
    case spikeGenerator(spikeTimes: [Double], spikeWeights: [Double])

    /// NEST's model name.
    public var nestName: String {
        switch self {
        case .poissonGenerator: "poisson_generator"
        case .dcGenerator: "dc_generator"
        case .spikeGenerator: "spike_generator"
        }
    }
}

/// A connection from one device to every neuron of some populations, with one weight and delay.
public struct DeviceConnectionSpec: Sendable, Equatable, Codable {
    /// Index into `NetworkSpec.devices`.
    public var device: Int
    /// Indices into `NetworkSpec.populations`.
    public var targets: [Int]
    /// The weight, in the target model's unit (mV for `iaf_psc_delta`, pA otherwise); for a
    /// `dc_generator` it multiplies the amplitude.
    public var weight: Double
    /// The delay in ms; at least one step and on the step grid.
    public var delay: Double
    /// Part of the one target population (0-based indices within it, NEST's `E[first:last]`);
    /// nil: every neuron of every target.
    public var neurons: Range<Int>?

    public init(device: Int, targets: [Int], weight: Double, delay: Double, neurons: Range<Int>? = nil) {
        self.device = device
        self.targets = targets
        self.weight = weight
        self.delay = delay
        self.neurons = neurons
    }
}

/// A connection between neuron populations under one of NEST's connection rules.
///
/// `sources` and `targets` are lists of population indices, read as one concatenated node
/// collection the way NEST reads `E + I`.
public struct ProjectionSpec: Sendable, Equatable, Codable {
    /// Source populations, concatenated in this order.
    public var sources: [Int]
    /// Target populations, concatenated in this order.
    public var targets: [Int]
    /// The connection rule.
    public var rule: ConnectionRule
    /// Synaptic weight (mV for `iaf_psc_delta` targets, pA for current-based models).
    public var weight: ValueDistribution
    /// Synaptic delay in ms; drawn delays are rounded to the step grid.
    public var delay: ValueDistribution
    /// Whether a neuron may connect to itself.
    public var allowAutapses: Bool
    /// Whether a pair of neurons may be connected more than once.
    public var allowMultapses: Bool
    /// The synapse model (NEST's `syn_spec.synapse_model`), static unless given.
    public var synapse: SynapseModel

    public init(
        sources: [Int],
        targets: [Int],
        rule: ConnectionRule,
        weight: ValueDistribution,
        delay: ValueDistribution,
        allowAutapses: Bool = true,
        allowMultapses: Bool = true,
        synapse: SynapseModel = .staticSynapse
    ) {
        self.synapse = synapse
        self.sources = sources
        self.targets = targets
        self.rule = rule
        self.weight = weight
        self.delay = delay
        self.allowAutapses = allowAutapses
        self.allowMultapses = allowMultapses
    }
}

/// NEST's connection rules.
public enum ConnectionRule: Sendable, Equatable, Codable {
    case oneToOne
    case allToAll
    case fixedIndegree(Int)
    case fixedOutdegree(Int)
    case fixedTotalNumber(Int)
    case pairwiseBernoulli(Double)
    /// Exactly the connections of a list (NEST's `one_to_one` connect of arrays).
    case explicit(ConnectionListSource)

    /// NEST's rule name.
    public var nestName: String {
        switch self {
        case .oneToOne: "one_to_one"
        case .allToAll: "all_to_all"
        case .fixedIndegree: "fixed_indegree"
        case .fixedOutdegree: "fixed_outdegree"
        case .fixedTotalNumber: "fixed_total_number"
        case .pairwiseBernoulli: "pairwise_bernoulli"
        case .explicit: "explicit"
        }
    }
}

/// A value that is constant or drawn per connection (or per neuron) from a distribution.
public enum ValueDistribution: Sendable, Equatable, Codable {
    case constant(Double)
    /// Uniform on [min, max).
    case uniform(min: Double, max: Double)
    /// Normal, redrawn until it lies in [min, max] (NEST's `nest.math.redraw`).
    case normal(mean: Double, std: Double, min: Double = -.infinity, max: Double = .infinity)

    /// The value if it is constant.
    public var constantValue: Double? {
        if case .constant(let v) = self { return v }
        return nil
    }
}

/// What a run records: spikes of some populations and membrane potentials of some neurons.
public struct RecordingSpec: Sendable, Equatable, Codable {
    /// Populations whose spikes are recorded; `nil` records all of them.
    public var spikePopulations: [Int]?
    /// Voltmeters (NEST's multimeter recording `V_m`).
    public var voltmeters: [VoltmeterSpec]
    /// Plastic projections (indices into `NetworkSpec.projections`) whose every transmission is
    /// recorded (NEST's `weight_recorder`).
    public var weightRecorders: [Int]

    public init(spikePopulations: [Int]? = nil, voltmeters: [VoltmeterSpec] = [], weightRecorders: [Int] = []) {
        self.spikePopulations = spikePopulations
        self.voltmeters = voltmeters
        self.weightRecorders = weightRecorders
    }

    /// Every recordable some multimeter records, each once, in order of first appearance: the
    /// catalogue that samples (in memory, on the wire, in files) name their variable by.
    public var variables: [String] {
        var out: [String] = []
        for vm in voltmeters { for v in vm.recordFrom where !out.contains(v) { out.append(v) } }
        return out
    }
}

/// Records recordables (`V_m` unless told otherwise) of chosen neurons of one population every
/// `interval` ms: NEST's multimeter with its `record_from`.
public struct VoltmeterSpec: Sendable, Equatable, Codable {
    /// Index into `NetworkSpec.populations`.
    public var population: Int
    /// 0-based neuron indices within the population.
    public var neurons: [Int]
    /// The sampling interval in ms; a multiple of the resolution.
    public var interval: Double
    /// The recordables, named as NEST names them.
    public var recordFrom: [String]

    public init(population: Int, neurons: [Int], interval: Double, recordFrom: [String] = ["V_m"]) {
        self.population = population
        self.neurons = neurons
        self.interval = interval
        self.recordFrom = recordFrom
    }
}
