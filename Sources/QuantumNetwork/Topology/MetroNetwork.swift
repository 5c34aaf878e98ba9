extension NetworkDescription {
    /// The links of ``metro15(link:)``: (node, node, km), in the order of the
    /// `trusted-node-qkd` protocol's `attacked_link` index.
    public static let metro15Links: [(Int, Int, Double)] = [
        (0, 1, 10), (1, 2, 12), (2, 3, 8), (3, 4, 14), (4, 5, 9), (5, 0, 11), // core ring
        (0, 3, 18), (1, 4, 20),                                                 // chords
        (0, 6, 5), (1, 7, 12), (2, 8, 25), (3, 9, 7), (4, 10, 15), (5, 11, 6),   // access spurs
        (2, 12, 9), (3, 12, 16), (5, 13, 20), (0, 13, 22), (4, 14, 18),         // dual-homed and far access
    ]

    /// A 15-node metro QKD network (assumed: carriers do not publish their
    /// fiber maps): a core ring of six exchange nodes 8–14 km apart, two
    /// chords across it, and nine access nodes hanging off the exchanges by
    /// 5–25 km spurs, two of them dual-homed. Nodes "K0" … "K14" with ideal
    /// modules; every link a copy of `link` with its ends and length set.
    /// examples/networks/metro-15.yaml is the same network as a file.
    public static func metro15(link: LinkDescription) -> NetworkDescription {
        NetworkDescription(
            nodes: (0..<15).map { NodeDescription(name: "K\($0)") },
            links: metro15Links.map { a, b, km in
                var l = link
                (l.a, l.b, l.lengthKm) = (LinkEnd(node: "K\(a)"), LinkEnd(node: "K\(b)"), km)
                return l
            })
    }
}
