// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

internal import CHDF5

/// Attributes of the kinds a SONATA file carries: unsigned integers, a string, an enum value.
extension HDF5Call {
    /// A scalar uint32 attribute (SONATA's `magic`).
    func writeAttribute(_ name: String, scalar value: UInt32, on object: hid_t) throws(OutputError) {
        let space = try handle(H5Screate(H5S_SCALAR), "cannot create a dataspace for attribute \(name)")
        defer { H5Sclose(space) }
        var value = value
        try write(name, on: object, type: volley_H5T_STD_U32LE(), space: space) { H5Awrite($0, volley_H5T_NATIVE_UINT32(), &value) }
    }

    /// A one-dimensional uint32 attribute (SONATA's `version`).
    func writeAttribute(_ name: String, array values: [UInt32], on object: hid_t) throws(OutputError) {
        var count = hsize_t(values.count)
        let space = try handle(H5Screate_simple(1, &count, nil), "cannot create a dataspace for attribute \(name)")
        defer { H5Sclose(space) }
        try write(name, on: object, type: volley_H5T_STD_U32LE(), space: space) { attribute in
            values.withUnsafeBytes { H5Awrite(attribute, volley_H5T_NATIVE_UINT32(), $0.baseAddress) }
        }
    }

    /// A scalar variable-length UTF-8 string attribute, the type h5py gives a Python `str` and
    /// libsonata reads `units` as.
    func writeAttribute(_ name: String, string value: String, on object: hid_t) throws(OutputError) {
        let type = try handle(H5Tcopy(volley_H5T_C_S1()), "cannot create a string type for attribute \(name)")
        defer { H5Tclose(type) }
        try check(H5Tset_size(type, volley_H5T_VARIABLE()), "cannot make attribute \(name) variable-length")
        try check(H5Tset_cset(type, H5T_CSET_UTF8), "cannot make attribute \(name) UTF-8")
        let space = try handle(H5Screate(H5S_SCALAR), "cannot create a dataspace for attribute \(name)")
        defer { H5Sclose(space) }
        try write(name, on: object, type: type, space: space) { attribute in
            // HDF5 takes a variable-length string as a pointer to its C string.
            value.withCString { text in withUnsafePointer(to: text) { H5Awrite(attribute, type, $0) } }
        }
    }

    /// A scalar attribute of the enum `type` whose base type is uint8.
    func writeAttribute(_ name: String, enumValue value: UInt8, type: hid_t, on object: hid_t) throws(OutputError) {
        let space = try handle(H5Screate(H5S_SCALAR), "cannot create a dataspace for attribute \(name)")
        defer { H5Sclose(space) }
        var value = value
        try write(name, on: object, type: type, space: space) { H5Awrite($0, type, &value) }
    }

    /// Creates attribute `name` stored as `type` and fills it with `body`, which returns
    /// `H5Awrite`'s status.
    private func write(_ name: String, on object: hid_t, type: hid_t, space: hid_t, _ body: (hid_t) -> herr_t) throws(OutputError) {
        let attribute = try handle(
            H5Acreate2(object, name, type, space, volley_H5P_DEFAULT(), volley_H5P_DEFAULT()), "cannot create attribute \(name)")
        defer { H5Aclose(attribute) }
        try check(body(attribute), "cannot write attribute \(name)")
    }
}
