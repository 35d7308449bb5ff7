/// TensorFlow's canonical device spelling, as `import_graph_def` leaves it:
/// `/gpu:1` -> `/device:GPU:1`, `/job:worker/cpu:0` -> `/job:worker/device:CPU:0`.
public enum DeviceName {
    public static func canonical(_ device: String) -> String {
        guard !device.isEmpty else { return device }
        var parts: [(String, String)] = []
        for piece in device.split(separator: "/", omittingEmptySubsequences: true) {
            let fields = piece.split(separator: ":", maxSplits: 1).map(String.init)
            guard fields.count == 2 else { return device }
            let key = fields[0].lowercased()
            switch key {
            case "job", "replica", "task": parts.append((key, fields[1]))
            case "device":
                let sub = fields[1].split(separator: ":", maxSplits: 1).map(String.init)
                guard sub.count == 2 else { return device }
                parts.append(("device", sub[0].uppercased() + ":" + sub[1]))
            case "cpu", "gpu", "tpu": parts.append(("device", key.uppercased() + ":" + fields[1]))
            default: return device
            }
        }
        return "/" + parts.map { "\($0.0):\($0.1)" }.joined(separator: "/")
    }
}
