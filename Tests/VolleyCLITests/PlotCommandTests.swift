// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
import VolleyTestKit

/// `volley plot` on real runs — a small Brunel network, a short induction demo with rhythms, a
/// small Hodgkin–Huxley network — and on broken output folders.
@Suite struct PlotCommandTests {
    static let pngMagic: [UInt8] = [0x89, 0x50, 0x4E, 0x47]

    /// Whether `tool` is on this process's PATH.
    static func onPath(_ tool: String) -> Bool {
        (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":")
            .contains { FileManager.default.isExecutableFile(atPath: "\($0)/\(tool)") }
    }

    @Test func plotsABrunelRun() throws {
        let dir = try VolleyProcess.temporaryDirectory()
        let run = try VolleyProcess.run([
            "run", VolleyProcess.config("brunel.yaml"), "--set", "parameters.order=100", "--t-sim", "200", "--out", dir, "--quiet",
        ])
        try #require(run.status == 0, "\(run.output)")
        let r = try VolleyProcess.run(["plot", dir, "--max-neurons", "40"])
        #expect(r.status == 0, "\(r.output)")
        let plots = dir + "/plots"
        for name in ["raster", "rates"] {
            let svg = try String(contentsOfFile: "\(plots)/\(name).svg", encoding: .utf8)
            #expect(svg.hasPrefix("<?xml") && svg.contains("<svg") && svg.hasSuffix("</svg>\n"))
            #expect(svg.utf8.count < 2_000_000)
        }
        #expect(!FileManager.default.fileExists(atPath: plots + "/phases.svg"))
        #expect(r.stdout.contains("no phases figure"))
        // Brunel's 400 E neurons are thinned to 40, its 100 I neurons too.
        let raster = try String(contentsOfFile: plots + "/raster.svg", encoding: .utf8)
        #expect(raster.contains("E 40 of 400") && raster.contains("I 40 of 100"))
        #expect(raster.contains("data-population=\"E\"") && raster.contains("data-population=\"I\""))
        // The energy budget: a bar per population, split into summary.json's shares.
        #expect(r.stdout.contains("plots/energy.svg: energy budget of 2 populations: "))
        try Self.checkEnergyBars(dir: dir, populations: ["E", "I"], shares: ["spikes", "synaptic", "rest"])
        if Self.onPath("rsvg-convert") {
            for name in ["raster", "rates", "energy"] {
                let png = try Data(contentsOf: URL(fileURLWithPath: "\(plots)/\(name).png"))
                #expect(Array(png.prefix(4)) == Self.pngMagic, "\(name).png is not a PNG")
                #expect(png.count > 5_000)
            }
        } else {
            #expect(r.stdout.contains("PNGs skipped"))
        }
    }

    @Test func plotsThePhasesOfTheInductionDemo() throws {
        let dir = try VolleyProcess.temporaryDirectory()
        let run = try VolleyProcess.run([
            "run", VolleyProcess.config("induction.yaml"), "--set", "parameters.sequences=3", "--out", dir, "--quiet",
        ])
        try #require(run.status == 0, "\(run.output)")
        let out = dir + "/figures"
        let r = try VolleyProcess.run(["plot", dir, "--out", out, "--t-start", "0", "--t-stop", "900", "--bin-ms", "10"])
        #expect(r.status == 0, "\(r.output)")
        let phases = try String(contentsOfFile: out + "/phases.svg", encoding: .utf8)
        #expect(phases.contains("gamma") && phases.contains("theta"))
        // The sensory populations fire at token onsets, locked to gamma (vector strength ≈ 1).
        #expect(phases.contains("S0 · gamma  VS 1.00"))
        let raster = try String(contentsOfFile: out + "/raster.svg", encoding: .utf8)
        #expect(raster.contains("(0, 900] ms"))
        #expect(!FileManager.default.fileExists(atPath: dir + "/plots"))
    }

    @Test func plotsTheIonChannelsOfAHodgkinHuxleyRun() throws {
        let dir = try VolleyProcess.temporaryDirectory()
        let run = try VolleyProcess.run([
            "run", VolleyProcess.config("cobahh.yaml"), "--set", "parameters.NE=400", "--set", "parameters.NI=100",
            "--t-sim", "20", "--out", dir, "--quiet",
        ])
        try #require(run.status == 0, "\(run.output)")
        let r = try VolleyProcess.run(["plot", dir])
        #expect(r.status == 0, "\(r.output)")
        #expect(r.stdout.contains("energy budget of 2 populations: ") && r.stdout.contains("ion channels"))
        try Self.checkEnergyBars(dir: dir, populations: ["E", "I"], shares: ["ion_channels", "synaptic"])
        let svg = try String(contentsOfFile: dir + "/plots/energy.svg", encoding: .utf8)
        #expect(svg.contains("Energy budget — cobahh") && svg.contains("Na⁺ charge"))
    }

    @Test func aSummaryWithoutAnEnergyBudgetGetsNoEnergyFigure() throws {
        let dir = try Self.syntheticRun()
        let r = try VolleyProcess.run(["plot", dir])
        #expect(r.status == 0, "\(r.output)")
        #expect(r.stdout.split(separator: "\n").contains("  no energy figure: summary.json has no energy budget"))
        #expect(!FileManager.default.fileExists(atPath: dir + "/plots/energy.svg"))
        #expect(FileManager.default.fileExists(atPath: dir + "/plots/rates.svg"))
    }

    /// Checks `dir/plots/energy.svg` against `dir/summary.json`: one bar per population in order,
    /// each as long as its `atp_per_s`, its segments the summary's shares in `shares` order, adding
    /// up to the bar.
    static func checkEnergyBars(dir: String, populations: [String], shares: [String]) throws {
        let summary = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: dir + "/summary.json")))
        let budgets = try #require(((summary as? [String: Any])?["energy"] as? [String: Any])?["populations"] as? [String: Any])
        let svg = try String(contentsOfFile: dir + "/plots/energy.svg", encoding: .utf8)
        let bars = try SVGElements.classed("energy-bar", in: svg)
        let segments = try SVGElements.classed("energy-share", in: svg)
        #expect(bars.map { $0["data-population"] } == populations)
        for bar in bars {
            let name = try #require(bar["data-population"])
            let budget = try #require(budgets[name] as? [String: Any])
            let atpPerSecond = try #require((budget["atp_per_s"] as? NSNumber)?.doubleValue)
            let fractions = try #require(budget["share"] as? [String: Any])
            #expect(atpPerSecond > 0, "\(name) has no ATP")
            let drawn = try #require(bar["data-atp-per-s"].flatMap(Double.init))
            #expect(abs(drawn - atpPerSecond) <= 1e-12 * atpPerSecond, "\(name): bar \(drawn), summary \(atpPerSecond)")
            let mine = segments.filter { $0["data-population"] == name }
            #expect(mine.map { $0["data-share"] } == shares, "\(name)")
            #expect(Set(fractions.keys) == Set(shares), "\(name)")
            var sum = 0.0
            for segment in mine {
                let share = try #require(segment["data-share"])
                let fraction = try #require(segment["data-fraction"].flatMap(Double.init))
                let expected = try #require((fractions[share] as? NSNumber)?.doubleValue, "\(name) \(share)")
                #expect(abs(fraction - expected) <= 1e-12, "\(name) \(share)")
                sum += try #require(segment["data-atp-per-s"].flatMap(Double.init))
            }
            #expect(abs(sum - atpPerSecond) <= 1e-9 * atpPerSecond, "\(name): segments add up to \(sum), not \(atpPerSecond)")
        }
    }

    @Test func withoutARendererThePNGsAreSkippedInOneLine() throws {
        let dir = try Self.syntheticRun()
        let r = try VolleyProcess.run(["plot", dir], environment: ["PATH": "/nonexistent"])
        #expect(r.status == 0, "\(r.output)")
        #expect(r.stdout.split(separator: "\n").filter { $0.contains("PNGs skipped") }.count == 1)
        #expect(FileManager.default.fileExists(atPath: dir + "/plots/raster.svg"))
        #expect(!FileManager.default.fileExists(atPath: dir + "/plots/raster.png"))
    }

    @Test(arguments: [
        ("missing folder", "", ["no such directory"]),
        ("no spikes.csv", "rm spikes.csv", ["no spikes.csv"]),
        ("malformed row", "E,1\n", ["line 5", "2 fields"]),
        ("unknown population", "X,1,3.0\n", ["line 5", "population 'X' is not in summary.json"]),
        ("neuron past the end", "I,7,3.0\n", ["line 5", "neuron 7 is past the end of I"]),
        ("empty window", "--t-start 50 --t-stop 20", ["--t-start 50 ms is not before --t-stop 20 ms"]),
        ("no neurons", "--max-neurons 0", ["--max-neurons must be at least 1"]),
        ("malformed energy", "energy", ["summary.json", "'energy.populations.E.atp_per_s' is missing or not a number"]),
    ])
    func refusesBadInput(what: String, change: String, words: [String]) throws {
        var dir = try Self.syntheticRun()
        var extra: [String] = []
        if what == "missing folder" {
            dir += "/nothing-here"
        } else if change == "rm spikes.csv" {
            try FileManager.default.removeItem(atPath: dir + "/spikes.csv")
        } else if change == "energy" {
            try """
                {"model": "tiny", "resolution_ms": 0.1, "t_sim_ms": 100.0,
                 "populations": {"E": {"n": 8, "spikes": 2, "rate_hz": 2.5}, "I": {"n": 2, "spikes": 1, "rate_hz": 5.0}},
                 "energy": {"populations": {"E": {"atp": 1.0, "share": {"spikes": 1.0}}}, "atp": 1.0, "atp_per_s": 10.0}}
                """.write(toFile: dir + "/summary.json", atomically: true, encoding: .utf8)
        } else if change.hasPrefix("--") {
            extra = change.split(separator: " ").map(String.init)
        } else {
            let handle = try #require(FileHandle(forWritingAtPath: dir + "/spikes.csv"))
            handle.seekToEndOfFile()
            handle.write(Data(change.utf8))
            try handle.close()
        }
        let r = try VolleyProcess.run(["plot", dir] + extra)
        #expect(r.status == 2, "\(what): exit \(r.status): \(r.output)")
        for w in words { #expect(r.stderr.contains(w), "\(what): message lacks '\(w)': \(r.stderr)") }
        #expect(!FileManager.default.fileExists(atPath: dir + "/plots/raster.svg"), "\(what): it plotted")
    }

    /// An output folder written by hand: two populations, three spikes, 100 ms.
    static func syntheticRun() throws -> String {
        let dir = try VolleyProcess.temporaryDirectory()
        try """
            {"model": "tiny", "resolution_ms": 0.1, "t_sim_ms": 100.0,
             "populations": {"E": {"n": 8, "spikes": 2, "rate_hz": 2.5}, "I": {"n": 2, "spikes": 1, "rate_hz": 5.0}}}
            """.write(toFile: dir + "/summary.json", atomically: true, encoding: .utf8)
        try "population,neuron,t_ms\nE,0,1.5\nI,1,20.0\nE,7,99.9\n".write(toFile: dir + "/spikes.csv", atomically: true, encoding: .utf8)
        return dir
    }
}

/// The attributes of an SVG's elements, read with XMLParser as a viewer would.
private enum SVGElements {
    /// The attributes of every element whose class is `cls`, in document order.
    static func classed(_ cls: String, in svg: String) throws -> [[String: String]] {
        let collector = Collector(cls)
        let parser = XMLParser(data: Data(svg.utf8))
        parser.delegate = collector
        try #require(parser.parse(), "the SVG is not well-formed XML")
        return collector.found
    }

    private final class Collector: NSObject, XMLParserDelegate {
        let cls: String
        var found: [[String: String]] = []

        init(_ cls: String) { self.cls = cls }

        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                    attributes: [String: String] = [:]) {
            if attributes["class"] == cls { found.append(attributes) }
        }
    }
}
