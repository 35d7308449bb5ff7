import Foundation
import GradCheck

/// How `graphgrad check` prints a report: aligned text for people, one JSON object for scripts.
enum CheckOutput {
    static func text(_ report: CheckReport) -> String {
        var lines: [String] = []
        let precision = report.promotedToFloat64 ? "in float64 (float32 graph promoted to float64, gradients included)" : "in float64"
        lines.append("checking d sum(grad_ys * ys) / dx \(precision); eps \(number(report.eps)), seed \(report.seed)")
        let width = report.xs.map { $0.x.description.count }.max() ?? 0
        for x in report.xs {
            let head = x.x.description.padding(toLength: width, withPad: " ", startingAt: 0) + "  \(x.dtype)\(shape(x.shape))"
            switch x.status {
            case .skipped(let reason):
                lines.append("  \(head)  skipped: \(reason)")
            case .passed, .failed:
                var line = "  \(head)  \(method(x.method))  max abs err \(number(x.maxAbsError))  max rel err \(number(x.maxRelError))"
                if let worst = x.worst {
                    let label = if case .directional = x.method { "worst direction \(worst.index[0])" } else { "worst \(shape(worst.index))" }
                    line += "  \(label): analytic \(number(worst.analytic)) numeric \(number(worst.numeric))"
                }
                line += x.status == .passed ? "  ok" : "  FAIL"
                lines.append(line)
                lines.append("      gradient: \(x.gradient)")
            }
        }
        for feed in report.generatedFeeds {
            lines.append("generated feed: \(feed.name) \(feed.dtype)\(shape(feed.shape)) \(feed.distribution)")
        }
        lines.append("tolerance: \(report.tolerance.rule)")
        if let localization = report.localization {
            let disagreeing = localization.filter { if case .disagrees = $0.verdict { true } else { false } }
            lines.append("localize: \(localization.count) op\(localization.count == 1 ? "" : "s") with gradient nodes checked on their own, \(disagreeing.count) disagree\(disagreeing.count == 1 ? "s" : "")")
            for check in localization {
                switch check.verdict {
                case .agrees: continue
                case .disagrees(let detail): lines.append("  DISAGREES \(check.node) (\(check.op)): \(detail)")
                case .inconclusive(let detail): lines.append("  inconclusive \(check.node) (\(check.op)): \(detail)")
                }
            }
        }
        let checked = report.xs.filter { if case .skipped = $0.status { false } else { true } }
        let passed = checked.filter { $0.status == .passed }.count
        let skipped = report.xs.count - checked.count
        lines.append("\(report.passed ? "PASS" : "FAIL"): \(passed) of \(checked.count) checked xs agree"
                     + (skipped > 0 ? ", \(skipped) skipped" : "") + "; \(report.forwardRuns) forward runs")
        return lines.joined(separator: "\n")
    }

    static func json(_ report: CheckReport) -> String {
        let xs = report.xs.map { x -> String in
            var fields = ["\"x\": \(jsonString(x.x.description))", "\"dtype\": \(jsonString(x.dtype.name))",
                          "\"shape\": \(ints(x.shape))", "\"gradient\": \(jsonString(x.gradient))"]
            switch x.status {
            case .skipped(let reason):
                fields += ["\"status\": \"skipped\"", "\"reason\": \(jsonString(reason))"]
            case .passed, .failed:
                fields.append("\"status\": \(x.status == .passed ? "\"passed\"" : "\"failed\"")")
                switch x.method {
                case .full(let elements): fields += ["\"method\": \"full\"", "\"elements\": \(elements)"]
                case .directional(let directions, let group):
                    fields += ["\"method\": \"directional\"", "\"directions\": \(directions)", "\"group_size\": \(group)"]
                case .none: fields.append("\"method\": null")
                }
                fields += ["\"max_abs_error\": \(json(x.maxAbsError))", "\"max_rel_error\": \(json(x.maxRelError))"]
                fields.append("\"worst\": " + (x.worst.map {
                    "{\"index\": \(ints($0.index)), \"analytic\": \(json($0.analytic)), \"numeric\": \(json($0.numeric))}"
                } ?? "null"))
            }
            return "{" + fields.joined(separator: ", ") + "}"
        }
        let generated = report.generatedFeeds.map {
            "{\"name\": \(jsonString($0.name)), \"dtype\": \(jsonString($0.dtype.name)), \"shape\": \(ints($0.shape)), \"distribution\": \(jsonString($0.distribution))}"
        }
        let localization = report.localization.map { checks in
            "[" + checks.map { check -> String in
                let (verdict, detail): (String, String?) = switch check.verdict {
                case .agrees: ("agrees", nil)
                case .disagrees(let d): ("disagrees", d)
                case .inconclusive(let d): ("inconclusive", d)
                }
                return "{\"node\": \(jsonString(check.node)), \"op\": \(jsonString(check.op)), \"verdict\": \"\(verdict)\", \"detail\": \(detail.map(jsonString) ?? "null")}"
            }.joined(separator: ", ") + "]"
        } ?? "null"
        return """
            {"passed": \(report.passed), "precision": "float64", "promoted_from_float32": \(report.promotedToFloat64), \
            "tolerance": {"rtol": \(json(report.tolerance.rtol)), "atol": \(json(report.tolerance.atol))}, \
            "eps": \(json(report.eps)), "seed": \(report.seed), "forward_runs": \(report.forwardRuns), \
            "xs": [\(xs.joined(separator: ", "))], "generated_feeds": [\(generated.joined(separator: ", "))], \
            "localization": \(localization)}
            """
    }

    private static func method(_ method: XCheck.Method) -> String {
        switch method {
        case .full(let elements): "full, \(elements) element\(elements == 1 ? "" : "s")"
        case .directional(let directions, let group):
            "directional, \(directions) direction\(directions == 1 ? "" : "s")" + (group > 1 ? " (with \(group - 1) other xs)" : "")
        case .none: "-"
        }
    }

    private static func shape(_ s: [Int]) -> String { "[" + s.map(String.init).joined(separator: ",") + "]" }
    private static func ints(_ s: [Int]) -> String { "[" + s.map(String.init).joined(separator: ", ") + "]" }
    private static func number(_ x: Double) -> String { String(format: "%.3g", x) }
    /// JSON has no NaN or infinity: they print as null.
    private static func json(_ x: Double) -> String { x.isFinite ? "\(x)" : "null" }
}
