// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import Testing
import VolleyRuntime
import VolleyTap

@Suite struct OutputFormatTests {
    @Test func sha256KnownAnswers() {
        var a = SHA256()
        a.update("abc")
        #expect(a.finalizeHex() == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        var e = SHA256()
        #expect(e.finalizeHex() == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        var long = SHA256()
        long.update("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")
        #expect(long.finalizeHex() == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        var million = SHA256()
        million.update([UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000))
        #expect(million.finalizeHex() == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test func timesPrintWithTheResolutionsDecimals() {
        #expect(TimeFormatter(resolution: 0.1).string(12) == "1.2")
        #expect(TimeFormatter(resolution: 0.1).string(10) == "1.0")
        #expect(TimeFormatter(resolution: 0.1).string(3) == "0.3")
        #expect(TimeFormatter(resolution: 0.025).string(3) == "0.075")
        #expect(TimeFormatter(resolution: 1.0).string(7) == "7.0")
    }

    @Test func parsesPythonJSONWithInfinities() throws {
        let v = try JSONParser.parse(#"{"a": -Infinity, "b": [1, 2.5e1], "c": "x\"y", "d": {"e": null}}"#)
        #expect(v["a"]?.double == -.infinity)
        #expect(v["b"]?.doubles == [1, 25])
        #expect(v["c"] == .string("x\"y"))
        #expect(v["d"]?["e"] == .null)
        #expect(throws: JSONParser.ParseError.self) { try JSONParser.parse("{\"a\": }") }
    }

    @Test func jsonRoundTrips() throws {
        let v = JSONValue.object([("n", .integer(3)), ("x", .number(0.1)), ("s", .string("a\nb")), ("l", .array([.bool(true), .null]))])
        #expect(try JSONParser.parse(v.pretty()) == .object([
            ("n", .number(3)), ("x", .number(0.1)), ("s", .string("a\nb")), ("l", .array([.bool(true), .null])),
        ]))
    }
}
