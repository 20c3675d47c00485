// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import Foundation
import Testing
@testable import VolleyCore

/// A connection list travels in the spec's JSON as base64 columns of little-endian bytes: every
/// weight and delay must come back to the bit, and a damaged column must be refused.
@Suite struct ConnectionListCodingTests {
    @Test(arguments: 0..<7)
    func base64RoundTripsEveryLength(length: Int) throws {
        let bytes = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 97 &+ 251) }
        let text = Base64.encode(bytes)
        #expect(text == Data(bytes).base64EncodedString(), "Foundation's base64 is the yardstick")
        #expect(Base64.decode(text) == bytes)
    }

    @Test func damagedBase64IsRefused() {
        #expect(Base64.decode("QUJ!") == nil, "a character outside the alphabet")
        #expect(Base64.decode("QUJ") == nil, "not whole quadruples")
        #expect(Base64.decode("QU=D") == nil, "padding inside the data")
        #expect(Base64.decode("====") == nil && Base64.decode("A===") == nil, "more padding than a quadruple takes")
        #expect(Base64.decode("") == [])
    }

    @Test func weightsAndDelaysComeBackToTheBit() throws {
        let weights = [0.1 + 0.2, -0.0, .leastNonzeroMagnitude, -.greatestFiniteMagnitude, 1e-300, 18.0 * 3]
        let list = ConnectionList(
            source: [0, 1, 4_000_000_000, 7, 3, 2], target: [5, 5, 0, UInt32.max, 1, 9], weight: weights,
            delay: [0.73, 1.27, 0.1, 2.6400000000000001, 1e3, 0.30000000000000004])
        let data = try JSONEncoder().encode(list)
        let back = try JSONDecoder().decode(ConnectionList.self, from: data)
        #expect(back.source == list.source && back.target == list.target)
        #expect(back.weight!.map(\.bitPattern) == weights.map(\.bitPattern))
        #expect(back.delay!.map(\.bitPattern) == list.delay!.map(\.bitPattern))
        let noColumns = ConnectionList(source: [1], target: [2])
        let bare = try JSONDecoder().decode(ConnectionList.self, from: JSONEncoder().encode(noColumns))
        #expect(bare == noColumns && bare.weight == nil && bare.delay == nil)
    }

    @Test func columnsOfOtherLengthsAreRefused() throws {
        let json = #"{"source": "AQAAAAIAAAA=", "target": "AQAAAA=="}"#  // two sources, one target
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(ConnectionList.self, from: Data(json.utf8)) }
        let ragged = #"{"source": "AQAA", "target": "AQAA"}"#  // three bytes: not whole UInt32s
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(ConnectionList.self, from: Data(ragged.utf8)) }
    }
}
