// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

internal import CHDF5

/// One-dimensional numeric datasets, the columns of a SONATA file, read whole.
extension HDF5File {
    /// The values of an integer dataset of any width and sign. Signed data is read as signed
    /// (HDF5 would clamp −1 to 0 when converting to an unsigned type); unsigned values above
    /// Int64.max, and float datasets, are errors naming the dataset.
    public func integers(_ dataset: String) throws(FileFormatError) -> [Int64] {
        try HDF5Lock.withLock { () throws(FileFormatError) -> [Int64] in
            let reading = HDF5Reading(path: path)
            let column = try openColumn(dataset, reading)
            defer { H5Dclose(column.id) }
            let type = try reading.handle(H5Dget_type(column.id), "cannot get the type of dataset \(dataset)")
            defer { H5Tclose(type) }
            guard H5Tget_class(type) == H5T_INTEGER else {
                throw reading.error("dataset \(dataset) holds \(Self.describe(type)), not integers")
            }
            // Only a 64-bit unsigned type can hold what Int64 cannot; narrower ones convert exactly.
            guard H5Tget_sign(type) == H5T_SGN_NONE && H5Tget_size(type) >= 8 else {
                return try read(column, dataset, memoryType: volley_H5T_NATIVE_INT64(), as: Int64.self, reading)
            }
            let raw = try read(column, dataset, memoryType: volley_H5T_NATIVE_UINT64(), as: UInt64.self, reading)
            if let row = raw.firstIndex(where: { $0 > UInt64(Int64.max) }) {
                throw reading.error("row \(row) of dataset \(dataset) is \(raw[row]), beyond the largest Int64")
            }
            return raw.map { Int64(bitPattern: $0) }
        }
    }

    /// The values of a float or integer dataset as Double (integers beyond 2^53 round).
    public func doubles(_ dataset: String) throws(FileFormatError) -> [Double] {
        try HDF5Lock.withLock { () throws(FileFormatError) -> [Double] in
            let reading = HDF5Reading(path: path)
            let column = try openColumn(dataset, reading)
            defer { H5Dclose(column.id) }
            let type = try reading.handle(H5Dget_type(column.id), "cannot get the type of dataset \(dataset)")
            defer { H5Tclose(type) }
            let kind = H5Tget_class(type)
            guard kind == H5T_FLOAT || kind == H5T_INTEGER else {
                throw reading.error("dataset \(dataset) holds \(Self.describe(type)), not numbers")
            }
            return try read(column, dataset, memoryType: volley_H5T_NATIVE_DOUBLE(), as: Double.self, reading)
        }
    }

    /// The number of elements of a one-dimensional dataset.
    public func count(_ dataset: String) throws(FileFormatError) -> Int {
        try HDF5Lock.withLock { () throws(FileFormatError) -> Int in
            let column = try openColumn(dataset, HDF5Reading(path: path))
            H5Dclose(column.id)
            return column.count
        }
    }

    /// Whether `dataset` exists and holds numbers (integers or floats) in one dimension: a
    /// column of a SONATA group, as opposed to a string column or a subgroup.
    func isNumericColumn(_ dataset: String) -> Bool {
        HDF5Lock.withLock {
            guard objectType(dataset) == H5I_DATASET else { return false }
            let id = H5Dopen2(self.id, dataset, volley_H5P_DEFAULT())
            guard id >= 0 else { return false }
            defer { H5Dclose(id) }
            let type = H5Dget_type(id), space = H5Dget_space(id)
            defer { H5Tclose(type); H5Sclose(space) }
            let kind = H5Tget_class(type)
            return (kind == H5T_INTEGER || kind == H5T_FLOAT) && H5Sget_simple_extent_ndims(space) == 1
        }
    }

    // MARK: Unlocked helpers: the caller holds HDF5Lock.

    /// An open one-dimensional dataset and its length; the caller closes it.
    private func openColumn(_ dataset: String, _ reading: HDF5Reading) throws(FileFormatError) -> (id: hid_t, count: Int) {
        guard let type = objectType(dataset) else { throw reading.error("no dataset \(dataset)") }
        guard type == H5I_DATASET else { throw reading.error("\(dataset) is not a dataset") }
        let id = try reading.handle(H5Dopen2(self.id, dataset, volley_H5P_DEFAULT()), "cannot open dataset \(dataset)")
        let space = H5Dget_space(id)
        guard space >= 0 else {
            H5Dclose(id)
            throw reading.failure("cannot get the shape of dataset \(dataset)")
        }
        defer { H5Sclose(space) }
        let rank = H5Sget_simple_extent_ndims(space)
        guard rank == 1 else {
            H5Dclose(id)
            throw reading.error("dataset \(dataset) has \(rank) dimensions; a column has one")
        }
        return (id, Int(H5Sget_simple_extent_npoints(space)))
    }

    /// The whole of an open column, converted by HDF5 to `memoryType`, whose layout is `T`'s.
    private func read<T: BitwiseCopyable>(
        _ column: (id: hid_t, count: Int), _ dataset: String, memoryType: hid_t, as: T.Type, _ reading: HDF5Reading
    ) throws(FileFormatError) -> [T] {
        guard column.count > 0 else { return [] }
        var status: herr_t = -1
        let values = [T](unsafeUninitializedCapacity: column.count) { buffer, initialized in
            status = H5Dread(column.id, memoryType, volley_H5S_ALL(), volley_H5S_ALL(), volley_H5P_DEFAULT(), buffer.baseAddress)
            // The elements are plain bits: on failure they are garbage, but never read.
            initialized = column.count
        }
        try reading.check(status, "cannot read dataset \(dataset)")
        return values
    }

    /// A type in numpy's words ("uint16", "float64", "strings"), for messages.
    static func describe(_ type: hid_t) -> String {
        let bits = H5Tget_size(type) * 8
        switch H5Tget_class(type) {
        case H5T_INTEGER: return (H5Tget_sign(type) == H5T_SGN_NONE ? "uint" : "int") + "\(bits)"
        case H5T_FLOAT: return "float\(bits)"
        case H5T_STRING: return "strings"
        case H5T_ENUM: return "enum values"
        case H5T_COMPOUND: return "compound records"
        case H5T_ARRAY: return "arrays"
        case H5T_VLEN: return "variable-length sequences"
        default: return "values of HDF5 type class \(H5Tget_class(type).rawValue)"
        }
    }
}
