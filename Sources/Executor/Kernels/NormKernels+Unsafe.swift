/// Fused batch norm over channels-last data (NHWC), viewed as a [rows, channels] matrix.
/// Every loop runs along a row's contiguous channels, so it vectorizes; rows are split
/// across cores, and per-channel sums are kept per chunk and added at the end.
struct ChannelsLast<T: FloatElement> {
    let rows: Int, channels: Int

    /// Rows per chunk, so a chunk holds about `Parallel.grain` elements.
    var grain: Int { max(1, Parallel.grain / max(channels, 1)) }

    /// `width` per-channel sums (laid out [width][channels]) that `body` accumulates over a
    /// range of rows into the zeroed slots it is given.
    @inline(__always)
    func sums(width: Int, _ body: (Range<Int>, UnsafeMutablePointer<T>) -> Void) -> [T] {
        let size = width * channels
        let chunks = Parallel.chunkCount(rows, grain: grain)
        var partial = [T](repeating: 0, count: chunks * size)
        partial.withUnsafeMutableBufferPointer { p in
            guard let base = p.baseAddress else { return }
            Parallel.forEachIndexedChunk(rows, grain: grain) { chunk, range in body(range, base + chunk * size) }
        }
        guard chunks > 1 else { return partial }
        var total = [T](partial[0..<size])
        for chunk in 1..<chunks {
            for i in 0..<size { total[i] += partial[chunk * size + i] }
        }
        return total
    }

    /// Per channel: sum(x) and sum((x - mean)^2) with mean = sum(x) / rows.
    func moments(_ x: UnsafePointer<T>) -> (mean: [T], variance: [T]) {
        let c = channels, n = T(rows)
        let mean = sums(width: 1) { range, acc in
            for r in range {
                let row = x + r * c
                for j in 0..<c { acc[j] += row[j] }
            }
        }.map { $0 / n }
        let variance = mean.withUnsafeBufferPointer { pm in
            sums(width: 1) { range, acc in
                guard let m = pm.baseAddress else { return }
                for r in range {
                    let row = x + r * c
                    for j in 0..<c {
                        let d = row[j] - m[j]
                        acc[j] += d * d
                    }
                }
            }
        }.map { $0 / n }
        return (mean, variance)
    }

    /// y = x * multiplier[c] + shift[c].
    func affine(_ x: UnsafePointer<T>, _ multiplier: [T], _ shift: [T]) -> [T] {
        let c = channels
        return multiplier.withUnsafeBufferPointer { pm in
            shift.withUnsafeBufferPointer { ps in
                [T](unsafeUninitializedCapacity: rows * c) { out, initialized in
                    if let y = out.baseAddress, let m = pm.baseAddress, let s = ps.baseAddress {
                        Parallel.forEachChunk(rows, grain: grain) { range in
                            for r in range {
                                let src = x + r * c, dst = y + r * c
                                for j in 0..<c { (dst + j).initialize(to: src[j] * m[j] + s[j]) }
                            }
                        }
                    }
                    initialized = rows * c
                }
            }
        }
    }

    /// Per channel, in one pass: sum(dy) and sum(dy * (x - mean)).
    func gradientSums(_ dy: UnsafePointer<T>, _ x: UnsafePointer<T>, mean: [T]) -> (dyTotal: [T], dyCentered: [T]) {
        let c = channels
        let both = mean.withUnsafeBufferPointer { pm in
            sums(width: 2) { range, acc in
                guard let m = pm.baseAddress else { return }
                let accCentered = acc + c
                for r in range {
                    let g = dy + r * c, v = x + r * c
                    for j in 0..<c {
                        acc[j] += g[j]
                        accCentered[j] += g[j] * (v[j] - m[j])
                    }
                }
            }
        }
        return (Array(both[0..<c]), Array(both[c...]))
    }

    /// dx = gain[c] * (dy - dyMean[c]) - slope[c] * (x - mean[c]).
    func gradientInput(_ dy: UnsafePointer<T>, _ x: UnsafePointer<T>, gain: [T], dyMean: [T], slope: [T], mean: [T]) -> [T] {
        let c = channels
        let coefficients = gain + dyMean + slope + mean
        return coefficients.withUnsafeBufferPointer { pk in
            [T](unsafeUninitializedCapacity: rows * c) { out, initialized in
                if let dx = out.baseAddress, let k = pk.baseAddress {
                    let a = k, b = k + c, s = k + 2 * c, m = k + 3 * c
                    Parallel.forEachChunk(rows, grain: grain) { range in
                        for r in range {
                            let g = dy + r * c, v = x + r * c, dst = dx + r * c
                            for j in 0..<c { (dst + j).initialize(to: a[j] * (g[j] - b[j]) - s[j] * (v[j] - m[j])) }
                        }
                    }
                }
                initialized = rows * c
            }
        }
    }
}
