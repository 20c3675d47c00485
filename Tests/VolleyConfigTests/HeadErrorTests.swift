// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import Testing
import VolleyConfig

/// Bad head populations and head couplings: each error names the key path and says what is wrong.
@Suite struct HeadErrorTests {
    /// The error after replacing `target` by `replacement` in the valid head model.
    private func error(_ target: String, _ replacement: String) throws -> ConfigError {
        let model = TestModels.replacingFirst(target, with: replacement, in: TestModels.heads)
        try #require(model != TestModels.heads, "'\(target)' is not in the model")
        return try #require(TestModels.error(model))
    }

    /// Head `g`'s weights, to be replaced.
    private static let gWeights = "dimensions: {input: 2, key: 2, value: 2}\n    weights: {W_Q: {seeded: 0.1}, W_K: {seeded: 0.1}, W_V: {seeded: 0.1}}\n    context: {window: 100.0}"

    private func gError(_ replacement: String) throws -> ConfigError {
        try error(Self.gWeights, replacement)
    }

    @Test func headNumbersAreChecked() throws {
        let n = try error("  h:\n    dimensions", "  h:\n    n: 0\n    dimensions")
        #expect(n.path == "heads.h.n" && n.message.contains("positive integer"))
        let dimension = try error("{input: 4, key: 2, value: 2}", "{input: 4, key: 0, value: 2}")
        #expect(dimension.path == "heads.h.dimensions.key" && dimension.message.contains("positive integer"))
        let missing = try error("{input: 4, key: 2, value: 2}", "{input: 4, key: 2}")
        #expect(missing.path == "heads.h.dimensions.value" && missing.message.contains("needs 'value'"))
        let temperature = try error("context: {last: 5}", "context: {last: 5}\n    temperature: 0")
        #expect(temperature.path == "heads.h.temperature" && temperature.message.contains("must be positive"))
        let threshold = try error("context: {last: 5}", "context: {last: 5}\n    threshold: 1.5")
        #expect(threshold.path == "heads.h.threshold" && threshold.message.contains("[0, 1]"))
        let negative = try error("context: {last: 5}", "context: {last: 5}\n    threshold: -0.1")
        #expect(negative.path == "heads.h.threshold")
        let scale = try error("context: {last: 5}", "context: {last: 5}\n    scale: 0")
        #expect(scale.path == "heads.h.scale" && scale.message.contains("must be positive"))
        let seeded = try error("W_Q: {seeded: 0.1}", "W_Q: {seeded: -0.1}")
        #expect(seeded.path == "heads.h.weights.W_Q.seeded" && seeded.message.contains("must not be negative"))
    }

    @Test func contextIsChecked() throws {
        let last = try error("{last: 5}", "{last: 0}")
        #expect(last.path == "heads.h.context.last" && last.message.contains("positive integer"))
        let window = try error("{window: 100.0}", "{window: 0}")
        #expect(window.path == "heads.g.context.window" && window.message.contains("must be positive"))
        let cycle = try error("{last: 5}", "{cycle: thetta}")
        #expect(cycle.path == "heads.h.context.cycle" && cycle.message.contains("unknown rhythm 'thetta'") && cycle.message.contains("'theta'"))
        let two = try error("{last: 5}", "{last: 5, window: 10.0}")
        #expect(two.path == "heads.h.context" && two.message.contains("exactly one") && two.message.contains("last and window"))
        let none = try error("{last: 5}", "{}")
        #expect(none.path == "heads.h.context" && none.message.contains("exactly one"))
        let absent = try error("\n    context: {last: 5}", "")
        #expect(absent.path == "heads.h.context" && absent.message.contains("needs 'context'"))
    }

    @Test func rotaryIsChecked() throws {
        let harmonics = try error("harmonics: [1]", "harmonics: [1, 2]")
        #expect(harmonics.path == "heads.h.rotary.harmonics" && harmonics.message.contains("2 harmonics rotate 4 key dimensions, but key is 2"))
        let rhythm = try error("rotary: {rhythm: theta", "rotary: {rhythm: S0")
        #expect(rhythm.path == "heads.h.rotary.rhythm" && rhythm.message.contains("'S0' is a population, not a rhythm"))
        let empty = try error("harmonics: [1]", "harmonics: []")
        #expect(empty.path == "heads.h.rotary.harmonics" && empty.message.contains("non-empty"))
    }

    @Test func weightShapesFollowTheDimensions() throws {
        let q = try gError("dimensions: {input: 2, key: 2, value: 2}\n    weights: {W_Q: [[1, 0, 0], [0, 1, 0]], W_K: {seeded: 0.1}, W_V: {seeded: 0.1}}\n    context: {window: 100.0}")
        #expect(q.path == "heads.g.weights.W_Q" && q.message.contains("must be 2 × 2 (key × input), got 2 × 3"))
        let k = try gError("dimensions: {input: 2, key: 2, value: 2}\n    weights: {W_Q: {seeded: 0.1}, W_K: [[1, 0]], W_V: {seeded: 0.1}}\n    context: {window: 100.0}")
        #expect(k.path == "heads.g.weights.W_K" && k.message.contains("(key × input), got 1 × 2"))
        let v = try gError("dimensions: {input: 2, key: 2, value: 3}\n    weights: {W_Q: {seeded: 0.1}, W_K: {seeded: 0.1}, W_V: [[1, 0], [0, 1]], W_O: {seeded: 1}}\n    context: {window: 100.0}")
        #expect(v.path == "heads.g.weights.W_V" && v.message.contains("must be 3 × 2 (value × input)"))
        let o = try gError("dimensions: {input: 2, key: 2, value: 2}\n    weights: {W_Q: {seeded: 0.1}, W_K: {seeded: 0.1}, W_V: {seeded: 0.1}, W_O: [[1, 0, 0], [0, 1, 0]]}\n    context: {window: 100.0}")
        #expect(o.path == "heads.g.weights.W_O" && o.message.contains("must be 2 × 2 (output × value), got 2 × 3"))
        let ragged = try gError("dimensions: {input: 2, key: 2, value: 2}\n    weights: {W_Q: [[1, 0], [0]], W_K: {seeded: 0.1}, W_V: {seeded: 0.1}}\n    context: {window: 100.0}")
        #expect(ragged.path == "heads.g.weights.W_Q[1]" && ragged.message.contains("same length"))
        let entry = try gError("dimensions: {input: 2, key: 2, value: 2}\n    weights: {W_Q: [[1, 0], [0, nope]], W_K: {seeded: 0.1}, W_V: {seeded: 0.1}}\n    context: {window: 100.0}")
        #expect(entry.path == "heads.g.weights.W_Q[1][1]")
        let missing = try error("W_Q: {seeded: 0.1}, W_K", "W_K")
        #expect(missing.path == "heads.h.weights.W_Q" && missing.message.contains("needs 'W_Q'"))
    }

    @Test func outputAndEmbeddingShapesAreChecked() throws {
        let output = try error("{input: 2, key: 2, value: 2}", "{input: 2, key: 2, value: 2, output: 3}")
        #expect(output.path == "heads.g.dimensions.output" && output.message.contains("without W_O") && output.message.contains("must equal value (2)"))
        let embedding = try error("  h:\n    dimensions", "  h:\n    embedding: [[1, 0, 0], [0, 1, 0]]\n    dimensions")
        #expect(embedding.path == "heads.h.embedding" && embedding.message.contains("input (4) columns, got 2 × 3"))
        let residual = try error("context: {last: 5}", "context: {last: 5}\n    residual: true")
        #expect(residual.path == "heads.h.residual" && residual.message.contains("output (2) must equal input (4)"))
        let flag = try error("context: {last: 5}", "context: {last: 5}\n    residual: 1")
        #expect(flag.path == "heads.h.residual" && flag.message.contains("true or false"))
    }

    @Test func spikeCouplingRowsMustExistInTheEmbedding() throws {
        let row = try error("{source: S1, target: h, row: 2, delay: 0.5}", "{source: S1, target: h, row: 3, delay: 0.5}")
        #expect(row.path == "connections[1].row" && row.message.contains("select rows 3 to 4 of h's identity embedding, which has 4 rows"))
        // Two neurons per row fit the same two neurons into row 3 alone.
        #expect(TestModels.error(TestModels.replacingFirst("row: 2, delay", with: "row: 3, neurons_per_row: 2, delay", in: TestModels.heads)) == nil)
        let embedded = TestModels.replacingFirst("  h:\n    dimensions", with: "  h:\n    embedding: [[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0]]\n    dimensions", in: TestModels.heads)
        let small = try #require(TestModels.error(embedded))
        #expect(small.path == "connections[1].row" && small.message.contains("rows 2 to 3 of h's embedding, which has 3 rows"))
        let zero = try error("{source: S0, target: h, row: 0}", "{source: S0, target: h, neurons_per_row: 0}")
        #expect(zero.path == "connections[0].neurons_per_row" && zero.message.contains("positive integer"))
    }

    @Test func readoutAndProjectionShapesAreChecked() throws {
        let readout = try error("readout: [[1.0, 2.0]]", "readout: [[1.0, 2.0, 3.0]]")
        #expect(readout.path == "connections[3].readout" && readout.message.contains("1 × 2") && readout.message.contains("3 × 2") && readout.message.contains("got 1 × 3"))
        let rows = try error("readout: [[1.0, 2.0]]", "readout: [[1.0, 2.0], [3.0, 4.0]]")
        #expect(rows.path == "connections[3].readout" && rows.message.contains("got 2 × 2"))
        #expect(TestModels.error(TestModels.replacingFirst("readout: [[1.0, 2.0]]", with: "readout: [[1, 2], [3, 4], [5, 6]]", in: TestModels.heads)) == nil)
        let identity = try error("{source: h, target: g, delay: 1.0}", "{source: g, target: h, delay: 1.0}")
        #expect(identity.path == "connections[2]" && identity.message.contains("give projection: a 4 × 2 matrix"))
        let projection = try error("{source: h, target: g, delay: 1.0}", "{source: g, target: h, projection: [[1, 0], [0, 1]]}")
        #expect(projection.path == "connections[2].projection" && projection.message.contains("must be 4 × 2 (h's input × g's output), got 2 × 2"))
        #expect(TestModels.error(TestModels.replacingFirst(
            "{source: h, target: g, delay: 1.0}", with: "{source: g, target: h, projection: [[1, 0], [0, 1], [1, 1], [0, 0]]}", in: TestModels.heads)) == nil)
    }

    @Test func couplingDelaysArePositiveAndOnTheGrid() throws {
        let zero = try error("row: 2, delay: 0.5", "row: 2, delay: 0")
        #expect(zero.path == "connections[1].delay" && zero.message.contains("must be positive"))
        let offGrid = try error("target: g, delay: 1.0", "target: g, delay: 1.05")
        #expect(offGrid.path == "connections[2].delay" && offGrid.message.contains("not a multiple of the resolution 0.1 ms"))
        let readout = try error("readout: [[1.0, 2.0]]", "readout: [[1.0, 2.0]], delay: -1")
        #expect(readout.path == "connections[3].delay" && readout.message.contains("must be positive"))
    }

    @Test func couplingEndsAreChecked() throws {
        let typo = try error("{source: S0, target: h, row: 0}", "{source: S0, target: hh, row: 0}")
        #expect(typo.path == "connections[0].target" && typo.message.contains("'hh'") && typo.message.contains("did you mean 'h'?"))
        let unknownSource = try error("{source: h, target: g, delay: 1.0}", "{source: x9, target: g, delay: 1.0}")
        #expect(unknownSource.path == "connections[2].source" && unknownSource.message.contains("unknown population or head population 'x9'"))
        let list = try error("{source: S0, target: h, row: 0}", "{source: [S0, S1], target: h, row: 0}")
        #expect(list.path == "connections[0].source" && list.message.contains("one source population, not a list"))
        let listedHead = try error("{source: S0, target: h, row: 0}", "{source: S0, target: [S1, h]}")
        #expect(listedHead.path == "connections[0].target" && listedHead.message.contains("head population 'h' must be the only target"))
        let rhythm = try error("{source: S0, target: h, row: 0}", "{source: theta, target: h}")
        #expect(rhythm.path == "connections[0].source" && rhythm.message.contains("'theta' is a rhythm"))
        let device = try #require(TestModels.error(TestModels.heads.replacingOccurrences(of: "connections:\n", with: "connections:\n  - {source: pg, target: h}\n")
            + "devices:\n  pg: {model: poisson_generator}\n"))
        #expect(device.path == "connections[0].source" && device.message.contains("'pg' is a device"))
    }

    @Test func unknownKeysOfHeadsAndCouplingsAreSuggested() throws {
        let head = try error("context: {last: 5}", "context: {last: 5}\n    temprature: 2")
        #expect(head.path == "heads.h.temprature" && head.message.contains("did you mean 'temperature'?"))
        let dims = try error("{input: 4, key: 2, value: 2}", "{input: 4, key: 2, value: 2, ouput: 2}")
        #expect(dims.path == "heads.h.dimensions.ouput" && dims.message.contains("did you mean 'output'"))
        let weights = try error("W_Q: {seeded: 0.1}, W_K", "W_Q: {seeded: 0.1}, W_k: {seeded: 1}, W_K")
        #expect(weights.path == "heads.h.weights.W_k" && weights.message.contains("did you mean"))
        let source = try error("W_Q: {seeded: 0.1}, W_K", "W_Q: {seded: 0.1}, W_K")
        #expect(source.path == "heads.h.weights.W_Q.seded" && source.message.contains("did you mean 'seeded'?"))
        let file = try error("readout: [[1.0, 2.0]]", "readout: {flie: r.npy}")
        #expect(file.path == "connections[3].readout.flie" && file.message.contains("did you mean 'file'?"))
        let spike = try error("{source: S0, target: h, row: 0}", "{source: S0, target: h, rows: 0}")
        #expect(spike.path == "connections[0].rows" && spike.message.contains("did you mean 'row'?"))
        let synSpec = try error("{source: h, target: g, delay: 1.0}", "{source: h, target: g, syn_spec: {delay: 1.0}}")
        #expect(synSpec.path == "connections[2].syn_spec" && synSpec.message.contains("between head populations") && synSpec.message.contains("projection"))
        let readout = try error("readout: [[1.0, 2.0]]", "readuot: [[1.0, 2.0]]")
        #expect(readout.path == "connections[3].readuot" && readout.message.contains("did you mean 'readout'?"))
        let rotary = try error("rotary: {rhythm: theta,", "rotary: {rythm: theta,")
        #expect(rotary.path == "heads.h.rotary.rythm" && rotary.message.contains("did you mean 'rhythm'?"))
    }
}
