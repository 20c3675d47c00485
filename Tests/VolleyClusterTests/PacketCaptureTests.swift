// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import Foundation
import Testing
import VolleyTestKit

/// The capture reader that the traffic test relies on, on pcap files written here byte by byte:
/// payloads are put back together in sequence order, and a connection whose SYN is not in the
/// file (an earlier run's retransmission) is left out.
struct PacketCaptureTests {
    /// One Ethernet + IPv4 + TCP packet from 10.0.0.`from`:`port` to 10.0.0.9:80.
    static func packet(from: UInt8, port: UInt16, sequence: UInt32, syn: Bool = false, payload: [UInt8]) -> [UInt8] {
        var tcp: [UInt8] = [UInt8(port >> 8), UInt8(port & 0xFF), 0, 80]
        tcp += withUnsafeBytes(of: sequence.bigEndian, Array.init)
        tcp += [0, 0, 0, 0, 5 << 4, syn ? 0x02 : 0x18, 0xFF, 0xFF, 0, 0, 0, 0]
        let total = 20 + tcp.count + payload.count
        let ip: [UInt8] = [0x45, 0, UInt8(total >> 8), UInt8(total & 0xFF), 0, 0, 0x40, 0, 64, 6, 0, 0,
                           10, 0, 0, from, 10, 0, 0, 9]
        let ethernet: [UInt8] = Array(repeating: 0, count: 12) + [0x08, 0x00]
        return ethernet + ip + tcp + payload
    }

    static func pcap(_ packets: [[UInt8]]) throws -> String {
        func le32(_ v: UInt32) -> [UInt8] { withUnsafeBytes(of: v.littleEndian, Array.init) }
        var file = le32(0xA1B2_C3D4) + [2, 0, 4, 0] + le32(0) + le32(0) + le32(65535) + le32(1)
        for p in packets { file += le32(0) + le32(0) + le32(UInt32(p.count)) + le32(UInt32(p.count)) + p }
        let path = try VolleyProcess.temporaryDirectory() + "/t.pcap"
        try Data(file).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test func segmentsAreJoinedInOrderAndRetransmissionsCountOnce() throws {
        let path = try Self.pcap([
            Self.packet(from: 1, port: 5000, sequence: 99, syn: true, payload: []),
            Self.packet(from: 1, port: 5000, sequence: 100, payload: Array("VO".utf8)),
            Self.packet(from: 1, port: 5000, sequence: 100, payload: Array("VO".utf8)),  // retransmitted
            Self.packet(from: 1, port: 5000, sequence: 102, payload: Array("LY".utf8)),
        ])
        let capture = try PacketCapture(pcap: path)
        #expect(capture.packets == 4)
        #expect(capture.payloadBytes == 4)
        #expect(capture.directions(containing: Array("VOLY".utf8)).map(\.description) == ["10.0.0.1:5000 → 10.0.0.9:80"])
    }

    @Test func aConnectionOpenedBeforeTheCaptureIsLeftOut() throws {
        let record: UInt64 = 1234 << 32 | 7
        let bytes = withUnsafeBytes(of: record.littleEndian, Array.init)
        let path = try Self.pcap([
            Self.packet(from: 2, port: 6000, sequence: 5000, payload: bytes),  // no SYN in the file
            Self.packet(from: 1, port: 5000, sequence: 99, syn: true, payload: []),
            Self.packet(from: 1, port: 5000, sequence: 100, payload: [1, 2, 3]),
        ])
        let capture = try PacketCapture(pcap: path)
        #expect(capture.payloadBytes == 3)
        #expect(capture.earlierConnectionBytes == 8)
        #expect(capture.occurrences(ofLittleEndian: [record]).isEmpty)
    }

    @Test func aRecordSplitOverTwoSegmentsIsFoundWithItsPlace() throws {
        let record: UInt64 = 1234 << 32 | 7
        let bytes = withUnsafeBytes(of: record.littleEndian, Array.init)
        let path = try Self.pcap([
            Self.packet(from: 1, port: 5000, sequence: 99, syn: true, payload: []),
            Self.packet(from: 1, port: 5000, sequence: 100, payload: [9] + bytes[0..<3]),
            Self.packet(from: 1, port: 5000, sequence: 104, payload: Array(bytes[3...])),
        ])
        let sightings = try PacketCapture(pcap: path).sightings(ofLittleEndian: [record, 42])
        #expect(sightings.map(\.key) == [record])
        #expect(sightings.map(\.offset) == [1])
    }
}
