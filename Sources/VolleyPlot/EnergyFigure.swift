// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import Foundation
import VolleyFormats

/// The run's energy budget from summary.json's `energy`: one horizontal bar per population, top
/// to bottom in model order, as long as its ATP per second of model time and split into the
/// parts of its bill (`share`), with its ATP per second and per spike written after it.
public enum EnergyFigure {
    static let rowHeight = 34.0
    static let barHeight = 20.0
    static let fontSize = 12.0

    /// The colour of each known part: spikes and the ion channels that make them warm, the pump
    /// purple, synapses blue, rest grey. Other parts take Tableau's colours in turn.
    static let shareColours = [
        "spikes": "#D55E00", "ion_channels": "#E69F00", "pump": "#CC79A7", "synaptic": "#0072B2", "rest": "#999999",
    ]

    /// The figure, or nil when the summary has no energy budget (a run from before budgets).
    public static func make(_ run: RecordedRun) -> Figure? {
        guard let energy = run.summary.energy else { return nil }
        let budgets = energy.populations
        let parts = RunSummary.Energy.order(uniqueShares(budgets))
        var colours: [String: String] = [:]
        var others = 0
        for part in parts {
            if let c = shareColours[part.name] {
                colours[part.name] = c
            } else {
                colours[part.name] = Palette.colour(7 + others)
                others += 1
            }
        }
        let legend = Legend(parts.map { (label: label($0.name), colour: colours[$0.name]!) })
        let legendSize = legend.size()
        let values = budgets.map(valueText)
        let valueWidth = 12 + Double(values.map(\.count).max() ?? 0) * (fontSize - 1) * 0.6
        let left = max(70, 24 + Double(budgets.map(\.name.count).max() ?? 0) * fontSize * 0.6)
        let legendWidth = parts.isEmpty ? 0 : legendSize.width + 20
        let xTicks = NiceTicks(from: 0, to: budgets.map(\.atpPerSecond).max() ?? 0, target: 5, expand: true)
        let frame = PlotFrame(left: left, top: FigureCanvas.titleBand,
                              width: max(200, FigureCanvas.width - left - valueWidth - legendWidth - 20),
                              height: max(legendSize.height, rowHeight * Double(max(1, budgets.count)) + 12),
                              x: xTicks.lower...xTicks.upper, y: 0...1)

        let caption = Self.caption(energy, tSimMs: run.summary.tSimMs)
        let height = frame.bottom + 50 + FigureCanvas.captionHeight(caption)
        var svg = SVGDocument(width: FigureCanvas.width, height: height)
        frame.drawAxes(into: &svg, x: xTicks, y: nil, xLabel: "ATP per second", yLabel: "", xTickText: number)
        if budgets.isEmpty {
            svg.text("the budget has no populations", x: frame.left + frame.width / 2, y: frame.top + frame.height / 2,
                     size: 14, anchor: .middle)
        }
        for (i, budget) in budgets.enumerated() {
            let top = frame.top + 6 + rowHeight * Double(i) + (rowHeight - barHeight) / 2
            let middle = top + barHeight / 2 + fontSize * 0.35
            svg.beginGroup([("class", "energy-bar"), ("data-population", budget.name),
                            ("data-atp", String(budget.atp)), ("data-atp-per-s", String(budget.atpPerSecond)),
                            ("data-atp-per-spike", budget.atpPerSpike.map { String($0) } ?? "")])
            svg.text(budget.name, x: frame.left - 8, y: middle, size: fontSize, anchor: .end, bold: true)
            // Each part starts where the one before it ended, in data units, so the segments tile the bar.
            var start = 0.0
            for share in budget.shares {
                let amount = share.fraction * budget.atpPerSecond
                let x0 = frame.px(start), x1 = frame.px(start + amount)
                svg.rect(x: x0, y: top, width: max(0, x1 - x0), height: barHeight, fill: colours[share.name]!,
                         attributes: [("class", "energy-share"), ("data-population", budget.name), ("data-share", share.name),
                                      ("data-fraction", String(share.fraction)), ("data-atp-per-s", String(amount))])
                start += amount
            }
            svg.text(values[i], x: frame.px(budget.atpPerSecond) + 6, y: middle, size: fontSize - 1)
            svg.endGroup()
        }
        if !parts.isEmpty { legend.draw(into: &svg, x: FigureCanvas.width - legendSize.width - 20, y: frame.top) }
        let title = "Energy budget — \(run.summary.model)"
        FigureCanvas.decorate(&svg, title: title, caption: caption, captionTop: frame.bottom + 50)
        return Figure(name: "energy", svg: svg.rendered(title: title, description: caption), caption: caption,
                      headline: headline(energy))
    }

    /// Every part any population has, once, with the network's fraction of it (by ATP).
    static func uniqueShares(_ budgets: [RunSummary.Energy.Population]) -> [RunSummary.Energy.Share] {
        var atp: [(name: String, atp: Double)] = []
        for budget in budgets {
            for share in budget.shares {
                let amount = share.fraction * budget.atp
                if let k = atp.firstIndex(where: { $0.name == share.name }) {
                    atp[k].atp += amount
                } else {
                    atp.append((share.name, amount))
                }
            }
        }
        let total = budgets.reduce(0) { $0 + $1.atp }
        return atp.map { RunSummary.Energy.Share(name: $0.name, fraction: total > 0 ? $0.atp / total : 0) }
    }

    /// "3.26×10¹³ ATP/s · 3.93×10⁸ ATP/spike", or "no spikes" for the second part.
    static func valueText(_ budget: RunSummary.Energy.Population) -> String {
        "\(number(budget.atpPerSecond)) ATP/s · " + (budget.atpPerSpike.map { "\(number($0)) ATP/spike" } ?? "no spikes")
    }

    /// "energy budget of 2 populations: 4.07×10¹³ ATP/s, spikes 97.7 %, synaptic 1.3 %, rest 1.0 %".
    static func headline(_ energy: RunSummary.Energy) -> String {
        let n = energy.populations.count
        var text = "energy budget of \(n) population\(n == 1 ? "" : "s"): \(number(energy.atpPerSecond)) ATP/s"
        let parts = RunSummary.Energy.order(uniqueShares(energy.populations))
        if energy.populations.contains(where: { $0.atp > 0 }) {
            text += ", " + parts.map { "\(label($0.name)) \(percent($0.fraction))" }.joined(separator: ", ")
        }
        return text
    }

    private static func caption(_ energy: RunSummary.Energy, tSimMs: Double) -> String {
        let parts = RunSummary.Energy.order(uniqueShares(energy.populations)).map(\.name)
        var text = "ATP per second of model time of each population (summary.json's energy.populations.*.atp_per_s: "
            + "its ATP over the run's \(PlotWindow.ms(tSimMs)) ms divided by that time), split into the parts of its bill "
            + "(share)"
        let meanings = parts.compactMap { part in partMeaning[part].map { "\(label(part)): \($0)" } }
        text += meanings.isEmpty ? "." : " — " + meanings.joined(separator: "; ") + "."
        text += " After each bar: its ATP per second and its whole bill divided by its spikes (atp_per_spike)."
        if !energy.constants.isEmpty {
            text += " Prices in the summary: "
                + energy.constants.map { "\(number($0.value)) \(constantMeaning[$0.name] ?? $0.name)" }.joined(separator: ", ")
            text += energy.source.map { " (\($0))." } ?? "."
        } else if let source = energy.source {
            text += " Prices: \(source)."
        }
        text += " Whole network: \(number(energy.atpPerSecond)) ATP/s (\(number(energy.atp)) ATP in all)."
        for budget in energy.populations {
            text += " \(budget.name): \(number(budget.atpPerSecond)) ATP/s"
            let shares = budget.shares.map { "\(label($0.name)) \(percent($0.fraction))" }
            if !shares.isEmpty { text += " (" + shares.joined(separator: ", ") + ")" }
            if let events = budget.synapticEvents { text += ", \(FigureCanvas.count(events)) synaptic events" }
            for detail in budget.details {
                if let d = detail.number {
                    let unit = detail.key.hasSuffix("_pC") ? " pC" : ""
                    text += ", " + (detailMeaning[detail.key].map { "\($0) \(number(d))\(unit)" }
                        ?? "\(detail.key) \(number(d))")
                } else if let s = detail.text {
                    text += ", " + (detailMeaning[detail.key].map { "\($0) \(s)" } ?? "\(detail.key): \(s)")
                }
            }
            text += "."
        }
        return text
    }

    /// What each known part of a bill counts.
    static let partMeaning = [
        "spikes": "atp_per_spike × its spikes",
        "ion_channels": "the Na⁺ charge its channels passed / 3e",
        "pump": "the charge its Na⁺/K⁺ pumps moved / e",
        "synaptic": "atp_per_synaptic_event × the synapses its spikes reached",
        "rest": "atp_per_neuron_second × its neurons × the run's length",
    ]

    static let constantMeaning = [
        "atp_per_spike": "ATP per spike", "atp_per_synaptic_event": "ATP per synaptic event",
        "atp_per_neuron_second": "ATP per neuron and second at rest",
    ]

    static let detailMeaning = [
        "na_charge_pC": "Na⁺ charge", "k_charge_pC": "K⁺ charge", "pump_charge_pC": "pump charge",
        "atp_source": "ATP counted from",
    ]

    /// A part's name as people read it: "ion_channels" → "ion channels".
    static func label(_ part: String) -> String { part.replacingOccurrences(of: "_", with: " ") }

    /// A fraction as a percentage with one decimal ("97.7 %"); a part too small to show is "<0.1 %".
    static func percent(_ fraction: Double) -> String {
        let p = fraction * 100
        return p > 0 && p < 0.05 ? "<0.1 %" : String(format: "%.1f %%", p)
    }

    /// A number to three significant digits without trailing zeros; from 10⁴ up (and below 10⁻³)
    /// as a power of ten: "3.26×10¹³", "4.1×10⁴", "1×10¹³", "0", "250".
    public static func number(_ x: Double) -> String {
        guard x != 0, x.isFinite else { return x.isFinite ? "0" : String(x) }
        var exponent = Int(log10(abs(x)).rounded(.down))
        if exponent >= -3 && exponent < 4 { return WeightFigure.number(x) }
        var mantissa = (x / pow(10, Double(exponent)) * 100).rounded() / 100
        if abs(mantissa) >= 10 {
            mantissa /= 10
            exponent += 1
        }
        return WeightFigure.number(mantissa) + "×10" + superscript(exponent)
    }

    static func superscript(_ n: Int) -> String {
        let digits: [Character] = ["⁰", "¹", "²", "³", "⁴", "⁵", "⁶", "⁷", "⁸", "⁹"]
        return (n < 0 ? "⁻" : "") + String(n.magnitude).map { digits[Int(String($0))!] }
    }
}
