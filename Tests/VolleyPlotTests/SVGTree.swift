// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// An SVG file parsed back with Foundation's XMLParser, so tests check what a viewer would read
/// rather than searching the text.
struct SVGTree {
    /// One element: its name, attributes and the text directly inside it.
    struct Element {
        let name: String
        let attributes: [String: String]
        var text = ""
        /// The classes of it and of its enclosing groups, innermost last.
        let classes: [String]
    }

    private(set) var elements: [Element] = []

    /// Parses `svg`; nil if it is not well-formed XML.
    init?(_ svg: String) {
        let delegate = Collector()
        let parser = XMLParser(data: Data(svg.utf8))
        parser.delegate = delegate
        guard parser.parse(), delegate.failed == false else { return nil }
        elements = delegate.elements
    }

    func all(_ name: String) -> [Element] { elements.filter { $0.name == name } }

    /// Elements named `name` with class `cls` on themselves or an enclosing group.
    func all(_ name: String, inClass cls: String) -> [Element] {
        elements.filter { $0.name == name && $0.classes.contains(cls) }
    }

    /// Elements named `name` whose own class is `cls`.
    func all(_ name: String, classed cls: String) -> [Element] {
        elements.filter { $0.name == name && $0.attributes["class"] == cls }
    }

    /// The text of every `<text>` element.
    var texts: [String] { all("text").map(\.text) }

    private final class Collector: NSObject, XMLParserDelegate {
        var elements: [Element] = []
        var open: [Int] = []
        var classStack: [[String]] = [[]]
        var failed = false

        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                    attributes: [String: String] = [:]) {
            let classes = classStack.last! + (attributes["class"].map { [$0] } ?? [])
            classStack.append(classes)
            elements.append(Element(name: name, attributes: attributes, classes: classes))
            open.append(elements.count - 1)
        }

        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            open.removeLast()
            classStack.removeLast()
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            if let i = open.last { elements[i].text += string }
        }

        func parser(_ parser: XMLParser, parseErrorOccurred parseError: any Error) { failed = true }
    }
}
