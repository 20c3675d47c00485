// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import CHDF5
@testable import VolleyFormats

/// Writes small HDF5 files in the layouts and types a reader must cope with (signed, narrow,
/// big-endian, float32, fixed-length strings), holding the readers' lock so that tests running
/// in parallel never call the serial libhdf5 from two threads at once.
final class HDF5TestWriter {
    /// Why writing failed: the HDF5 call that did.
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    private let file: hid_t

    /// Creates (truncates) `path`.
    init(path: String) throws {
        let id = HDF5Lock.withLock { () -> hid_t in
            H5Eset_auto2(volley_H5E_DEFAULT(), nil, nil)
            return H5Fcreate(path, volley_H5F_ACC_TRUNC(), volley_H5P_DEFAULT(), volley_H5P_DEFAULT())
        }
        guard id >= 0 else { throw Failure(description: "cannot create \(path)") }
        file = id
    }

    deinit {
        let file = file
        HDF5Lock.withLock { _ = H5Fclose(file) }
    }

    /// Creates `path` and any missing groups above it.
    func group(_ path: String) throws {
        try HDF5Lock.withLock { () throws(Failure) in try makeGroups(path) }
    }

    /// A dataset of `values` stored as `type` (e.g. `volley_H5T_STD_I8LE()`); `rows` > 1 makes it 2-D.
    func dataset(_ path: String, int64 values: [Int64], storedAs type: hid_t = volley_H5T_STD_I64LE(), rows: Int = 1) throws {
        try write(path, values, memoryType: volley_H5T_NATIVE_INT64(), storedAs: type, rows: rows)
    }

    func dataset(_ path: String, uint64 values: [UInt64], storedAs type: hid_t = volley_H5T_STD_U64LE()) throws {
        try write(path, values, memoryType: volley_H5T_NATIVE_UINT64(), storedAs: type, rows: 1)
    }

    func dataset(_ path: String, doubles values: [Double], storedAs type: hid_t = volley_H5T_IEEE_F64LE()) throws {
        try write(path, values, memoryType: volley_H5T_NATIVE_DOUBLE(), storedAs: type, rows: 1)
    }

    /// A dataset of fixed-length strings, for "not numbers" cases.
    func stringDataset(_ path: String, _ values: [String]) throws {
        try HDF5Lock.withLock { () throws(Failure) in
            try makeGroups(Self.parent(of: path))
            let size = max(1, values.map(\.utf8.count).max() ?? 1)
            let type = try Self.fixedString(size: size, pad: H5T_STR_NULLPAD)
            defer { H5Tclose(type) }
            var count = hsize_t(values.count)
            let space = H5Screate_simple(1, &count, nil)
            defer { H5Sclose(space) }
            let id = H5Dcreate2(file, path, type, space, volley_H5P_DEFAULT(), volley_H5P_DEFAULT(), volley_H5P_DEFAULT())
            guard id >= 0 else { throw Failure(description: "cannot create \(path)") }
            defer { H5Dclose(id) }
            var bytes = values.flatMap { Array($0.utf8) + [UInt8](repeating: 0, count: size - $0.utf8.count) }
            guard H5Dwrite(id, type, volley_H5S_ALL(), volley_H5S_ALL(), volley_H5P_DEFAULT(), &bytes) >= 0 else {
                throw Failure(description: "cannot write \(path)")
            }
        }
    }

    /// A scalar string attribute: variable-length UTF-8 (h5py's `str`) or fixed-length ASCII of
    /// `value`'s length plus `padding` pad characters, padded with `pad`.
    func attribute(_ name: String, _ value: String, on object: String, variable: Bool = true,
                   padding: Int = 0, pad: H5T_str_t = H5T_STR_NULLPAD) throws {
        try HDF5Lock.withLock { () throws(Failure) in
            let type: hid_t
            if variable {
                type = H5Tcopy(volley_H5T_C_S1())
                H5Tset_size(type, volley_H5T_VARIABLE())
                H5Tset_cset(type, H5T_CSET_UTF8)
            } else {
                type = try Self.fixedString(size: value.utf8.count + padding, pad: pad)
            }
            defer { H5Tclose(type) }
            let space = H5Screate(H5S_SCALAR)
            defer { H5Sclose(space) }
            let attribute = H5Acreate_by_name(file, object, name, type, space, volley_H5P_DEFAULT(), volley_H5P_DEFAULT(), volley_H5P_DEFAULT())
            guard attribute >= 0 else { throw Failure(description: "cannot create attribute \(name) of \(object)") }
            defer { H5Aclose(attribute) }
            let status: herr_t
            if variable {
                status = value.withCString { text in withUnsafePointer(to: text) { H5Awrite(attribute, type, $0) } }
            } else {
                var bytes = Array(value.utf8) + [UInt8](repeating: pad == H5T_STR_SPACEPAD ? 0x20 : 0, count: padding)
                status = H5Awrite(attribute, type, &bytes)
            }
            guard status >= 0 else { throw Failure(description: "cannot write attribute \(name) of \(object)") }
        }
    }

    /// A scalar float64 attribute, for "not a string" cases.
    func attribute(_ name: String, number: Double, on object: String) throws {
        try HDF5Lock.withLock { () throws(Failure) in
            let space = H5Screate(H5S_SCALAR)
            defer { H5Sclose(space) }
            let attribute = H5Acreate_by_name(
                file, object, name, volley_H5T_IEEE_F64LE(), space, volley_H5P_DEFAULT(), volley_H5P_DEFAULT(), volley_H5P_DEFAULT())
            guard attribute >= 0 else { throw Failure(description: "cannot create attribute \(name) of \(object)") }
            defer { H5Aclose(attribute) }
            var value = number
            guard H5Awrite(attribute, volley_H5T_NATIVE_DOUBLE(), &value) >= 0 else { throw Failure(description: "cannot write \(name)") }
        }
    }

    private func write<T>(_ path: String, _ values: [T], memoryType: hid_t, storedAs type: hid_t, rows: Int) throws {
        try HDF5Lock.withLock { () throws(Failure) in
            try makeGroups(Self.parent(of: path))
            var shape: [hsize_t] = rows > 1 ? [hsize_t(rows), hsize_t(values.count / rows)] : [hsize_t(values.count)]
            let space = H5Screate_simple(Int32(shape.count), &shape, nil)
            defer { H5Sclose(space) }
            let id = H5Dcreate2(file, path, type, space, volley_H5P_DEFAULT(), volley_H5P_DEFAULT(), volley_H5P_DEFAULT())
            guard id >= 0 else { throw Failure(description: "cannot create \(path)") }
            defer { H5Dclose(id) }
            guard values.isEmpty || values.withUnsafeBytes({ H5Dwrite(id, memoryType, volley_H5S_ALL(), volley_H5S_ALL(), volley_H5P_DEFAULT(), $0.baseAddress) }) >= 0 else {
                throw Failure(description: "cannot write \(path)")
            }
        }
    }

    /// Creates every missing group along `path`; the caller holds the lock.
    private func makeGroups(_ path: String) throws(Failure) {
        var prefix = ""
        for part in path.split(separator: "/") {
            prefix += "/" + part
            if H5Lexists(file, prefix, volley_H5P_DEFAULT()) > 0 { continue }
            let id = H5Gcreate2(file, prefix, volley_H5P_DEFAULT(), volley_H5P_DEFAULT(), volley_H5P_DEFAULT())
            guard id >= 0 else { throw Failure(description: "cannot create group \(prefix)") }
            H5Gclose(id)
        }
    }

    private static func parent(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "" }
        return String(path[..<slash])
    }

    private static func fixedString(size: Int, pad: H5T_str_t) throws(Failure) -> hid_t {
        let type = H5Tcopy(volley_H5T_C_S1())
        guard type >= 0, H5Tset_size(type, size) >= 0, H5Tset_strpad(type, pad) >= 0 else { throw Failure(description: "cannot make a string type") }
        return type
    }
}
