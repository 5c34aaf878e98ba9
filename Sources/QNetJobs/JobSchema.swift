import ArgumentParser
import Foundation
import QuantumNetwork

/// The JSON Schema of job files, made from the protocol catalogue so that it
/// cannot drift from what `qnet` accepts (docs/job.schema.json is its output;
/// a test keeps the two equal).
public enum JobSchema {
    public static func json() -> String {
        let protocols = ProtocolCatalog.all
        let axis: [String: Any] = [
            "type": "object", "required": ["parameter"], "additionalProperties": false,
            "properties": [
                "parameter": ["type": "string", "description": "the swept parameter"],
                "values": ["type": "array", "minItems": 1, "items": ["type": ["number", "string"]]],
                "linear": range("evenly spaced values"), "log": range("values evenly spaced in log scale (from, to > 0)"),
            ],
            "oneOf": [["required": ["values"]], ["required": ["linear"]], ["required": ["log"]]],
        ]
        var conditions: [[String: Any]] = []
        func parameters(_ defs: [ParameterDefinition], elements: Bool) -> [String: Any] {
            var props: [String: Any] = [:]
            for p in defs { props[p.name] = parameterSchema(p) }
            var names: [String: Any] = ["enum": defs.map(\.name)]
            var object: [String: Any] = ["type": "object", "additionalProperties": false, "properties": props]
            if elements {
                // Network elements (links.A-B.FIELD, nodes.N.FIELD, …): checked against the network when the job is read.
                let element = "^(links|nodes)\\..+\\.[a-z0-9_]+$"
                object["patternProperties"] = [element: ["type": ["number", "string"], "description": "a network element"]]
                names = ["anyOf": [names, ["type": "string", "pattern": element]]]
            }
            return ["properties": [
                "parameters": object,
                "sweep": ["properties": ["axes": ["items": ["properties": ["parameter": names]]]]],
            ]]
        }
        for spec in protocols {
            let isSpec: [String: Any] = ["properties": ["protocol": ["const": spec.name]], "required": ["protocol"]]
            var own = parameters(spec.parameters, elements: false)
            guard let form = spec.network else {
                // Only its own topology: no network key.
                own["not"] = ["required": ["network"]]
                conditions.append(["if": isSpec, "then": own])
                continue
            }
            conditions.append(["if": isSpec.merging(["required": ["protocol"], "not": ["required": ["network"]]]) { $1 },
                               "then": own])
            conditions.append(["if": isSpec.merging(["required": ["protocol", "network"]]) { $1 },
                               "then": parameters(form.parameters(NetworkDescription()), elements: true)])
        }
        let schema: [String: Any] = [
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": "https://github.com/qnet/qnet/docs/job.schema.json",
            "title": "QNet job file",
            "description": "A family of network scenarios for `qnet run` (see docs/jobs.md).",
            "type": "object", "required": ["protocol"], "additionalProperties": false,
            "properties": [
                "protocol": ["enum": protocols.map(\.name), "description": "the network protocol to simulate"],
                "network": [
                    "oneOf": [
                        ["type": "string", "description": "a network file (YAML, JSON or node-link JSON), relative to the job file"],
                        ["$ref": "network.schema.json"],
                    ],
                    "description": "the network the protocol runs on (protocols with a network form; see docs/jobs.md)",
                ],
                "name": ["type": "string", "pattern": "^[A-Za-z0-9_][A-Za-z0-9._-]{0,99}$",
                         "description": "job name, a plain file name (default: the file name)"],
                "max_points": ["type": "integer", "minimum": 1,
                               "description": "most points the sweep may have; default \(Job.defaultMaximumPoints)"],
                "runs": ["type": "integer", "minimum": 1,
                         "description": "Monte-Carlo runs per point (pulses or pairs for QKD); default 100"],
                "seed": ["type": "integer", "minimum": 0, "description": "job seed; point seeds derive from it"],
                "parameters": ["type": "object", "description": "fixed parameter values (others take defaults)"],
                "sweep": [
                    "type": "object", "additionalProperties": false,
                    "properties": [
                        "mode": ["enum": Sweep.Mode.allCases.map(\.rawValue),
                                 "description": "product (last axis fastest) or zip (equal lengths)"],
                        "axes": ["type": "array", "minItems": 1, "items": axis],
                    ],
                ],
                "output": [
                    "type": "object", "additionalProperties": false,
                    "properties": ["csv": ["type": "string"], "jsonl": ["type": "string"]],
                    "description": "result files, relative to the job file and inside its directory",
                ],
                "plot": [
                    "type": "object", "additionalProperties": false,
                    "properties": ["x": ["type": "string"], "y": ["type": "string"], "series": ["type": "string"],
                                   "log_x": ["type": "boolean"], "log_y": ["type": "boolean"]],
                    "description": "what --plot draws: y against x, one line per value of series",
                ],
            ],
            "allOf": conditions,
        ]
        let data = try! JSONSerialization.data(withJSONObject: schema, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    private static func range(_ description: String) -> [String: Any] {
        ["type": "object", "required": ["from", "to", "count"], "additionalProperties": false, "description": description,
         "properties": ["from": ["type": "number"], "to": ["type": "number"], "count": ["type": "integer", "minimum": 1]]]
    }

    private static func parameterSchema(_ p: ParameterDefinition) -> [String: Any] {
        let text = p.summary + (p.unit.isEmpty ? "" : " (\(p.unit))") + "; default \(p.defaultValue)"
        switch p.kind {
        case let .real(r):
            var s: [String: Any] = ["description": text, "minimum": r.lowerBound]
            if r.upperBound.isFinite {
                s["type"] = "number"
                if r.upperBound < .greatestFiniteMagnitude { s["maximum"] = r.upperBound }
            } else {
                // Infinity is written .inf (YAML) or "inf".
                s["type"] = ["number", "string"]
            }
            return s
        case let .integer(r): return ["type": "integer", "minimum": r.lowerBound, "maximum": r.upperBound, "description": text]
        case let .choice(names): return ["enum": names, "description": text]
        case .node, .link: return ["type": "string", "description": text]
        case .nodes, .nodePairs:
            return ["oneOf": [["type": "string"], ["type": "array", "items": ["type": "string"]]], "description": text]
        }
    }
}

/// `qnet schema`: prints the job files' JSON Schema.
struct SchemaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schema", abstract: "Print the JSON Schema of job files, or of network files with --network (for editors).")

    @Flag(help: "The schema of network files instead of job files.")
    var network = false

    func run() throws { print(network ? NetworkSchema.json() : JobSchema.json(), terminator: "") }
}
