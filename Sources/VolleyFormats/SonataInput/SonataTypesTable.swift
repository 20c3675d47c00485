// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

/// A SONATA *_types.csv table (space-separated, header row, "NULL" = absent, fields may be quoted with ' or ").
///
/// Fields are separated by runs of spaces or tabs; blank lines are skipped. A quoted field may
/// hold spaces, and its quote doubled stands for itself. `NULL` unquoted is an absent value, as
/// BMTK's pandas reads it; quoted, it is the text NULL.
public struct SonataTypesTable: Sendable {
    public let path: String
    /// The header, in file order.
    public let columns: [String]
    /// One dictionary per row, in file order; absent (NULL) columns are missing from it.
    public let rows: [[String: String]]
    /// Row numbers by type id, for the columns `node_type_id` and `edge_type_id` when present.
    private let index: [String: [Int64: Int]]

    /// The id columns indexed, and checked to hold distinct integers.
    private static let idColumns = ["node_type_id", "edge_type_id"]

    public static func read(path: String) throws(FileFormatError) -> SonataTypesTable {
        let text = try TextFile.read(path)
        var columns: [String]?
        var rows: [[String: String]] = []
        // Split on scalars: as Characters, "\r\n" is one grapheme that is not "\n".
        let lines = Array(text.unicodeScalars).split(separator: "\n", omittingEmptySubsequences: false)
        for (number, line) in lines.enumerated() {
            let place = columns == nil ? "the header (line \(number + 1))" : "row \(rows.count) (line \(number + 1))"
            let fields = try Self.fields(of: line, path: path, place: place)
            if fields.isEmpty { continue }
            guard let header = columns else {
                let names = fields.map(\.text)
                if let repeated = names.enumerated().first(where: { names[..<$0.offset].contains($0.element) })?.element {
                    throw FileFormatError(path: path, reason: "the header names column \(repeated) twice")
                }
                columns = names
                continue
            }
            guard fields.count == header.count else {
                throw FileFormatError(path: path, reason: "\(place) has \(fields.count) fields; the header has \(header.count)")
            }
            var row: [String: String] = [:]
            for (column, field) in zip(header, fields) where field.quoted || field.text != "NULL" { row[column] = field.text }
            rows.append(row)
        }
        guard let columns else { throw FileFormatError(path: path, reason: "the table is empty: no header row") }
        var index: [String: [Int64: Int]] = [:]
        for column in idColumns where columns.contains(column) {
            var ids: [Int64: Int] = [:]
            for (r, row) in rows.enumerated() {
                guard let text = row[column], let id = Int64(text) else {
                    throw FileFormatError(path: path, reason: "row \(r): \(column) is \(row[column] ?? "NULL"), not an integer")
                }
                if let first = ids[id] {
                    throw FileFormatError(path: path, reason: "\(column) \(id) is in row \(first) and in row \(r)")
                }
                ids[id] = r
            }
            index[column] = ids
        }
        return SonataTypesTable(path: path, columns: columns, rows: rows, index: index)
    }

    /// The row whose `column` is `typeId`, if any.
    public func row(typeId: Int64, column: String = "node_type_id") -> [String: String]? {
        if let ids = index[column] { return ids[typeId].map { rows[$0] } }
        return rows.first { $0[column].flatMap { Int64($0) } == typeId }
    }

    /// A field as written: its text without quotes, and whether it had them.
    struct Field: Equatable {
        let text: String
        let quoted: Bool
    }

    /// The fields of one line (a trailing `\r` is a separator); empty for a blank line.
    static func fields(of line: ArraySlice<Unicode.Scalar>, path: String, place: String) throws(FileFormatError) -> [Field] {
        var fields: [Field] = []
        let chars = Array(line)
        let isSpace = { (c: Unicode.Scalar) in c == " " || c == "\t" || c == "\r" }
        var i = 0
        while i < chars.count {
            if isSpace(chars[i]) { i += 1; continue }
            var text = ""
            if chars[i] == "\"" || chars[i] == "'" {
                let quote = chars[i]
                i += 1
                var closed = false
                while i < chars.count {
                    if chars[i] == quote {
                        if i + 1 < chars.count, chars[i + 1] == quote { text.unicodeScalars.append(quote); i += 2; continue }
                        closed = true
                        i += 1
                        break
                    }
                    text.unicodeScalars.append(chars[i])
                    i += 1
                }
                guard closed else { throw FileFormatError(path: path, reason: "\(place): a quoted field is not closed") }
                guard i == chars.count || isSpace(chars[i]) else {
                    throw FileFormatError(path: path, reason: "\(place): text follows a closing quote without a space")
                }
                fields.append(Field(text: text, quoted: true))
            } else {
                while i < chars.count, !isSpace(chars[i]) { text.unicodeScalars.append(chars[i]); i += 1 }
                fields.append(Field(text: text, quoted: false))
            }
        }
        return fields
    }
}
