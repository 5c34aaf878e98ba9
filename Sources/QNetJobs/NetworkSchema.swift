import Foundation
import QuantumNetwork

/// The JSON Schema of network files, made from ``NetworkFile``'s field tables
/// so it cannot drift from the reader (docs/network.schema.json is its
/// output; a test keeps the two equal).
enum NetworkSchema {
    static func json() -> String {
        func number(_ range: ClosedRange<Double>, _ unit: String) -> [String: Any] {
            var s: [String: Any] = ["type": range.upperBound == .infinity ? ["number", "string"] : "number",
                                    "minimum": range.lowerBound]
            if range.upperBound < .greatestFiniteMagnitude { s["maximum"] = range.upperBound }
            if !unit.isEmpty { s["description"] = unit }
            return s
        }
        var module: [String: Any] = ["name": ["type": "string"], "preset": ["enum": HardwarePreset.allCases.map(\.rawValue)],
                                     "capacity": ["type": "integer", "minimum": 1]]
        for f in NetworkFile.moduleFields { module[f.key] = number(f.range, f.unit) }
        var link: [String: Any] = ["band": ["enum": FiberBand.allCases.map(\.rawValue)], "channels": ["type": "integer", "minimum": 1]]
        for f in NetworkFile.optionalLinkFields { link[f.key] = number(NetworkFile.optionalLinkRange, f.unit) }
        for f in NetworkFile.linkFields { link[f.key] = number(f.range, f.unit) }
        let ends: [String: Any] = ["type": "array", "minItems": 2, "maxItems": 2, "items": ["type": "string"],
                                   "description": "the two ends: node or node.module"]
        let k = NetworkFile.PositionKeys.self
        let position: [String: Any] = ["oneOf": [
            ["type": "object", "additionalProperties": false, "required": [k.latitude, k.longitude],
             "properties": [k.latitude: number(k.latitudes, "degrees"), k.longitude: number(k.longitudes, "degrees")]],
            ["type": "object", "additionalProperties": false, "required": [k.x, k.y],
             "properties": [k.x: ["type": "number"], k.y: ["type": "number"]]],
        ]]
        var node: [String: Any] = module.filter { $0.key != "name" }
        node["name"] = ["type": "string", "pattern": "^[^.]+$"]
        node["position"] = position
        node["modules"] = ["type": "array", "minItems": 1,
                           "items": ["type": "object", "additionalProperties": false, "properties": module]]
        var linkEntry = link
        linkEntry["between"] = ends
        var generate: [String: Any] = ["shape": ["enum": NetworkFile.shapes], "seed": ["type": "integer", "minimum": 0]]
        for k in NetworkFile.generateKeys where generate[k] == nil { generate[k] = ["type": "number"] }
        let schema: [String: Any] = [
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": "https://github.com/qnet/qnet/docs/network.schema.json",
            "title": "QNet network file",
            "description": "A quantum network: nodes, links, classical channels (see docs/networks.md).",
            "type": "object", "additionalProperties": false,
            "properties": [
                "name": ["type": "string"],
                "nodes": ["type": "array", "items": ["type": "object", "required": ["name"], "additionalProperties": false,
                                                     "properties": node]],
                "links": ["type": "array", "items": ["type": "object", "required": ["between"], "additionalProperties": false,
                                                     "properties": linkEntry]],
                "classical": ["type": "array", "items": ["type": "object", "required": ["between"], "additionalProperties": false,
                                                         "properties": ["between": ends, "length_km": number(0 ... .greatestFiniteMagnitude, "km"),
                                                                        "delay_s_per_km": number(0...1, "s/km")]]],
                "defaults": ["type": "object", "additionalProperties": false, "properties": [
                    "module": ["type": "object", "additionalProperties": false, "properties": module.filter { $0.key != "name" }],
                    "link": ["type": "object", "additionalProperties": false, "properties": link],
                ]],
                "generate": ["type": "object", "required": ["shape"], "additionalProperties": false, "properties": generate],
            ],
        ]
        guard let data = try? JSONSerialization.data(withJSONObject: schema, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        else { return "{}\n" }
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
