//! Log-bucketed latency histograms for CloudWatch-style percentiles (p50, p99, ...) with bounded relative error.
//!
//! Buckets are geometric with ratio 1.02 from 0.1 ms up to about 610 s, so
//! the geometric midpoint of a bucket is within 1% of every value in it and
//! a reported percentile is within 1% of the exact one (values below 0.1 ms
//! or above 600 s are clamped into the end buckets, and every answer is
//! clamped to the exact minimum and maximum seen). Counts are `f64` weights,
//! so one recorded sample can stand for many requests.
//!
//! Storage is a dense run of buckets that grows lazily to cover only the
//! buckets ever touched: an empty histogram allocates nothing, which matters
//! because thousands are kept for the game's six-hour history.
//!
//! Bucket indices come from `libm::log`, never the platform `ln`, so every
//! target files a value into the same bucket.

use serde::{Deserialize, Serialize};

/// Lower edge of the first bucket, in seconds (0.1 ms).
pub const HISTOGRAM_MIN_SECONDS: f64 = 1e-4;

/// Ratio between consecutive bucket edges.
pub const HISTOGRAM_BUCKET_RATIO: f64 = 1.02;

/// Number of buckets: 1.02^789 · 0.1 ms ≈ 610 s covers up to 600 s.
pub const HISTOGRAM_BUCKETS: usize = 789;

/// ln(HISTOGRAM_MIN_SECONDS).
const LN_MIN: f64 = -9.210_340_371_976_182;
/// ln(HISTOGRAM_BUCKET_RATIO).
const LN_RATIO: f64 = 0.019_802_627_296_179_73;
/// 1 / ln(HISTOGRAM_BUCKET_RATIO).
const INV_LN_RATIO: f64 = 50.498_349_791_843_9;

/// The bucket a (non-negative, non-NaN) value in seconds falls into.
fn bucket_index(value: f64) -> usize {
    if value.is_nan() || value <= HISTOGRAM_MIN_SECONDS {
        return 0;
    }
    let position = (libm::log(value) - LN_MIN) * INV_LN_RATIO;
    // `as` saturates, so a huge position is safe before the clamp.
    (position.floor() as usize).min(HISTOGRAM_BUCKETS - 1)
}

/// The geometric midpoint of bucket `index`, in seconds.
fn bucket_midpoint(index: usize) -> f64 {
    libm::exp(LN_MIN + (index as f64 + 0.5) * LN_RATIO)
}

/// A weighted latency histogram in seconds.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct LatencyHistogram {
    /// Index of the bucket `counts[0]` stands for.
    first: u16,
    /// Weights of buckets `first ..= first + counts.len() - 1`.
    counts: Vec<f64>,
    /// Sum of all weights.
    total: f64,
    /// Sum of value × weight, for the exact mean.
    sum: f64,
    /// Smallest value recorded (meaningless while empty).
    min: f64,
    /// Largest value recorded (meaningless while empty).
    max: f64,
}

impl LatencyHistogram {
    /// An empty histogram (allocates nothing).
    pub fn new() -> Self {
        Self::default()
    }

    /// Records `value_seconds` with the given weight (number of requests).
    ///
    /// Ignored when the value is NaN or the weight is not a positive finite
    /// number. Negative values count as 0; values below 0.1 ms or above
    /// 600 s land in the end buckets but still set the exact min/max.
    pub fn record(&mut self, value_seconds: f64, weight: f64) {
        if value_seconds.is_nan() || !(weight > 0.0 && weight.is_finite()) {
            return;
        }
        let value = value_seconds.clamp(0.0, f64::MAX);
        let index = bucket_index(value);
        self.cover(index, index);
        self.counts[index - usize::from(self.first)] += weight;
        if self.is_empty() {
            self.min = value;
            self.max = value;
        } else {
            self.min = self.min.min(value);
            self.max = self.max.max(value);
        }
        self.total += weight;
        self.sum += value * weight;
    }

    /// Adds every sample of `other` into this histogram, exactly as if they
    /// had been recorded here.
    pub fn merge(&mut self, other: &LatencyHistogram) {
        if other.is_empty() {
            return;
        }
        if self.is_empty() {
            *self = other.clone();
            return;
        }
        if other.counts.is_empty() {
            return;
        }
        let other_first = usize::from(other.first);
        self.cover(other_first, other_first + other.counts.len() - 1);
        let offset = other_first - usize::from(self.first);
        for (slot, &w) in self.counts[offset..].iter_mut().zip(&other.counts) {
            *slot += w;
        }
        self.total += other.total;
        self.sum += other.sum;
        self.min = self.min.min(other.min);
        self.max = self.max.max(other.max);
    }

    /// Grows the dense bucket run to include buckets `lo ..= hi`
    /// (`lo` ≤ `hi`, both at most `u16::MAX`).
    fn cover(&mut self, lo: usize, hi: usize) {
        if self.counts.is_empty() {
            self.first = lo as u16;
            self.counts = vec![0.0; hi - lo + 1];
            return;
        }
        let first = usize::from(self.first);
        if lo < first {
            let mut grown = vec![0.0; first - lo + self.counts.len()];
            grown[first - lo..].copy_from_slice(&self.counts);
            self.counts = grown;
            self.first = lo as u16;
        }
        let first = usize::from(self.first);
        if hi >= first + self.counts.len() {
            self.counts.resize(hi - first + 1, 0.0);
        }
    }

    /// True when nothing has been recorded.
    pub fn is_empty(&self) -> bool {
        self.total.is_nan() || self.total <= 0.0
    }

    /// Sum of the weights recorded (the number of requests).
    pub fn total_weight(&self) -> f64 {
        self.total
    }

    /// Weighted mean of the exact values recorded; `None` when empty.
    pub fn mean(&self) -> Option<f64> {
        if self.is_empty() {
            None
        } else {
            Some(self.sum / self.total)
        }
    }

    /// Smallest value recorded (after clamping negatives to 0); `None` when empty.
    pub fn min(&self) -> Option<f64> {
        if self.is_empty() {
            None
        } else {
            Some(self.min)
        }
    }

    /// Largest value recorded; `None` when empty.
    pub fn max(&self) -> Option<f64> {
        if self.is_empty() {
            None
        } else {
            Some(self.max)
        }
    }

    /// The `q`-quantile in seconds (q in [0, 1], clamped; e.g. 0.99 for
    /// p99): the midpoint of the bucket holding the smallest value x with
    /// at least q of the weight at or below x, clamped to [min, max]; q = 0
    /// and q = 1 give the exact min and max.
    /// Within 1% of the exact quantile for values in 0.1 ms ..= 600 s.
    /// `None` when empty or `q` is NaN.
    pub fn quantile(&self, q: f64) -> Option<f64> {
        if self.is_empty() || q.is_nan() {
            return None;
        }
        let q = q.clamp(0.0, 1.0);
        if q == 0.0 {
            return Some(self.min);
        }
        if q == 1.0 {
            return Some(self.max);
        }
        let target = q * self.total;
        let mut cumulative = 0.0;
        for (offset, &w) in self.counts.iter().enumerate() {
            if w <= 0.0 {
                continue;
            }
            cumulative += w;
            if cumulative >= target {
                let index = usize::from(self.first) + offset;
                return Some(bucket_midpoint(index).clamp(self.min, self.max));
            }
        }
        // Rounding left the running sum a hair below q × total.
        Some(self.max)
    }

    /// Forgets everything and releases the bucket storage.
    pub fn clear(&mut self) {
        *self = Self::default();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::random::SimRng;

    fn close(got: f64, want: f64, rel: f64) -> bool {
        (got - want).abs() <= rel * want.abs()
    }

    /// The exact quantile with the same definition as the histogram: the
    /// smallest sample with at least q·n samples at or below it.
    fn exact_quantile(sorted: &[f64], q: f64) -> f64 {
        let rank = (q * sorted.len() as f64).ceil() as usize;
        sorted[rank.max(1) - 1]
    }

    #[test]
    fn layout_covers_the_range_and_constants_agree() {
        assert!(close(LN_MIN, libm::log(HISTOGRAM_MIN_SECONDS), 1e-15));
        assert!(close(LN_RATIO, libm::log(HISTOGRAM_BUCKET_RATIO), 1e-15));
        assert!(close(INV_LN_RATIO * LN_RATIO, 1.0, 1e-15));
        let top = libm::exp(LN_MIN + HISTOGRAM_BUCKETS as f64 * LN_RATIO);
        assert!(top > 600.0, "{top}");
        assert_eq!(bucket_index(600.0), HISTOGRAM_BUCKETS - 1);
        assert_eq!(bucket_index(0.0), 0);
        assert_eq!(bucket_index(1e-4), 0);
        assert!(HISTOGRAM_BUCKETS <= usize::from(u16::MAX));
    }

    #[test]
    fn midpoint_is_within_one_percent_of_every_value_in_its_bucket() {
        let steps = 200_000;
        let (lo, hi) = (libm::log(1e-4), libm::log(600.0));
        for i in 0..=steps {
            let v = libm::exp(lo + (hi - lo) * i as f64 / steps as f64);
            let mid = bucket_midpoint(bucket_index(v));
            assert!(close(mid, v, 0.01 + 1e-12), "{v} → {mid}");
        }
    }

    #[test]
    fn exponential_quantiles_within_two_percent() {
        let mut rng = SimRng::seed_from_u64(21);
        let mut h = LatencyHistogram::new();
        let mut xs: Vec<f64> = (0..100_000).map(|_| rng.exp(0.25)).collect();
        for &x in &xs {
            h.record(x, 1.0);
        }
        xs.sort_by(f64::total_cmp);
        for &q in &[
            0.0, 0.001, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 0.999, 0.9999, 1.0,
        ] {
            let got = h.quantile(q).unwrap();
            let want = exact_quantile(&xs, q);
            if want >= HISTOGRAM_MIN_SECONDS {
                assert!(close(got, want, 0.02), "q={q}: {got} vs {want}");
                // The design bound is 1% for values inside the range.
                assert!(close(got, want, 0.0101), "q={q}: {got} vs {want}");
            } else {
                // Below 0.1 ms everything shares the first bucket.
                assert!(got <= HISTOGRAM_MIN_SECONDS * HISTOGRAM_BUCKET_RATIO);
            }
        }
        assert_eq!(h.quantile(0.0), Some(xs[0]));
        assert_eq!(h.quantile(1.0), Some(xs[xs.len() - 1]));
        let mean = xs.iter().sum::<f64>() / xs.len() as f64;
        assert!(close(h.mean().unwrap(), mean, 1e-9));
        assert_eq!(h.total_weight(), 100_000.0);
    }

    #[test]
    fn merge_equals_recording_both() {
        let mut rng = SimRng::seed_from_u64(22);
        let mut a = LatencyHistogram::new();
        let mut b = LatencyHistogram::new();
        let mut both = LatencyHistogram::new();
        for i in 0..20_000 {
            // Different ranges so the merge must grow at both ends.
            let (x, w) = if i % 2 == 0 {
                (rng.exp(0.01), 1.0)
            } else {
                (2.0 + rng.exp(5.0), 3.0)
            };
            if i % 2 == 0 {
                a.record(x, w);
            } else {
                b.record(x, w);
            }
            both.record(x, w);
        }
        let mut merged = b.clone();
        merged.merge(&a);
        assert_eq!(merged.total_weight(), both.total_weight());
        assert_eq!(merged.min(), both.min());
        assert_eq!(merged.max(), both.max());
        assert!(close(merged.mean().unwrap(), both.mean().unwrap(), 1e-12));
        for q in [0.0, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99, 0.999, 1.0] {
            assert_eq!(merged.quantile(q), both.quantile(q), "q={q}");
        }
        assert_eq!(merged.first, both.first);
        assert_eq!(merged.counts, both.counts);
        // Merging into or from empty.
        let mut empty = LatencyHistogram::new();
        empty.merge(&both);
        assert_eq!(empty.quantile(0.5), both.quantile(0.5));
        let before = both.clone();
        both.merge(&LatencyHistogram::new());
        assert_eq!(both.counts, before.counts);
        assert_eq!(both.total_weight(), before.total_weight());
    }

    #[test]
    fn weights_stand_for_many_requests() {
        let mut weighted = LatencyHistogram::new();
        weighted.record(0.010, 99.0);
        weighted.record(1.0, 1.0);
        let mut repeated = LatencyHistogram::new();
        for _ in 0..99 {
            repeated.record(0.010, 1.0);
        }
        repeated.record(1.0, 1.0);
        assert_eq!(weighted.total_weight(), 100.0);
        assert!(close(weighted.mean().unwrap(), (0.99 + 1.0) / 100.0, 1e-12));
        for q in [0.0, 0.5, 0.99, 0.995, 1.0] {
            assert_eq!(weighted.quantile(q), repeated.quantile(q), "q={q}");
        }
        assert_eq!(weighted.quantile(0.5), Some(0.010));
        assert_eq!(weighted.quantile(0.99), Some(0.010));
        assert_eq!(weighted.quantile(0.995), Some(1.0));
        // Fractional weights.
        let mut h = LatencyHistogram::new();
        h.record(0.2, 0.25);
        h.record(0.4, 0.75);
        assert_eq!(h.quantile(0.2), Some(0.2));
        assert!(close(h.quantile(0.3).unwrap(), 0.4, 0.01));
        assert!(close(h.mean().unwrap(), 0.35, 1e-12));
    }

    #[test]
    fn empty_histogram() {
        let h = LatencyHistogram::default();
        assert!(h.is_empty());
        assert_eq!(h.quantile(0.5), None);
        assert_eq!(h.mean(), None);
        assert_eq!(h.min(), None);
        assert_eq!(h.max(), None);
        assert_eq!(h.total_weight(), 0.0);
        assert_eq!(h.counts.capacity(), 0);
        let mut h = LatencyHistogram::new();
        h.record(0.5, 0.0);
        h.record(0.5, -1.0);
        h.record(0.5, f64::NAN);
        h.record(0.5, f64::INFINITY);
        h.record(f64::NAN, 1.0);
        assert!(h.is_empty());
        assert_eq!(h.counts.capacity(), 0);
        h.record(0.5, 1.0);
        assert!(!h.is_empty());
        h.clear();
        assert!(h.is_empty());
        assert_eq!(h.quantile(0.99), None);
        assert_eq!(h.counts.capacity(), 0);
    }

    #[test]
    fn single_value_is_exact() {
        let mut h = LatencyHistogram::new();
        h.record(0.123_456, 7.0);
        for q in [0.0, 0.3, 0.5, 0.99, 1.0] {
            assert_eq!(h.quantile(q), Some(0.123_456));
        }
        assert_eq!(h.counts.len(), 1);
    }

    #[test]
    fn extreme_values_do_not_panic() {
        let mut h = LatencyHistogram::new();
        for v in [
            0.0,
            -0.0,
            -5.0,
            f64::MIN_POSITIVE,
            1e-300,
            1e-5,
            1e-4,
            600.0,
            1e4,
            1e300,
            f64::MAX,
            f64::INFINITY,
            f64::NEG_INFINITY,
        ] {
            h.record(v, 1.0);
        }
        h.record(1.0, 1e300);
        h.record(1.0, f64::MIN_POSITIVE);
        assert_eq!(h.min(), Some(0.0));
        assert_eq!(h.max(), Some(f64::MAX));
        for q in [
            f64::NEG_INFINITY,
            -1.0,
            0.0,
            0.5,
            0.999,
            1.0,
            2.0,
            f64::INFINITY,
        ] {
            let v = h.quantile(q).unwrap();
            assert!((0.0..=f64::MAX).contains(&v), "q={q}: {v}");
        }
        assert_eq!(h.quantile(f64::NAN), None);
        assert!(h.mean().is_some(), "a histogram with samples has a mean");
        assert_eq!(h.counts.len(), HISTOGRAM_BUCKETS);
        // Out-of-range values clamp into the end buckets.
        let mut low = LatencyHistogram::new();
        low.record(1e-7, 1.0);
        low.record(2e-7, 1.0);
        assert_eq!(low.quantile(0.5), Some(2e-7)); // clamped to max
        let mut high = LatencyHistogram::new();
        high.record(1e4, 1.0);
        high.record(2e4, 1.0);
        assert_eq!(high.quantile(0.5), Some(1e4)); // clamped to min
    }

    #[test]
    fn serde_round_trip_and_small_when_empty() {
        let mut h = LatencyHistogram::new();
        let empty_json = serde_json::to_string(&h).unwrap();
        assert!(empty_json.len() < 80, "{empty_json}");
        for i in 1..1000 {
            h.record(f64::from(i) * 1e-3, 1.0);
        }
        let json = serde_json::to_string(&h).unwrap();
        let back: LatencyHistogram = serde_json::from_str(&json).unwrap();
        for q in [0.0, 0.5, 0.9, 0.99, 1.0] {
            assert_eq!(back.quantile(q), h.quantile(q));
        }
        assert_eq!(back.mean(), h.mean());
        // A hand-edited or corrupt save must not panic either.
        let weird: LatencyHistogram = serde_json::from_str(
            r#"{"first":65000,"counts":[1.0,2.0],"total":3.0,"sum":1.0,"min":0.1,"max":0.2}"#,
        )
        .unwrap();
        let q = weird
            .quantile(0.5)
            .expect("a corrupt histogram with counts still answers");
        assert!(q.is_finite(), "{q}");
        let mut weird2 = weird.clone();
        weird2.record(0.1, 1.0);
        weird2.merge(&weird);
        let q = weird2.quantile(0.9).expect("and after merging");
        assert!(q.is_finite(), "{q}");
    }
}
