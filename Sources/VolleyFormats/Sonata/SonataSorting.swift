// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

internal import CHDF5

/// The `sorting` attribute of a SONATA spike population: libsonata's
/// `SpikeReader::Population::Sorting`, stored as an HDF5 enum over uint8 (what h5py's
/// `enum_dtype` makes, and what libsonata's own test files use).
enum SonataSorting: UInt8, CaseIterable {
    case none = 0
    case byID = 1
    case byTime = 2

    /// The member's name in the file.
    var name: String {
        switch self {
        case .none: "none"
        case .byID: "by_id"
        case .byTime: "by_time"
        }
    }

    /// A new HDF5 enum type with every member; the caller closes it.
    static func makeType(_ call: HDF5Call) throws(OutputError) -> hid_t {
        let type = try call.handle(H5Tenum_create(volley_H5T_STD_U8LE()), "cannot create the sorting enum type")
        for member in allCases {
            var value = member.rawValue
            let status = H5Tenum_insert(type, member.name, &value)
            if status < 0 {
                H5Tclose(type)
                throw call.failure("cannot add \(member.name) to the sorting enum type")
            }
        }
        return type
    }
}
