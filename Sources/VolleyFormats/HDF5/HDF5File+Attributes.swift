// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

internal import CHDF5

/// String attributes, such as SONATA's `node_population` on an edge population's node ids.
extension HDF5File {
    /// The string attribute `name` of `object`, variable- or fixed-length; nil if the object has
    /// no such attribute, an error if the object is missing or the attribute is not one string.
    public func stringAttribute(_ name: String, of object: String) throws(FileFormatError) -> String? {
        try HDF5Lock.withLock { () throws(FileFormatError) -> String? in
            let reading = HDF5Reading(path: path)
            let what = "attribute \(name) of \(object)"
            guard linkExists(object) else { throw reading.error("no object \(object) (looking for its attribute \(name))") }
            let exists = H5Aexists_by_name(id, object, name, volley_H5P_DEFAULT())
            try reading.check(exists, "cannot look for \(what)")
            guard exists > 0 else { return nil }
            let attribute = try reading.handle(
                H5Aopen_by_name(id, object, name, volley_H5P_DEFAULT(), volley_H5P_DEFAULT()), "cannot open \(what)")
            defer { H5Aclose(attribute) }
            let type = try reading.handle(H5Aget_type(attribute), "cannot get the type of \(what)")
            defer { H5Tclose(type) }
            let space = try reading.handle(H5Aget_space(attribute), "cannot get the shape of \(what)")
            defer { H5Sclose(space) }
            guard H5Tget_class(type) == H5T_STRING else { throw reading.error("\(what) holds \(Self.describe(type)), not a string") }
            let count = H5Sget_simple_extent_npoints(space)
            guard count == 1 else { throw reading.error("\(what) holds \(count) strings, not one") }
            // Read through a memory type of the file's character set, so HDF5 converts nothing.
            let memory = try reading.handle(H5Tcopy(volley_H5T_C_S1()), "cannot make a string type for \(what)")
            defer { H5Tclose(memory) }
            try reading.check(H5Tset_cset(memory, H5Tget_cset(type)), "cannot make a string type for \(what)")
            let variable = H5Tis_variable_str(type)
            try reading.check(variable, "cannot get the type of \(what)")
            if variable > 0 {
                try reading.check(H5Tset_size(memory, volley_H5T_VARIABLE()), "cannot make a string type for \(what)")
                var text: UnsafeMutablePointer<CChar>?
                try reading.check(H5Aread(attribute, memory, &text), "cannot read \(what)")
                guard let text else { return "" }
                defer { H5free_memory(text) }
                return String(cString: text)
            }
            let size = H5Tget_size(type)
            try reading.check(H5Tset_size(memory, size + 1), "cannot make a string type for \(what)")
            try reading.check(H5Tset_strpad(memory, H5T_STR_NULLTERM), "cannot make a string type for \(what)")
            var bytes = [UInt8](repeating: 0, count: size + 1)
            try reading.check(bytes.withUnsafeMutableBytes { H5Aread(attribute, memory, $0.baseAddress) }, "cannot read \(what)")
            var text = bytes.prefix { $0 != 0 }
            // Fortran-style strings are padded with spaces that are not part of the value.
            if H5Tget_strpad(type) == H5T_STR_SPACEPAD {
                while text.last == UInt8(ascii: " ") { text.removeLast() }
            }
            return String(decoding: text, as: UTF8.self)
        }
    }
}
