// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import Foundation

/// The TCP payload of a packet capture (`tcpdump -w`: pcap, Ethernet, IPv4), put back together
/// per direction of each connection, so that a test can ask what crossed the wire — a frame
/// header split over two packets is found whole.
///
/// Only connections opened while the capture ran are kept (their SYN is in the file): a
/// connection of an earlier run on the same hosts can still retransmit a segment after its
/// processes have exited, and that segment is not the traffic of the run under test.
public struct PacketCapture {
    /// One direction of one TCP connection.
    public struct Direction: Hashable, Sendable, CustomStringConvertible {
        public let sourceHost: String
        public let sourcePort: UInt16
        public let destinationHost: String
        public let destinationPort: UInt16
        public var description: String { "\(sourceHost):\(sourcePort) → \(destinationHost):\(destinationPort)" }
    }

    /// Each direction's bytes in sequence order (retransmitted bytes once).
    public private(set) var streams: [Direction: [UInt8]] = [:]
    /// Packets in the file.
    public private(set) var packets = 0
    /// Payload bytes of connections opened before the capture began, left out of `streams`.
    public private(set) var earlierConnectionBytes = 0
    private var opened: Set<Direction> = []
    private var nextSequence: [Direction: UInt32] = [:]

    /// Reads a pcap file (microsecond or nanosecond stamps, either byte order).
    public init(pcap path: String) throws {
        let data = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        guard data.count >= 24 else { throw CaptureError("\(path): too short for a pcap file") }
        let magic = Self.u32(data, 0, bigEndian: false)
        let bigEndian: Bool
        switch magic {
        case 0xA1B2_C3D4, 0xA1B2_3C4D: bigEndian = false
        case 0xD4C3_B2A1, 0x4D3C_B2A1: bigEndian = true
        default: throw CaptureError("\(path): not a pcap file (pcapng is not read here; tcpdump -w writes pcap)")
        }
        let linkType = Self.u32(data, 20, bigEndian: bigEndian)
        guard linkType == 1 else { throw CaptureError("\(path): link type \(linkType), not Ethernet (capture on an interface, not 'any')") }
        var offset = 24
        while offset + 16 <= data.count {
            let length = Int(Self.u32(data, offset + 8, bigEndian: bigEndian))
            let start = offset + 16
            guard start + length <= data.count else { break }  // a capture cut short
            packets += 1
            readEthernet(data[start..<start + length])
            offset = start + length
        }
    }

    /// Payload bytes in all directions.
    public var payloadBytes: Int { streams.values.reduce(0) { $0 + $1.count } }

    /// The directions whose bytes contain `needle`.
    public func directions(containing needle: [UInt8]) -> [Direction] {
        streams.filter { Self.contains($0.value, needle) }.map(\.key)
    }

    /// Which of `keys` occur anywhere as 8 little-endian bytes (a spike record on the wire).
    public func occurrences(ofLittleEndian keys: Set<UInt64>) -> Set<UInt64> {
        Set(sightings(ofLittleEndian: keys).map(\.key))
    }

    /// Where one of the keys was seen: the direction, the offset in its stream and the bytes
    /// around it, so that a failing test shows what the match sat in.
    public struct Sighting: CustomStringConvertible, Sendable {
        public let key: UInt64
        public let direction: Direction
        public let offset: Int
        public let context: [UInt8]
        public var description: String {
            let hex = context.map { String(format: "%02x", $0) }.joined(separator: " ")
            return "0x\(String(key, radix: 16)) at byte \(offset) of \(direction): \(hex)"
        }
    }

    /// Every place where one of `keys` occurs as 8 little-endian bytes.
    public func sightings(ofLittleEndian keys: Set<UInt64>) -> [Sighting] {
        var found: [Sighting] = []
        for (direction, bytes) in streams where bytes.count >= 8 {
            var window: UInt64 = 0
            for (i, b) in bytes.enumerated() {
                window = window >> 8 | UInt64(b) << 56
                if i >= 7 && keys.contains(window) {
                    let start = i - 7
                    let context = Array(bytes[max(0, start - 32)..<min(bytes.count, start + 40)])
                    found.append(Sighting(key: window, direction: direction, offset: start, context: context))
                }
            }
        }
        return found
    }

    static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard !needle.isEmpty, haystack.count >= needle.count else { return needle.isEmpty }
        let first = needle[0]
        var i = 0
        let last = haystack.count - needle.count
        while i <= last {
            if haystack[i] == first && haystack[i..<i + needle.count].elementsEqual(needle) { return true }
            i += 1
        }
        return false
    }

    private mutating func readEthernet(_ frame: ArraySlice<UInt8>) {
        var at = frame.startIndex + 12
        guard frame.count >= 14 else { return }
        var etherType = UInt16(frame[at]) << 8 | UInt16(frame[at + 1])
        if etherType == 0x8100, frame.count >= 18 {
            at += 4
            etherType = UInt16(frame[at]) << 8 | UInt16(frame[at + 1])
        }
        guard etherType == 0x0800 else { return }
        readIPv4(frame[(at + 2)...])
    }

    private mutating func readIPv4(_ p: ArraySlice<UInt8>) {
        let s = p.startIndex
        guard p.count >= 20, p[s] >> 4 == 4, p[s + 9] == 6 else { return }
        let headerLength = Int(p[s] & 0x0F) * 4
        // The IP length, not the frame's: Ethernet pads short frames.
        let total = min(Int(p[s + 2]) << 8 | Int(p[s + 3]), p.count)
        guard total >= headerLength + 20 else { return }
        let source = p[(s + 12)..<(s + 16)].map { String($0) }.joined(separator: ".")
        let destination = p[(s + 16)..<(s + 20)].map { String($0) }.joined(separator: ".")
        let t = s + headerLength
        let tcpHeader = Int(p[t + 12] >> 4) * 4
        guard total >= headerLength + tcpHeader else { return }
        let direction = Direction(
            sourceHost: source, sourcePort: UInt16(p[t]) << 8 | UInt16(p[t + 1]),
            destinationHost: destination, destinationPort: UInt16(p[t + 2]) << 8 | UInt16(p[t + 3]))
        let sequence = p[(t + 4)..<(t + 8)].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        let syn = p[t + 13] & 0x02 != 0
        let payload = p[(t + tcpHeader)..<(s + total)]
        if syn { opened.insert(direction) }
        guard opened.contains(direction) else {
            earlierConnectionBytes += payload.count
            return
        }
        accept(payload, sequence: syn ? sequence &+ 1 : sequence, in: direction)
    }

    /// Appends what `payload` adds beyond the bytes already held (sequence numbers wrap).
    private mutating func accept(_ payload: ArraySlice<UInt8>, sequence: UInt32, in direction: Direction) {
        let expected = nextSequence[direction] ?? sequence
        let ahead = Int(Int32(bitPattern: sequence &- expected))
        let skip = max(0, -ahead)
        guard skip < payload.count else {
            if nextSequence[direction] == nil { nextSequence[direction] = sequence }
            return
        }
        streams[direction, default: []].append(contentsOf: payload.dropFirst(skip))
        nextSequence[direction] = sequence &+ UInt32(payload.count)
    }

    private static func u32(_ d: [UInt8], _ at: Int, bigEndian: Bool) -> UInt32 {
        let b = d[at..<at + 4]
        return bigEndian ? b.reduce(0) { $0 << 8 | UInt32($1) } : b.reversed().reduce(0) { $0 << 8 | UInt32($1) }
    }
}

/// A capture file that cannot be read.
public struct CaptureError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
