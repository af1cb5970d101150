//! World helpers every part of the simulation shares: finding resources by id, listing them in
//! creation order, spawning and despawning them with their id and creator, the subnets'
//! address counts and routes, and the catalog in force.

use super::clock::SimClock;
use super::command::{ApiError, Principal};
use super::ids::{AwsId, IdRegistry};
use super::model::*;
use crate::data::catalog::InstanceType;
use crate::scenario::Scenario;
use bevy::ecs::query::{QueryData, QueryFilter};
use bevy::platform::collections::HashMap;
use bevy::prelude::*;
use std::any::{Any, TypeId};

/// The instance-type catalog in force (built-in prices with the scenario's overrides), with
/// an index by name: traffic, tasks and cost look a type up for every instance every tick.
#[derive(Resource, Clone, Debug, Default)]
pub struct Catalog(pub Vec<InstanceType>, HashMap<String, usize>);

impl Catalog {
    pub fn new(types: Vec<InstanceType>) -> Self {
        let mut index = HashMap::new();
        for (k, t) in types.iter().enumerate() {
            // the first of a name wins, as a scan from the front would find it
            index.entry(t.name.clone()).or_insert(k);
        }
        Self(types, index)
    }

    pub fn get(&self, name: &str) -> Option<&InstanceType> {
        self.1.get(name).map(|&k| &self.0[k])
    }

    /// Where the type of this name is (what [`Instance::catalog_index`] keeps).
    pub fn index_of(&self, name: &str) -> Option<usize> {
        self.1.get(name).copied()
    }

    /// The type at an index from [`Catalog::index_of`].
    pub fn at(&self, k: usize) -> Option<&InstanceType> {
        self.0.get(k)
    }
}

/// Counts that stay true through one batch of launches (an Auto Scaling group's launches of
/// one activity, where nothing but those launches changes the estate): `RunInstances` adds
/// to them instead of counting every instance of the account again on each call.
#[derive(Resource, Debug, Default)]
pub struct LaunchBatch {
    /// Running On-Demand vCPUs (`None` until the batch's first launch counts them).
    pub vcpus_in_use: Option<u64>,
    /// The subnets' address counts are current (recounted once, then kept up to date).
    pub subnets_counted: bool,
}

/// Runs `launches` as one [`LaunchBatch`], then recounts the subnets' addresses.
pub fn in_launch_batch<R>(world: &mut World, launches: impl FnOnce(&mut World) -> R) -> R {
    world.insert_resource(LaunchBatch::default());
    let r = launches(world);
    world.remove_resource::<LaunchBatch>();
    recount_subnets(world);
    r
}

/// Counts creation order (`Seq`).
#[derive(Resource, Default, Debug)]
pub struct SeqCounter(pub u64);

pub fn now(world: &World) -> f64 {
    world.resource::<SimClock>().now
}

pub fn scenario(world: &World) -> &Scenario {
    world.resource::<Scenario>()
}

/// A new round: no ids issued, nothing created, the catalog with the scenario's prices.
pub fn reset(world: &mut World, scenario: &Scenario) {
    let mut catalog = crate::data::catalog::default_catalog();
    for t in catalog.iter_mut() {
        if let Some(p) = scenario.prices.instance_types.get(&t.name) {
            t.usd_per_hour = *p;
        }
    }
    world.insert_resource(IdRegistry::default());
    world.insert_resource(SeqCounter::default());
    world.insert_resource(Catalog::new(catalog));
}

/// The entity with this id, if it has component `T`.
pub fn find<T: Component>(world: &World, id: &str) -> Option<Entity> {
    let e = world.resource::<IdRegistry>().get(id)?;
    world.get::<T>(e).map(|_| e)
}

/// The AWS id of an entity ("" if it has none).
pub fn id_of(world: &World, e: Entity) -> String {
    world
        .get::<AwsId>(e)
        .map(|a| a.0.clone())
        .unwrap_or_default()
}

/// Query states kept from one call to the next: building a `QueryState` anew (what
/// `world.query()` does) costs more than the whole loop over a small estate, and the
/// simulation's systems query the same few shapes dozens of times a tick.
#[derive(Resource, Default)]
pub struct QueryStates(HashMap<TypeId, Box<dyn Any + Send + Sync>>);

/// Runs `f` with the kept query state for `D` filtered by `F` (made on first use). It
/// iterates in the same order as a fresh `world.query_filtered::<D, F>()` would: archetypes
/// are matched in the order they were created either way.
pub fn with_query<D, F, R>(
    world: &mut World,
    f: impl FnOnce(&mut World, &mut QueryState<D, F>) -> R,
) -> R
where
    D: QueryData + 'static,
    F: QueryFilter + 'static,
{
    let key = TypeId::of::<QueryState<D, F>>();
    // (`get_resource_or_init` registers the type on every call: it costs more than this)
    let kept = match world.get_resource_mut::<QueryStates>() {
        Some(mut states) => states.bypass_change_detection().0.remove(&key),
        None => {
            world.init_resource::<QueryStates>();
            None
        }
    };
    let mut state: Box<QueryState<D, F>> = match kept.and_then(|b| b.downcast().ok()) {
        Some(state) => state,
        None => Box::new(world.query_filtered::<D, F>()),
    };
    let r = f(world, &mut state);
    if let Some(mut states) = world.get_resource_mut::<QueryStates>() {
        states.bypass_change_detection().0.insert(key, state);
    }
    r
}

/// All entities with `T`, in creation order.
pub fn all<T: Component>(world: &mut World) -> Vec<Entity> {
    with_query::<(Entity, &Seq), With<T>, _>(world, |world, q| {
        let mut v: Vec<(Seq, Entity)> = q.iter(world).map(|(e, s)| (*s, e)).collect();
        // entities mostly come in creation order already: an ordered run sorts in one pass
        v.sort_unstable();
        v.into_iter().map(|(_, e)| e).collect()
    })
}

/// Spawns a resource with its id, Name tag, creation order and creator.
pub fn spawn_resource(
    world: &mut World,
    id: String,
    name: &str,
    principal: &Principal,
    bundle: impl Bundle,
) -> Entity {
    let seq = {
        let mut c = world.resource_mut::<SeqCounter>();
        c.0 += 1;
        c.0
    };
    let e = world
        .spawn((
            AwsId(id.clone()),
            Name::new(name.to_string()),
            Seq(seq),
            CreatedBy(principal.arn()),
            bundle,
        ))
        .id();
    world.resource_mut::<IdRegistry>().insert(&id, e);
    e
}

pub fn despawn_resource(world: &mut World, e: Entity) {
    let id = id_of(world, e);
    world.resource_mut::<IdRegistry>().remove(&id);
    world.despawn(e);
}

/// Recounts the addresses in use in every subnet and whether each is public.
pub fn recount_subnets(world: &mut World) {
    let subnets = all::<Subnet>(world);
    let mut used: Vec<(Entity, u32)> = subnets.iter().map(|&e| (e, 0)).collect();
    let mut bump = |subnet: Entity, n: u32| {
        if let Some(slot) = used.iter_mut().find(|(e, _)| *e == subnet) {
            slot.1 += n;
        }
    };
    with_query::<&Instance, (), _>(world, |world, q| {
        for i in q.iter(world) {
            if i.state != InstanceState::Terminated {
                bump(i.subnet, 1);
            }
        }
    });
    with_query::<&LoadBalancer, (), _>(world, |world, q| {
        for lb in q.iter(world) {
            for s in &lb.subnets {
                bump(*s, lb.addresses_per_subnet());
            }
        }
    });
    with_query::<&NetworkInterface, (), _>(world, |world, q| {
        for ni in q.iter(world) {
            bump(ni.subnet, ni.addresses);
        }
    });
    for (e, n) in used {
        let public = subnet_is_public(world, e);
        if let Some(mut s) = world.get_mut::<Subnet>(e) {
            s.used = n;
            s.public = public;
        }
    }
}

/// The route table in force for a subnet (its association, else the VPC's main table).
pub fn route_table_of(world: &mut World, subnet: Entity) -> Option<Entity> {
    let s = world.get::<Subnet>(subnet)?.clone();
    if let Some(rt) = s
        .route_table
        .filter(|rt| world.get::<RouteTable>(*rt).is_some())
    {
        return Some(rt);
    }
    let tables = all::<RouteTable>(world);
    tables.into_iter().find(|&t| {
        world
            .get::<RouteTable>(t)
            .is_some_and(|r| r.main && r.vpc == s.vpc)
    })
}

fn subnet_is_public(world: &mut World, subnet: Entity) -> bool {
    let Some(rt) = route_table_of(world, subnet) else {
        return false;
    };
    let routes = world
        .get::<RouteTable>(rt)
        .map(|r| r.routes.clone())
        .unwrap_or_default();
    routes.iter().any(|r| {
        r.destination.prefix == 0
            && r.target.starts_with("igw-")
            && find::<InternetGateway>(world, &r.target).is_some()
    })
}

/// Resolves security-group ids, failing like EC2 for the first unknown one.
pub fn resolve_groups(world: &World, ids: &[String]) -> Result<Vec<Entity>, ApiError> {
    ids.iter()
        .map(|id| {
            find::<SecurityGroup>(world, id).ok_or_else(|| {
                ApiError::new(
                    "InvalidGroup.NotFound",
                    format!("The security group '{id}' does not exist"),
                )
            })
        })
        .collect()
}

pub fn resolve_subnet(world: &World, id: &str) -> Result<Entity, ApiError> {
    find::<Subnet>(world, id).ok_or_else(|| {
        ApiError::new(
            "InvalidSubnetID.NotFound",
            format!("The subnet ID '{id}' does not exist"),
        )
    })
}

/// The only VPC of the account (scenarios have one).
pub fn the_vpc(world: &mut World) -> Option<Entity> {
    all::<Vpc>(world).into_iter().next()
}
