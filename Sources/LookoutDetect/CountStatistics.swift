#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Tail probabilities for counts. Low counts are noisy and high counts are not, so a
/// spike is judged by how unlikely the observed count is under the expected rate, not by
/// a ratio: 6 where 2 were expected is ordinary, 600 where 200 were expected is not.
///
/// Over-dispersed series (variance above the mean, as bursty logs are) use the negative
/// binomial with the dispersion estimated from the baseline; others the Poisson.
public enum CountStatistics {
    /// log P(X = k) for Poisson(λ).
    static func poissonLogPMF(_ k: Int, _ lambda: Double) -> Double {
        if lambda <= 0 { return k == 0 ? 0 : -.infinity }
        return Double(k) * log(lambda) - lambda - lgamma(Double(k) + 1)
    }

    /// log P(X = k) for a negative binomial with mean μ and size r (variance μ + μ²/r).
    static func negativeBinomialLogPMF(_ k: Int, mean mu: Double, size r: Double) -> Double {
        if mu <= 0 { return k == 0 ? 0 : -.infinity }
        let p = r / (r + mu)
        return lgamma(Double(k) + r) - lgamma(r) - lgamma(Double(k) + 1) + r * log(p) + Double(k) * log1p(-p)
    }

    /// P(X ≥ k) under the model: the chance of a count at least this high.
    public static func upperTail(_ k: Int, mean: Double, variance: Double) -> Double {
        if k <= 0 { return 1 }
        let logPMF = logPMF(mean: mean, variance: variance)
        // P(X ≥ k) = 1 − P(X ≤ k−1); sum the smaller side to keep precision.
        if Double(k) > mean {
            var total = 0.0
            var i = k
            var last = 1.0
            while i < k + 10_000 {
                last = exp(logPMF(i))
                total += last
                if last < total * 1e-12 { break }
                i += 1
            }
            return min(1, total)
        }
        var below = 0.0
        for i in 0..<k { below += exp(logPMF(i)) }
        return max(0, 1 - below)
    }

    /// The model's log P(X = k): negative binomial when over-dispersed, else Poisson.
    static func logPMF(mean: Double, variance: Double) -> (Int) -> Double {
        if variance > mean * 1.05 && mean > 0 {
            let r = max(mean * mean / (variance - mean), 0.05)
            return { negativeBinomialLogPMF($0, mean: mean, size: r) }
        }
        return { poissonLogPMF($0, mean) }
    }

    /// P(X ≤ k) under the model: the chance of a count at most this low.
    public static func lowerTail(_ k: Int, mean: Double, variance: Double) -> Double {
        if k < 0 { return 0 }
        let pmf = logPMF(mean: mean, variance: variance)
        var total = 0.0
        for i in 0...k { total += exp(pmf(i)) }
        return min(1, total)
    }

    /// P(X ≥ e) for X ~ Binomial(n, p).
    public static func binomialUpperTail(_ e: Int, n: Int, p: Double) -> Double {
        if e <= 0 { return 1 }
        if p <= 0 { return 0 }
        if p >= 1 { return 1 }
        var total = 0.0
        for i in e...n {
            let logTerm = lgamma(Double(n) + 1) - lgamma(Double(i) + 1) - lgamma(Double(n - i) + 1)
                + Double(i) * log(p) + Double(n - i) * log1p(-p)
            let term = exp(logTerm)
            total += term
            if term < total * 1e-12 && Double(i) > Double(n) * p { break }
        }
        return min(1, total)
    }

    /// The variance to model counts with, from a sample's mean and variance (n − 1): the
    /// sample's when its excess over the mean is evident — the dispersion test,
    /// (n − 1)·s²/mean above the 99.9th percentile of χ² with n − 1 degrees of freedom — else
    /// the mean (Poisson). A few samples of a sparse series often look over-dispersed by
    /// chance, and a spurious dispersion fattens the tail: twelve events in half an hour
    /// where four were expected would look ordinary.
    public static func evidentVariance(mean: Double, variance: Double, samples n: Int) -> Double {
        guard mean > 0, variance > mean, n >= 2 else { return max(mean, 0) }
        let k = Double(n - 1)
        // Wilson–Hilferty: χ²ₖ's 99.9th percentile ≈ k (1 − 2/(9k) + 3.090 √(2/(9k)))³.
        let c = 2 / (9 * k)
        let quantile = k * pow(1 - c + 3.0902 * c.squareRoot(), 3)
        return k * variance / mean > quantile ? variance : mean
    }

    /// A score in [0, 1] from a tail probability and the threshold it had to pass:
    /// 0.5 at the threshold, 1 at its square (or beyond).
    public static func score(p: Double, threshold: Double) -> Double {
        guard p > 0 else { return 1 }
        return min(1, max(0, log(p) / log(threshold) / 2))
    }
}
