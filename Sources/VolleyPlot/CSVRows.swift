// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import VolleyFormats

/// The rows of one of the run's CSV files after its header: the header checked, empty lines
/// skipped, every row's field count checked, each failure naming the file and the line.
enum CSVRows {
    static func forEach(
        path: String, header: String, columns: Int, _ body: (CSVFields, Int) throws(PlotInputError) -> Void
    ) throws(PlotInputError) {
        let headerBytes = Array(header.utf8)
        var sawHeader = false
        try ByteLines.forEach(path: path) { (line: UnsafeBufferPointer<UInt8>, number: Int) throws(PlotInputError) in
            if number == 1 {
                guard line.elementsEqual(headerBytes) else {
                    throw PlotInputError("\(path): line 1 is '\(String(decoding: line, as: UTF8.self))', not the header '\(header)'")
                }
                sawHeader = true
                return
            }
            if line.isEmpty { return }
            let fields = CSVFields(line)
            guard fields.count == columns else {
                throw PlotInputError("\(path): line \(number) has \(fields.count) fields, not \(columns) (\(header))")
            }
            try body(fields, number)
        }
        guard sawHeader else { throw PlotInputError("\(path): the file is empty (no header '\(header)')") }
    }
}
