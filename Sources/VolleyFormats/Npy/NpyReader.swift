// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import VolleyCore

/// Reads NumPy's `.npy` format, versions 1.0 and 2.0, as `numpy.save` writes weight matrices:
/// a 1-D (one row) or 2-D array in C order of little-endian float64, float32, int64 or int32.
/// Anything else fails with the reason, so a file saved in another layout is never misread.
public enum NpyReader {
    /// Why the bytes are not a matrix this reader takes.
    public struct Failure: Error, Equatable {
        public let reason: String
        public init(reason: String) { self.reason = reason }
    }

    /// The element types read, by their NumPy `descr`.
    private static let types: [String: (size: Int, name: String)] = [
        "<f8": (8, "float64"), "<f4": (4, "float32"), "<i8": (8, "int64"), "<i4": (4, "int32"), "<u8": (8, "uint64"),
        "<u4": (4, "uint32"),
    ]

    public static let magic: [UInt8] = [0x93] + Swift.Array("NUMPY".utf8)

    /// An array as stored: its shape (C order) and its elements converted to Double.
    public struct Array: Sendable {
        public let shape: [Int]
        public let values: [Double]
        /// The NumPy type name ("float64", "int32", …).
        public let typeName: String
    }

    /// A 1-D (one row) or 2-D array of finite numbers, as a weight matrix.
    public static func matrix(from bytes: [UInt8]) throws(Failure) -> Matrix {
        let array = try array(from: bytes)
        let shape = array.shape
        let rows: Int, columns: Int
        switch shape.count {
        case 1: (rows, columns) = (1, shape[0])
        case 2: (rows, columns) = (shape[0], shape[1])
        default: throw Failure(reason: "it holds a \(shape.count)-D array; a matrix must be 1-D (one row) or 2-D")
        }
        guard rows >= 1, columns >= 1 else { throw Failure(reason: "the array is empty (shape \(shapeText(shape)))") }
        let values = array.values
        if let bad = values.firstIndex(where: { !$0.isFinite }) {
            throw Failure(reason: "element [\(bad / columns), \(bad % columns)] is \(values[bad]); weights must be finite")
        }
        return Matrix(rows: rows, columns: columns, values: values)
    }

    /// Any array of the element types read, of any shape, its values unchecked.
    public static func array(from bytes: [UInt8]) throws(Failure) -> Array {
        guard bytes.count >= 10, Swift.Array(bytes[0..<6]) == magic else {
            throw Failure(reason: "it is not a .npy file (it does not start with \\x93NUMPY)")
        }
        let major = bytes[6], minor = bytes[7]
        let headerStart: Int, headerLength: Int
        switch (major, minor) {
        case (1, 0):
            headerStart = 10
            headerLength = Int(bytes[8]) | Int(bytes[9]) << 8
        case (2, 0), (3, 0):
            guard bytes.count >= 12 else { throw Failure(reason: "the file ends inside its header") }
            headerStart = 12
            headerLength = (0..<4).reduce(0) { $0 | Int(bytes[8 + $1]) << (8 * $1) }
        default:
            throw Failure(reason: "format version \(major).\(minor) is not supported (1.0, 2.0 or 3.0 expected)")
        }
        guard headerStart + headerLength <= bytes.count else { throw Failure(reason: "the file ends inside its header") }
        let header = String(decoding: bytes[headerStart..<(headerStart + headerLength)], as: UTF8.self)
        let fields = try NpyHeader.parse(header)
        guard Set(fields.keys) == ["descr", "fortran_order", "shape"] else {
            throw Failure(reason: "the header must hold exactly descr, fortran_order and shape, got \(fields.keys.sorted().joined(separator: ", "))")
        }
        guard case .string(let descr)? = fields["descr"], let type = types[descr] else {
            let given = if case .string(let d)? = fields["descr"] { "'\(d)'" } else { "a structured dtype" }
            throw Failure(reason: "dtype \(given) is not supported (little-endian '<f8', '<f4', '<i8', '<i4', '<u8' or '<u4' expected)")
        }
        guard case .bool(let fortran)? = fields["fortran_order"] else {
            throw Failure(reason: "fortran_order must be True or False")
        }
        guard case .tuple(let shape)? = fields["shape"] else { throw Failure(reason: "shape must be a tuple of sizes") }
        guard !fortran || shape.count <= 1 else {
            throw Failure(reason: "the array is in Fortran order; save it in C order (numpy.ascontiguousarray)")
        }
        var count = 1, overflow = false
        for n in shape {
            let (c, o) = count.multipliedReportingOverflow(by: n)
            count = c
            overflow = overflow || o
        }
        let (length, o2) = count.multipliedReportingOverflow(by: type.size)
        let dataStart = headerStart + headerLength
        guard !overflow, !o2, bytes.count - dataStart == length else {
            let have = bytes.count - dataStart
            throw Failure(reason: "shape \(shapeText(shape)) of \(type.name) needs \(overflow || o2 ? "more" : String(length)) data bytes, but the file has \(have)")
        }
        // One loop per element type: the type is decided once, not per element.
        let values = bytes.withUnsafeBytes { raw -> [Double] in
            let data = UnsafeRawBufferPointer(rebasing: raw[dataStart...])
            func convert<T>(_: T.Type, _ f: (T) -> Double) -> [Double] {
                [Double](unsafeUninitializedCapacity: count) { out, initialized in
                    for i in 0..<count { out[i] = f(data.loadUnaligned(fromByteOffset: i * MemoryLayout<T>.size, as: T.self)) }
                    initialized = count
                }
            }
            switch descr {
            case "<f8": return convert(UInt64.self) { Double(bitPattern: UInt64(littleEndian: $0)) }
            case "<f4": return convert(UInt32.self) { Double(Float(bitPattern: UInt32(littleEndian: $0))) }
            case "<i8": return convert(Int64.self) { Double(Int64(littleEndian: $0)) }
            case "<i4": return convert(Int32.self) { Double(Int32(littleEndian: $0)) }
            case "<u8": return convert(UInt64.self) { Double(UInt64(littleEndian: $0)) }
            default: return convert(UInt32.self) { Double(UInt32(littleEndian: $0)) }
            }
        }
        return Array(shape: shape, values: values, typeName: type.name)
    }

    private static func shapeText(_ shape: [Int]) -> String {
        "(" + shape.map(String.init).joined(separator: ", ") + (shape.count == 1 ? ",)" : ")")
    }
}
