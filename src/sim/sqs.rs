//! Amazon SQS: a standard queue in front of the writes. When a queue exists, requests of
//! the scenario's `write` classes are acknowledged as soon as the app has sent the message
//! (a fraction of the request's work), and background consumers apply the writes to the
//! database at the rate it can take them — a spike becomes queue depth and message age
//! instead of refused connections.

use bevy::prelude::*;

/// Fraction of a write request's app CPU time left when the app only enqueues it.
pub const ENQUEUE_SERVICE_FACTOR: f64 = 0.2;
/// Consumers keep the database below this utilisation when they drain the queue.
pub const DRAIN_TARGET_UTILISATION: f64 = 0.75;
/// Maximum consumer rate (messages per second) when no RDS instance is modelled.
pub const DRAIN_RATE_WITHOUT_DB: f64 = 1000.0;
/// SQS standard: $0.40 per million requests; each message is sent, received and deleted.
pub const USD_PER_MILLION_REQUESTS: f64 = 0.40;
pub const REQUESTS_PER_MESSAGE: f64 = 3.0;
/// `MessageRetentionPeriod` default (4 days), seconds.
pub const DEFAULT_RETENTION_SECONDS: u32 = 345_600;
/// `VisibilityTimeout` default, seconds.
pub const DEFAULT_VISIBILITY_TIMEOUT: u32 = 30;

/// An SQS queue (marker and model component; the view draws it).
#[derive(Component, Clone, Debug)]
pub struct Queue {
    pub name: String,
    pub url: String,
    pub visibility_timeout: u32,
    pub retention_seconds: u32,
    /// Messages waiting, oldest first: (enqueue time, count).
    pub batches: std::collections::VecDeque<(f64, f64)>,
    /// Messages sent in the last tick (for the bill and `NumberOfMessagesSent`).
    pub sent_last_tick: f64,
    pub deleted_last_tick: f64,
}

impl Queue {
    pub fn new(name: &str, url: String) -> Self {
        Self {
            name: name.to_string(),
            url,
            visibility_timeout: DEFAULT_VISIBILITY_TIMEOUT,
            retention_seconds: DEFAULT_RETENTION_SECONDS,
            batches: Default::default(),
            sent_last_tick: 0.0,
            deleted_last_tick: 0.0,
        }
    }

    /// `ApproximateNumberOfMessagesVisible`.
    pub fn visible(&self) -> f64 {
        self.batches.iter().map(|b| b.1).sum()
    }

    /// `ApproximateAgeOfOldestMessage`, seconds.
    pub fn oldest_age(&self, now: f64) -> f64 {
        self.batches.front().map(|b| now - b.0).unwrap_or(0.0)
    }

    pub fn send(&mut self, now: f64, n: f64) {
        if n <= 0.0 {
            return;
        }
        self.sent_last_tick += n;
        match self.batches.back_mut() {
            Some(b) if b.0 == now => b.1 += n,
            _ => self.batches.push_back((now, n)),
        }
    }

    /// Consumers receive and delete up to `n` messages, oldest first; expired messages
    /// (past the retention period) are dropped. Returns how many were applied.
    pub fn drain(&mut self, now: f64, mut n: f64) -> f64 {
        let retention = self.retention_seconds as f64;
        while self.batches.front().is_some_and(|b| now - b.0 > retention) {
            self.batches.pop_front();
        }
        let mut done = 0.0;
        while n > 0.0 {
            let Some(b) = self.batches.front_mut() else {
                break;
            };
            let take = b.1.min(n);
            b.1 -= take;
            n -= take;
            done += take;
            if b.1 <= 1e-9 {
                self.batches.pop_front();
            }
        }
        self.deleted_last_tick += done;
        done
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_oldest_message_ages_until_consumers_reach_it() {
        let mut q = Queue::new("orders", "https://sqs/orders".into());
        q.send(0.0, 100.0);
        q.send(1.0, 50.0);
        assert_eq!(q.visible(), 150.0);
        assert_eq!(q.oldest_age(10.0), 10.0);
        assert_eq!(q.drain(10.0, 120.0), 120.0);
        assert_eq!(q.visible(), 30.0);
        assert_eq!(q.oldest_age(10.0), 9.0);
        q.drain(11.0, 1000.0);
        assert_eq!(q.visible(), 0.0);
        assert_eq!(q.oldest_age(11.0), 0.0);
    }
}
