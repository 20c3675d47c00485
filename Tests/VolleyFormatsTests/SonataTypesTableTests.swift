// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import Foundation
import Testing
import VolleyFormats
import VolleyTestKit

/// The *_types.csv reader on tables written for the purpose: quoting, NULL, and the errors.
@Suite("SONATA types table")
struct SonataTypesTableTests {
    let dir: String

    init() throws { dir = try VolleyProcess.temporaryDirectory() }

    private func table(_ text: String) throws -> String {
        let path = dir + "/types.csv"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test("quoted fields keep their spaces; a doubled quote is a quote; NULL unquoted is absent; CRLF and tabs are separators")
    func quoting() throws {
        let path = try table("edge_type_id\tquery weight  note\r\n100 \"ei=='e' & x > 1\" 2.5 NULL\r\n\r\n101 'it''s' NULL \"NULL\"\r\n")
        let types = try SonataTypesTable.read(path: path)
        #expect(types.columns == ["edge_type_id", "query", "weight", "note"])
        #expect(types.rows == [
            ["edge_type_id": "100", "query": "ei=='e' & x > 1", "weight": "2.5"],
            ["edge_type_id": "101", "query": "it's", "note": "NULL"],
        ])
        #expect(types.row(typeId: 101, column: "edge_type_id")?["query"] == "it's")
        #expect(types.row(typeId: 2, column: "weight") == nil)
    }

    @Test("a row of the wrong width, an unclosed quote, a repeated or missing type id are errors naming the row")
    func errors() throws {
        let short = try table("node_type_id a b\n1 x y\n2 x\n")
        #expect(throws: FileFormatError(path: short, reason: "row 1 (line 3) has 2 fields; the header has 3")) { try SonataTypesTable.read(path: short) }
        let open = try table("node_type_id a\n1 \"x y\n")
        #expect(throws: FileFormatError(path: open, reason: "row 0 (line 2): a quoted field is not closed")) { try SonataTypesTable.read(path: open) }
        let twice = try table("node_type_id a\n7 x\n7 y\n")
        #expect(throws: FileFormatError(path: twice, reason: "node_type_id 7 is in row 0 and in row 1")) { try SonataTypesTable.read(path: twice) }
        let null = try table("node_type_id a\nNULL x\n")
        #expect(throws: FileFormatError(path: null, reason: "row 0: node_type_id is NULL, not an integer")) { try SonataTypesTable.read(path: null) }
        let empty = try table("\n\n")
        #expect(throws: FileFormatError(path: empty, reason: "the table is empty: no header row")) { try SonataTypesTable.read(path: empty) }
        let missing = dir + "/missing.csv"
        #expect(throws: FileFormatError(path: missing, reason: "no such file")) { try SonataTypesTable.read(path: missing) }
    }
}
