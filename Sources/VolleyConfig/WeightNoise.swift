// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import VolleyCore

/// A head's `weight_noise: {std, seed}`: Gaussian noise added to every entry of its given
/// weight matrices (W_Q, W_K, W_V, W_O), drawn from `seed` alone (entry by entry, each matrix
/// a stream of its own), so a corrupted model is the same on every run and layout — the
/// corrupted weights of a language model, as a lesion.
struct WeightNoise {
    let std: Double
    let seed: UInt64

    func callAsFunction(_ source: MatrixSource, matrix: UInt32) -> MatrixSource {
        guard case .given(var m) = source, std > 0 else { return source }
        var draws = RandomSequence(Philox(seed: seed), stream: 0x5745_4E4F, entity: matrix, counter: 0)
        for i in m.values.indices { m.values[i] += std * Distributions.standardNormal(&draws) }
        return .given(m)
    }
}

extension MatrixSource {
    /// Whether the matrix is given (not drawn per head).
    var isGiven: Bool {
        if case .given = self { return true }
        return false
    }
}
