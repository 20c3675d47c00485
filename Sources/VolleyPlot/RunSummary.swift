// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import Foundation
import VolleyFormats

/// What the plots take from a run's `summary.json`: the populations in model order (JSON
/// objects keep it, which is why this reads with `JSONParser` rather than `JSONSerialization`),
/// the time grid, the rhythms and the energy budget.
public struct RunSummary: Sendable, Equatable {
    /// A population's size and what the run measured of it.
    public struct Population: Sendable, Equatable {
        public let name: String
        public let size: Int
        public let spikes: Int?
        public let rateHz: Double?
        /// Vector strength of its spikes to each rhythm, where the summary has one.
        public let vectorStrength: [String: Double]
        /// The population and ids spikes.csv names its neurons by, when not its own (SONATA).
        public let reportedAs: ReportedNames?

        public init(
            name: String, size: Int, spikes: Int? = nil, rateHz: Double? = nil, vectorStrength: [String: Double] = [:],
            reportedAs: ReportedNames? = nil
        ) {
            self.name = name
            self.size = size
            self.spikes = spikes
            self.rateHz = rateHz
            self.vectorStrength = vectorStrength
            self.reportedAs = reportedAs
        }
    }

    /// A population's name and per-neuron ids in spikes.csv.
    public struct ReportedNames: Sendable, Equatable {
        public let population: String
        public let nodeIds: [Int]
    }

    /// A rhythm as the summary describes it.
    public struct Rhythm: Sendable, Equatable {
        public let name: String
        public let frequencyHz: Double?
        /// "on", "off" or "scrambled".
        public let mode: String

        public init(name: String, frequencyHz: Double? = nil, mode: String = "on") {
            self.name = name
            self.frequencyHz = frequencyHz
            self.mode = mode
        }
    }

    public let model: String
    public let resolutionMs: Double
    public let tSimMs: Double
    public let populations: [Population]
    public let rhythms: [Rhythm]
    /// The run's energy budget; nil in summaries written before runs kept one.
    public let energy: Energy?

    public init(model: String, resolutionMs: Double, tSimMs: Double, populations: [Population], rhythms: [Rhythm] = [],
                energy: Energy? = nil) {
        self.model = model
        self.resolutionMs = resolutionMs
        self.tSimMs = tSimMs
        self.populations = populations
        self.rhythms = rhythms
        self.energy = energy
    }

    /// Reads and checks the summary at `path`.
    public static func load(path: String) throws(PlotInputError) -> RunSummary {
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw PlotInputError("\(path): cannot read it (\(error.localizedDescription))")
        }
        return try parse(text, path: path)
    }

    /// The summary in `text`; `path` names it in messages.
    public static func parse(_ text: String, path: String = "summary.json") throws(PlotInputError) -> RunSummary {
        let root: JSONValue
        do { root = try JSONParser.parse(text) } catch { throw PlotInputError("\(path): \(error)") }
        func number(_ value: JSONValue?, _ key: String) throws(PlotInputError) -> Double {
            guard let d = value?.double, d.isFinite else { throw PlotInputError("\(path): '\(key)' is missing or not a number") }
            return d
        }
        let resolution = try number(root["resolution_ms"], "resolution_ms")
        let tSim = try number(root["t_sim_ms"], "t_sim_ms")
        guard resolution > 0, tSim > 0 else { throw PlotInputError("\(path): resolution_ms and t_sim_ms must be positive") }
        guard case .object(let members)? = root["populations"] else {
            throw PlotInputError("\(path): 'populations' is missing or not an object")
        }
        var populations: [Population] = []
        for (name, value) in members {
            let n = try number(value["n"], "populations.\(name).n")
            guard n >= 0, n == n.rounded(), n < Double(Int32.max) else {
                throw PlotInputError("\(path): 'populations.\(name).n' is not a neuron count")
            }
            var strengths: [String: Double] = [:]
            if case .object(let vs)? = value["vector_strength"] {
                for (rhythm, v) in vs { if let d = v.double { strengths[rhythm] = d } }
            }
            var reported: ReportedNames?
            if case .object(let r)? = value["reported_as"] {
                let entries = Dictionary(r, uniquingKeysWith: { a, _ in a })
                guard case .string(let label)? = entries["population"], case .array(let ids)? = entries["node_ids"] else {
                    throw PlotInputError("\(path): 'populations.\(name).reported_as' needs population and node_ids")
                }
                reported = ReportedNames(population: label, nodeIds: ids.compactMap { $0.double.map { Int($0) } })
            }
            populations.append(Population(
                name: name, size: Int(n), spikes: value["spikes"]?.double.map { Int($0) },
                rateHz: value["rate_hz"]?.double, vectorStrength: strengths, reportedAs: reported))
        }
        var rhythms: [Rhythm] = []
        if case .object(let rs)? = root["rhythms"] {
            for (name, value) in rs {
                var mode = "on"
                if case .string(let m)? = value["mode"] { mode = m }
                rhythms.append(Rhythm(name: name, frequencyHz: value["frequency_hz"]?.double, mode: mode))
            }
        }
        var model = "run"
        if case .string(let m)? = root["model"] { model = m }
        var energy: Energy?
        if let e = root["energy"], e != .null { energy = try Energy.parse(e, populations: populations, path: path) }
        return RunSummary(model: model, resolutionMs: resolution, tSimMs: tSim, populations: populations, rhythms: rhythms,
                          energy: energy)
    }
}
