// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

/// The files of a config, the simulation config first and each child after its parent: a
/// top-level section comes from the last file that has it, as BMTK's `dict.update` leaves it.
struct SonataConfigLayers {
    let files: [SonataConfigFile]

    /// The section `key` and the file it comes from.
    func section(_ key: String) -> (JSONValue, SonataConfigFile)? {
        for file in files.reversed() {
            guard let value = file[key] else { continue }
            if case .null = value { continue }
            return (value, file)
        }
        return nil
    }

    func string(_ key: String) throws(FileFormatError) -> String? {
        guard let (value, file) = section(key) else { return nil }
        guard case .string(let text) = value else { throw file.error("\(key) is not a string") }
        return text
    }

    /// The string section `key` as an absolute path.
    func path(_ key: String) throws(FileFormatError) -> String? {
        guard let (_, file) = section(key) else { return nil }
        return try string(key).map(file.absolute)
    }

    /// The section `key`, which must be an object.
    func object(_ key: String) throws(FileFormatError) -> (JSONValue, SonataConfigFile)? {
        guard let (value, file) = section(key) else { return nil }
        guard case .object = value else { throw file.error("\(key) is not an object") }
        return (value, file)
    }

    /// The number `key` of the object section `section` ("run"), nil if either is absent.
    func number(_ key: String, in section: String) throws(FileFormatError) -> Double? {
        guard let (value, file) = try object(section) else { return nil }
        return try file.number(key, in: value, place: section + ".")
    }

    /// The string `key` of the object section `section`, made absolute if `isPath`.
    func string(_ key: String, in section: String, isPath: Bool = false) throws(FileFormatError) -> String? {
        guard let (value, file) = try object(section), let text = try file.string(key, in: value, place: section + ".") else {
            return nil
        }
        return isPath ? file.absolute(text) : text
    }

    /// The (data file, types file) pairs of `networks.<kind>`, absolute.
    func files(kind: String, file fileKey: String, types typesKey: String) throws(FileFormatError) -> [(String, String)] {
        guard let (networks, file) = try object("networks"), let list = networks[kind] else { return [] }
        guard case .array(let entries) = list else { throw file.error("networks.\(kind) is not an array") }
        var pairs: [(String, String)] = []
        for (i, entry) in entries.enumerated() {
            let place = "networks.\(kind)[\(i)]"
            guard case .object = entry else { throw file.error("\(place) is not an object") }
            guard let data = try file.string(fileKey, in: entry, place: place + ".") else {
                throw file.error("\(place) has no \(fileKey)")
            }
            guard let types = try file.string(typesKey, in: entry, place: place + ".") else {
                throw file.error("\(place) has no \(typesKey)")
            }
            pairs.append((file.absolute(data), file.absolute(types)))
        }
        return pairs
    }

    /// `components` of every file merged key by key, a later file winning, each value with
    /// the file it comes from (its paths are relative to that file).
    func components() throws(FileFormatError) -> Components {
        var merged: [String: (JSONValue, SonataConfigFile)] = [:]
        for file in files {
            guard let value = file["components"] else { continue }
            if case .null = value { continue }
            guard case .object(let members) = value else { throw file.error("components is not an object") }
            for (key, member) in members { merged[key] = (member, file) }
        }
        return Components(entries: merged)
    }

    /// The merged `components` section.
    struct Components {
        let entries: [String: (JSONValue, SonataConfigFile)]

        /// The directory or file `key`, absolute.
        func path(_ key: String) throws(FileFormatError) -> String? {
            guard let (value, file) = entries[key] else { return nil }
            if case .null = value { return nil }
            guard case .string(let text) = value else { throw file.error("components.\(key) is not a string") }
            return file.absolute(text)
        }
    }

    /// The entries of `inputs`, in file order.
    func inputs() throws(FileFormatError) -> [SonataConfig.Input] {
        guard let (section, file) = try object("inputs"), case .object(let entries) = section else { return [] }
        var inputs: [SonataConfig.Input] = []
        for (name, entry) in entries {
            let place = "inputs.\(name)."
            guard case .object = entry else { throw file.error("inputs.\(name) is not an object") }
            var parrots = false
            if let value = entry["use_parrot_neurons"] {
                switch value {
                case .bool(let flag): parrots = flag
                case .null: break
                default: throw file.error("\(place)use_parrot_neurons is not true or false")
                }
            }
            let nodeSet: String? = if case .string(let set)? = entry["node_set"] { set } else { nil }
            inputs.append(SonataConfig.Input(
                name: name,
                inputType: try file.string("input_type", in: entry, place: place),
                module: try file.string("module", in: entry, place: place),
                inputFile: try file.string("input_file", in: entry, place: place).map(file.absolute),
                nodeSet: nodeSet,
                useParrotNeurons: parrots,
                raw: entry))
        }
        return inputs
    }

    /// The names of the entries of `reports` that hold something.
    func reports() throws(FileFormatError) -> [String] {
        guard let (section, _) = try object("reports"), case .object(let entries) = section else { return [] }
        return entries.compactMap { name, entry in
            switch entry {
            case .null: nil
            case .object(let members) where members.isEmpty: nil
            default: name
            }
        }
    }
}
