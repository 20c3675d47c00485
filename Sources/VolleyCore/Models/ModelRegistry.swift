// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

// The registry: where each case of `NeuronModelKind` meets its plug-in. Adding a model means a
// file under `Models/Neurons/`, a case in `NeuronModelKind`, and one line in each list below.

extension NeuronModelKind {
    /// The plug-in that implements the model (used where populations are made and for its tables,
    /// never on the step path).
    var dynamics: any NeuronDynamics.Type {
        switch self {
        case .iafPscDelta: IAFPscDelta.self
        case .iafPscExp: IAFPscExp.self
        case .iafPscAlpha: IAFPscAlpha.self
        case .iafPscExpAdapt: IAFPscExpAdapt.self
        case .iafCondExp: IAFCondExp.self
        case .iafCondAlpha: IAFCondAlpha.self
        case .aeifCondExp: AEIFCondExp.self
        case .aeifCondAlpha: AEIFCondAlpha.self
        case .hhPscAlpha: HHPscAlpha.self
        case .hhCondExpTraub: HHCondExpTraub.self
        case .volleyHHPump: VolleyHHPump.self
        case .izhikevich: Izhikevich.self
        case .parrotNeuron: ParrotNeuron.self
        case .volleySpikeSource: VolleySpikeSource.self
        }
    }
}

/// A population block's neurons: one generic population per model, behind one closed set, so the
/// step loop is specialised per model and dispatched once per block and step.
enum NeuronGroup: Sendable {
    case empty
    case iafPscDelta(Population<IAFPscDelta>)
    case iafPscExp(Population<IAFPscExp>)
    case iafPscAlpha(Population<IAFPscAlpha>)
    case iafPscExpAdapt(Population<IAFPscExpAdapt>)
    case iafCondExp(Population<IAFCondExp>)
    case iafCondAlpha(Population<IAFCondAlpha>)
    case aeifCondExp(Population<AEIFCondExp>)
    case aeifCondAlpha(Population<AEIFCondAlpha>)
    case hhPscAlpha(Population<HHPscAlpha>)
    case hhCondExpTraub(Population<HHCondExpTraub>)
    case volleyHHPump(Population<VolleyHHPump>)
    case izhikevich(Population<Izhikevich>)
    case parrotNeuron(Population<ParrotNeuron>)
    case volleySpikeSource(Population<VolleySpikeSource>)

    /// `count` neurons of `model` at its initial state.
    init(_ model: NeuronModel, count: Int, grid: TimeGrid, integrator: NeuronIntegrator) {
        func make<M: NeuronDynamics>(_: M.Type) -> Population<M> {
            Population<M>(dynamics: M(model, grid: grid, integrator: integrator), count: count)
        }
        switch model.kind {
        case .iafPscDelta: self = .iafPscDelta(make(IAFPscDelta.self))
        case .iafPscExp: self = .iafPscExp(make(IAFPscExp.self))
        case .iafPscAlpha: self = .iafPscAlpha(make(IAFPscAlpha.self))
        case .iafPscExpAdapt: self = .iafPscExpAdapt(make(IAFPscExpAdapt.self))
        case .iafCondExp: self = .iafCondExp(make(IAFCondExp.self))
        case .iafCondAlpha: self = .iafCondAlpha(make(IAFCondAlpha.self))
        case .aeifCondExp: self = .aeifCondExp(make(AEIFCondExp.self))
        case .aeifCondAlpha: self = .aeifCondAlpha(make(AEIFCondAlpha.self))
        case .hhPscAlpha: self = .hhPscAlpha(make(HHPscAlpha.self))
        case .hhCondExpTraub: self = .hhCondExpTraub(make(HHCondExpTraub.self))
        case .volleyHHPump: self = .volleyHHPump(make(VolleyHHPump.self))
        case .izhikevich: self = .izhikevich(make(Izhikevich.self))
        case .parrotNeuron: self = .parrotNeuron(make(ParrotNeuron.self))
        case .volleySpikeSource: self = .volleySpikeSource(make(VolleySpikeSource.self))
        }
    }

    /// Runs `visitor` on the population, specialised for its model. The population is moved out
    /// of `self` (`consume`, not a copy: no reference counting) while it runs, so its arrays stay
    /// uniquely referenced (no copy on write).
    mutating func visit<V: PopulationVisitor>(_ visitor: inout V) -> V.Result {
        switch consume self {
        case .empty: preconditionFailure("visiting an empty neuron group")
        case .iafPscDelta(var p):
            let r = visitor.visit(&p)
            self = .iafPscDelta(p)
            return r
        case .iafPscExp(var p):
            let r = visitor.visit(&p)
            self = .iafPscExp(p)
            return r
        case .iafPscAlpha(var p):
            let r = visitor.visit(&p)
            self = .iafPscAlpha(p)
            return r
        case .iafPscExpAdapt(var p):
            let r = visitor.visit(&p)
            self = .iafPscExpAdapt(p)
            return r
        case .iafCondExp(var p):
            let r = visitor.visit(&p)
            self = .iafCondExp(p)
            return r
        case .iafCondAlpha(var p):
            let r = visitor.visit(&p)
            self = .iafCondAlpha(p)
            return r
        case .aeifCondExp(var p):
            let r = visitor.visit(&p)
            self = .aeifCondExp(p)
            return r
        case .aeifCondAlpha(var p):
            let r = visitor.visit(&p)
            self = .aeifCondAlpha(p)
            return r
        case .hhPscAlpha(var p):
            let r = visitor.visit(&p)
            self = .hhPscAlpha(p)
            return r
        case .hhCondExpTraub(var p):
            let r = visitor.visit(&p)
            self = .hhCondExpTraub(p)
            return r
        case .volleyHHPump(var p):
            let r = visitor.visit(&p)
            self = .volleyHHPump(p)
            return r
        case .izhikevich(var p):
            let r = visitor.visit(&p)
            self = .izhikevich(p)
            return r
        case .parrotNeuron(var p):
            let r = visitor.visit(&p)
            self = .parrotNeuron(p)
            return r
        case .volleySpikeSource(var p):
            let r = visitor.visit(&p)
            self = .volleySpikeSource(p)
            return r
        }
    }
}
