//! The traffic model against queueing theory: one class with Poisson arrivals on one
//! instance with c worker processes must match M/M/c (Erlang C) mean and p99 within 10%.

use crate::common::*;
use gameday::scenario::{DnsSpec, ElasticIpSpec, IngressSpec};
use gameday::sim::metrics::Metrics;

/// Erlang C from the birth–death chain's stationary distribution (computed here, not with
/// the game's own formulas): P(wait), and the sojourn survival function.
fn mmc(c: u32, lambda: f64, mu: f64) -> (f64, impl Fn(f64) -> f64) {
    let a = lambda / mu;
    let rho = a / c as f64;
    let mut terms = Vec::new();
    let mut t = 1.0;
    for n in 0..c {
        terms.push(t);
        t *= a / (n + 1) as f64;
    }
    let tail = t / (1.0 - rho); // sum over n >= c
    let norm: f64 = terms.iter().sum::<f64>() + tail;
    let p_wait = tail / norm;
    let theta = c as f64 * mu - lambda;
    let survival = move |x: f64| {
        let service_only = (-mu * x).exp();
        let waited = if (theta - mu).abs() < 1e-9 {
            (1.0 + mu * x) * (-mu * x).exp()
        } else {
            (theta * (-mu * x).exp() - mu * (-theta * x).exp()) / (theta - mu)
        };
        (1.0 - p_wait) * service_only + p_wait * waited
    };
    (p_wait, survival)
}

fn quantile(survival: impl Fn(f64) -> f64, q: f64) -> f64 {
    let (mut lo, mut hi) = (0.0, 1000.0);
    for _ in 0..200 {
        let mid = 0.5 * (lo + hi);
        if survival(mid) > 1.0 - q {
            lo = mid
        } else {
            hi = mid
        }
    }
    0.5 * (lo + hi)
}

fn check(c: u32, rho: f64) {
    // t3.micro (2 vCPU) for 1–2 workers, c5.xlarge (4 vCPU, 1.25× speed) for 4.
    let (itype, speed) = if c <= 2 {
        ("t3.micro", 1.0)
    } else {
        ("c5.xlarge", 1.25)
    };
    let service_ms = 100.0;
    let mu = speed / (service_ms / 1000.0);
    let lambda = rho * c as f64 * mu;
    let mut app = unicorn_with(21 + c as u64, |s| {
        s.chaos.clear();
        s.traffic.classes.truncate(1);
        s.traffic.classes[0].share = 1.0;
        s.traffic.classes[0].service_ms = service_ms;
        s.traffic.curve = vec![(0.0, lambda)];
        s.traffic.timeout_seconds = 3600.0;
        s.scoring.acceptable_ms = 1e9;
        let e = &mut s.estate;
        e.launch_templates[0].instance_type = itype.into();
        e.launch_templates[0].user_data = format!(
            "#!/bin/bash\nyum install -y unicorn-rentals\nexport WORKERS={c}\nsystemctl start unicorn-rentals\n"
        );
        e.instances.truncate(1);
        e.load_balancers.clear();
        e.security_groups[1].ingress.push(IngressSpec {
            protocol: "tcp".into(),
            port: 80,
            cidr: Some("0.0.0.0/0".into()),
            source_group: None,
        });
        e.elastic_ips = vec![ElasticIpSpec {
            name: "ip".into(),
            instance: Some("web-1".into()),
        }];
        e.dns = DnsSpec::ElasticIp("ip".into());
    });
    run_minutes(&mut app, 120.0);
    let m = app.world().resource::<Metrics>();
    assert_eq!(
        m.run.failed_total(),
        0,
        "c={c} ρ={rho}: no failures expected"
    );
    let (p_wait, survival) = mmc(c, lambda, mu);
    let theta = c as f64 * mu - lambda;
    let expected_mean = p_wait / theta + 1.0 / mu;
    let expected_p99 = quantile(&survival, 0.99);
    let mean = m.run.hist.mean().unwrap();
    let p99 = m.run.hist.quantile(0.99).unwrap();
    let err_mean = (mean - expected_mean).abs() / expected_mean;
    let err_p99 = (p99 - expected_p99).abs() / expected_p99;
    println!(
        "M/M/{c} ρ={rho}: mean {:.1} ms (theory {:.1}, {:+.1}%), p99 {:.1} ms (theory {:.1}, {:+.1}%)",
        mean * 1e3,
        expected_mean * 1e3,
        100.0 * (mean - expected_mean) / expected_mean,
        p99 * 1e3,
        expected_p99 * 1e3,
        100.0 * (p99 - expected_p99) / expected_p99
    );
    assert!(
        err_mean < 0.10,
        "c={c} ρ={rho}: mean {mean} vs {expected_mean}"
    );
    assert!(err_p99 < 0.10, "c={c} ρ={rho}: p99 {p99} vs {expected_p99}");
}

#[test]
fn one_worker_matches_m_m_1() {
    for rho in [0.5, 0.8, 0.95] {
        check(1, rho);
    }
}

#[test]
fn two_workers_match_m_m_2() {
    for rho in [0.5, 0.8, 0.95] {
        check(2, rho);
    }
}

#[test]
fn four_workers_match_m_m_4() {
    for rho in [0.5, 0.8, 0.95] {
        check(4, rho);
    }
}
