// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

internal import CHDF5
#if canImport(Glibc)
import Glibc
#endif

/// A read-only HDF5 file.
///
/// Every call takes the process-wide `HDF5Lock`, so one file, or several, can be read from any
/// thread; the object holds nothing but the open file's id, which HDF5 closes on `deinit`.
public final class HDF5File: Sendable {
    /// The file as the caller named it, for messages.
    public let path: String
    /// The open file; also the location of its root group in every HDF5 call.
    let id: hid_t

    /// Opens `path` for reading; fails with "no such file" or "not an HDF5 file".
    public init(path: String) throws(FileFormatError) {
        self.path = path
        id = try HDF5Lock.withLock { () throws(FileFormatError) -> hid_t in try Self.open(path) }
    }

    deinit {
        let id = id
        HDF5Lock.withLock { _ = H5Fclose(id) }
    }

    /// Checks the file system first, so a missing or unreadable file gets the system's words
    /// rather than HDF5's "unable to open file".
    private static func open(_ path: String) throws(FileFormatError) -> hid_t {
        var info = stat()
        guard stat(path, &info) == 0 else {
            let reason = errno == ENOENT ? "no such file" : String(cString: strerror(errno))
            throw FileFormatError(path: path, reason: reason)
        }
        guard info.st_mode & S_IFMT != S_IFDIR else {
            throw FileFormatError(path: path, reason: "is a directory, not an HDF5 file")
        }
        guard access(path, R_OK) == 0 else { throw FileFormatError(path: path, reason: String(cString: strerror(errno))) }
        let reading = HDF5Reading(path: path)
        // HDF5 would otherwise print its error stack on stderr for every failed probe.
        H5Eset_auto2(volley_H5E_DEFAULT(), nil, nil)
        let isHDF5 = H5Fis_hdf5(path)
        try reading.check(isHDF5, "cannot open the file")
        guard isHDF5 > 0 else { throw reading.error("not an HDF5 file") }
        return try reading.handle(H5Fopen(path, volley_H5F_ACC_RDONLY(), volley_H5P_DEFAULT()), "cannot open the file")
    }

    /// Whether `object` ("/edges/net_to_net/0/nsyns") exists: every link along the path does.
    public func exists(_ object: String) -> Bool {
        HDF5Lock.withLock { linkExists(object) }
    }

    /// Whether `object` exists and is a group.
    public func isGroup(_ object: String) -> Bool {
        HDF5Lock.withLock { objectType(object) == H5I_GROUP }
    }

    /// The names of the members of `group`, in name order (HDF5's, which is h5py's and BMTK's).
    public func members(of group: String) throws(FileFormatError) -> [String] {
        try HDF5Lock.withLock { () throws(FileFormatError) -> [String] in
            let reading = HDF5Reading(path: path)
            guard let type = objectType(group) else { throw reading.error("no group \(group)") }
            guard type == H5I_GROUP else { throw reading.error("\(group) is not a group") }
            let id = try reading.handle(H5Gopen2(self.id, group, volley_H5P_DEFAULT()), "cannot open group \(group)")
            defer { H5Gclose(id) }
            var info = H5G_info_t()
            try reading.check(H5Gget_info(id, &info), "cannot list group \(group)")
            var names: [String] = []
            for index in 0..<info.nlinks {
                // The first call measures the name, the second fills a buffer of that size.
                let length = H5Lget_name_by_idx(id, ".", H5_INDEX_NAME, H5_ITER_INC, index, nil, 0, volley_H5P_DEFAULT())
                guard length >= 0 else { throw reading.failure("cannot read the name of member \(index) of \(group)") }
                var buffer = [CChar](repeating: 0, count: length + 1)
                let written = H5Lget_name_by_idx(id, ".", H5_INDEX_NAME, H5_ITER_INC, index, &buffer, buffer.count, volley_H5P_DEFAULT())
                guard written >= 0 else { throw reading.failure("cannot read the name of member \(index) of \(group)") }
                names.append(String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
            }
            return names
        }
    }

    // MARK: Unlocked helpers: the caller holds HDF5Lock.

    /// Whether every link along `object` exists; H5Lexists would fail, not answer false, on a
    /// path whose parent is missing.
    func linkExists(_ object: String) -> Bool {
        var prefix = ""
        for part in object.split(separator: "/") where part != "." {
            prefix += "/" + part
            guard H5Lexists(id, prefix, volley_H5P_DEFAULT()) > 0 else { return false }
        }
        return prefix.isEmpty || H5Oexists_by_name(id, prefix, volley_H5P_DEFAULT()) > 0
    }

    /// The kind of object at `object` (group, dataset, named type), or nil if there is none.
    func objectType(_ object: String) -> H5I_type_t? {
        guard linkExists(object) else { return nil }
        let opened = H5Oopen(id, object.isEmpty ? "/" : object, volley_H5P_DEFAULT())
        guard opened >= 0 else {
            H5Eclear2(volley_H5E_DEFAULT())
            return nil
        }
        defer { H5Oclose(opened) }
        return H5Iget_type(opened)
    }
}
