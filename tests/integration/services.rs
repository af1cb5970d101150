//! Managed services in the request path: CloudFront's cache key lesson, ElastiCache only
//! helping database-touching requests, their AWS errors, costs and trail events.

use crate::common::*;
use bevy::prelude::*;
use gameday::sim::flow::EdgeStats;
use gameday::sim::model::LoadBalancer;
use gameday::sim::score::cost_rate;
use gameday::sim::trail::CloudTrail;

fn clb_dns(app: &mut App) -> String {
    let mut q = app.world_mut().query::<&LoadBalancer>();
    q.iter(app.world())
        .next()
        .expect("a load balancer")
        .dns_name
        .clone()
}

fn point_dns_at(app: &mut App, dns_name: &str) {
    aws_ok(
        app,
        &format!(
            r#"aws route53 change-resource-record-sets --hosted-zone-id Z0UNICORN42 --change-batch '{{"Changes":[{{"Action":"UPSERT","ResourceRecordSet":{{"Name":"www.unicorn.rentals","Type":"A","AliasTarget":{{"HostedZoneId":"Z2FDTNDATAQYW2","DNSName":"{dns_name}","EvaluateTargetHealth":false}}}}}}]}}'"#
        ),
    );
}

/// Edge hits / edge requests over the next `seconds`.
fn hit_ratio(app: &mut App, seconds: u32) -> f64 {
    let (mut req, mut hits) = (0u64, 0u64);
    for _ in 0..seconds {
        run_minutes(app, 1.0 / 60.0);
        let e = *app.world().resource::<EdgeStats>();
        req += e.requests;
        hits += e.hits;
    }
    assert!(req > 0, "requests reach the edge");
    hits as f64 / req as f64
}

#[test]
fn cloudfront_needs_query_strings_in_the_cache_key() {
    let mut app = unicorn(3);
    let origin = clb_dns(&mut app);
    let r = aws(
        &mut app,
        &format!("aws cloudfront create-distribution --origin-domain-name {origin}"),
    )
    .expect("created");
    let (id, domain) = (r.ids[0].clone(), r.ids[1].clone());
    assert!(
        id.starts_with('E') && domain.ends_with(".cloudfront.net"),
        "{r:?}"
    );
    point_dns_at(&mut app, &domain);
    run_minutes(&mut app, 8.0); // deploy + DNS + warm-up
    // Managed CachingOptimized: statics hit (half the traffic), searches never do.
    let before = hit_ratio(&mut app, 120);
    assert!((0.40..0.52).contains(&before), "hit ratio {before}");

    let policy = aws_ok(
        &mut app,
        r#"aws cloudfront create-cache-policy --cache-policy-config '{"Name":"with-qs","DefaultTTL":300,"MaxTTL":3600,"MinTTL":1,"ParametersInCacheKeyAndForwardedToOrigin":{"EnableAcceptEncodingGzip":true,"HeadersConfig":{"HeaderBehavior":"none"},"CookiesConfig":{"CookieBehavior":"none"},"QueryStringsConfig":{"QueryStringBehavior":"all"}}}'"#,
    );
    aws_ok(
        &mut app,
        &format!(
            r#"aws cloudfront update-distribution --id {id} --distribution-config '{{"DefaultCacheBehavior":{{"CachePolicyId":"{policy}"}}}}'"#
        ),
    );
    run_minutes(&mut app, 7.0);
    let after = hit_ratio(&mut app, 120);
    assert!(
        after > before + 0.2,
        "query strings in the key: {before} → {after}"
    );
    assert!(after < 0.9, "checkout is never cached: {after}");

    // Errors the AWS way.
    let e = aws(
        &mut app,
        &format!(
            r#"aws cloudfront update-distribution --id {id} --distribution-config '{{"DefaultCacheBehavior":{{"CachePolicyId":"nope"}}}}'"#
        ),
    )
    .unwrap_err();
    assert_eq!(e.code, "NoSuchCachePolicy");
    let e = aws(
        &mut app,
        &format!("aws cloudfront delete-distribution --id {id}"),
    )
    .unwrap_err();
    assert_eq!(e.code, "DistributionNotDisabled");
    let e = aws(
        &mut app,
        "aws cloudfront create-distribution --origin-domain-name nowhere.example.com",
    )
    .unwrap_err();
    assert_eq!(e.code, "InvalidOrigin");
    let trail = app.world().resource::<CloudTrail>();
    assert!(
        trail
            .events
            .iter()
            .any(|e| e.event_name() == "CreateDistribution"
                && e.command.event_source() == "cloudfront.amazonaws.com")
    );
}

#[test]
fn elasticache_costs_money_and_validates_like_aws() {
    let mut app = unicorn(4);
    let base = cost_rate(app.world_mut());
    let e = aws(
        &mut app,
        "aws elasticache create-cache-cluster --cache-cluster-id c1 --engine redis --cache-node-type cache.x9.huge --num-cache-nodes 1",
    )
    .unwrap_err();
    assert_eq!(e.code, "InvalidParameterValue");
    aws_ok(
        &mut app,
        "aws elasticache create-cache-cluster --cache-cluster-id unicorn-cache --engine redis --cache-node-type cache.t3.micro --num-cache-nodes 1",
    );
    let e = aws(
        &mut app,
        "aws elasticache create-cache-cluster --cache-cluster-id unicorn-cache --engine redis --cache-node-type cache.t3.micro --num-cache-nodes 1",
    )
    .unwrap_err();
    assert_eq!(e.code, "CacheClusterAlreadyExists");
    let with = cost_rate(app.world_mut());
    assert!((with - base - 0.017).abs() < 1e-9, "{base} → {with}");
    aws_ok(
        &mut app,
        "aws elasticache delete-cache-cluster --cache-cluster-id unicorn-cache",
    );
    let e = aws(
        &mut app,
        "aws elasticache delete-cache-cluster --cache-cluster-id unicorn-cache",
    )
    .unwrap_err();
    assert_eq!(e.code, "CacheClusterNotFound");
}

/// The fraction of successful requests that were fast over the next `seconds`.
fn fast_fraction(app: &mut App, seconds: u32) -> f64 {
    let (mut fast, mut ok) = (0u64, 0u64);
    for _ in 0..seconds {
        run_minutes(app, 1.0 / 60.0);
        let f = app.world().resource::<gameday::sim::flow::TickFlow>();
        fast += f.tiers[0];
        ok += f.ok;
    }
    fast as f64 / ok.max(1) as f64
}

#[test]
fn elasticache_helps_only_when_requests_touch_the_database() {
    // Search-only shop: a database cache changes nothing.
    let run = |touches_db: bool, cache: bool| {
        let mut app = unicorn_with(5, |s| {
            for c in &mut s.traffic.classes {
                c.touches_db = touches_db;
                c.service_ms = 60.0;
            }
            s.chaos.clear();
            s.traffic.curve = vec![(0.0, 28.0)];
        });
        if cache {
            aws_ok(
                &mut app,
                "aws elasticache create-cache-cluster --cache-cluster-id c --engine redis --cache-node-type cache.t3.micro --num-cache-nodes 1",
            );
        }
        run_minutes(&mut app, 6.0);
        fast_fraction(&mut app, 300)
    };
    let (plain, plain_cached) = (run(false, false), run(false, true));
    assert_eq!(plain, plain_cached, "no database, no effect");
    let (db, db_cached) = (run(true, false), run(true, true));
    assert!(
        db_cached > db + 0.1,
        "database reads cached: {db} → {db_cached}"
    );
}
