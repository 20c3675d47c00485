// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

internal import CHDF5

/// A one-dimensional dataset of unlimited length, chunked, that grows by a batch at a time:
/// extend, then write the batch into the new hyperslab.
struct HDF5Column {
    /// The dataset's path in the file, for messages.
    let name: String
    private let id: hid_t
    private let memoryType: hid_t
    /// Elements written so far.
    private(set) var count: hsize_t = 0

    /// Creates `name` (empty) in `group`, stored as `fileType`, written from `memoryType`.
    init(in group: hid_t, name: String, path: String, fileType: hid_t, memoryType: hid_t, chunk: Int, call: HDF5Call) throws(OutputError) {
        self.name = path
        self.memoryType = memoryType
        var length: hsize_t = 0
        var maxLength = volley_H5S_UNLIMITED()
        let space = try call.handle(H5Screate_simple(1, &length, &maxLength), "cannot create the dataspace of \(path)")
        defer { H5Sclose(space) }
        let properties = try call.handle(H5Pcreate(volley_H5P_DATASET_CREATE()), "cannot create the properties of \(path)")
        defer { H5Pclose(properties) }
        var chunkLength = hsize_t(chunk)
        try call.check(H5Pset_chunk(properties, 1, &chunkLength), "cannot chunk \(path)")
        id = try call.handle(
            H5Dcreate2(group, name, fileType, space, volley_H5P_DEFAULT(), properties, volley_H5P_DEFAULT()), "cannot create dataset \(path)")
    }

    /// Appends `values`, whose element type must be `memoryType`'s.
    mutating func append<Element: BitwiseCopyable>(_ values: [Element], call: HDF5Call) throws(OutputError) {
        guard !values.isEmpty else { return }
        var start = count
        var length = hsize_t(values.count)
        var total = count + length
        try call.check(H5Dset_extent(id, &total), "cannot extend \(name) to \(total) elements")
        let fileSpace = try call.handle(H5Dget_space(id), "cannot get the dataspace of \(name)")
        defer { H5Sclose(fileSpace) }
        try call.check(H5Sselect_hyperslab(fileSpace, H5S_SELECT_SET, &start, nil, &length, nil), "cannot select elements \(start)..<\(total) of \(name)")
        let memorySpace = try call.handle(H5Screate_simple(1, &length, nil), "cannot create a dataspace for \(values.count) elements")
        defer { H5Sclose(memorySpace) }
        let status = values.withUnsafeBytes { H5Dwrite(id, memoryType, memorySpace, fileSpace, volley_H5P_DEFAULT(), $0.baseAddress) }
        try call.check(status, "cannot write \(values.count) elements to \(name)")
        count = total
    }

    /// The dataset's handle, for attributes.
    var handle: hid_t { id }

    /// Releases the dataset; false if HDF5 refused.
    func close() -> Bool { H5Dclose(id) >= 0 }
}
