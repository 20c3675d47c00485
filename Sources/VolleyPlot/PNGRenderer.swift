// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import Foundation
import VolleyFormats

/// An SVG-to-PNG converter found on PATH — librsvg's `rsvg-convert`, Inkscape or ImageMagick's
/// `convert`, in that order of preference — so the figures come as pictures anyone can open,
/// without Volley drawing pixels itself.
public struct PNGRenderer: Sendable {
    /// Why a PNG could not be made.
    public struct Failure: Error, CustomStringConvertible, Sendable {
        public let description: String
    }

    /// The tools tried, in order.
    public static let candidates = ["rsvg-convert", "inkscape", "convert"]

    public let name: String
    public let executable: String

    /// The first candidate in the directories of `searchPath` (default: this process's PATH).
    public static func find(searchPath: String? = nil) -> PNGRenderer? {
        let path = searchPath ?? ProcessInfo.processInfo.environment["PATH"] ?? ""
        let directories = path.split(separator: ":").map(String.init)
        for name in candidates {
            for dir in directories {
                let file = dir + "/" + name
                if FileManager.default.isExecutableFile(atPath: file) { return PNGRenderer(name: name, executable: file) }
            }
        }
        return nil
    }

    /// Converts the SVG file `svg` into the PNG file `png` at the SVG's pixel size.
    public func render(svg: String, png: String) throws(Failure) {
        let arguments: [String] = switch name {
        case "rsvg-convert": ["--format", "png", "--output", png, svg]
        case "inkscape": ["--export-type=png", "--export-filename=\(png)", svg]
        default: ["-density", "96", "-background", "white", svg, png]
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let errors = Pipe()
        process.standardOutput = FileHandle.nullDevice
        process.standardError = errors
        do { try process.run() } catch { throw Failure(description: "\(name) did not start: \(error.localizedDescription)") }
        // Read to the end before waiting, so a talkative renderer cannot fill the pipe and stall.
        let said = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0, FileManager.default.fileExists(atPath: png) else {
            let reason = said.split(separator: "\n").first.map(String.init) ?? "exit status \(process.terminationStatus)"
            throw Failure(description: "\(name) failed on \(svg): \(reason)")
        }
    }
}
