// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

internal import CHDF5

/// One population of a SONATA spike file, `/spikes/<name>` with `timestamps` and `node_ids`:
/// spikes are buffered and written a batch at a time, so memory stays bounded on a long run.
final class SonataPopulationStream {
    private let call: HDF5Call
    private let path: String
    private let group: hid_t
    private var timestamps: HDF5Column
    private var nodeIDs: HDF5Column
    private let batch: Int
    private var pendingTimes: [Double] = []
    private var pendingNodes: [UInt64] = []
    private var open = true

    /// Creates the group and its two empty datasets in `spikes` (the `/spikes` group).
    init(in spikes: hid_t, name: String, batch: Int, chunk: Int, call: HDF5Call) throws(OutputError) {
        self.call = call
        self.batch = batch
        path = "/spikes/\(name)"
        group = try call.handle(
            H5Gcreate2(spikes, name, volley_H5P_DEFAULT(), volley_H5P_DEFAULT(), volley_H5P_DEFAULT()), "cannot create group \(path)")
        var created: [HDF5Column] = []
        do {
            created.append(try HDF5Column(
                in: group, name: "timestamps", path: path + "/timestamps", fileType: volley_H5T_IEEE_F64LE(),
                memoryType: volley_H5T_NATIVE_DOUBLE(), chunk: chunk, call: call))
            try call.writeAttribute("units", string: "ms", on: created[0].handle)
            created.append(try HDF5Column(
                in: group, name: "node_ids", path: path + "/node_ids", fileType: volley_H5T_STD_U64LE(),
                memoryType: volley_H5T_NATIVE_UINT64(), chunk: chunk, call: call))
        } catch {
            for column in created { _ = column.close() }
            H5Gclose(group)
            throw error
        }
        timestamps = created[0]
        nodeIDs = created[1]
    }

    /// Buffers one spike, writing the batch when it is full.
    @inline(__always)
    func append(time: Double, node: UInt64) throws(OutputError) {
        pendingTimes.append(time)
        pendingNodes.append(node)
        if pendingTimes.count >= batch { try flush() }
    }

    /// Writes what is buffered, keeping the buffers' storage for the next batch.
    func flush() throws(OutputError) {
        guard !pendingTimes.isEmpty else { return }
        try timestamps.append(pendingTimes, call: call)
        try nodeIDs.append(pendingNodes, call: call)
        pendingTimes.removeAll(keepingCapacity: true)
        pendingNodes.removeAll(keepingCapacity: true)
    }

    /// Flushes, marks the population `sorting`, and releases its handles (even when writing
    /// fails, so the file can still be closed). Does nothing the second time.
    func finish(sorting: SonataSorting, type: hid_t) throws(OutputError) {
        guard open else { return }
        open = false
        var failure: OutputError?
        do {
            try flush()
            try call.writeAttribute("sorting", enumValue: sorting.rawValue, type: type, on: group)
        } catch {
            failure = error
        }
        let closedTimes = timestamps.close()
        let closedNodes = nodeIDs.close()
        let closedGroup = H5Gclose(group) >= 0
        if let failure { throw failure }
        if !(closedTimes && closedNodes && closedGroup) { throw call.failure("cannot close \(path)") }
    }
}
