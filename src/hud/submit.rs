//! Sending the player's commands: forms and the CLI box push them on the simulation's
//! `CommandQueue` (they run at the start of the next tick) and follow each one to its
//! CloudTrail event and result, to show it inline.

use super::HudSystems;
use crate::platform::i18n::{t, tf};
use crate::screens::Screen;
use crate::sim::api::{ApiResponse, CommandQueue, CommandResults};
use crate::sim::command::{ApiError, Command, Principal};
use crate::sim::trail::CloudTrail;
use bevy::prelude::*;
use bevy_egui::EguiPrimaryContextPass;

/// How a submitted command ended: its CloudTrail event number and result.
#[derive(Clone, Debug, PartialEq)]
pub struct Outcome {
    pub event: u64,
    pub result: Result<ApiResponse, ApiError>,
}

/// One command the HUD sent.
#[derive(Clone, Debug)]
pub struct Pending {
    pub id: u64,
    pub command: Command,
    /// `CloudTrail::total` when it was queued: its event comes after.
    pub after: u64,
    pub outcome: Option<Outcome>,
}

/// Everything the HUD sent, newest last.
#[derive(Resource, Default, Debug)]
pub struct Outbox {
    pub sent: Vec<Pending>,
    next_id: u64,
}

impl Outbox {
    pub fn get(&self, id: u64) -> Option<&Pending> {
        self.sent.iter().find(|p| p.id == id)
    }
}

/// Queues a command as the player; returns the id to follow it with.
pub fn submit(world: &mut World, command: Command) -> u64 {
    let after = world
        .get_resource::<CloudTrail>()
        .map(|t| t.total)
        .unwrap_or(0);
    world
        .resource_mut::<CommandQueue>()
        .push(Principal::Player, command.clone());
    let mut outbox = world.resource_mut::<Outbox>();
    outbox.next_id += 1;
    let id = outbox.next_id;
    outbox.sent.push(Pending {
        id,
        command,
        after,
        outcome: None,
    });
    if outbox.sent.len() > 200 {
        outbox.sent.remove(0);
    }
    id
}

/// Matches sent commands to the trail: the first player event after it was queued, with the
/// same command, not already claimed; its result comes from `CommandResults`.
pub fn resolve(trail: &CloudTrail, results: &CommandResults, sent: &mut [Pending]) {
    let mut claimed: Vec<u64> = sent
        .iter()
        .filter_map(|p| p.outcome.as_ref().map(|o| o.event))
        .collect();
    for p in sent.iter_mut().filter(|p| p.outcome.is_none()) {
        let Some(e) = trail.events.iter().find(|e| {
            e.number > p.after
                && e.principal == Principal::Player
                && e.command == p.command
                && !claimed.contains(&e.number)
        }) else {
            continue;
        };
        claimed.push(e.number);
        let result = results
            .0
            .iter()
            .find(|(n, _)| *n == e.number)
            .map(|(_, r)| r.clone())
            .unwrap_or_else(|| match &e.error {
                Some(err) => Err(err.clone()),
                None => Ok(ApiResponse {
                    ids: e.resources.clone(),
                }),
            });
        p.outcome = Some(Outcome {
            event: e.number,
            result,
        });
    }
}

pub fn plugin(app: &mut App) {
    app.init_resource::<Outbox>().add_systems(
        EguiPrimaryContextPass,
        follow
            .run_if(in_state(Screen::Playing))
            .in_set(HudSystems::Input),
    );
}

fn follow(world: &mut World) {
    if world.get_resource::<CloudTrail>().is_none() {
        return;
    }
    world.resource_scope(|world, mut outbox: Mut<Outbox>| {
        if outbox.sent.iter().all(|p| p.outcome.is_some()) {
            return;
        }
        resolve(
            world.resource::<CloudTrail>(),
            world.resource::<CommandResults>(),
            &mut outbox.sent,
        );
    });
}

/// One line saying how a submission ended (for inline results).
pub fn describe(p: &Pending) -> (bool, String) {
    match &p.outcome {
        None => (true, t("submit.queued").into()),
        Some(Outcome {
            event,
            result: Ok(r),
        }) => (
            true,
            if r.ids.is_empty() {
                tf("submit.ok", &[("event", &event.to_string())])
            } else {
                tf(
                    "submit.ok_ids",
                    &[("ids", &r.ids.join(", ")), ("event", &event.to_string())],
                )
            },
        ),
        Some(Outcome {
            event,
            result: Err(e),
        }) => (
            false,
            tf(
                "submit.failed",
                &[("error", &e.to_string()), ("event", &event.to_string())],
            ),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_each_submission_to_its_own_event() {
        let cmd = Command::AllocateAddress;
        let mut trail = CloudTrail::default();
        let mut results = CommandResults::default();
        let mut sent = vec![
            Pending {
                id: 1,
                command: cmd.clone(),
                after: 0,
                outcome: None,
            },
            Pending {
                id: 2,
                command: cmd.clone(),
                after: 0,
                outcome: None,
            },
        ];
        // a stranger's identical call does not count
        trail.record(
            1.0,
            Principal::Unknown("x".into()),
            cmd.clone(),
            vec![],
            None,
        );
        let n = trail.record(
            2.0,
            Principal::Player,
            cmd.clone(),
            vec!["eip-1".into()],
            None,
        );
        results.0.push((
            n,
            Ok(ApiResponse {
                ids: vec!["eipalloc-1".into()],
            }),
        ));
        resolve(&trail, &results, &mut sent);
        let o = sent[0].outcome.as_ref().unwrap();
        assert_eq!(o.event, 2);
        assert_eq!(o.result.as_ref().unwrap().ids, vec!["eipalloc-1"]);
        assert!(
            sent[1].outcome.is_none(),
            "the second waits for its own event"
        );
        let err = ApiError::new("AddressLimitExceeded", "too many");
        let n = trail.record(3.0, Principal::Player, cmd, vec![], Some(err.clone()));
        resolve(&trail, &results, &mut sent);
        let o = sent[1].outcome.as_ref().unwrap();
        assert_eq!(o.event, n);
        assert_eq!(o.result, Err(err));
        assert!(!describe(&sent[1]).0);
    }
}
