// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import Foundation
import Testing
import VolleyTestKit

/// Every class of bad input: exit status 2, a message naming the key and the problem, and
/// nothing run (no summary.json). One test per class.
@Suite struct BadInputTests {
    let brunel: String

    init() throws {
        brunel = try String(contentsOfFile: VolleyProcess.config("brunel.yaml"), encoding: .utf8)
    }

    /// Writes `text` as a model file, runs it, and checks the refusal.
    private func expectRefused(
        _ text: String, extra: [String] = [], mentioning words: [String], sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        #expect(text != brunel || !extra.isEmpty, "the config was not broken", sourceLocation: sourceLocation)
        let dir = try VolleyProcess.temporaryDirectory()
        let file = dir + "/model.yaml"
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        let r = try VolleyProcess.run(["run", file, "--t-sim", "10", "--out", dir + "/out", "--quiet"] + extra)
        #expect(r.status == 2, "exit \(r.status): \(r.output)", sourceLocation: sourceLocation)
        for w in words {
            #expect(r.stderr.contains(w), "message lacks '\(w)': \(r.stderr)", sourceLocation: sourceLocation)
        }
        #expect(!FileManager.default.fileExists(atPath: dir + "/out/summary.json"), "it ran", sourceLocation: sourceLocation)
    }

    private func replacingFirst(_ old: String, _ new: String, in text: String) -> String {
        guard let r = text.range(of: old) else { return text }
        return text.replacingCharacters(in: r, with: new)
    }

    @Test func unknownKeyInTheFile() throws {
        try expectRefused(replacingFirst("      tau_m: tauMem", "      tau_mm: tauMem", in: brunel), mentioning: ["tau_mm", "populations.E.params"])
    }

    @Test func unknownKeyInSet() throws {
        try expectRefused(brunel, extra: ["--set", "parameters.nonsense=1"], mentioning: ["nonsense"])
    }

    @Test func wrongType() throws {
        try expectRefused(replacingFirst("      tau_m: tauMem", "      tau_m: fast", in: brunel), mentioning: ["tau_m", "fast"])
        try expectRefused(replacingFirst("    n: NE", "    n: [1, 2]", in: brunel), mentioning: ["populations.E.n"])
    }

    @Test func missingPopulation() throws {
        try expectRefused(replacingFirst("  - source: E\n", "  - source: X\n", in: brunel), mentioning: ["'X'"])
    }

    /// Found by the PyNN backend: this was an uncaught build error (status 1).
    @Test func aDCGeneratorOnABlockOfNeurons() throws {
        let model = """
            populations:
              A: {model: iaf_psc_alpha, n: 4}
            devices:
              dc: {model: dc_generator, params: {amplitude: 100.0}}
            connections:
              - {source: dc, target: A, neurons: {first: 1, count: 2}, syn_spec: {weight: 1.0, delay: 0.1}}

            """
        try expectRefused(model, mentioning: ["dc_generator drives whole populations"])
    }

    @Test func negativeDelay() throws {
        try expectRefused(brunel, extra: ["--set", "parameters.delay=-1.5"], mentioning: ["delay", "-1.5"])
    }

    @Test func offGridDelay() throws {
        try expectRefused(brunel, extra: ["--set", "parameters.delay=1.55"], mentioning: ["delay", "1.55", "resolution"])
    }

    @Test func probabilityOutsideTheUnitInterval() throws {
        let text = replacingFirst("{rule: fixed_indegree, indegree: CE}", "{rule: pairwise_bernoulli, p: 1.2}", in: brunel)
        try expectRefused(text, mentioning: ["conn_spec.p", "1.2"])
    }

    @Test func unknownModel() throws {
        try expectRefused(brunel.replacingOccurrences(of: "iaf_psc_delta", with: "iaf_psc_nonsense"), mentioning: ["iaf_psc_nonsense"])
    }

    @Test func unknownRule() throws {
        try expectRefused(brunel.replacingOccurrences(of: "fixed_indegree", with: "fixed_nonsense"), mentioning: ["fixed_nonsense"])
    }

    @Test func truncatedYAML() throws {
        try expectRefused("populations: [\n", mentioning: ["line"])
        try expectRefused(String(brunel.prefix(brunel.count / 2)) + "\n  - {source: [", mentioning: ["line"])
    }

    @Test func missingFile() throws {
        let dir = try VolleyProcess.temporaryDirectory()
        let r = try VolleyProcess.run(["run", dir + "/absent.yaml", "--out", dir + "/out", "--quiet"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("absent.yaml"))
        #expect(!FileManager.default.fileExists(atPath: dir + "/out"))
    }

    @Test func badCommandLine() throws {
        let r = try VolleyProcess.run(["run", VolleyProcess.config("brunel.yaml"), "--threads", "0", "--quiet"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("--threads"))
        let unknown = try VolleyProcess.run(["run", VolleyProcess.config("brunel.yaml"), "--frobnicate"])
        #expect(unknown.status == 2)
    }
}
