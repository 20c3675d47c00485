// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

internal import CHDF5

/// Streams spikes into a SONATA spike report (`spikes.h5`): one group per population under
/// `/spikes` with `timestamps` (float64, ms) and `node_ids` (uint64), as libsonata's
/// `SpikeReader`, bmtk and NEST's SONATA backend read it.
///
/// A writer belongs to one thread. Debian's libhdf5 is the serial build, which is not
/// thread-safe, so every call into it holds `HDF5Lock`, readers' and writers' alike.
public final class SonataSpikeWriter {
    /// Spikes buffered per population before a write: 64 k spikes, 1 MiB, however long the run.
    static let batch = 1 << 16
    /// Elements per HDF5 chunk (64 KiB): large enough for fast reads, small enough that a
    /// population with a handful of spikes does not take megabytes on disk.
    static let chunk = 1 << 13

    /// The file being written.
    public let path: String
    private let call: HDF5Call
    private let file: hid_t
    private let sortingType: hid_t
    private let offsets: [Int]
    private let streams: [SonataPopulationStream]
    private let time: TimeFormatter
    private var lastStep: UInt64 = 0
    private var closed = false

    /// Creates (truncates) `path` with an empty group for every population.
    /// - Parameters:
    ///   - populations: names in global-id order.
    ///   - offsets: global id of each population's first neuron, plus the total at the end
    ///     (count = names + 1).
    ///   - resolution: the time step in ms.
    public init(path: String, populations: [String], offsets: [Int], resolution: Double) throws {
        self.path = path
        let call = HDF5Call(path: path, settingErrorPrinting: false)
        self.call = call
        try HDF5Lock.withLock { () throws(OutputError) in
            try Self.validate(populations: populations, offsets: offsets, resolution: resolution, call: HDF5Call(path: path))
        }
        self.offsets = offsets
        time = TimeFormatter(resolution: resolution)
        (file, sortingType, streams) = try HDF5Lock.withLock { () throws -> (hid_t, hid_t, [SonataPopulationStream]) in
            let call = HDF5Call(path: path)
            let file = try call.handle(
                H5Fcreate(path, volley_H5F_ACC_TRUNC(), volley_H5P_DEFAULT(), volley_H5P_DEFAULT()), "cannot create the file")
            var sortingType: hid_t = -1
            var streams: [SonataPopulationStream] = []
            do {
                // Every SONATA HDF5 file carries these two at its root (SONATA developer guide).
                try call.writeAttribute("magic", scalar: 0x0A7A, on: file)
                try call.writeAttribute("version", array: [0, 1], on: file)
                sortingType = try SonataSorting.makeType(call)
                let spikes = try call.handle(
                    H5Gcreate2(file, "spikes", volley_H5P_DEFAULT(), volley_H5P_DEFAULT(), volley_H5P_DEFAULT()), "cannot create group /spikes")
                defer { H5Gclose(spikes) }
                for name in populations {
                    streams.append(try SonataPopulationStream(in: spikes, name: name, batch: Self.batch, chunk: Self.chunk, call: call))
                }
            } catch {
                for stream in streams { try? stream.finish(sorting: .none, type: sortingType) }
                if sortingType >= 0 { H5Tclose(sortingType) }
                H5Fclose(file)
                throw error
            }
            return (file, sortingType, streams)
        }
    }

    deinit { try? close() }

    /// Appends spike keys `emission step << 32 | global neuron id`, in non-decreasing step order
    /// (as runs and taps deliver them). A spike is stamped `(step + 1) × resolution` ms (NEST's
    /// stamp: the end of its step), the double nearest spikes.csv's `t_ms`; its node id is its
    /// index within its population, spikes.csv's `neuron`.
    public func append(keys: [UInt64]) throws {
        try HDF5Lock.withLock { () throws in try appendLocked(keys: keys) }
    }

    private func appendLocked(keys: [UInt64]) throws {
        guard !closed else { throw call.failure("cannot append spikes after the file was closed") }
        let first = offsets[0], end = offsets[offsets.count - 1]
        for key in keys {
            let step = key >> 32
            guard step >= lastStep else {
                throw call.failure("a spike at step \(step) came after step \(lastStep); spikes must arrive in time order")
            }
            lastStep = step
            let gid = Int(key & 0xFFFF_FFFF)
            guard gid >= first && gid < end else {
                throw call.failure("neuron \(gid) is outside the populations' global ids \(first)..<\(end)")
            }
            let p = population(of: gid)
            try streams[p].append(time: time.milliseconds(Int64(step) + 1), node: UInt64(gid - offsets[p]))
        }
    }

    /// Writes what is buffered, marks every population `sorting = by_time`, and closes every
    /// HDF5 handle. Calling it again does nothing.
    public func close() throws {
        try HDF5Lock.withLock { () throws in try closeLocked() }
    }

    private func closeLocked() throws {
        guard !closed else { return }
        closed = true
        var failure: OutputError?
        for stream in streams {
            do { try stream.finish(sorting: .byTime, type: sortingType) } catch { failure = failure ?? error }
        }
        H5Tclose(sortingType)
        if H5Fclose(file) < 0 { failure = failure ?? call.failure("cannot close the file") }
        if let failure { throw failure }
    }

    /// The population holding `gid`: the last whose first id is at most `gid` (populations
    /// without neurons share their offset with the next one and are skipped).
    @inline(__always)
    private func population(of gid: Int) -> Int {
        var low = 0, high = offsets.count - 1  // offsets[low] <= gid < offsets[high]
        while high - low > 1 {
            let mid = (low + high) / 2
            if offsets[mid] <= gid { low = mid } else { high = mid }
        }
        return low
    }

    private static func validate(populations: [String], offsets: [Int], resolution: Double, call: HDF5Call) throws(OutputError) {
        guard offsets.count == populations.count + 1 else {
            throw call.failure("\(populations.count) populations need \(populations.count + 1) offsets, not \(offsets.count)")
        }
        guard offsets[0] >= 0, zip(offsets, offsets.dropFirst()).allSatisfy({ $0 <= $1 }), offsets[offsets.count - 1] <= 1 << 32 else {
            throw call.failure("population offsets \(offsets) must be non-decreasing global ids within 0...2³²")
        }
        var seen = Set<String>()
        for name in populations {
            guard !name.isEmpty, name != ".", !name.contains("/") else {
                throw call.failure("population name '\(name)' cannot name an HDF5 group")
            }
            guard seen.insert(name).inserted else { throw call.failure("population '\(name)' is listed twice") }
        }
        guard resolution > 0 && resolution.isFinite else { throw call.failure("resolution \(resolution) ms must be positive") }
    }
}
