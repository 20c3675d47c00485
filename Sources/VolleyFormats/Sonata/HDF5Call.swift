// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

internal import CHDF5

/// The one place where HDF5's negative return codes become Swift errors: an `OutputError` naming
/// the file and what failed, with the innermost message of HDF5's error stack as the detail
/// (HDF5's own printing of the stack is switched off, so the message is said once, by us).
struct HDF5Call {
    /// The file being written, for messages.
    let path: String

    /// - Parameter settingErrorPrinting: switch HDF5's own printing off, which calls into HDF5,
    ///   so only under `HDF5Lock`; false for a value made outside it (to name the file in a
    ///   message before any HDF5 call).
    init(path: String, settingErrorPrinting: Bool = true) {
        self.path = path
        // Without this HDF5 prints its whole error stack on stderr for every failed call; the
        // setting is process-wide, which is what every Volley writer wants.
        if settingErrorPrinting { H5Eset_auto2(volley_H5E_DEFAULT(), nil, nil) }
    }

    /// `id` if HDF5 returned a valid handle, else an error saying `what` failed.
    func handle(_ id: hid_t, _ what: @autoclosure () -> String) throws(OutputError) -> hid_t {
        guard id >= 0 else { throw failure(what()) }
        return id
    }

    /// Nothing if `status` is a success, else an error saying `what` failed.
    func check(_ status: herr_t, _ what: @autoclosure () -> String) throws(OutputError) {
        guard status >= 0 else { throw failure(what()) }
    }

    /// An error saying `what` failed, with HDF5's reason if it recorded one; clears the stack.
    func failure(_ what: String) -> OutputError {
        var detail: String?
        withUnsafeMutablePointer(to: &detail) { box in
            // Upward from the innermost frame: the first description is where HDF5 found the fault.
            _ = H5Ewalk2(volley_H5E_DEFAULT(), H5E_WALK_UPWARD, { _, frame, context in
                let box = context!.assumingMemoryBound(to: String?.self)
                if box.pointee == nil, let text = frame?.pointee.desc {
                    box.pointee = String(cString: text)
                }
                return 0
            }, box)
        }
        H5Eclear2(volley_H5E_DEFAULT())
        guard let detail, !detail.isEmpty else { return OutputError(path: path, reason: what) }
        return OutputError(path: path, reason: "\(what) (HDF5: \(detail))")
    }
}
