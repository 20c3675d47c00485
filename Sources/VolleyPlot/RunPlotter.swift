// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import Foundation
import VolleyFormats

/// Draws a recorded run's figures and writes them: SVG always, PNG too when a renderer is on
/// PATH. Everything `volley plot` does except parsing its command line.
public enum RunPlotter {
    /// What was written, and the lines the command prints about it.
    public struct Report: Sendable {
        public let files: [String]
        public let lines: [String]
    }

    /// The raster, the rates, when the run has rhythm timelines the phases, when it has
    /// weights.csv the plastic weights, and when its summary has an energy budget that.
    public static func figures(_ run: RecordedRun, options: PlotOptions) throws(PlotInputError) -> [Figure] {
        let window = try options.window(tSimMs: run.summary.tSimMs)
        var figures = [
            RasterFigure.make(run, window: window, maxNeurons: options.maxNeurons),
            RateFigure.make(run, window: window, binMs: options.binMs),
        ]
        if let phases = PhaseFigure.make(run, bins: options.phaseBins) { figures.append(phases) }
        if let weights = WeightFigure.make(run, window: window, binMs: options.binMs) { figures.append(weights) }
        if let energy = EnergyFigure.make(run) { figures.append(energy) }
        return figures
    }

    /// Reads the run in `runDirectory` and writes its figures into `outDirectory` (default:
    /// `runDirectory/plots`), converting them with `renderer` when there is one.
    public static func plot(runDirectory: String, outDirectory: String? = nil, options: PlotOptions,
                            renderer: PNGRenderer? = PNGRenderer.find()) throws(PlotInputError) -> Report {
        // Check the options before reading what may be a large file.
        try options.validate()
        let run = try RecordedRun.load(directory: runDirectory)
        let figures = try figures(run, options: options)
        let out = outDirectory ?? runDirectory + "/plots"
        do { try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true) } catch {
            throw PlotInputError("\(out): cannot create the directory (\(error.localizedDescription))")
        }
        var files: [String] = []
        var lines = ["volley plot: \(run.summary.model), \(FigureCanvas.count(run.spikes.count)) spikes of "
            + "\(run.summary.populations.count) populations from \(runDirectory)"]
        var pngFailure: String?
        for figure in figures {
            let svg = out + "/" + figure.name + ".svg"
            do { try figure.svg.write(toFile: svg, atomically: true, encoding: .utf8) } catch {
                throw PlotInputError("\(svg): cannot write it (\(error.localizedDescription))")
            }
            files.append(svg)
            var written = svg
            if let renderer, pngFailure == nil {
                let png = out + "/" + figure.name + ".png"
                do {
                    try renderer.render(svg: svg, png: png)
                    files.append(png)
                    written += " and .png"
                } catch {
                    pngFailure = error.description
                }
            }
            lines.append("  \(written): \(figure.headline)")
        }
        if run.rhythms.isEmpty { lines.append("  no phases figure: the run has no rhythms (no rhythms.csv)") }
        if run.weights == nil { lines.append("  no weights figure: the run recorded no plastic weights (no weights.csv)") }
        if run.summary.energy == nil { lines.append("  no energy figure: summary.json has no energy budget") }
        if let pngFailure {
            lines.append("  PNGs skipped: \(pngFailure)")
        } else if renderer == nil {
            lines.append("  PNGs skipped: no SVG renderer on PATH (\(PNGRenderer.candidates.joined(separator: ", ")))")
        }
        return Report(files: files, lines: lines)
    }
}
