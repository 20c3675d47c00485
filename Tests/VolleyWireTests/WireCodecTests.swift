// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import Testing
import VolleyCore
import VolleyTestKit
@testable import VolleyWire

@Suite struct WireCodecTests {
    let header = FrameHeader(kind: .spikes, runID: 0xDEAD_BEEF_0123, source: 7, count: 0, epoch: 42, sequence: 42)

    @Test func spikesRoundTrip() throws {
        let spikes: [UInt64] = [5 << 32 | 17, 5 << 32 | 12_499, 19 << 32 | 3]
        let bytes = DataFrames.encodeSpikes(spikes, header: header)
        #expect(bytes.count == 40 + 24)
        let (h, decoded) = try bytes.withUnsafeBytes { try DataFrames.readSpikes($0).get() }
        #expect(decoded == spikes)
        #expect(h.runID == header.runID && h.source == 7 && h.epoch == 42 && h.count == 3 && h.kind == .spikes)
    }

    @Test func layoutIsLittleEndianAsDocumented() {
        let bytes = DataFrames.encodeSpikes([0x0000_0009_0000_0102], header: header)
        #expect(Array(bytes[0..<4]) == Array("VOLY".utf8))
        #expect(bytes[4] == 3 && bytes[5] == 0)              // version u16
        #expect(bytes[6] == FrameKind.spikes.rawValue)       // kind
        #expect(bytes[16] == 7)                               // source u32 at 16
        #expect(bytes[20] == 1)                               // count u32 at 20
        #expect(bytes[24] == 42)                              // epoch u64 at 24
        #expect(Array(bytes[40..<48]) == [0x02, 0x01, 0, 0, 9, 0, 0, 0])  // neuron u32, then step u32
    }

    @Test func topicSelectsKindRunAndSource() {
        let topic = FrameHeader.topic(kind: .spikes, runID: header.runID, source: 7)
        #expect(topic.count == WireFormat.topicSize)
        #expect(Array(DataFrames.encodeSpikes([1], header: header).prefix(20)) == topic)
        #expect(FrameHeader.topic(kind: .spikes, runID: header.runID, source: 8) != topic)
        #expect(FrameHeader.topic(kind: .samples, runID: header.runID, source: 7) != topic)
    }

    @Test func samplesAndActivationsRoundTrip() throws {
        let samples = [
            WireSample(population: 1, neuron: 2, variable: 0, stamp: 3, value: -65.25),
            WireSample(population: 0, neuron: 9, variable: 3, stamp: 4, value: .infinity),
            WireSample(population: 0, neuron: 9, variable: .max, stamp: .max, value: -0.0),
        ]
        let s = DataFrames.encodeSamples(samples, header: header)
        #expect(s.count == DataFrames.samplesSize(3))
        #expect(try s.withUnsafeBytes { try DataFrames.readSamples($0).get().1 } == samples)
        let events = [ActivationEvent(source: 3, step: 10, vector: [0.5, -1, 2]), ActivationEvent(source: 4, step: 11, vector: [])]
        let a = DataFrames.encodeActivations(events, header: header)
        #expect(try a.withUnsafeBytes { try DataFrames.readActivations($0).get().1 } == events)
    }

    @Test func sampleEntryLayoutIsAsDocumented() {
        // population u32, neuron u32, variable u32, reserved u32, stamp u64, value f64: 32 bytes.
        let bytes = DataFrames.encodeSamples(
            [WireSample(population: 0x0102, neuron: 0x0304, variable: 5, stamp: 0x0607, value: 1.0)], header: header)
        #expect(bytes.count == 40 + 32)
        #expect(bytes[6] == FrameKind.samples.rawValue && bytes[20] == 1)
        #expect(Array(bytes[40..<48]) == [0x02, 0x01, 0, 0, 0x04, 0x03, 0, 0])  // population, neuron
        #expect(Array(bytes[48..<56]) == [5, 0, 0, 0, 0, 0, 0, 0])              // variable, reserved 0
        #expect(Array(bytes[56..<64]) == [0x07, 0x06, 0, 0, 0, 0, 0, 0])        // stamp
        #expect(Array(bytes[64..<72]) == [0, 0, 0, 0, 0, 0, 0xF0, 0x3F])        // 1.0 as f64
    }

    @Test func weightRecordsRoundTripWithTheDocumentedLayout() throws {
        let records = [
            WeightRecord(emission: 509, source: 71, target: 160, projection: 1, weight: 10.5),
            WeightRecord(emission: Int64(UInt32.max) + 3, source: .max, target: 0, projection: 0, weight: -0.0),
        ]
        let bytes = DataFrames.encodeWeights(records, header: header)
        #expect(bytes.count == DataFrames.weightsSize(2) && bytes.count == 40 + 64)
        #expect(bytes[6] == FrameKind.weights.rawValue && bytes[6] == 5 && bytes[20] == 2)
        // step u64, source u32, target u32, projection u32, reserved u32, weight f64.
        #expect(Array(bytes[40..<48]) == [0xFD, 0x01, 0, 0, 0, 0, 0, 0])
        #expect(Array(bytes[48..<56]) == [71, 0, 0, 0, 160, 0, 0, 0])
        #expect(Array(bytes[56..<64]) == [1, 0, 0, 0, 0, 0, 0, 0])
        #expect(Array(bytes[64..<72]) == Array(withUnsafeBytes(of: 10.5.bitPattern.littleEndian) { Array($0) }))
        let (h, decoded) = try bytes.withUnsafeBytes { try DataFrames.readWeights($0).get() }
        #expect(decoded == records && h.kind == .weights && h.epoch == 42)
        var short = bytes
        short.removeLast(8)
        #expect(short.withUnsafeBytes { DataFrames.readWeights($0) }.failureValue == .payloadSize(kind: .weights, count: 2, bytes: 56))
    }

    @Test func energyRecordsRoundTripWithTheDocumentedLayoutAndMergeByPopulation() throws {
        let records = [
            EnergyRecord(population: 1, neurons: 2500, spikes: 17, synapticEvents: 17_000, naCharge: 0, kCharge: 0, pumpCharge: 0, atp: 7.5e9),
            EnergyRecord(population: 3, neurons: 9, spikes: 0, synapticEvents: .max, naCharge: 20.5, kCharge: -1.25, pumpCharge: 3, atp: 1e7),
        ]
        let bytes = DataFrames.encodeEnergy(records, header: header)
        #expect(bytes.count == DataFrames.energySize(2) && bytes.count == 40 + 112)
        #expect(bytes[6] == FrameKind.energy.rawValue && bytes[6] == 6 && bytes[20] == 2)
        // population u32, neurons u32, spikes u64, synaptic_events u64, na, k, pump, atp f64.
        #expect(Array(bytes[40..<48]) == [1, 0, 0, 0, 0xC4, 0x09, 0, 0])
        #expect(Array(bytes[48..<56]) == [17, 0, 0, 0, 0, 0, 0, 0])
        #expect(Array(bytes[88..<96]) == Array(withUnsafeBytes(of: 7.5e9.bitPattern.littleEndian) { Array($0) }))
        let (h, decoded) = try bytes.withUnsafeBytes { try DataFrames.readEnergy($0).get() }
        #expect(decoded == records && h.kind == .energy && h.epoch == 42)
        var short = bytes
        short.removeLast(8)
        #expect(short.withUnsafeBytes { DataFrames.readEnergy($0) }.failureValue == .payloadSize(kind: .energy, count: 2, bytes: 104))
        // Two shards' parts of population 1 add up; population 3 stays as it was.
        let merged = EnergyRecord.merged([records[1], records[0], records[0]])
        #expect(merged.map(\.population) == [1, 3] && merged[0].spikes == 34 && merged[0].atp == 1.5e10 && merged[1] == records[1])
    }

    @Test func weightRecordsOfShardsMergeByStepSourceProjectionTargetKeepingMultapsesInOrder() {
        let r = { (e: Int64, s: UInt32, p: Int32, t: UInt32, w: Double) in WeightRecord(emission: e, source: s, target: t, projection: p, weight: w) }
        // Shard 1's list arrives first; the two records of target 9 from source 3 are multapses.
        let shard1 = [r(5, 3, 0, 9, 2.0), r(5, 3, 0, 9, 1.0), r(6, 1, 0, 9, 0.5)]
        let shard0 = [r(5, 3, 0, 4, 7.0), r(5, 2, 1, 4, 8.0)]
        #expect(WeightRecord.canonical(shard1 + shard0) == [
            r(5, 2, 1, 4, 8.0), r(5, 3, 0, 4, 7.0), r(5, 3, 0, 9, 2.0), r(5, 3, 0, 9, 1.0), r(6, 1, 0, 9, 0.5),
        ])
    }

    @Test func aWeightsChunkCarriesItsColumnsThroughJSON() throws {
        let columns = WeightsChunk.Columns(
            source: [1, .max], target: [7, 8], delay: [1.5, 0.1], weight: [-0.0, .pi], state: [[1, 2], [3, .infinity]])
        let chunk = WeightsChunk(segment: WeightsSegment(projection: 2, population: 1, shard: 3), index: 4, last: true, columns: columns)
        #expect(chunk.count == 2 && chunk.stateVariables == 2 && chunk.columns.count == 2 * (8 + 16 + 16))
        let bytes = ControlMessage.weightsChunk(chunk).encode(runID: 1, source: 0, sequence: 0)
        guard case .weightsChunk(let back) = try ControlMessage.decode(bytes).get().1 else {
            Issue.record("not a chunk")
            return
        }
        #expect(back == chunk && back.decodeColumns() == columns)
        // The columns travel after the JSON, as they are, flagged in the header.
        #expect(bytes[7] == ControlMessage.attachmentFlag && Array(bytes.suffix(chunk.columns.count)) == Array(chunk.columns))
        var other = ControlMessage.heartbeat.encode(runID: 1, source: 0, sequence: 0)
        other[7] = ControlMessage.attachmentFlag
        other.append(0)
        guard case .failure(.malformedControl(let why)) = ControlMessage.decode(other) else {
            Issue.record("an attachment on a heartbeat was taken")
            return
        }
        #expect(why.contains("attachment"))
        var short = back
        short.columns.removeLast()
        #expect(short.decodeColumns() == nil)
    }

    @Test func samplesOfTheOldSizeAreRefused() {
        // A 24-byte entry (wire version 1's) does not fit: an error, not a misread.
        var bytes = DataFrames.encodeSamples([WireSample(population: 0, neuron: 1, variable: 0, stamp: 2, value: 3)], header: header)
        bytes.removeLast(8)
        #expect(bytes.withUnsafeBytes { DataFrames.readSamples($0) }.failureValue == .payloadSize(kind: .samples, count: 1, bytes: 24))
    }

    @Test func samplesReceivedSortByStampPopulationNeuronThenVariable() {
        let a = WireSample(population: 0, neuron: 1, variable: 1, stamp: 5, value: 0)
        let b = WireSample(population: 0, neuron: 1, variable: 2, stamp: 5, value: 0)
        let c = WireSample(population: 0, neuron: 2, variable: 0, stamp: 5, value: 0)
        let d = WireSample(population: 1, neuron: 0, variable: 0, stamp: 4, value: 0)
        let received = [c, b, a, d].map { ProbeSample($0) }
        #expect(received.sorted(by: ProbeSample.canonicalOrder) == [d, a, b, c].map { ProbeSample($0) })
        #expect(received.map { WireSample($0) } == [c, b, a, d], "a sample crosses to the engine and back unchanged")
    }

    @Test func theCatalogueNamesTheRecordables() throws {
        var spec = ExampleNetworks.everything(size: 20)
        spec.recording.voltmeters = [
            VoltmeterSpec(population: 0, neurons: [0], interval: 0.1, recordFrom: ["V_m", "I_syn_ex"]),
            VoltmeterSpec(population: 2, neurons: [3], interval: 0.5, recordFrom: ["I_syn_ex", "w", "V_m"]),
        ]
        let catalog = RunCatalog(network: spec)
        #expect(catalog.samples && catalog.variables == ["V_m", "I_syn_ex", "w"])
        #expect(catalog.variable(2) == "w" && catalog.variable(3) == nil && catalog.variable(.max) == nil)
        // The welcome carries it to taps, and back.
        let welcome = TapWelcome(
            tap: TapTopic.firstID, runID: 1, model: "m", seed: 2, resolution: 0.1, epochSteps: 10, totalEpochs: 5, tSim: 5,
            shards: 1, catalog: catalog, workers: [], releasedBefore: 0)
        let bytes = ControlMessage.tapWelcome(welcome: welcome).encode(runID: 1, source: 0, sequence: 0)
        guard case .tapWelcome(let back) = try ControlMessage.decode(bytes).get().1 else {
            Issue.record("not a welcome")
            return
        }
        #expect(back.catalog.variables == ["V_m", "I_syn_ex", "w"])
        #expect(String(decoding: bytes.dropFirst(40), as: UTF8.self).contains(#""variables":["V_m","I_syn_ex","w"]"#))
        // A model that records nothing has no samples and no variables.
        spec.recording.voltmeters = []
        #expect(!RunCatalog(network: spec).samples && RunCatalog(network: spec).variables.isEmpty)
    }

    @Test func controlMessagesRoundTripWithTheModel() throws {
        let spec = ExampleNetworks.everything(size: 20)
        let assignment = Assignment(
            runID: 9, worker: 1, network: spec, seed: 5, tSim: 100, shardCount: 3, threads: 2,
            peers: [Peer(worker: 0, dataEndpoint: "ipc:///tmp/a", shards: [0, 2]), Peer(worker: 1, dataEndpoint: "tcp://10.0.0.2:5000", shards: [1])])
        for message in [
            ControlMessage.assign(assignment), .hello(Hello(volleyVersion: "0.1.0", pid: 12, host: "h", dataEndpoint: "ipc:///x")),
            .release(from: 0, through: 2, rhythms: [[], [RhythmState(phase: 0.5, advance: 0.01)]]), .heartbeat, .abort(reason: "worker 2 died"), .finish,
            .done(WorkerReport(worker: 1, sent: [ShardCount(shard: 1, frames: 10, spikes: 99)], received: [])),
            .ready(worker: 3), .refuse(reason: "version"),
        ] {
            let bytes = message.encode(runID: 9, source: 1, sequence: 4)
            let (h, decoded) = try ControlMessage.decode(bytes).get()
            #expect(decoded == message)
            #expect(h.kind == .control && h.sequence == 4)
        }
        // Infinite device windows and V_min survive the trip.
        if case .assign(let a) = try ControlMessage.decode(ControlMessage.assign(assignment).encode(runID: 9, source: 0, sequence: 0)).get().1 {
            #expect(a.network == spec)
            #expect(a.shards == [1])
        } else {
            Issue.record("not an assignment")
        }
    }

    @Test func aWorkersReportCarriesWhatTheRunCostIt() throws {
        let report = WorkerReport(
            worker: 1, sent: [ShardCount(shard: 1, frames: 10, spikes: 99)], received: [ShardCount(shard: 0, frames: 10, spikes: 7)],
            synapses: 1200, synapseBytes: 9600, buildSeconds: 1.25, shards: [1, 3], simSeconds: 4.5, peakRSSMB: 2412.7)
        let bytes = ControlMessage.done(report).encode(runID: 9, source: 1, sequence: 7)
        #expect(try ControlMessage.decode(bytes).get().1 == .done(report))
        let json = String(decoding: bytes.dropFirst(40), as: UTF8.self)
        for field in [#""shards":[1,3]"#, #""simSeconds":4.5"#, #""peakRSSMB":2412.7"#] { #expect(json.contains(field), "\(json)") }
        // A report from a worker that did not know these fields still decodes, without them.
        let older = Array(#"{"done":{"_0":{"worker":2,"sent":[],"received":[],"synapses":5,"synapseBytes":40,"buildSeconds":0.5}}}"#.utf8)
        var frame = [UInt8](repeating: 0, count: 40) + older
        frame.withUnsafeMutableBytes { FrameHeader(kind: .control, runID: 9, source: 2, count: UInt32(older.count), epoch: 0, sequence: 0).write(to: $0) }
        guard case .done(let back) = try ControlMessage.decode(frame).get().1 else {
            Issue.record("not a report")
            return
        }
        #expect(back.worker == 2 && back.buildSeconds == 0.5)
        #expect(back.shards == nil && back.simSeconds == nil && back.peakRSSMB == nil)
    }

    @Test func anotherWireVersionIsRefusedByName() {
        var bytes = DataFrames.encodeSpikes([1], header: header)
        bytes[4] = 1  // the version before samples named their variable
        #expect(bytes.withUnsafeBytes { FrameHeader.read($0) } == .failure(.unsupportedVersion(1)))
        #expect(WireError.unsupportedVersion(1).description == "wire version 1, but this build speaks version 3")
    }

    @Test func inconsistentFramesAreErrors() {
        var bytes = DataFrames.encodeSpikes([1, 2], header: header)
        bytes.removeLast()
        #expect(bytes.withUnsafeBytes { DataFrames.readSpikes($0) }.failureValue == .payloadSize(kind: .spikes, count: 2, bytes: 15))
        #expect([UInt8](repeating: 0, count: 12).withUnsafeBytes { FrameHeader.read($0) }.failureValue == .truncated(needed: 40, got: 12))
        let control = ControlMessage.finish.encode(runID: 1, source: 0, sequence: 0)
        #expect(control.withUnsafeBytes { DataFrames.readSpikes($0) }.failureValue == .unexpectedKind(expected: .spikes, got: .control))
        var garbled = control
        garbled[garbled.count - 2] = 0x7B
        if case .failure(.malformedControl) = ControlMessage.decode(garbled) {} else { Issue.record("garbled JSON accepted") }
        // A valid model that breaks a neuron constraint is refused on decode, as in a file.
        let bad = Array(#"{"hello":{"_0":{"volleyVersion":1}}}"#.utf8)
        var frame = [UInt8](repeating: 0, count: 40) + bad
        frame.withUnsafeMutableBytes { FrameHeader(kind: .control, runID: 1, source: 0, count: UInt32(bad.count), epoch: 0, sequence: 0).write(to: $0) }
        if case .failure(.malformedControl) = ControlMessage.decode(frame) {} else { Issue.record("ill-typed JSON accepted") }
    }
}

extension Result {
    var failureValue: Failure? {
        if case .failure(let e) = self { return e }
        return nil
    }
}
