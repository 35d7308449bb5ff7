import Executor
import Gradients
import GraphModel

/// Checks gradients against central finite differences of the forward graph, computed in
/// float64 (a float32 graph is checked through its float64 copy, gradients included, so
/// float32 rounding cannot make a check flaky; the report says when this happened).
public enum GradientChecker {
    public static func check(_ request: CheckRequest, options: CheckOptions = CheckOptions()) throws(GradCheckError) -> CheckReport {
        try validate(options)
        let setup = try CheckSetup(request, options: options)
        let checked = setup.slots.compactMap { slot -> CheckedX? in
            if case .checked(let x) = slot { return x }
            return nil
        }
        let totalElements = checked.reduce(0) { $0 + $1.count }
        let mode: CheckMode = options.mode == .auto ? (totalElements <= options.fullLimit ? .full : .directional) : options.mode

        var outcomes: [Int: (XCheck.Method, Comparison)] = [:]
        if mode == .full {
            var done = 0
            let total = 2 * totalElements
            for x in checked {
                let numeric = try FiniteDifferences.full(
                    x, objective: setup.objective, evaluator: setup.evaluator, eps: options.eps, runsDone: &done, runsTotal: total)
                outcomes[x.position] = (.full(elements: x.count), Comparison(analytic: x.analytic, numeric: numeric, tolerance: options.tolerance))
            }
        } else {
            var search = GroupSearch(setup: setup, options: options)
            outcomes = try search.run(checked)
        }

        var report = CheckReport(
            xs: [], generatedFeeds: setup.evaluator.generated, promotedToFloat64: setup.promoted,
            tolerance: options.tolerance, eps: options.eps, seed: options.seed, forwardRuns: 0, localization: nil)
        for (position, slot) in setup.slots.enumerated() {
            var entry = XCheck(
                x: request.gradientRequest.xs[position], dtype: setup.dtypes[position], shape: setup.shapes[position],
                gradient: setup.results[position].displayName, status: .passed, method: .none,
                maxAbsError: 0, maxRelError: 0, worst: nil)
            switch slot {
            case .skipped(let reason):
                entry.status = .skipped(reason)
            case .checked:
                guard let (method, comparison) = outcomes[position] else { break }
                entry.method = method
                entry.maxAbsError = comparison.maxAbsError
                entry.maxRelError = comparison.maxRelError
                entry.status = comparison.passed ? .passed : .failed
                if let worst = comparison.worst {
                    let index = if case .full = method { multiIndex(worst.index, shape: entry.shape) } else { [worst.index] }
                    entry.worst = Worst(index: index, analytic: worst.analytic, numeric: worst.numeric)
                }
            }
            report.xs.append(entry)
        }
        if options.localize && !report.passed {
            report.localization = try Localizer(setup: setup, request: request.gradientRequest, options: options).run()
        }
        report.forwardRuns = setup.evaluator.forwardRuns
        return report
    }

    static func validate(_ options: CheckOptions) throws(GradCheckError) {
        guard options.eps > 0, options.eps < 1 else { throw .invalidOption("--eps must be in (0, 1), got \(options.eps)") }
        guard options.tolerance.rtol >= 0, options.tolerance.atol >= 0 else {
            throw .invalidOption("--rtol and --atol must not be negative")
        }
        guard options.directions >= 1 else { throw .invalidOption("--directions must be at least 1") }
    }

    static func multiIndex(_ flat: Int, shape: [Int]) -> [Int] {
        var rest = flat
        var index = [Int](repeating: 0, count: shape.count)
        for axis in stride(from: shape.count - 1, through: 0, by: -1) where shape[axis] > 0 {
            index[axis] = rest % shape[axis]
            rest /= shape[axis]
        }
        return index
    }
}

/// Directional checks by group testing: all xs are moved together along random directions
/// (two forward runs per direction, whatever their number and size); a group that fails is
/// halved until the failing xs stand alone.
///
/// Directions are standard normal, not scaled per x: an error `e` in one x's gradient shows
/// when `|e|` exceeds about rtol times the whole gradient's norm. Scaling each x to an equal
/// share was tried and rejected: xs whose true gradient is nearly zero (a conv bias before
/// training-mode batch norm) then amplify rounding noise into failures.
struct GroupSearch {
    let setup: CheckSetup
    let options: CheckOptions
    private var runsDone = 0
    private var runsTotal = 0

    init(setup: CheckSetup, options: CheckOptions) {
        self.setup = setup
        self.options = options
    }

    mutating func run(_ xs: [CheckedX]) throws(GradCheckError) -> [Int: (XCheck.Method, Comparison)] {
        var directions: [Int: [[Double]]] = [:]  // position -> one vector per direction
        for x in xs {
            directions[x.position] = (0..<options.directions).map { k in
                var random = SeededRandom(seed: options.seed, stream: "direction \(k) of x #\(x.position)")
                return (0..<x.count).map { _ in random.gaussian() }
            }
        }
        var pending: [[CheckedX]] = xs.isEmpty ? [] : [xs]
        runsTotal = 2 * options.directions
        var outcomes: [Int: (XCheck.Method, Comparison)] = [:]
        while let group = pending.popLast() {
            var analytic: [Double] = []
            var numeric: [Double] = []
            for k in 0..<options.directions {
                let direction = group.map { directions[$0.position]?[k] ?? [] }
                analytic.append(zip(group, direction).reduce(0) { $0 + dot($1.0.analytic, $1.1) })
                numeric.append(try FiniteDifferences.directional(
                    group, direction: direction, objective: setup.objective, evaluator: setup.evaluator,
                    eps: options.eps, runsDone: &runsDone, runsTotal: runsTotal))
            }
            let comparison = Comparison(analytic: analytic, numeric: numeric, tolerance: options.tolerance)
            if comparison.passed || group.count == 1 {
                for x in group { outcomes[x.position] = (.directional(directions: options.directions, groupSize: group.count), comparison) }
            } else {
                let half = group.count / 2
                pending.append(Array(group[half...]))
                pending.append(Array(group[..<half]))
                runsTotal += 4 * options.directions
            }
        }
        return outcomes
    }
}
