// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

/// The incoming synapses of one shard in compressed rows keyed by global source id; each row is
/// cut into segments of equal delay. Delivering a spike queues its segments on the step each
/// arrives in; when that step comes, the queued segments are added in order, a tight loop over
/// contiguous synapses into the step's input (DESIGN §8). The input being one step's worth of
/// neurons, the adds stay in cache, however many steps the delays span.
///
/// Within a row, synapses keep their generation order inside each delay, an order fixed by the
/// model alone: together with the canonical spike order this fixes every floating-point sum.
struct SynapseMatrix: Sendable {
    /// `rowStart[g] ..< rowStart[g + 1]` are the segments of source `g`.
    var rowStart: [Int]
    /// Delay in steps of each segment.
    var segmentDelay: [Int32]
    /// `segmentStart[s] ..< segmentStart[s + 1]` are the synapses of segment `s`.
    var segmentStart: [Int]
    /// Offset of each synapse's target channel within a ring-buffer slot.
    var target: [UInt32]
    /// Weight of each synapse.
    var weight: [Double]

    var synapseCount: Int { target.count }

    /// The largest delay, in steps (0 when there are no synapses).
    var maxDelay: Int { Int(segmentDelay.max() ?? 0) }

    /// Bytes held per synapse, row and segment tables included.
    var bytes: Int {
        rowStart.count * 8 + segmentDelay.count * 4 + segmentStart.count * 8 + target.count * 4 + weight.count * 8
    }

    /// Queues the segments of source `source`'s row, for a spike emitted in step `emission`,
    /// on the pending list of each segment's arrival step; returns the synapses they hold.
    @inline(__always)
    func schedule(source: Int, emission: Int64, pending: inout [[UInt32]], slotMask: Int64) -> Int {
        let s0 = rowStart[source], s1 = rowStart[source + 1]
        guard s0 < s1 else { return 0 }
        for s in s0..<s1 {
            pending[Int((emission + Int64(segmentDelay[s])) & slotMask)].append(UInt32(s))
        }
        return segmentStart[s1] - segmentStart[s0]
    }

    /// `schedule` for the segments of `source` that arrive at step `from` or later (a resumed
    /// shard queues again what was in flight at its cut).
    func schedule(source: Int, emission: Int64, pending: inout [[UInt32]], slotMask: Int64, from: Int64) {
        let s0 = rowStart[source], s1 = rowStart[source + 1]
        guard s0 < s1 else { return }
        for s in s0..<s1 where emission + Int64(segmentDelay[s]) >= from {
            pending[Int((emission + Int64(segmentDelay[s])) & slotMask)].append(UInt32(s))
        }
    }

    /// Adds the weights of the synapses of `segments`, in order, to their targets' inputs.
    @inline(__always)
    func apply(_ segments: [UInt32], to input: UnsafeMutablePointer<Double>) {
        segmentStart.withUnsafeBufferPointer { starts in
            target.withUnsafeBufferPointer { targets in
                weight.withUnsafeBufferPointer { weights in
                    for s in segments {
                        for k in starts[Int(s)]..<starts[Int(s) + 1] {
                            input[Int(targets[k])] += weights[k]
                        }
                    }
                }
            }
        }
    }
}

/// Builds a `SynapseMatrix` in two passes over the same connections: the first counts each
/// source's synapses, the second places them, so no list of all synapses is ever held twice.
///
/// Connections arrive ordered by target, so placing them into rows keyed by source is a scatter
/// over the whole matrix. Scattering straight away costs a cache and TLB miss per array per
/// synapse; instead pass 2 stages a chunk of connections, sorts it stably into buckets of
/// neighbouring sources, and scatters bucket by bucket into a region that stays in cache.
struct SynapseMatrixBuilder {
    private let sourceCount: Int
    private var rowLength: [Int]
    private var cursor: [Int] = []
    private var target: [UInt32] = []
    private var weight: [Double] = []
    private var delay: [Int32] = []
    private var staged: [StagedSynapse] = []
    private var sorted: [StagedSynapse] = []
    private var bucketShift = 0

    private struct StagedSynapse {
        var source: UInt32
        var target: UInt32
        var delay: Int32
        var weight: Double
    }

    private static let stageCapacity = 1 << 18

    init(sourceCount: Int) {
        self.sourceCount = sourceCount
        self.rowLength = [Int](repeating: 0, count: sourceCount)
    }

    /// Pass 1: one more synapse from `source`.
    @inline(__always)
    mutating func count(source: Int) {
        rowLength[source] += 1
    }

    /// Ends pass 1: sizes the storage.
    mutating func allocate() {
        var start = [Int](repeating: 0, count: sourceCount + 1)
        for g in 0..<sourceCount { start[g + 1] = start[g] + rowLength[g] }
        let total = start[sourceCount]
        cursor = Array(start.dropLast())
        rowLength = start
        target = [UInt32](repeating: 0, count: total)
        weight = [Double](repeating: 0, count: total)
        delay = [Int32](repeating: 0, count: total)
        // Buckets of about 2¹⁵ synapses: their rows fit in the cache while being filled.
        let buckets = max(1, total >> 15)
        var shift = 0
        while (sourceCount >> shift) > buckets { shift += 1 }
        bucketShift = shift
        staged.reserveCapacity(Self.stageCapacity)
    }

    /// Pass 2: places a synapse after the ones already placed for its source.
    @inline(__always)
    mutating func add(source: Int, target t: UInt32, weight w: Double, delay d: Int32) {
        staged.append(StagedSynapse(source: UInt32(source), target: t, delay: d, weight: w))
        if staged.count == Self.stageCapacity { flush() }
    }

    /// Scatters the staged synapses, bucket by bucket, keeping each row's arrival order.
    private mutating func flush() {
        guard !staged.isEmpty else { return }
        let buckets = (sourceCount >> bucketShift) + 1
        var offsets = [Int](repeating: 0, count: buckets + 1)
        for s in staged { offsets[Int(s.source) >> bucketShift + 1] += 1 }
        for b in 0..<buckets { offsets[b + 1] += offsets[b] }
        if sorted.count < staged.count {
            sorted = [StagedSynapse](repeating: StagedSynapse(source: 0, target: 0, delay: 0, weight: 0), count: staged.count)
        }
        sorted.withUnsafeMutableBufferPointer { out in
            for s in staged {
                let b = Int(s.source) >> bucketShift
                out[offsets[b]] = s
                offsets[b] += 1
            }
        }
        let n = staged.count
        cursor.withUnsafeMutableBufferPointer { cursor in
            target.withUnsafeMutableBufferPointer { target in
                weight.withUnsafeMutableBufferPointer { weight in
                    delay.withUnsafeMutableBufferPointer { delay in
                        sorted.withUnsafeBufferPointer { sorted in
                            for i in 0..<n {
                                let s = sorted[i]
                                let k = cursor[Int(s.source)]
                                cursor[Int(s.source)] = k + 1
                                target[k] = s.target
                                weight[k] = s.weight
                                delay[k] = s.delay
                            }
                        }
                    }
                }
            }
        }
        staged.removeAll(keepingCapacity: true)
    }

    /// Ends pass 2: orders each row stably by delay and cuts it into segments.
    mutating func finish() -> SynapseMatrix {
        flush()
        staged = []
        sorted = []
        let rowBounds = rowLength
        precondition(zip(cursor, rowBounds.dropFirst()).allSatisfy { $0 == $1 }, "pass 2 differs from pass 1")
        var rowStart = [Int](repeating: 0, count: sourceCount + 1)
        var segmentDelay: [Int32] = []
        var segmentStart: [Int] = []
        var scratchTarget: [UInt32] = []
        var scratchWeight: [Double] = []
        var scratchDelay: [Int32] = []
        var histogram: [Int] = []
        for g in 0..<sourceCount {
            rowStart[g] = segmentDelay.count
            let a = rowBounds[g], b = rowBounds[g + 1]
            guard a < b else { continue }
            var lo = delay[a], hi = delay[a]
            for k in a..<b { lo = min(lo, delay[k]); hi = max(hi, delay[k]) }
            if lo != hi {
                sortRowByDelay(a..<b, lo: lo, hi: hi, &scratchTarget, &scratchWeight, &scratchDelay, &histogram)
            }
            var k = a
            while k < b {
                segmentDelay.append(delay[k])
                segmentStart.append(k)
                let d = delay[k]
                while k < b && delay[k] == d { k += 1 }
            }
        }
        rowStart[sourceCount] = segmentDelay.count
        segmentStart.append(target.count)
        let matrix = SynapseMatrix(
            rowStart: rowStart, segmentDelay: segmentDelay, segmentStart: segmentStart,
            target: target, weight: weight)
        target = []
        weight = []
        delay = []
        return matrix
    }

    /// A stable counting sort of one row by delay.
    private mutating func sortRowByDelay(
        _ row: Range<Int>, lo: Int32, hi: Int32,
        _ t: inout [UInt32], _ w: inout [Double], _ d: inout [Int32], _ histogram: inout [Int]
    ) {
        let n = row.count
        t.removeAll(keepingCapacity: true)
        w.removeAll(keepingCapacity: true)
        d.removeAll(keepingCapacity: true)
        t.append(contentsOf: target[row])
        w.append(contentsOf: weight[row])
        d.append(contentsOf: delay[row])
        let span = Int(hi - lo) + 1
        if span <= 1 << 16 {
            histogram.removeAll(keepingCapacity: true)
            histogram.append(contentsOf: repeatElement(0, count: span + 1))
            for i in 0..<n { histogram[Int(d[i] - lo) + 1] += 1 }
            for i in 0..<span { histogram[i + 1] += histogram[i] }
            for i in 0..<n {
                let slot = Int(d[i] - lo)
                let k = row.lowerBound + histogram[slot]
                histogram[slot] += 1
                target[k] = t[i]
                weight[k] = w[i]
                delay[k] = d[i]
            }
        } else {
            let order = (0..<n).sorted { d[$0] != d[$1] ? d[$0] < d[$1] : $0 < $1 }
            for (j, i) in order.enumerated() {
                target[row.lowerBound + j] = t[i]
                weight[row.lowerBound + j] = w[i]
                delay[row.lowerBound + j] = d[i]
            }
        }
    }
}
