//! Sending the player's commands: forms and the CLI box push them on the simulation's
//! `CommandQueue` (they run at the start of the next tick) with a ticket each, and read each
//! one's answer (its CloudTrail event and result) under its ticket, to show it inline.

use super::HudSystems;
use crate::i18n::{t, tf};
use crate::screens::Screen;
use crate::sim::api::{Answer, CommandQueue, CommandResults};
use crate::sim::command::{CallerContext, Command, Principal, Ticket};
use bevy::prelude::*;
use bevy_egui::EguiPrimaryContextPass;

/// One command the HUD sent.
#[derive(Clone, Debug)]
pub struct Pending {
    /// The ticket the queue gave it; its answer is kept under it.
    pub ticket: Ticket,
    pub command: Command,
    pub outcome: Option<Answer>,
}

/// Everything the HUD sent, newest last.
#[derive(Resource, Default, Debug)]
pub struct Outbox {
    pub sent: Vec<Pending>,
}

impl Outbox {
    pub fn get(&self, ticket: Ticket) -> Option<&Pending> {
        self.sent.iter().find(|p| p.ticket == ticket)
    }
}

/// Queues a command as the player; returns the ticket to follow it with.
pub fn submit(world: &mut World, command: Command) -> Ticket {
    let ticket = world.resource_mut::<CommandQueue>().push(
        Principal::Player,
        CallerContext::default(),
        command.clone(),
    );
    let mut outbox = world.resource_mut::<Outbox>();
    outbox.sent.push(Pending {
        ticket,
        command,
        outcome: None,
    });
    if outbox.sent.len() > 200 {
        outbox.sent.remove(0);
    }
    ticket
}

/// Fills in the answers of sent commands that have run, by ticket.
pub fn resolve(results: &CommandResults, sent: &mut [Pending]) {
    for p in sent.iter_mut().filter(|p| p.outcome.is_none()) {
        p.outcome = results.get(p.ticket).cloned();
    }
}

pub fn plugin(app: &mut App) {
    app.init_resource::<Outbox>()
        .add_systems(OnEnter(Screen::Playing), forget_last_round)
        .add_systems(
            EguiPrimaryContextPass,
            follow
                .run_if(in_state(Screen::Playing))
                .in_set(HudSystems::Input),
        );
}

/// A new round numbers its tickets from 1 again: what the last round sent is forgotten.
fn forget_last_round(mut outbox: ResMut<Outbox>) {
    outbox.sent.clear();
}

fn follow(results: Option<Res<CommandResults>>, mut outbox: ResMut<Outbox>) {
    let Some(results) = results else {
        return;
    };
    if outbox.sent.iter().any(|p| p.outcome.is_none()) {
        resolve(&results, &mut outbox.sent);
    }
}

/// One line saying how a submission ended (for inline results).
pub fn describe(p: &Pending) -> (bool, String) {
    match &p.outcome {
        None => (true, t("submit.queued").into()),
        Some(Answer {
            event,
            result: Ok(r),
            ..
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
        Some(Answer {
            event,
            result: Err(e),
            ..
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
    use crate::sim::command::{ApiError, ApiResponse};

    #[test]
    fn each_submission_reads_the_answer_under_its_own_ticket() {
        // two identical calls: each gets its own ticket and its own answer
        let mut app = crate::headless::start("unicorn-rentals", 7).unwrap();
        let world = app.world_mut();
        world.init_resource::<Outbox>();
        let first = submit(world, Command::AllocateAddress);
        let second = submit(world, Command::AllocateAddress);
        assert_ne!(first, second);
        {
            let mut outbox = world.resource_mut::<Outbox>();
            let results = CommandResults::default();
            resolve(&results, &mut outbox.sent);
            assert!(outbox.sent.iter().all(|p| p.outcome.is_none()));
            assert_eq!(describe(&outbox.sent[0]), (true, t("submit.queued").into()));
        }
        crate::sim::step(world);
        world.resource_scope(|world, mut outbox: Mut<Outbox>| {
            resolve(world.resource::<CommandResults>(), &mut outbox.sent);
        });
        let outbox = world.resource::<Outbox>();
        let a = outbox.get(first).unwrap().outcome.clone().unwrap();
        let b = outbox.get(second).unwrap().outcome.clone().unwrap();
        assert_eq!(a.ticket, first);
        assert_eq!(b.ticket, second);
        assert_eq!(b.event, a.event + 1, "queued in order, run in order");
        let (ia, ib) = (a.result.unwrap().ids, b.result.unwrap().ids);
        assert_ne!(ia, ib, "two addresses, not one answer read twice");
    }

    #[test]
    fn a_refusal_is_described_with_its_code_and_event() {
        let p = Pending {
            ticket: Ticket(3),
            command: Command::AllocateAddress,
            outcome: Some(Answer {
                ticket: Ticket(3),
                event: 12,
                result: Err(ApiError::new("AddressLimitExceeded", "too many")),
            }),
        };
        let (ok, text) = describe(&p);
        assert!(!ok);
        assert!(
            text.contains("AddressLimitExceeded") && text.contains("12"),
            "{text}"
        );
        let p = Pending {
            outcome: Some(Answer {
                ticket: Ticket(3),
                event: 13,
                result: Ok(ApiResponse::one("eipalloc-1".into())),
            }),
            ..p
        };
        assert!(describe(&p).1.contains("eipalloc-1"));
    }
}
