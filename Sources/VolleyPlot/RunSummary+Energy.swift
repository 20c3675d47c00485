// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import VolleyFormats

extension RunSummary {
    /// summary.json's `energy` (docs/energy.md): what each population's activity cost in ATP, in
    /// model order, split into parts, and the prices it was counted with.
    ///
    /// Share names and extra members are read generically, so budgets that grow new parts (a pump)
    /// or new members (its charge, where the ATP came from) plot without a change here.
    public struct Energy: Sendable, Equatable {
        /// One price of `energy.constants`, such as `atp_per_spike`.
        public struct Constant: Sendable, Equatable {
            public let name: String
            public let value: Double

            public init(name: String, value: Double) {
                self.name = name
                self.value = value
            }
        }

        /// One part of a population's bill and its fraction of the whole.
        public struct Share: Sendable, Equatable {
            /// The key in `share`: "spikes", "ion_channels", "pump", "synaptic", "rest" or another.
            public let name: String
            public let fraction: Double

            public init(name: String, fraction: Double) {
                self.name = name
                self.fraction = fraction
            }
        }

        /// A member of a population's budget beyond the ones every budget has: a number
        /// (`na_charge_pC`, `pump_charge_pC`) or a text (`atp_source`).
        public struct Detail: Sendable, Equatable {
            public let key: String
            public let number: Double?
            public let text: String?

            public init(key: String, number: Double? = nil, text: String? = nil) {
                self.key = key
                self.number = number
                self.text = text
            }
        }

        /// One population's budget.
        public struct Population: Sendable, Equatable {
            public let name: String
            /// ATP over the whole run.
            public let atp: Double
            /// ATP per second of model time.
            public let atpPerSecond: Double
            /// The whole bill divided by the population's spikes; nil when it did not spike.
            public let atpPerSpike: Double?
            public let synapticEvents: Int?
            /// The parts of the bill in `Energy.order`.
            public let shares: [Share]
            /// The other members, in file order.
            public let details: [Detail]

            public init(name: String, atp: Double, atpPerSecond: Double, atpPerSpike: Double? = nil,
                        synapticEvents: Int? = nil, shares: [Share], details: [Detail] = []) {
                self.name = name
                self.atp = atp
                self.atpPerSecond = atpPerSecond
                self.atpPerSpike = atpPerSpike
                self.synapticEvents = synapticEvents
                self.shares = Energy.order(shares)
                self.details = details
            }
        }

        /// The prices, in file order, without `source`.
        public let constants: [Constant]
        /// Where the prices come from.
        public let source: String?
        public let populations: [Population]
        /// The whole network's ATP over the run and per second of model time.
        public let atp: Double
        public let atpPerSecond: Double

        public init(constants: [Constant] = [], source: String? = nil, populations: [Population], atp: Double,
                    atpPerSecond: Double) {
            self.constants = constants
            self.source = source
            self.populations = populations
            self.atp = atp
            self.atpPerSecond = atpPerSecond
        }

        /// The parts every budget draws in this order; any other part follows, alphabetically.
        public static let knownShares = ["spikes", "ion_channels", "pump", "synaptic", "rest"]

        /// `shares` in drawing order: the known parts as `knownShares` lists them, then the others by name.
        public static func order(_ shares: [Share]) -> [Share] {
            func rank(_ name: String) -> Int { knownShares.firstIndex(of: name) ?? knownShares.count }
            return shares.sorted { (rank($0.name), $0.name) < (rank($1.name), $1.name) }
        }

        /// The members of a population's budget that are not details.
        static let populationKeys: Set<String> = ["atp", "atp_per_s", "atp_per_spike", "synaptic_events", "share"]

        /// Reads `energy`; `populations` are the run's, which the budget must stay within.
        static func parse(_ value: JSONValue, populations: [RunSummary.Population],
                          path: String) throws(PlotInputError) -> Energy {
            func fail(_ what: String) -> PlotInputError { PlotInputError("\(path): \(what)") }
            func amount(_ value: JSONValue?, _ key: String) throws(PlotInputError) -> Double {
                guard let d = value?.double, d.isFinite else { throw fail("'\(key)' is missing or not a number") }
                guard d >= 0 else { throw fail("'\(key)' is negative (\(d))") }
                return d
            }
            guard case .object = value else { throw fail("'energy' is not an object") }
            var constants: [Constant] = []
            var source: String?
            if let c = value["constants"] {
                guard case .object(let members) = c else { throw fail("'energy.constants' is not an object") }
                for (name, v) in members {
                    if name == "source" {
                        guard case .string(let s) = v else { throw fail("'energy.constants.source' is not a string") }
                        source = s
                    } else {
                        constants.append(Constant(name: name, value: try amount(v, "energy.constants.\(name)")))
                    }
                }
            }
            guard case .object(let members)? = value["populations"] else {
                throw fail("'energy.populations' is missing or not an object")
            }
            let known = Set(populations.map(\.name))
            var budgets: [Population] = []
            for (name, entry) in members {
                let key = "energy.populations.\(name)"
                guard known.contains(name) else { throw fail("'\(key)' is not a population of the run") }
                guard case .object(let fields) = entry else { throw fail("'\(key)' is not an object") }
                let atp = try amount(entry["atp"], key + ".atp")
                let perSecond = try amount(entry["atp_per_s"], key + ".atp_per_s")
                var perSpike: Double?
                if let v = entry["atp_per_spike"], v != .null { perSpike = try amount(v, key + ".atp_per_spike") }
                var events: Int?
                if let v = entry["synaptic_events"] {
                    let n = try amount(v, key + ".synaptic_events")
                    guard n == n.rounded(), n < 9e18 else { throw fail("'\(key).synaptic_events' is not a count") }
                    events = Int(n)
                }
                guard case .object(let parts)? = entry["share"] else { throw fail("'\(key).share' is missing or not an object") }
                var shares: [Share] = []
                for (part, v) in parts {
                    shares.append(Share(name: part, fraction: try amount(v, "\(key).share.\(part)")))
                }
                // The parts are fractions of the bill: they add up to one, unless there is no bill.
                let sum = shares.reduce(0) { $0 + $1.fraction }
                guard abs(sum - 1) <= 1e-6 || (atp == 0 && perSecond == 0 && sum == 0) else {
                    throw fail("'\(key).share' adds up to \(sum), not 1")
                }
                var details: [Detail] = []
                for (field, v) in fields where !populationKeys.contains(field) {
                    switch v {
                    case .string(let s): details.append(Detail(key: field, text: s))
                    default: if let d = v.double, d.isFinite { details.append(Detail(key: field, number: d)) }
                    }
                }
                budgets.append(Population(name: name, atp: atp, atpPerSecond: perSecond, atpPerSpike: perSpike,
                                          synapticEvents: events, shares: shares, details: details))
            }
            return Energy(constants: constants, source: source, populations: budgets,
                          atp: try amount(value["atp"], "energy.atp"),
                          atpPerSecond: try amount(value["atp_per_s"], "energy.atp_per_s"))
        }
    }
}
