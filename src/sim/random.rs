//! Deterministic, portable randomness for the simulation: ChaCha8 streams and the distributions the traffic model draws from.
//!
//! Everything here is bit-identical on every target (x86_64, wasm32, ...):
//! the generator is ChaCha8, uniforms are built from integer bits, and every
//! transcendental function goes through the pure-Rust `libm` crate rather than
//! the platform's math library. `sqrt` comes from `std` because IEEE 754
//! requires it to be correctly rounded everywhere.
//!
//! No function here panics: nonsensical parameters (NaN, negative rates, ...)
//! give the degenerate answer documented on each method.

use rand_chacha::ChaCha8Rng;
use rand_core::{RngCore, SeedableRng};

/// ln(sqrt(2π)).
const LN_SQRT_2PI: f64 = 0.918_938_533_204_672_8;

/// Below this mean, Poisson variates are drawn by exact inversion.
const POISSON_INVERSION_MAX: f64 = 30.0;

/// Below this many trials, binomial variates are drawn by counting Bernoulli trials.
const BINOMIAL_BERNOULLI_MAX_N: u64 = 32;

/// Below this mean (with p ≤ 1/2), binomial variates are drawn by exact inversion.
const BINOMIAL_INVERSION_MAX_MEAN: f64 = 10.0;

/// The simulation's random number generator: a ChaCha8 stream.
///
/// Clone it to replay a stream; [`SimRng::fork`] it to give a subsystem its
/// own independent stream, so that adding draws in one subsystem does not
/// shift the numbers another one sees.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SimRng(ChaCha8Rng);

impl SimRng {
    /// A generator whose whole sequence is determined by `seed`.
    pub fn seed_from_u64(seed: u64) -> Self {
        SimRng(ChaCha8Rng::seed_from_u64(seed))
    }

    /// Derives an independent child generator, labelled by `stream`.
    ///
    /// The child's key is taken from the next 256 bits of this generator
    /// (mixed with `stream`) and its ChaCha stream number is `stream`, so the
    /// result depends only on this generator's state and `stream`. Forking
    /// advances this generator by four `u64` draws.
    pub fn fork(&mut self, stream: u64) -> SimRng {
        let mut seed = [0u8; 32];
        let mix = splitmix64(stream);
        for (i, chunk) in seed.chunks_exact_mut(8).enumerate() {
            let word = self.0.next_u64() ^ mix.rotate_left(16 * i as u32);
            chunk.copy_from_slice(&word.to_le_bytes());
        }
        let mut child = ChaCha8Rng::from_seed(seed);
        child.set_stream(stream);
        SimRng(child)
    }

    /// The next 64 uniformly random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0.next_u64()
    }

    /// The next 32 uniformly random bits.
    pub fn next_u32(&mut self) -> u32 {
        self.0.next_u32()
    }

    /// A uniform draw from [0, 1) with 53 random bits (multiples of 2⁻⁵³).
    pub fn uniform(&mut self) -> f64 {
        (self.0.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// A uniform draw from (0, 1]; safe to take the logarithm of.
    fn uniform_open0(&mut self) -> f64 {
        1.0 - self.uniform()
    }

    /// An exponential variate with the given mean. Returns 0 when `mean` is
    /// not a positive finite number.
    pub fn exp(&mut self, mean: f64) -> f64 {
        let u = self.uniform_open0();
        if !(mean > 0.0 && mean.is_finite()) {
            return 0.0;
        }
        -mean * libm::log(u)
    }

    /// A standard normal variate (Box–Muller; uses two uniforms, the second
    /// normal of the pair is discarded so the generator carries no hidden state).
    pub fn normal(&mut self) -> f64 {
        let u1 = self.uniform_open0();
        let u2 = self.uniform();
        (-2.0 * libm::log(u1)).sqrt() * libm::cos(std::f64::consts::TAU * u2)
    }

    /// A Poisson variate with mean `lambda`.
    ///
    /// Exact for every mean: sequential-search inversion below 30, and
    /// Hörmann's PTRS transformed rejection (expected O(1) draws, about 1.2
    /// pairs of uniforms) above. Returns 0 when `lambda` is zero, negative,
    /// NaN or infinite. Means above 2⁵³ lose integer resolution.
    pub fn poisson(&mut self, lambda: f64) -> u64 {
        if !(lambda > 0.0 && lambda.is_finite()) {
            return 0;
        }
        if lambda < POISSON_INVERSION_MAX {
            self.poisson_inversion(lambda)
        } else {
            self.poisson_ptrs(lambda)
        }
    }

    fn poisson_inversion(&mut self, lambda: f64) -> u64 {
        let u = self.uniform();
        let mut k = 0u64;
        let mut pmf = libm::exp(-lambda);
        let mut cdf = pmf;
        // Rounding can leave the cdf a hair below u for u close to 1; the pmf
        // then underflows to zero after a few hundred steps and we stop.
        while u > cdf && pmf > 0.0 {
            k += 1;
            pmf *= lambda / k as f64;
            cdf += pmf;
        }
        k
    }

    /// W. Hörmann (1993), "The transformed rejection method for generating
    /// Poisson random variables", Insurance: Mathematics and Economics 12.
    fn poisson_ptrs(&mut self, lambda: f64) -> u64 {
        let slam = lambda.sqrt();
        let b = 0.931 + 2.53 * slam;
        let a = -0.059 + 0.02483 * b;
        let ln_inv_alpha = libm::log(1.1239 + 1.1328 / (b - 3.4));
        let v_r = 0.9277 - 3.6224 / (b - 2.0);
        loop {
            let u = self.uniform() - 0.5;
            let v = self.uniform();
            let us = 0.5 - u.abs();
            let k = ((2.0 * a / us + b) * u + lambda + 0.43).floor();
            if k.is_nan() || k < 0.0 {
                continue; // also catches us == 0 (k = -inf or NaN)
            }
            if us >= 0.07 && v <= v_r {
                return k as u64;
            }
            if us < 0.013 && v > us {
                continue;
            }
            let lhs = libm::log(v) + ln_inv_alpha - libm::log(a / (us * us) + b);
            if lhs <= ln_poisson_pmf(k, lambda) {
                return k as u64;
            }
        }
    }

    /// A binomial variate: successes in `n` trials of probability `p`.
    ///
    /// Exact for every `n` and `p`: Bernoulli counting for n < 32, inversion
    /// when n·min(p, 1−p) < 10, otherwise Hörmann's BTRS transformed
    /// rejection (expected O(1)). Never exceeds `n`. A NaN or non-positive
    /// `p` gives 0; `p` ≥ 1 gives `n`.
    pub fn binomial(&mut self, n: u64, p: f64) -> u64 {
        if n == 0 || p.is_nan() || p <= 0.0 {
            return 0;
        }
        if p >= 1.0 {
            return n;
        }
        if n < BINOMIAL_BERNOULLI_MAX_N {
            let mut successes = 0;
            for _ in 0..n {
                if self.uniform() < p {
                    successes += 1;
                }
            }
            return successes;
        }
        let (q, flipped) = if p > 0.5 { (1.0 - p, true) } else { (p, false) };
        let k = if n as f64 * q < BINOMIAL_INVERSION_MAX_MEAN {
            self.binomial_inversion(n, q)
        } else {
            self.binomial_btrs(n, q)
        };
        let k = k.min(n);
        if flipped { n - k } else { k }
    }

    /// Sequential-search inversion; needs p ≤ 1/2 and a small mean.
    fn binomial_inversion(&mut self, n: u64, p: f64) -> u64 {
        let u = self.uniform();
        let ratio = p / (1.0 - p);
        let mut pmf = libm::exp(n as f64 * libm::log1p(-p));
        let mut cdf = pmf;
        let mut k = 0u64;
        while u > cdf && k < n && pmf > 0.0 {
            pmf *= (n - k) as f64 / (k + 1) as f64 * ratio;
            k += 1;
            cdf += pmf;
        }
        k
    }

    /// W. Hörmann (1993), "The generation of binomial random variates",
    /// J. Statist. Comput. Simul. 46; needs p ≤ 1/2 and n·p ≥ 10.
    fn binomial_btrs(&mut self, n: u64, p: f64) -> u64 {
        let nf = n as f64;
        let spq = (nf * p * (1.0 - p)).sqrt();
        let b = 1.15 + 2.53 * spq;
        let a = -0.0873 + 0.0248 * b + 0.01 * p;
        let c = nf * p + 0.5;
        let v_r = 0.92 - 4.2 / b;
        let alpha = (2.83 + 5.1 / b) * spq;
        let mode = ((nf + 1.0) * p).floor().min(nf);
        let ln_pmf_mode = ln_binomial_pmf(mode, nf, p);
        loop {
            let u = self.uniform() - 0.5;
            let v = self.uniform();
            let us = 0.5 - u.abs();
            let k = ((2.0 * a / us + b) * u + c).floor();
            if !(k >= 0.0 && k <= nf) {
                continue; // also catches us == 0
            }
            if us >= 0.07 && v <= v_r {
                return k as u64;
            }
            let lhs = libm::log(v * alpha / (a / (us * us) + b));
            if lhs <= ln_binomial_pmf(k, nf, p) - ln_pmf_mode {
                return k as u64;
            }
        }
    }

    /// True with probability `p` (false for NaN or p ≤ 0, true for p ≥ 1).
    /// Always consumes one draw.
    pub fn chance(&mut self, p: f64) -> bool {
        self.uniform() < p
    }

    /// A uniform integer in `lo..hi_exclusive`, without modulo bias
    /// (Lemire's multiply-and-reject). Returns `lo` when the range is empty.
    pub fn range_u32(&mut self, lo: u32, hi_exclusive: u32) -> u32 {
        if hi_exclusive <= lo {
            return lo;
        }
        let span = hi_exclusive - lo;
        let mut m = u64::from(self.0.next_u32()) * u64::from(span);
        if (m as u32) < span {
            let threshold = span.wrapping_neg() % span;
            while (m as u32) < threshold {
                m = u64::from(self.0.next_u32()) * u64::from(span);
            }
        }
        lo + (m >> 32) as u32
    }
}

/// SplitMix64's output function: spreads a small stream label over 64 bits.
fn splitmix64(x: u64) -> u64 {
    let mut z = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// Stirling's error: ln(n!) − [(n + ½) ln n − n + ln √(2π)], for n ≥ 1.
/// (C. Loader, "Fast and accurate computation of binomial probabilities", 2000.)
fn stirling_error(n: f64) -> f64 {
    const S0: f64 = 1.0 / 12.0;
    const S1: f64 = 1.0 / 360.0;
    const S2: f64 = 1.0 / 1260.0;
    const S3: f64 = 1.0 / 1680.0;
    const S4: f64 = 1.0 / 1188.0;
    if n <= 15.0 {
        return libm::lgamma(n + 1.0) - (n + 0.5) * libm::log(n) + n - LN_SQRT_2PI;
    }
    let nn = n * n;
    (S0 - (S1 - (S2 - (S3 - S4 / nn) / nn) / nn) / nn) / n
}

/// Loader's deviance term x·ln(x/m) + m − x, computed without cancellation.
fn deviance(x: f64, m: f64) -> f64 {
    if x == 0.0 {
        return m;
    }
    if (x - m).abs() < 0.1 * (x + m) {
        let v = (x - m) / (x + m);
        let v2 = v * v;
        let mut s = (x - m) * v;
        let mut ej = 2.0 * x * v;
        for j in 1..1000 {
            ej *= v2;
            let next = s + ej / f64::from(2 * j + 1);
            if next == s {
                break;
            }
            s = next;
        }
        return s;
    }
    x * libm::log(x / m) + m - x
}

/// ln P(X = k) for X ~ Poisson(lambda), stable for huge k and lambda.
fn ln_poisson_pmf(k: f64, lambda: f64) -> f64 {
    if k == 0.0 {
        return -lambda;
    }
    -stirling_error(k) - deviance(k, lambda) - 0.5 * libm::log(std::f64::consts::TAU * k)
}

/// ln P(X = k) for X ~ Binomial(n, p), 0 < p < 1, stable for huge n.
fn ln_binomial_pmf(k: f64, n: f64, p: f64) -> f64 {
    let q = 1.0 - p;
    if k == 0.0 {
        return n * libm::log1p(-p);
    }
    if k == n {
        return n * libm::log(p);
    }
    let rest = n - k;
    stirling_error(n)
        - stirling_error(k)
        - stirling_error(rest)
        - deviance(k, n * p)
        - deviance(rest, n * q)
        + 0.5 * libm::log(n / (std::f64::consts::TAU * k * rest))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Sample mean and (unbiased) variance of `draws` variates, accumulated
    /// about the first draw so huge means do not cancel catastrophically.
    fn moments(draws: usize, mut f: impl FnMut() -> f64) -> (f64, f64) {
        let shift = f();
        let mut sum = 0.0;
        let mut sum_sq = 0.0;
        for _ in 1..draws {
            let x = f() - shift;
            sum += x;
            sum_sq += x * x;
        }
        let n = (draws - 1) as f64;
        let mean = sum / n;
        (shift + mean, (sum_sq - n * mean * mean) / (n - 1.0))
    }

    /// Checks sample moments against the true mean, variance and fourth
    /// central moment, allowing 5 standard errors each.
    fn check_moments(label: &str, draws: usize, mean: f64, var: f64, mu4: f64, got: (f64, f64)) {
        let n = draws as f64;
        let se_mean = (var / n).sqrt();
        let se_var = ((mu4 - var * var) / n).sqrt();
        assert!(
            (got.0 - mean).abs() <= 5.0 * se_mean + 1e-12,
            "{label}: mean {} vs {mean} (se {se_mean})",
            got.0
        );
        assert!(
            (got.1 - var).abs() <= 5.0 * se_var + 10.0 * var / n,
            "{label}: variance {} vs {var} (se {se_var})",
            got.1
        );
    }

    #[test]
    fn same_seed_same_sequence() {
        let mut a = SimRng::seed_from_u64(42);
        let mut b = SimRng::seed_from_u64(42);
        for _ in 0..1000 {
            assert_eq!(a.next_u64(), b.next_u64());
            assert_eq!(a.poisson(40.0), b.poisson(40.0));
            assert_eq!(a.binomial(500, 0.3), b.binomial(500, 0.3));
            assert_eq!(a.normal().to_bits(), b.normal().to_bits());
        }
        let mut c = SimRng::seed_from_u64(43);
        let mut a = SimRng::seed_from_u64(42);
        assert_ne!(a.next_u64(), c.next_u64());
    }

    #[test]
    fn known_first_values_pin_the_stream() {
        // Pins the generator and the uniform construction: if these change,
        // every saved seed replays differently.
        let mut rng = SimRng::seed_from_u64(0);
        let first = rng.next_u64();
        let mut again = SimRng::seed_from_u64(0);
        assert_eq!(again.next_u64(), first);
        let u = again.uniform();
        assert!((0.0..1.0).contains(&u));
        assert_eq!(u, (rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64);
    }

    #[test]
    fn forks_are_deterministic_and_distinct() {
        let mut a = SimRng::seed_from_u64(7);
        let mut b = SimRng::seed_from_u64(7);
        let mut fa1 = a.fork(1);
        let mut fb1 = b.fork(1);
        for _ in 0..100 {
            assert_eq!(fa1.next_u64(), fb1.next_u64());
        }
        // Same parent state, different stream labels.
        let mut p = SimRng::seed_from_u64(7);
        let mut q = p.clone();
        let mut x = p.fork(1);
        let mut y = q.fork(2);
        let xs: Vec<u64> = (0..8).map(|_| x.next_u64()).collect();
        let ys: Vec<u64> = (0..8).map(|_| y.next_u64()).collect();
        assert_ne!(xs, ys);
        // The child does not replay the parent.
        let mut parent = SimRng::seed_from_u64(7);
        let mut child = parent.fork(0);
        let ps: Vec<u64> = (0..8).map(|_| parent.next_u64()).collect();
        let cs: Vec<u64> = (0..8).map(|_| child.next_u64()).collect();
        assert_ne!(ps, cs);
    }

    #[test]
    fn uniform_exp_normal_moments() {
        let mut rng = SimRng::seed_from_u64(1);
        let n = 200_000;
        let got = moments(n, || rng.uniform());
        check_moments("uniform", n, 0.5, 1.0 / 12.0, 1.0 / 80.0, got);
        let got = moments(n, || rng.exp(2.0));
        check_moments("exp", n, 2.0, 4.0, 9.0 * 16.0, got);
        let got = moments(n, || rng.normal());
        check_moments("normal", n, 0.0, 1.0, 3.0, got);
        assert_eq!(rng.exp(-1.0), 0.0);
        assert_eq!(rng.exp(f64::NAN), 0.0);
    }

    #[test]
    fn poisson_moments() {
        let mut rng = SimRng::seed_from_u64(2);
        for &lambda in &[0.1, 5.0, 29.0, 29.999, 30.0, 31.0, 1000.0, 1e6] {
            let n = 200_000;
            let got = moments(n, || rng.poisson(lambda) as f64);
            // Poisson: variance λ, fourth central moment 3λ² + λ.
            let label = format!("poisson({lambda})");
            check_moments(
                &label,
                n,
                lambda,
                lambda,
                3.0 * lambda * lambda + lambda,
                got,
            );
        }
    }

    #[test]
    fn poisson_huge_lambda_is_sane() {
        let mut rng = SimRng::seed_from_u64(3);
        for &lambda in &[1e9, 1e12, 1e15] {
            let n = 20_000;
            let got = moments(n, || rng.poisson(lambda) as f64);
            let label = format!("poisson({lambda})");
            check_moments(
                &label,
                n,
                lambda,
                lambda,
                3.0 * lambda * lambda + lambda,
                got,
            );
        }
    }

    /// Pearson's chi-square of observed counts against a pmf, pooling the
    /// tails so every cell expects at least 20; asserts it is below
    /// dof + 6·sqrt(2·dof) (far in the tail of the chi-square law).
    fn chi_square_check(label: &str, counts: &[u64], draws: u64, pmf: impl Fn(u64) -> f64) {
        let n = draws as f64;
        // (observed, expected) cells, each closed once it expects 20.
        let mut cells: Vec<(f64, f64)> = Vec::new();
        let mut acc = (0.0, 0.0);
        for (k, &c) in counts.iter().enumerate() {
            acc.0 += c as f64;
            acc.1 += n * pmf(k as u64);
            if acc.1 >= 20.0 {
                cells.push(acc);
                acc = (0.0, 0.0);
            }
        }
        // The upper tail beyond `counts` joins the last partial cell.
        let obs_in: f64 = counts.iter().map(|&c| c as f64).sum();
        let exp_in: f64 = (0..counts.len() as u64).map(|k| n * pmf(k)).sum();
        acc.0 += n - obs_in;
        acc.1 += (n - exp_in).max(0.0);
        match cells.last_mut() {
            Some(last) if acc.1 < 20.0 => {
                last.0 += acc.0;
                last.1 += acc.1;
            }
            _ => cells.push(acc),
        }
        let stat: f64 = cells.iter().map(|&(o, e)| (o - e) * (o - e) / e).sum();
        let dof = (cells.len() - 1) as f64;
        let limit = dof + 6.0 * (2.0 * dof).sqrt();
        assert!(
            stat < limit,
            "{label}: chi-square {stat} over {} cells (limit {limit})",
            cells.len()
        );
    }

    fn exact_poisson_pmf(k: u64, lambda: f64) -> f64 {
        libm::exp(k as f64 * libm::log(lambda) - lambda - libm::lgamma(k as f64 + 1.0))
    }

    fn exact_binomial_pmf(k: u64, n: u64, p: f64) -> f64 {
        let (kf, nf) = (k as f64, n as f64);
        libm::exp(
            libm::lgamma(nf + 1.0) - libm::lgamma(kf + 1.0) - libm::lgamma(nf - kf + 1.0)
                + kf * libm::log(p)
                + (nf - kf) * libm::log1p(-p),
        )
    }

    #[test]
    fn poisson_distribution_shape() {
        let mut rng = SimRng::seed_from_u64(4);
        for &lambda in &[3.0f64, 31.0, 75.0, 400.0] {
            let draws = 200_000u64;
            let cap = (lambda + 12.0 * lambda.sqrt() + 20.0) as usize;
            let mut counts = vec![0u64; cap];
            for _ in 0..draws {
                let k = rng.poisson(lambda) as usize;
                if k < cap {
                    counts[k] += 1;
                }
            }
            let label = format!("poisson({lambda})");
            chi_square_check(&label, &counts, draws, |k| exact_poisson_pmf(k, lambda));
        }
    }

    #[test]
    fn binomial_distribution_shape() {
        let mut rng = SimRng::seed_from_u64(5);
        for &(n, p) in &[
            (20u64, 0.3),
            (200, 0.02),
            (100, 0.2),
            (1000, 0.3),
            (1000, 0.93),
            (5000, 0.5),
        ] {
            let draws = 200_000u64;
            let mut counts = vec![0u64; n as usize + 1];
            for _ in 0..draws {
                counts[rng.binomial(n, p) as usize] += 1;
            }
            let label = format!("binomial({n}, {p})");
            chi_square_check(&label, &counts, draws, |k| exact_binomial_pmf(k, n, p));
        }
    }

    #[test]
    fn poisson_edge_cases_never_panic() {
        let mut rng = SimRng::seed_from_u64(6);
        assert_eq!(rng.poisson(0.0), 0);
        assert_eq!(rng.poisson(-3.0), 0);
        assert_eq!(rng.poisson(f64::NAN), 0);
        assert_eq!(rng.poisson(f64::INFINITY), 0);
        assert_eq!(rng.poisson(f64::NEG_INFINITY), 0);
        assert_eq!(
            rng.poisson(f64::MIN_POSITIVE),
            0,
            "a vanishing rate draws nothing"
        );
        assert!(
            rng.poisson(1e300) > 1 << 60,
            "a huge rate saturates, it does not wrap"
        );
    }

    #[test]
    fn binomial_moments() {
        let mut rng = SimRng::seed_from_u64(7);
        let cases = [
            (1u64, 0.5),
            (10, 0.1),
            (31, 0.9),
            (32, 0.5),
            (100, 0.01),
            (1000, 0.005),
            (1000, 0.5),
            (10_000, 0.999),
            (1_000_000, 0.3),
            (1_000_000_000, 1e-6),
            (1_000_000_000_000, 0.25),
        ];
        for &(n, p) in &cases {
            let draws = 100_000;
            let mut max_seen = 0;
            let got = moments(draws, || {
                let k = rng.binomial(n, p);
                max_seen = max_seen.max(k);
                k as f64
            });
            assert!(max_seen <= n);
            let nf = n as f64;
            let var = nf * p * (1.0 - p);
            // Fourth central moment of the binomial: npq(1 + 3(n − 2)pq).
            let mu4 = var * (1.0 + 3.0 * (nf - 2.0) * p * (1.0 - p));
            let label = format!("binomial({n}, {p})");
            check_moments(&label, draws, nf * p, var, mu4, got);
        }
    }

    #[test]
    fn binomial_edge_cases() {
        let mut rng = SimRng::seed_from_u64(8);
        assert_eq!(rng.binomial(0, 0.5), 0);
        assert_eq!(rng.binomial(100, 0.0), 0);
        assert_eq!(rng.binomial(100, -1.0), 0);
        assert_eq!(rng.binomial(100, f64::NAN), 0);
        assert_eq!(rng.binomial(100, 1.0), 100);
        assert_eq!(rng.binomial(100, 7.0), 100);
        assert_eq!(rng.binomial(u64::MAX, 1.0), u64::MAX);
        for _ in 0..1000 {
            assert!(rng.binomial(40, 0.999_999) <= 40);
            let half = rng.binomial(u64::MAX, 0.5) as f64 / u64::MAX as f64;
            assert!((half - 0.5).abs() < 1e-6, "{half}");
            assert!(rng.binomial(33, 1e-300) <= 33);
        }
    }

    #[test]
    fn chance_and_range() {
        let mut rng = SimRng::seed_from_u64(9);
        assert!(!rng.chance(0.0));
        assert!(!rng.chance(f64::NAN));
        assert!(rng.chance(1.0));
        let hits = (0..100_000).filter(|_| rng.chance(0.25)).count();
        assert!((hits as f64 - 25_000.0).abs() < 5.0 * (100_000.0f64 * 0.25 * 0.75).sqrt());

        assert_eq!(rng.range_u32(5, 5), 5);
        assert_eq!(rng.range_u32(9, 3), 9);
        let mut counts = [0u32; 7];
        for _ in 0..70_000 {
            let x = rng.range_u32(10, 17);
            assert!((10..17).contains(&x));
            counts[(x - 10) as usize] += 1;
        }
        for c in counts {
            assert!(
                (c as f64 - 10_000.0).abs() < 5.0 * 10_000.0f64.sqrt(),
                "{counts:?}"
            );
        }
        for _ in 0..1000 {
            assert!(rng.range_u32(0, u32::MAX) < u32::MAX);
            assert_eq!(rng.range_u32(u32::MAX - 1, u32::MAX), u32::MAX - 1);
        }
    }
}
