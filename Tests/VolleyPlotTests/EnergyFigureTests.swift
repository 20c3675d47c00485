// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import Foundation
import Testing
import VolleyPlot
import VolleyFormats

@Suite("Energy figure")
struct EnergyFigureTests {
    static let constants = """
        "constants": {"atp_per_spike": 384000000.0, "atp_per_synaptic_event": 41000.0, "atp_per_neuron_second": 342000000.0,
                      "source": "Attwell & Laughlin (2001)"}
        """

    /// A Brunel run of 200 ms as volley writes it (the numbers of `volley run configs/brunel.yaml --t-sim 200`).
    static let brunel = """
        {"model": "brunel", "resolution_ms": 0.1, "t_sim_ms": 200.0,
         "populations": {"E": {"n": 10000, "spikes": 73114, "rate_hz": 36.6}, "I": {"n": 2500, "spikes": 18383, "rate_hz": 36.8}},
         "energy": {\(constants),
           "populations": {
             "E": {"atp": 32501378811000.0, "atp_per_s": 162506894055000.0, "atp_per_spike": 444536249.5178696,
                   "synaptic_events": 91267971,
                   "share": {"spikes": 0.8638215677944704, "synaptic": 0.11513317120360245, "rest": 0.02104526100192716}},
             "I": {"atp": 8171189356000.0, "atp_per_s": 40855946780000.0, "atp_per_spike": 444472876.19669276,
                   "synaptic_events": 22944716,
                   "share": {"spikes": 0.8639447322091895, "synaptic": 0.11512808172891398, "rest": 0.02092718606189647}}},
           "atp": 40672568167000.0, "atp_per_s": 203362840835000.0}}
        """

    /// cobahh's budget: Hodgkin–Huxley populations pay with their Na⁺ charge.
    static let hh = """
        {"model": "cobahh", "resolution_ms": 0.1, "t_sim_ms": 100.0,
         "populations": {"E": {"n": 3200}, "I": {"n": 800}},
         "energy": {\(constants),
           "populations": {
             "E": {"atp": 1391391889363.5095, "atp_per_s": 13913918893635.094, "atp_per_spike": 174776019.2643524,
                   "synaptic_events": 633952, "share": {"ion_channels": 0.9813194023921686, "synaptic": 0.01868059760783141},
                   "na_charge_pC": 656283.5242604242, "k_charge_pC": 640298.8279473684, "atp_source": "sodium_charge"},
             "I": {"atp": 336691133262.8828, "atp_per_s": 3366911332628.828, "atp_per_spike": null,
                   "synaptic_events": 153520, "share": {"synaptic": 0.018694641403239745, "ion_channels": 0.9813053585967603},
                   "na_charge_pC": 158806.21624735562, "k_charge_pC": 154807.1125695456}},
           "atp": 1728083022626.3923, "atp_per_s": 17280830226263.922}}
        """

    func run(_ summary: String) throws -> RecordedRun {
        RecordedRun(summary: try RunSummary.parse(summary), spikes: SpikeTable())
    }

    func number(_ element: SVGTree.Element, _ key: String) throws -> Double {
        try #require(element.attributes[key].flatMap(Double.init), "\(key) missing on \(element.attributes)")
    }

    @Test("one bar per population in model order, as long as its ATP per second, split into its shares")
    func brunelBars() throws {
        let summary = try RunSummary.parse(Self.brunel)
        let energy = try #require(summary.energy)
        let figure = try #require(EnergyFigure.make(try run(Self.brunel)))
        #expect(figure.name == "energy")
        let svg = try #require(SVGTree(figure.svg), "energy.svg is not well-formed XML")
        let bars = svg.all("g", classed: "energy-bar")
        #expect(bars.map { $0.attributes["data-population"] } == ["E", "I"])
        for (bar, budget) in zip(bars, energy.populations) {
            #expect(try number(bar, "data-atp-per-s") == budget.atpPerSecond)
            #expect(try number(bar, "data-atp-per-spike") == budget.atpPerSpike)
            let segments = svg.all("rect", classed: "energy-share").filter { $0.attributes["data-population"] == budget.name }
            #expect(segments.map { $0.attributes["data-share"] } == ["spikes", "synaptic", "rest"])
            let sum = try segments.reduce(0) { try $0 + number($1, "data-atp-per-s") }
            #expect(abs(sum - budget.atpPerSecond) <= 1e-9 * budget.atpPerSecond)
            // The segments tile the bar from the axis: each starts where the one before ended.
            let xs = try segments.map { (x: try number($0, "x"), width: try number($0, "width")) }
            for (a, b) in zip(xs, xs.dropFirst()) { #expect(abs(a.x + a.width - b.x) <= 0.11) }
        }
        // Bar lengths in pixels are in the ratio of the populations' ATP per second.
        let lengths = try bars.map { bar in
            try svg.all("rect", classed: "energy-share").filter { $0.attributes["data-population"] == bar.attributes["data-population"] }
                .reduce(0) { try $0 + number($1, "width") }
        }
        #expect(abs(lengths[1] / lengths[0] - 40855946780000.0 / 162506894055000.0) < 0.01)

        #expect(svg.all("text", inClass: "legend").map(\.text) == ["spikes", "synaptic", "rest"])
        #expect(svg.texts.contains("Energy budget — brunel"))
        #expect(svg.texts.contains("ATP per second"))
        #expect(svg.texts.contains("1.63×10¹⁴ ATP/s · 4.45×10⁸ ATP/spike"))
        #expect(svg.texts.contains("4.09×10¹³ ATP/s · 4.44×10⁸ ATP/spike"))
        #expect(svg.all("text", inClass: "axes").map(\.text).contains("1×10¹⁴"))
        #expect(figure.headline == "energy budget of 2 populations: 2.03×10¹⁴ ATP/s, spikes 86.4 %, synaptic 11.5 %, rest 2.1 %")
        #expect(figure.caption.contains("3.84×10⁸ ATP per spike, 4.1×10⁴ ATP per synaptic event, "
            + "3.42×10⁸ ATP per neuron and second at rest (Attwell & Laughlin (2001))"))
        #expect(figure.caption.contains("Whole network: 2.03×10¹⁴ ATP/s (4.07×10¹³ ATP in all)"))
        #expect(figure.caption.contains("E: 1.63×10¹⁴ ATP/s (spikes 86.4 %, synaptic 11.5 %, rest 2.1 %), 91,267,971 synaptic events."))
        #expect(figure.caption.contains("over the run's 200 ms"))
    }

    @Test("Hodgkin–Huxley populations show their ion channels' share and charges")
    func hodgkinHuxley() throws {
        let figure = try #require(EnergyFigure.make(try run(Self.hh)))
        let svg = try #require(SVGTree(figure.svg))
        let segments = svg.all("rect", classed: "energy-share")
        // I lists its shares the other way round; the figure draws them in one order.
        #expect(segments.map { "\($0.attributes["data-population"]!) \($0.attributes["data-share"]!)" }
            == ["E ion_channels", "E synaptic", "I ion_channels", "I synaptic"])
        #expect(try number(segments[0], "data-fraction") == 0.9813194023921686)
        #expect(svg.all("text", inClass: "legend").map(\.text) == ["ion channels", "synaptic"])
        #expect(svg.texts.contains("3.37×10¹² ATP/s · no spikes"))
        #expect(figure.headline.hasPrefix("energy budget of 2 populations: 1.73×10¹³ ATP/s, ion channels 98.1 %, synaptic 1.9 %"))
        #expect(figure.caption.contains("ion channels: the Na⁺ charge its channels passed / 3e"))
        #expect(figure.caption.contains("Na⁺ charge 6.56×10⁵ pC, K⁺ charge 6.4×10⁵ pC, ATP counted from sodium_charge."))
    }

    @Test("parts and members it does not know are drawn and told generically, in a stable order")
    func unknownParts() throws {
        let text = """
            {"model": "pumped", "resolution_ms": 0.1, "t_sim_ms": 1000.0, "populations": {"P": {"n": 10}},
             "energy": {"populations": {"P": {"atp": 100.0, "atp_per_s": 100.0, "atp_per_spike": 10.0,
                 "share": {"zeta": 0.1, "synaptic": 0.2, "alpha": 0.3, "pump": 0.4},
                 "pump_charge_pC": 1.5, "atp_source": "pump", "glia": 3, "notes": {"ignored": true}}},
               "atp": 100.0, "atp_per_s": 100.0}}
            """
        let summary = try RunSummary.parse(text)
        let budget = try #require(summary.energy?.populations.first)
        #expect(budget.shares.map(\.name) == ["pump", "synaptic", "alpha", "zeta"])
        #expect(budget.details.map(\.key) == ["pump_charge_pC", "atp_source", "glia"])
        let figure = try #require(EnergyFigure.make(try run(text)))
        let svg = try #require(SVGTree(figure.svg))
        let segments = svg.all("rect", classed: "energy-share")
        #expect(segments.map { $0.attributes["data-share"] } == ["pump", "synaptic", "alpha", "zeta"])
        #expect(Set(segments.map { $0.attributes["fill"] }).count == 4)
        #expect(figure.headline == "energy budget of 1 population: 100 ATP/s, pump 40.0 %, synaptic 20.0 %, alpha 30.0 %, zeta 10.0 %")
        #expect(figure.caption.contains("pump charge 1.5 pC, ATP counted from pump, glia 3."))
        #expect(!figure.caption.contains("Prices"))
    }

    @Test("a summary without an energy budget gives no figure, and the command says so")
    func noBudget() throws {
        let dir = try PlotFixtures.directory()
        try """
            {"model": "old", "resolution_ms": 0.1, "t_sim_ms": 100.0, "populations": {"E": {"n": 2}}}
            """.write(toFile: dir + "/summary.json", atomically: true, encoding: .utf8)
        try "population,neuron,t_ms\nE,0,1.5\n".write(toFile: dir + "/spikes.csv", atomically: true, encoding: .utf8)
        let run = try RecordedRun.load(directory: dir)
        #expect(run.summary.energy == nil)
        #expect(EnergyFigure.make(run) == nil)
        #expect(try RunPlotter.figures(run, options: PlotOptions()).map(\.name) == ["raster", "rates"])
        let report = try RunPlotter.plot(runDirectory: dir, options: PlotOptions(), renderer: nil)
        #expect(report.lines.contains("  no energy figure: summary.json has no energy budget"))
        #expect(!FileManager.default.fileExists(atPath: dir + "/plots/energy.svg"))

        try Self.brunel.write(toFile: dir + "/summary.json", atomically: true, encoding: .utf8)
        try "population,neuron,t_ms\nE,0,1.5\n".write(toFile: dir + "/spikes.csv", atomically: true, encoding: .utf8)
        let withBudget = try RunPlotter.plot(runDirectory: dir, options: PlotOptions(), renderer: nil)
        #expect(withBudget.files.contains(dir + "/plots/energy.svg"))
        #expect(withBudget.lines.contains {
            $0.hasSuffix("energy.svg: energy budget of 2 populations: 2.03×10¹⁴ ATP/s, spikes 86.4 %, synaptic 11.5 %, rest 2.1 %")
        })
        #expect(!withBudget.lines.contains { $0.contains("no energy figure") })
    }

    /// The Brunel summary with `old` replaced by `new`.
    static func broken(_ old: String, with new: String) -> String {
        precondition(brunel.contains(old), "the fixture has no \(old)")
        return brunel.replacingOccurrences(of: old, with: new)
    }

    @Test("a malformed energy budget is refused, naming the key", arguments: [
        (broken("\"atp_per_s\": 162506894055000.0", with: "\"atp_per_s\": \"lots\""),
         "'energy.populations.E.atp_per_s' is missing or not a number"),
        (broken("\"atp\": 8171189356000.0, ", with: ""), "'energy.populations.I.atp' is missing or not a number"),
        (broken("\"spikes\": 0.8638215677944704", with: "\"spikes\": -0.1"), "'energy.populations.E.share.spikes' is negative"),
        (broken("\"spikes\": 0.8638215677944704", with: "\"spikes\": 0.5"), "'energy.populations.E.share' adds up to 0.63"),
        (broken("\"share\": {\"spikes\": 0.8639447322091895", with: "\"parts\": {\"spikes\": 0.8639447322091895"),
         "'energy.populations.I.share' is missing or not an object"),
        (broken("\"atp_per_spike\": 444536249.5178696", with: "\"atp_per_spike\": \"dear\""),
         "'energy.populations.E.atp_per_spike' is missing or not a number"),
        (broken("\"synaptic_events\": 91267971", with: "\"synaptic_events\": 1.5"), "'energy.populations.E.synaptic_events' is not a count"),
        (broken("\"I\": {\"atp\"", with: "\"X\": {\"atp\""), "'energy.populations.X' is not a population of the run"),
        (broken("\"atp_per_neuron_second\": 342000000.0", with: "\"atp_per_neuron_second\": null"),
         "'energy.constants.atp_per_neuron_second' is missing or not a number"),
        (broken("\"atp\": 40672568167000.0, ", with: ""), "'energy.atp' is missing or not a number"),
        ("{\"resolution_ms\": 0.1, \"t_sim_ms\": 1, \"populations\": {}, \"energy\": []}", "'energy' is not an object"),
        ("{\"resolution_ms\": 0.1, \"t_sim_ms\": 1, \"populations\": {}, \"energy\": {\"atp\": 0}}",
         "'energy.populations' is missing or not an object"),
    ])
    func malformed(text: String, message: String) {
        #expect {
            _ = try RunSummary.parse(text)
        } throws: { error in
            (error as? PlotInputError)?.message.hasPrefix("summary.json: " + message) == true
        }
    }

    @Test("a population without a bill has a bar of length zero, and shares of zero are fine")
    func emptyBudget() throws {
        let text = """
            {"model": "quiet", "resolution_ms": 0.1, "t_sim_ms": 10.0, "populations": {"E": {"n": 1}},
             "energy": {"populations": {"E": {"atp": 0, "atp_per_s": 0, "atp_per_spike": null,
                                              "share": {"spikes": 0, "synaptic": 0, "rest": 0}}},
                        "atp": 0, "atp_per_s": 0}}
            """
        let figure = try #require(EnergyFigure.make(try run(text)))
        let svg = try #require(SVGTree(figure.svg))
        #expect(try svg.all("rect", classed: "energy-share").allSatisfy { try number($0, "width") == 0 })
        #expect(figure.headline == "energy budget of 1 population: 0 ATP/s")
    }

    @Test("large and small numbers are written with three significant digits", arguments: [
        (3.26e13, "3.26×10¹³"), (4.1e4, "4.1×10⁴"), (1e14, "1×10¹⁴"), (9.996e8, "1×10⁹"), (0, "0"), (250, "250"),
        (1234, "1234"), (0.5, "0.5"), (2.5e-5, "2.5×10⁻⁵"), (-3.84e8, "-3.84×10⁸"),
    ])
    func numbers(value: Double, text: String) {
        #expect(EnergyFigure.number(value) == text)
    }
}
