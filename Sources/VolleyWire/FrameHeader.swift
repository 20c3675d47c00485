// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

/// The 40-byte header of every frame; as a numpy dtype:
/// `[('magic','S4'),('version','<u2'),('kind','u1'),('flags','u1'),('run_id','<u8'),
/// ('source','<u4'),('count','<u4'),('epoch','<u8'),('sequence','<u8')]`.
public struct FrameHeader: Equatable, Sendable {
    public var kind: FrameKind
    public var flags: UInt8
    /// The run this frame belongs to: frames of another run are refused.
    public var runID: UInt64
    /// The source shard (data frames) or worker (control frames).
    public var source: UInt32
    /// Entries in the payload (data frames) or payload bytes (control frames).
    public var count: UInt32
    public var epoch: UInt64
    /// The sender's message counter for this source and kind, from 0.
    public var sequence: UInt64

    public init(kind: FrameKind, flags: UInt8 = 0, runID: UInt64, source: UInt32, count: UInt32, epoch: UInt64, sequence: UInt64) {
        self.kind = kind
        self.flags = flags
        self.runID = runID
        self.source = source
        self.count = count
        self.epoch = epoch
        self.sequence = sequence
    }

    /// Writes the header into the first 40 bytes of `out`.
    public func write(to out: UnsafeMutableRawBufferPointer) {
        precondition(out.count >= WireFormat.headerSize)
        var w = ByteWriter(out)
        w.bytes(WireFormat.magic)
        w.u16(WireFormat.version)
        w.u8(kind.rawValue)
        w.u8(flags)
        w.u64(runID)
        w.u32(source)
        w.u32(count)
        w.u64(epoch)
        w.u64(sequence)
    }

    /// Reads and checks a header; the payload's size is checked by the kind's decoder.
    public static func read(_ bytes: UnsafeRawBufferPointer) -> Result<FrameHeader, WireError> {
        guard bytes.count >= WireFormat.headerSize else {
            return .failure(.truncated(needed: WireFormat.headerSize, got: bytes.count))
        }
        var r = ByteReader(bytes)
        guard r.bytes(4) == WireFormat.magic else { return .failure(.badMagic) }
        let version = r.u16()
        guard version == WireFormat.version else { return .failure(.unsupportedVersion(version)) }
        let rawKind = r.u8()
        guard let kind = FrameKind(rawValue: rawKind) else { return .failure(.unknownKind(rawKind)) }
        let flags = r.u8()
        let runID = r.u64(), source = r.u32(), count = r.u32(), epoch = r.u64(), sequence = r.u64()
        return .success(FrameHeader(kind: kind, flags: flags, runID: runID, source: source, count: count, epoch: epoch, sequence: sequence))
    }

    /// The subscription prefix that selects frames of `kind` from `source` in run `runID`.
    public static func topic(kind: FrameKind, runID: UInt64, source: UInt32) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: WireFormat.headerSize)
        out.withUnsafeMutableBytes {
            FrameHeader(kind: kind, runID: runID, source: source, count: 0, epoch: 0, sequence: 0).write(to: $0)
        }
        return Array(out.prefix(WireFormat.topicSize))
    }
}

/// Little-endian writes into a buffer whose size the caller has checked.
struct ByteWriter {
    private let out: UnsafeMutableRawBufferPointer
    private(set) var offset = 0

    init(_ out: UnsafeMutableRawBufferPointer, offset: Int = 0) {
        self.out = out
        self.offset = offset
    }

    mutating func bytes(_ b: [UInt8]) { for x in b { u8(x) } }
    mutating func u8(_ v: UInt8) { out[offset] = v; offset += 1 }
    mutating func u16(_ v: UInt16) { out.storeBytes(of: v.littleEndian, toByteOffset: offset, as: UInt16.self); offset += 2 }
    mutating func u32(_ v: UInt32) { out.storeBytes(of: v.littleEndian, toByteOffset: offset, as: UInt32.self); offset += 4 }
    mutating func u64(_ v: UInt64) { out.storeBytes(of: v.littleEndian, toByteOffset: offset, as: UInt64.self); offset += 8 }
    mutating func f32(_ v: Float) { u32(v.bitPattern) }
    mutating func f64(_ v: Double) { u64(v.bitPattern) }
}

/// Little-endian reads from a buffer whose size the caller has checked.
struct ByteReader {
    private let input: UnsafeRawBufferPointer
    private(set) var offset: Int

    init(_ input: UnsafeRawBufferPointer, offset: Int = 0) {
        self.input = input
        self.offset = offset
    }

    mutating func bytes(_ n: Int) -> [UInt8] {
        defer { offset += n }
        return Array(input[offset..<(offset + n)])
    }
    mutating func u8() -> UInt8 { defer { offset += 1 }; return input[offset] }
    mutating func u16() -> UInt16 { defer { offset += 2 }; return UInt16(littleEndian: input.loadUnaligned(fromByteOffset: offset, as: UInt16.self)) }
    mutating func u32() -> UInt32 { defer { offset += 4 }; return UInt32(littleEndian: input.loadUnaligned(fromByteOffset: offset, as: UInt32.self)) }
    mutating func u64() -> UInt64 { defer { offset += 8 }; return UInt64(littleEndian: input.loadUnaligned(fromByteOffset: offset, as: UInt64.self)) }
    mutating func f32() -> Float { Float(bitPattern: u32()) }
    mutating func f64() -> Double { Double(bitPattern: u64()) }
}
