// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import CHDF5
@testable import VolleyFormats

/// Reads an HDF5 file back through libhdf5 itself, independently of Volley's writer, so the
/// tests check what is on disk rather than what the writer meant to put there.
final class HDF5TestFile {
    private let file: hid_t

    init?(path: String) {
        let id = HDF5Lock.withLock {
            H5Eset_auto2(volley_H5E_DEFAULT(), nil, nil)
            return H5Fopen(path, volley_H5F_ACC_RDONLY(), volley_H5P_DEFAULT())
        }
        guard id >= 0 else { return nil }
        file = id
    }

    deinit { HDF5Lock.withLock { _ = H5Fclose(file) } }

    /// Whether every link along `path` ("/spikes/E/timestamps") exists.
    func exists(_ path: String) -> Bool {
        HDF5Lock.withLock {
            var prefix = ""
            for part in path.split(separator: "/") {
                prefix += "/" + part
                guard H5Lexists(file, prefix, volley_H5P_DEFAULT()) > 0 else { return false }
            }
            return true
        }
    }

    /// The names of a group's members, in name order.
    func members(of group: String) -> [String] {
        HDF5Lock.withLock {
            let id = H5Gopen2(file, group, volley_H5P_DEFAULT())
            guard id >= 0 else { return [] }
            defer { H5Gclose(id) }
            var info = H5G_info_t()
            guard H5Gget_info(id, &info) >= 0 else { return [] }
            return (0..<info.nlinks).map { i in
                var buffer = [CChar](repeating: 0, count: 256)
                H5Lget_name_by_idx(id, ".", H5_INDEX_NAME, H5_ITER_INC, i, &buffer, buffer.count, volley_H5P_DEFAULT())
                return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            }
        }
    }

    /// Whether the dataset is stored as `type` (an `H5T_STD_*` or `H5T_IEEE_*` id).
    func dataset(_ path: String, isStoredAs type: hid_t) -> Bool {
        HDF5Lock.withLock {
            let ds = H5Dopen2(file, path, volley_H5P_DEFAULT())
            guard ds >= 0 else { return false }
            defer { H5Dclose(ds) }
            let stored = H5Dget_type(ds)
            defer { H5Tclose(stored) }
            return H5Tequal(stored, type) > 0
        }
    }

    /// Whether the dataset is chunked, one-dimensional and of unlimited length.
    func isExtendable(_ path: String) -> Bool {
        HDF5Lock.withLock {
            let ds = H5Dopen2(file, path, volley_H5P_DEFAULT())
            guard ds >= 0 else { return false }
            defer { H5Dclose(ds) }
            let properties = H5Dget_create_plist(ds)
            defer { H5Pclose(properties) }
            let space = H5Dget_space(ds)
            defer { H5Sclose(space) }
            var length: hsize_t = 0, maxLength: hsize_t = 0
            guard H5Sget_simple_extent_ndims(space) == 1, H5Sget_simple_extent_dims(space, &length, &maxLength) == 1 else { return false }
            return H5Pget_layout(properties) == H5D_CHUNKED && maxLength == volley_H5S_UNLIMITED()
        }
    }

    func doubles(_ path: String) -> [Double]? { HDF5Lock.withLock { read(path, memoryType: volley_H5T_NATIVE_DOUBLE(), zero: 0.0) } }

    func unsigned(_ path: String) -> [UInt64]? { HDF5Lock.withLock { read(path, memoryType: volley_H5T_NATIVE_UINT64(), zero: UInt64(0)) } }

    private func read<T>(_ path: String, memoryType: hid_t, zero: T) -> [T]? {
        let ds = H5Dopen2(file, path, volley_H5P_DEFAULT())
        guard ds >= 0 else { return nil }
        defer { H5Dclose(ds) }
        let space = H5Dget_space(ds)
        defer { H5Sclose(space) }
        let count = H5Sget_simple_extent_npoints(space)
        guard count >= 0 else { return nil }
        var values = [T](repeating: zero, count: Int(count))
        guard count == 0 || values.withUnsafeMutableBytes({ H5Dread(ds, memoryType, volley_H5S_ALL(), volley_H5S_ALL(), volley_H5P_DEFAULT(), $0.baseAddress) }) >= 0 else { return nil }
        return values
    }

    /// A uint32 attribute's values and whether its dataspace is scalar; nil unless it is
    /// stored as little-endian uint32.
    func uint32Attribute(_ name: String, of object: String) -> (values: [UInt32], scalar: Bool)? {
        HDF5Lock.withLock {
            attribute(name, of: object) { attribute, type, space in
                guard H5Tequal(type, volley_H5T_STD_U32LE()) > 0 else { return nil }
                let count = Int(H5Sget_simple_extent_npoints(space))
                var values = [UInt32](repeating: 0, count: count)
                guard values.withUnsafeMutableBytes({ H5Aread(attribute, volley_H5T_NATIVE_UINT32(), $0.baseAddress) }) >= 0 else { return nil }
                return (values, H5Sget_simple_extent_type(space) == H5S_SCALAR)
            }
        }
    }

    /// A scalar variable-length UTF-8 string attribute (h5py's `str`); nil if it is another type.
    func stringAttribute(_ name: String, of object: String) -> String? {
        HDF5Lock.withLock {
            attribute(name, of: object) { attribute, type, space in
                guard H5Tget_class(type) == H5T_STRING, H5Tis_variable_str(type) > 0, H5Tget_cset(type) == H5T_CSET_UTF8,
                      H5Sget_simple_extent_type(space) == H5S_SCALAR else { return nil }
                var pointer: UnsafeMutablePointer<CChar>?
                guard H5Aread(attribute, type, &pointer) >= 0, let pointer else { return nil }
                defer { H5free_memory(pointer) }
                return String(cString: pointer)
            }
        }
    }

    /// A scalar enum attribute: the name of its value, its members, and whether its base type
    /// is uint8.
    func enumAttribute(_ name: String, of object: String) -> (value: String, members: [String: UInt8], uint8: Bool)? {
        HDF5Lock.withLock {
            attribute(name, of: object) { attribute, type, space in
                guard H5Tget_class(type) == H5T_ENUM, H5Sget_simple_extent_type(space) == H5S_SCALAR else { return nil }
                let base = H5Tget_super(type)
                defer { H5Tclose(base) }
                let uint8 = H5Tequal(base, volley_H5T_STD_U8LE()) > 0
                var members: [String: UInt8] = [:]
                for i in 0..<UInt32(max(0, H5Tget_nmembers(type))) {
                    guard let memberName = H5Tget_member_name(type, i) else { return nil }
                    defer { H5free_memory(memberName) }
                    var value: UInt8 = 0
                    H5Tget_member_value(type, i, &value)
                    members[String(cString: memberName)] = value
                }
                var raw: UInt8 = 0
                guard H5Aread(attribute, type, &raw) >= 0 else { return nil }
                var text = [CChar](repeating: 0, count: 64)
                guard H5Tenum_nameof(type, &raw, &text, text.count) >= 0 else { return nil }
                return (String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self), members, uint8)
            }
        }
    }

    private func attribute<R>(_ name: String, of object: String, _ body: (hid_t, hid_t, hid_t) -> R?) -> R? {
        let id = H5Oopen(file, object, volley_H5P_DEFAULT())
        guard id >= 0 else { return nil }
        defer { H5Oclose(id) }
        let attribute = H5Aopen(id, name, volley_H5P_DEFAULT())
        guard attribute >= 0 else { return nil }
        defer { H5Aclose(attribute) }
        let type = H5Aget_type(attribute)
        defer { H5Tclose(type) }
        let space = H5Aget_space(attribute)
        defer { H5Sclose(space) }
        return body(attribute, type, space)
    }
}
