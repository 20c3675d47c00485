// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

/// The stream ids that separate independent uses of the random generator. Each use draws with
/// a key made only of model quantities (a global id, a connection's index, a step), so the
/// numbers never depend on how the network is split (DESIGN §2).
enum RandomStreams {
    /// Initial membrane potentials; entity = global neuron id.
    static let initialMembranePotential: UInt32 = 1

    /// What a projection draws; one stream each.
    enum ProjectionPurpose: UInt32 {
        case endpoints = 0   // sources (or targets, for fixed_outdegree)
        case weights = 1
        case delays = 2
        case totalNumberSplit = 3
    }

    static func projection(_ index: Int, _ purpose: ProjectionPurpose) -> UInt32 {
        0x0001_0000 + UInt32(index) * 16 + purpose.rawValue
    }

    /// Poisson input of one device connection; entity = target global id, counter = emission step.
    static func poissonInput(_ deviceConnection: Int) -> UInt32 {
        0x4000_0000 + UInt32(deviceConnection)
    }
}
