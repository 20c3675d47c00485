// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

/// One JSON file of a SONATA config (the simulation config, or the circuit config it names)
/// with its own variables substituted; its relative paths are relative to its own directory.
struct SonataConfigFile {
    /// The file, absolute.
    let path: String
    /// The top-level members, substituted.
    let members: [(String, JSONValue)]

    /// Reads and substitutes the config at the absolute `path`.
    static func load(path: String, workingDirectory: String) throws(FileFormatError) -> SonataConfigFile {
        let text = try TextFile.read(path)
        let root: JSONValue
        do { root = try JSONParser.parse(text) } catch { throw FileFormatError(path: path, reason: "not valid JSON: \(error)") }
        guard case .object = root else { throw FileFormatError(path: path, reason: "the config is not a JSON object") }
        let variables = try SonataVariables(manifest: root["manifest"], path: path, workingDirectory: workingDirectory)
        guard case .object(let members) = try variables.substitute(root, place: "") else {
            return SonataConfigFile(path: path, members: [])
        }
        return SonataConfigFile(path: path, members: members)
    }

    /// An inline part of a config, e.g. a `"network"` object: another layer with the same file.
    init(path: String, members: [(String, JSONValue)]) {
        self.path = path
        self.members = members
    }

    /// The directory that relative paths in this file are relative to.
    var directory: String { SonataPath.directory(of: path) }

    subscript(key: String) -> JSONValue? { members.first { $0.0 == key }?.1 }

    /// `path` made absolute against this file's directory.
    func absolute(_ path: String) -> String { SonataPath.absolute(path, relativeTo: directory) }

    /// An error in this file.
    func error(_ reason: String) -> FileFormatError { FileFormatError(path: path, reason: reason) }

    /// The string at `key` of `object` (described by `place`), nil if absent; an error if it is not a string.
    func string(_ key: String, in object: JSONValue, place: String) throws(FileFormatError) -> String? {
        guard let value = object[key] else { return nil }
        if case .null = value { return nil }
        guard case .string(let text) = value else { throw error("\(place)\(key) is not a string") }
        return text
    }

    /// The number at `key` of `object`, nil if absent; an error if it is not a number.
    func number(_ key: String, in object: JSONValue, place: String) throws(FileFormatError) -> Double? {
        guard let value = object[key] else { return nil }
        if case .null = value { return nil }
        guard let number = value.double else { throw error("\(place)\(key) is not a number") }
        return number
    }
}
