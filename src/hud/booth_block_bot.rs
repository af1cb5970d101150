//! "Block the bot": while a bot class hammers the shop, a big button on the load balancer
//! creates a web ACL whose rate-based rule blocks the bot's addresses and no shopper's
//! (`aws wafv2 create-web-acl`), then a second tap puts it in front of the load balancer
//! (`aws wafv2 associate-web-acl`). Both are the wafv2 console forms' typed commands, sent
//! through the one door like every booth button.

use super::booth_actions::{BoothAction, BoothKind};
use super::map_actions::MapAction;
use super::map_edge_actions::rules_json;
use crate::i18n::t;
use crate::scenario::Scenario;
use crate::sim::clock::SimClock;
use crate::sim::command::{WafAction, WafRule, WafStatement};
use crate::sim::traffic::{TrafficState, class_rates};
use crate::sim::waf::{RATE_LIMIT_MIN, WebAcl, blocked_fraction};
use crate::sim::world::{all, id_of};
use crate::ui_state::MapTarget;
use bevy::prelude::*;

/// The web ACL the booth button creates.
pub const BOOTH_ACL_NAME: &str = "booth-block-bots";
/// The rate-based rule's evaluation window (AWS's default).
const WINDOW_SECONDS: u32 = 300;
/// Shoppers may send this many times their current per-address rate before the rule
/// blocks them (a flash sale triples the traffic).
const SHOPPER_HEADROOM: f64 = 4.0;
/// The rule's limit is never lower than this (the lowest limit AWS WAF allowed before 2024,
/// a common first setting).
const LIMIT_FLOOR: u64 = 100;

/// The rate-based rule the button sends: a per-address limit above every shopper class's
/// rate (with headroom) and below the bot's, checked with the simulation's own WAF model
/// (`blocked_fraction`): it blocks every bot class that sends traffic now and no customer
/// class. `None` when no such limit exists (a bot spread over as many addresses as the
/// shoppers) or no bot sends traffic now.
pub fn bot_rule(world: &World) -> Option<WafRule> {
    let scenario = world.get_resource::<Scenario>()?;
    let now = world.get_resource::<SimClock>()?.now;
    let spikes = world
        .get_resource::<TrafficState>()
        .map(|t| t.spikes.clone())
        .unwrap_or_default();
    let rates = class_rates(scenario, &spikes, now);
    let classes = &scenario.traffic.classes;
    let per_ip = |i: usize| rates[i] * f64::from(WINDOW_SECONDS) / classes[i].client_ips.max(1.0);
    let bots: Vec<usize> = (0..classes.len())
        .filter(|&i| classes[i].bot && rates[i] > 0.0)
        .collect();
    if bots.is_empty() {
        return None;
    }
    let shoppers_max = (0..classes.len())
        .filter(|&i| !classes[i].bot)
        .map(per_ip)
        .fold(0.0, f64::max);
    let limit = ((shoppers_max * SHOPPER_HEADROOM).ceil() as u64)
        .max(LIMIT_FLOOR)
        .max(RATE_LIMIT_MIN);
    let rule = WafRule {
        name: "rate-limit-per-address".into(),
        priority: 0,
        statement: WafStatement::RateBased {
            limit,
            evaluation_window_sec: WINDOW_SECONDS,
        },
        action: WafAction::Block,
    };
    let trial = WebAcl {
        name: BOOTH_ACL_NAME.into(),
        scope: "REGIONAL".into(),
        id: String::new(),
        lock_token: String::new(),
        rules: vec![rule.clone()],
        associated: None,
    };
    let blocked = |i: usize| blocked_fraction(&trial, &classes[i], rates[i], &[]);
    let bots_blocked = bots.iter().all(|&i| blocked(i) >= 1.0);
    let shoppers_pass = (0..classes.len())
        .filter(|&i| !classes[i].bot)
        .all(|i| blocked(i) == 0.0);
    (bots_blocked && shoppers_pass).then_some(rule)
}

/// The web ACL in front of `lb`, if any.
fn guarding_acl(world: &mut World, lb: Entity) -> Option<Entity> {
    all::<WebAcl>(world)
        .into_iter()
        .find(|&a| world.get::<WebAcl>(a).unwrap().associated == Some(lb))
}

/// The button while a bot hammers the site's load balancer `lb`: create the blocking ACL,
/// then put it in front of `lb`. None when no bot sends traffic, when the ACL in front of
/// `lb` blocks it already, or when another ACL guards `lb` (its rules are the player's).
pub fn block_the_bot(world: &mut World, lb: Entity) -> Option<BoothAction> {
    let rule = bot_rule(world)?;
    if guarding_acl(world, lb).is_some() {
        return None;
    }
    let why = t("booth.why.bot").to_string();
    let ours = all::<WebAcl>(world)
        .into_iter()
        .find(|&a| world.get::<WebAcl>(a).unwrap().name == BOOTH_ACL_NAME);
    let (kind, label, action) = match ours {
        None => (
            BoothKind::BlockBot,
            t("booth.act.block_bot"),
            MapAction {
                id: "booth.waf.create",
                label: t("booth.act.block_bot").to_string(),
                service: "wafv2",
                operation: "create-web-acl",
                preset: vec![
                    ("--name", BOOTH_ACL_NAME.into()),
                    ("--scope", "REGIONAL".into()),
                    ("--rules", rules_json(&rule)),
                ],
                stepper: None,
                per_value: Vec::new(),
                danger: false,
            },
        ),
        Some(acl) => (
            BoothKind::ShieldLb,
            t("booth.act.shield_lb"),
            MapAction {
                id: "booth.waf.associate",
                label: t("booth.act.shield_lb").to_string(),
                service: "wafv2",
                operation: "associate-web-acl",
                preset: vec![
                    ("--web-acl-arn", id_of(world, acl)),
                    ("--resource-arn", id_of(world, lb)),
                ],
                stepper: None,
                per_value: Vec::new(),
                danger: false,
            },
        ),
    };
    Some(BoothAction {
        kind,
        label: label.to_string(),
        why,
        target: MapTarget::Resource(lb),
        anchor: Some(lb),
        action,
        stepper: None,
        add_to: None,
    })
}
