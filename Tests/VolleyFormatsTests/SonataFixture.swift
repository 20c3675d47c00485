// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import Foundation
import VolleyTestKit

/// The BMTK example circuit in Fixtures/sonata_example, found beside this file rather than
/// bundled, and copied when a test needs it somewhere else.
enum SonataFixture {
    /// The fixture folder in the source tree.
    static let directory: String = {
        let here = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        return here.appendingPathComponent("Fixtures/sonata_example").path
    }()

    /// A file of the fixture, by its path inside it ("network/net_nodes.h5").
    static func file(_ relative: String) -> String { directory + "/" + relative }

    /// A fresh copy of the whole fixture folder; returns its path.
    static func copy() throws -> String {
        let destination = try VolleyProcess.temporaryDirectory() + "/sonata_example"
        try FileManager.default.copyItem(atPath: directory, toPath: destination)
        return destination
    }
}
