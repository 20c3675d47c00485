// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

internal import CHDF5

/// Writes the final state of a run's plastic projections to HDF5: one group per projection.
///
/// The file holds `/projections/<name>` groups, each with the 1-D datasets `source`, `target`
/// (uint32), `delay` (float64, ms), `weight` (float64) and one float64 dataset per state
/// variable, all the same length: row i of every dataset is synapse i. Datasets are chunked and
/// of unlimited length, so a projection of tens of millions of synapses streams through
/// `append` a piece at a time and is never held whole in memory.
///
/// A writer belongs to one thread, as every HDF5 handle does.
public final class PlasticWeightsWriter {
    /// Elements per HDF5 chunk (128 KiB of float64): big enough that a 10⁷-synapse projection is
    /// a few hundred chunks per dataset, small enough that a projection of a handful of synapses
    /// does not cost megabytes on disk (an uncompressed chunk is stored whole).
    static let chunk = 1 << 14
    /// Dataset names every projection has; state variables may not take them.
    static let fixedColumns = ["source", "target", "delay", "weight"]

    private let call: HDF5Call
    private let file: hid_t
    private let projections: hid_t
    private var current: OpenProjection?
    private var names = Set<String>()
    private var closed = false

    public init(path: String) throws(OutputError) {
        call = HDF5Call(path: path, settingErrorPrinting: false)
        (file, projections) = try HDF5Lock.withLock { () throws(OutputError) -> (hid_t, hid_t) in
            let call = HDF5Call(path: path)
            let file = try call.handle(
                H5Fcreate(path, volley_H5F_ACC_TRUNC(), volley_H5P_DEFAULT(), volley_H5P_DEFAULT()), "cannot create the file")
            do throws(OutputError) {
                let projections = try call.handle(
                    H5Gcreate2(file, "projections", volley_H5P_DEFAULT(), volley_H5P_DEFAULT(), volley_H5P_DEFAULT()),
                    "cannot create group /projections")
                return (file, projections)
            } catch {
                H5Fclose(file)
                throw error
            }
        }
    }

    // A writer dropped without `close` still leaves a readable file, only without root attributes.
    deinit {
        guard !closed else { return }
        HDF5Lock.withLock {
            current?.close()
            H5Gclose(projections)
            H5Fclose(file)
        }
    }

    /// Starts group `/projections/<name>` with attributes synapse_model (string), projection (int, 0-based index in the model's projections)
    /// and 1-D datasets source (uint32), target (uint32), delay (float64, ms), weight (float64), plus one float64 dataset per state variable name.
    public func beginProjection(name: String, index: Int, synapseModel: String, stateVariables: [String]) throws(OutputError) {
        try HDF5Lock.withLock { () throws(OutputError) in try beginProjectionLocked(name: name, index: index, synapseModel: synapseModel, stateVariables: stateVariables) }
    }

    private func beginProjectionLocked(name: String, index: Int, synapseModel: String, stateVariables: [String]) throws(OutputError) {
        guard !closed else { throw call.failure("cannot begin projection '\(name)' after the file was closed") }
        if let current { throw call.failure("cannot begin projection '\(name)' before ending '\(current.name)'") }
        try validate(name: name, index: index, stateVariables: stateVariables)
        current = try OpenProjection(
            in: projections, name: name, index: index, synapseModel: synapseModel, stateVariables: stateVariables, call: call)
        names.insert(name)
    }

    /// Appends a chunk of synapses to the current projection (all arrays the same length; state[i] is the column of stateVariables[i]).
    public func append(source: [UInt32], target: [UInt32], delay: [Double], weight: [Double], state: [[Double]]) throws(OutputError) {
        try HDF5Lock.withLock { () throws(OutputError) in try appendLocked(source: source, target: target, delay: delay, weight: weight, state: state) }
    }

    private func appendLocked(source: [UInt32], target: [UInt32], delay: [Double], weight: [Double], state: [[Double]]) throws(OutputError) {
        guard let projection = current else { throw call.failure("cannot append synapses outside a projection") }
        // Checked before anything is written, so a bad call leaves the datasets aligned.
        let n = source.count
        guard target.count == n, delay.count == n, weight.count == n else {
            throw call.failure(
                "\(projection.path): source, target, delay and weight have \(n), \(target.count), \(delay.count) and \(weight.count) elements; they must be equal")
        }
        guard state.count == projection.stateColumns.count else {
            throw call.failure("\(projection.path): \(state.count) state columns given for \(projection.stateColumns.count) state variables")
        }
        for (column, values) in zip(projection.stateColumns, state) where values.count != n {
            throw call.failure("\(column.name) has \(values.count) elements for \(n) synapses")
        }
        guard !projection.broken else {
            throw call.failure("\(projection.path): an earlier append failed part-way, so its datasets no longer line up")
        }
        // Until every column has its rows, the rows do not line up; a failure leaves it that way.
        projection.broken = true
        try projection.source.append(source, call: call)
        try projection.target.append(target, call: call)
        try projection.delay.append(delay, call: call)
        try projection.weight.append(weight, call: call)
        for i in projection.stateColumns.indices { try projection.stateColumns[i].append(state[i], call: call) }
        projection.broken = false
    }

    /// Ends the current projection (closes its datasets and group).
    public func endProjection() throws(OutputError) {
        try HDF5Lock.withLock { () throws(OutputError) in try endProjectionLocked() }
    }

    private func endProjectionLocked() throws(OutputError) {
        guard let projection = current else { throw call.failure("cannot end a projection: none was begun") }
        current = nil
        guard projection.close() else { throw call.failure("cannot close \(projection.path)") }
    }

    /// Writes root attributes and closes the file; call once.
    public func close(attributes: [(String, String)]) throws(OutputError) {
        try HDF5Lock.withLock { () throws(OutputError) in try closeLocked(attributes: attributes) }
    }

    private func closeLocked(attributes: [(String, String)]) throws(OutputError) {
        guard !closed else { throw call.failure("the file was already closed") }
        closed = true
        var failure: OutputError?
        // Ending a projection left open loses nothing: everything appended is already in the file.
        if let projection = current, !projection.close() { failure = call.failure("cannot close \(projection.path)") }
        current = nil
        if failure == nil {
            var seen = Set<String>()
            for (name, value) in attributes {
                guard seen.insert(name).inserted else {
                    failure = call.failure("root attribute '\(name)' is given twice")
                    break
                }
                do { try call.writeAttribute(name, string: value, on: file) } catch {
                    failure = error
                    break
                }
            }
        }
        if H5Gclose(projections) < 0 { failure = failure ?? call.failure("cannot close group /projections") }
        if H5Fclose(file) < 0 { failure = failure ?? call.failure("cannot close the file") }
        if let failure { throw failure }
    }

    /// Refuses names HDF5 would misread as paths, or that would collide, before anything is created.
    private func validate(name: String, index: Int, stateVariables: [String]) throws(OutputError) {
        guard Self.isGroupName(name) else { throw call.failure("projection name '\(name)' cannot name an HDF5 group") }
        guard !names.contains(name) else { throw call.failure("projection '\(name)' was already written") }
        guard index >= 0, index <= Int(UInt32.max) else { throw call.failure("projection '\(name)' has index \(index), outside 0...2³²-1") }
        var seen = Set(Self.fixedColumns)
        for variable in stateVariables {
            guard Self.isGroupName(variable) else {
                throw call.failure("state variable '\(variable)' of projection '\(name)' cannot name an HDF5 dataset")
            }
            guard seen.insert(variable).inserted else {
                throw call.failure("state variable '\(variable)' of projection '\(name)' repeats a dataset name")
            }
        }
    }

    private static func isGroupName(_ name: String) -> Bool { !name.isEmpty && name != "." && !name.contains("/") }
}

/// The projection being written: its group and columns, released together whatever happens.
private final class OpenProjection {
    let name: String
    let path: String
    let group: hid_t
    var source: HDF5Column
    var target: HDF5Column
    var delay: HDF5Column
    var weight: HDF5Column
    var stateColumns: [HDF5Column]
    /// Set while an append is under way; still set afterwards means it failed part-way.
    var broken = false

    init(in parent: hid_t, name: String, index: Int, synapseModel: String, stateVariables: [String], call: HDF5Call) throws(OutputError) {
        self.name = name
        let path = "/projections/\(name)"
        self.path = path
        let group = try call.handle(
            H5Gcreate2(parent, name, volley_H5P_DEFAULT(), volley_H5P_DEFAULT(), volley_H5P_DEFAULT()), "cannot create group \(path)")
        self.group = group
        var created: [HDF5Column] = []
        func column(_ dataset: String, _ fileType: hid_t, _ memoryType: hid_t) throws(OutputError) -> HDF5Column {
            let column = try HDF5Column(
                in: group, name: dataset, path: path + "/" + dataset, fileType: fileType, memoryType: memoryType,
                chunk: PlasticWeightsWriter.chunk, call: call)
            created.append(column)
            return column
        }
        do {
            try call.writeAttribute("synapse_model", string: synapseModel, on: group)
            try call.writeAttribute("projection", scalar: UInt32(index), on: group)
            source = try column("source", volley_H5T_STD_U32LE(), volley_H5T_NATIVE_UINT32())
            target = try column("target", volley_H5T_STD_U32LE(), volley_H5T_NATIVE_UINT32())
            delay = try column("delay", volley_H5T_IEEE_F64LE(), volley_H5T_NATIVE_DOUBLE())
            // The unit travels with the numbers, as spikes.h5's timestamps carry theirs.
            try call.writeAttribute("units", string: "ms", on: delay.handle)
            weight = try column("weight", volley_H5T_IEEE_F64LE(), volley_H5T_NATIVE_DOUBLE())
            var stateColumns: [HDF5Column] = []
            for variable in stateVariables {
                stateColumns.append(try column(variable, volley_H5T_IEEE_F64LE(), volley_H5T_NATIVE_DOUBLE()))
            }
            self.stateColumns = stateColumns
        } catch {
            for column in created { _ = column.close() }
            H5Gclose(group)
            throw error
        }
    }

    /// Releases every dataset and the group, all of them even when one refuses; false if any did.
    @discardableResult
    func close() -> Bool {
        var ok = true
        for column in [source, target, delay, weight] + stateColumns where !column.close() { ok = false }
        if H5Gclose(group) < 0 { ok = false }
        return ok
    }
}
