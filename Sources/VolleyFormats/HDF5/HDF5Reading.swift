// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

internal import CHDF5

/// HDF5's failures while reading, as `FileFormatError`s: the writers' `HDF5Call` collects HDF5's
/// own reason from its error stack, and this only changes the error type to the readers' one.
struct HDF5Reading {
    /// The file being read, for messages.
    let path: String

    /// `id` if HDF5 returned a valid handle, else an error saying `what` failed.
    func handle(_ id: hid_t, _ what: @autoclosure () -> String) throws(FileFormatError) -> hid_t {
        guard id >= 0 else { throw failure(what()) }
        return id
    }

    /// Nothing if `status` is a success, else an error saying `what` failed.
    func check(_ status: herr_t, _ what: @autoclosure () -> String) throws(FileFormatError) {
        guard status >= 0 else { throw failure(what()) }
    }

    /// An error saying `what` failed, with HDF5's reason if it recorded one.
    func failure(_ what: String) -> FileFormatError {
        let error = HDF5Call(path: path).failure(what)
        return FileFormatError(path: error.path, reason: error.reason)
    }

    /// An error that is the file's fault rather than HDF5's: no HDF5 detail to add.
    func error(_ reason: String) -> FileFormatError { FileFormatError(path: path, reason: reason) }
}
