// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import ArgumentParser
import VolleyRuntime
import VolleyPlot

/// `volley plot`: pictures of a finished run — its spike raster, population rates, when the model
/// has rhythms its spikes' phases, when it recorded plastic weights those, and its energy budget.
struct PlotCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plot",
        abstract: "Draw a run's spike raster, population rates, spike phases, plastic weights and energy budget as SVG (and PNG).",
        discussion: """
            Reads summary.json, spikes.csv, rhythms.csv and weights.csv from the output folder of `volley run` and \
            writes raster.svg, rates.svg, (with rhythms) phases.svg and (with recorded plastic weights) \
            weights.svg, the mean weight of each source → target population pair over time, and (with an energy budget in \
            summary.json) energy.svg, each population's ATP per second split into its parts, into DIR/plots, plus a PNG of each \
            when rsvg-convert, inkscape or ImageMagick's convert is on PATH. Unreadable or malformed \
            input exits with status 2 and names the file and line.
            """
    )

    @Argument(help: ArgumentHelp("Output folder of a run (the --out of volley run).", valueName: "DIR"))
    var directory: String

    @Option(help: ArgumentHelp("Folder for the figures (default: DIR/plots).", valueName: "DIR"))
    var out: String?

    @Option(name: .customLong("t-start"), help: ArgumentHelp(
        "Raster and rates show spikes after this time, in ms (default: 0).", valueName: "MS"))
    var tStart: Double?

    @Option(name: .customLong("t-stop"), help: ArgumentHelp(
        "Raster and rates show spikes up to this time, in ms (default: the run's t_sim).", valueName: "MS"))
    var tStop: Double?

    @Option(name: .customLong("bin-ms"), help: ArgumentHelp("Width of the rate bins in ms.", valueName: "MS"))
    var binMs: Double = 5

    @Option(name: .customLong("max-neurons"), help: ArgumentHelp(
        "Raster: at most this many evenly spaced neurons per population.", valueName: "N"))
    var maxNeurons: Int = 100

    @Option(name: .customLong("phase-bins"), help: ArgumentHelp(
        "Phase histograms: bins per rhythm cycle.", valueName: "N"))
    var phaseBins: Int = 24

    func run() throws {
        let options = PlotOptions(tStart: tStart, tStop: tStop, binMs: binMs, maxNeurons: maxNeurons, phaseBins: phaseBins)
        let report: RunPlotter.Report
        do { report = try RunPlotter.plot(runDirectory: directory, outDirectory: out, options: options) } catch {
            throw RunInputError(error.message)
        }
        Console.output(report.lines.joined(separator: "\n") + "\n")
    }
}
