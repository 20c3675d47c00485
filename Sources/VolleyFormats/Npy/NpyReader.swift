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
        "<f8": (8, "float64"), "<f4": (4, "float32"), "<i8": (8, "int64"), "<i4": (4, "int32"),
    ]

    public static let magic: [UInt8] = [0x93] + Array("NUMPY".utf8)

    public static func matrix(from bytes: [UInt8]) throws(Failure) -> Matrix {
        guard bytes.count >= 10, Array(bytes[0..<6]) == magic else {
            throw Failure(reason: "it is not a .npy file (it does not start with \\x93NUMPY)")
        }
        let major = bytes[6], minor = bytes[7]
        let headerStart: Int, headerLength: Int
        switch (major, minor) {
        case (1, 0):
            headerStart = 10
            headerLength = Int(bytes[8]) | Int(bytes[9]) << 8
        case (2, 0):
            guard bytes.count >= 12 else { throw Failure(reason: "the file ends inside its header") }
            headerStart = 12
            headerLength = (0..<4).reduce(0) { $0 | Int(bytes[8 + $1]) << (8 * $1) }
        default:
            throw Failure(reason: "format version \(major).\(minor) is not supported (1.0 or 2.0 expected)")
        }
        guard headerStart + headerLength <= bytes.count else { throw Failure(reason: "the file ends inside its header") }
        let header = String(decoding: bytes[headerStart..<(headerStart + headerLength)], as: UTF8.self)
        let fields = try NpyHeader.parse(header)
        guard Set(fields.keys) == ["descr", "fortran_order", "shape"] else {
            throw Failure(reason: "the header must hold exactly descr, fortran_order and shape, got \(fields.keys.sorted().joined(separator: ", "))")
        }
        guard case .string(let descr)? = fields["descr"], let type = types[descr] else {
            let given = if case .string(let d)? = fields["descr"] { "'\(d)'" } else { "a structured dtype" }
            throw Failure(reason: "dtype \(given) is not supported (little-endian '<f8', '<f4', '<i8' or '<i4' expected)")
        }
        guard case .bool(let fortran)? = fields["fortran_order"] else {
            throw Failure(reason: "fortran_order must be True or False")
        }
        guard !fortran else { throw Failure(reason: "the array is in Fortran order; save it in C order (numpy.ascontiguousarray)") }
        guard case .tuple(let shape)? = fields["shape"] else { throw Failure(reason: "shape must be a tuple of sizes") }
        let rows: Int, columns: Int
        switch shape.count {
        case 1: (rows, columns) = (1, shape[0])
        case 2: (rows, columns) = (shape[0], shape[1])
        default: throw Failure(reason: "it holds a \(shape.count)-D array; a matrix must be 1-D (one row) or 2-D")
        }
        guard rows >= 1, columns >= 1 else { throw Failure(reason: "the array is empty (shape \(shapeText(shape)))") }
        let (count, o1) = rows.multipliedReportingOverflow(by: columns)
        let (length, o2) = count.multipliedReportingOverflow(by: type.size)
        let dataStart = headerStart + headerLength
        guard !o1, !o2, bytes.count - dataStart == length else {
            let have = bytes.count - dataStart
            throw Failure(reason: "shape \(shapeText(shape)) of \(type.name) needs \(o1 || o2 ? "more" : String(length)) data bytes, but the file has \(have)")
        }
        var values: [Double] = []
        values.reserveCapacity(count)
        bytes.withUnsafeBytes { raw in
            for i in 0..<count {
                let at = dataStart + i * type.size
                switch descr {
                case "<f8": values.append(Double(bitPattern: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: at, as: UInt64.self))))
                case "<f4": values.append(Double(Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: at, as: UInt32.self)))))
                case "<i8": values.append(Double(Int64(littleEndian: raw.loadUnaligned(fromByteOffset: at, as: Int64.self))))
                default: values.append(Double(Int32(littleEndian: raw.loadUnaligned(fromByteOffset: at, as: Int32.self))))
                }
            }
        }
        if let bad = values.firstIndex(where: { !$0.isFinite }) {
            throw Failure(reason: "element [\(bad / columns), \(bad % columns)] is \(values[bad]); weights must be finite")
        }
        return Matrix(rows: rows, columns: columns, values: values)
    }

    private static func shapeText(_ shape: [Int]) -> String {
        "(" + shape.map(String.init).joined(separator: ", ") + (shape.count == 1 ? ",)" : ")")
    }
}
