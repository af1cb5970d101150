//! The alarms' tick: every alarm is evaluated on the minute's close, state changes are
//! logged, and their actions run — step-scaling policies through the command API as the
//! Auto Scaling service, anything else (an SNS topic) as a notification.

use super::alarms::*;
use super::api::execute;
use super::clock::{SimClock, TICK_SECONDS};
use super::command::{Command, Principal};
use super::metrics::{Datapoint, Metrics};
use super::model::AutoScalingGroup;
use super::world::all;
use bevy::prelude::*;

/// A state change found this minute: (alarm, from, to, reason, actions, last value, threshold).
type Change = (
    String,
    AlarmState,
    AlarmState,
    String,
    Vec<String>,
    Option<f64>,
    f64,
);

/// Evaluates every alarm on the tick that closes a minute, and runs their actions.
pub fn evaluate_alarms(world: &mut World) {
    let clock = world.resource::<SimClock>().clone();
    let end = clock.now + TICK_SECONDS;
    if !(end as u64).is_multiple_of(60) {
        return;
    }
    let history: Vec<Datapoint> = {
        let m = world.resource::<Metrics>();
        // the longest window an alarm can look at: 24 periods of up to an hour
        let keep = 24 * 60;
        let skip = m.history.len().saturating_sub(keep);
        m.history.iter().skip(skip).cloned().collect()
    };
    let mut changes: Vec<Change> = Vec::new();
    let mut repeat: Vec<(Vec<String>, Option<f64>, f64)> = Vec::new();
    for e in all::<MetricAlarm>(world) {
        let mut a = world.get_mut::<MetricAlarm>(e).unwrap();
        let values = period_values(&history, &a);
        let (state, reason) = evaluate(&a, &values);
        let last = values.iter().rev().find_map(|v| *v);
        a.last_values = values;
        if state != a.state {
            changes.push((
                a.name.clone(),
                a.state,
                state,
                reason.clone(),
                a.actions.clone(),
                last,
                a.threshold,
            ));
            a.state = state;
            a.state_since = end;
            a.reason = reason;
        } else if state == AlarmState::Alarm {
            repeat.push((a.actions.clone(), last, a.threshold));
        }
    }
    // composites see this minute's metric alarm states
    let states: Vec<(String, AlarmState)> = {
        let mut v: Vec<(String, AlarmState)> = all::<MetricAlarm>(world)
            .into_iter()
            .map(|e| {
                let a = world.get::<MetricAlarm>(e).unwrap();
                (a.name.clone(), a.state)
            })
            .collect();
        for e in all::<CompositeAlarm>(world) {
            let a = world.get::<CompositeAlarm>(e).unwrap();
            v.push((a.name.clone(), a.state));
        }
        v
    };
    for e in all::<CompositeAlarm>(world) {
        let mut a = world.get_mut::<CompositeAlarm>(e).unwrap();
        let state_of = |n: &str| states.iter().find(|(x, _)| x == n).map(|(_, s)| *s);
        let state = if a.expr.eval(&state_of) {
            AlarmState::Alarm
        } else {
            AlarmState::Ok
        };
        if state != a.state {
            let reason = format!("Rule {} is {}", a.rule, state == AlarmState::Alarm);
            changes.push((
                a.name.clone(),
                a.state,
                state,
                reason.clone(),
                a.actions.clone(),
                None,
                0.0,
            ));
            a.state = state;
            a.state_since = end;
            a.reason = reason;
        } else if state == AlarmState::Alarm {
            repeat.push((a.actions.clone(), None, 0.0));
        }
    }
    for (name, from, to, reason, actions, value, threshold) in changes {
        let done = if to == AlarmState::Alarm {
            run_actions(world, &actions, value, threshold, false)
        } else {
            vec![]
        };
        world.resource_mut::<AlarmLog>().0.push(AlarmTransition {
            time: end,
            alarm: name,
            from,
            to,
            reason,
            actions: done,
        });
    }
    for (actions, value, threshold) in repeat {
        run_actions(world, &actions, value, threshold, true);
    }
}

/// Runs alarm actions: step-scaling policies are executed through the command API as the
/// Auto Scaling service (again while the alarm stays in ALARM, once the warm-up has passed);
/// anything else (an SNS topic) is a notification.
fn run_actions(
    world: &mut World,
    actions: &[String],
    value: Option<f64>,
    threshold: f64,
    repeat: bool,
) -> Vec<String> {
    let now = world.resource::<SimClock>().now;
    let mut done = Vec::new();
    for arn in actions {
        let policy = all::<AutoScalingGroup>(world).into_iter().find_map(|g| {
            let p = world.get::<StepScalingPolicies>(g)?;
            let p = p.0.iter().find(|p| &p.arn == arn)?;
            let asg = world.get::<AutoScalingGroup>(g)?.name.clone();
            Some((asg, p.name.clone(), p.warmup, p.last_executed))
        });
        match policy {
            Some((asg, name, warmup, last)) => {
                if repeat && last.is_some_and(|t| now - t < warmup) {
                    continue;
                }
                let r = execute(
                    world,
                    Principal::AutoScaling,
                    Command::ExecutePolicy {
                        auto_scaling_group_name: asg.clone(),
                        policy_name: name.clone(),
                        metric_value: value,
                        breach_threshold: Some(threshold),
                    },
                );
                done.push(match r.result {
                    Ok(_) => format!("executed {name} on {asg}"),
                    Err(e) => format!("{name} failed: {}", e.code),
                });
            }
            None if !repeat => done.push(format!("notified {arn}")),
            None => {}
        }
    }
    done
}
