//! A set of entities answered by entity index, without sorting or hashing: traffic asks for
//! every instance every tick whether it received requests, and sorting the tick's targets to
//! ask cost n log n.

use bevy::prelude::*;

/// Entities by their index; the rare second entity of an index (a despawned target whose
/// index a new entity reuses) goes to a short list of its own.
#[derive(Default)]
pub struct EntitySet {
    by_index: Vec<Option<Entity>>,
    others: Vec<Entity>,
}

impl EntitySet {
    pub fn insert(&mut self, e: Entity) {
        let k = e.index_u32() as usize;
        if k >= self.by_index.len() {
            self.by_index.resize(k + 1, None);
        }
        match self.by_index[k] {
            None => self.by_index[k] = Some(e),
            Some(held) if held == e => {}
            Some(_) => {
                if !self.others.contains(&e) {
                    self.others.push(e);
                }
            }
        }
    }

    pub fn contains(&self, e: Entity) -> bool {
        self.by_index.get(e.index_u32() as usize) == Some(&Some(e)) || self.others.contains(&e)
    }
}

impl FromIterator<Entity> for EntitySet {
    fn from_iter<I: IntoIterator<Item = Entity>>(iter: I) -> Self {
        let mut set = Self::default();
        for e in iter {
            set.insert(e);
        }
        set
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use bevy::ecs::entity::EntityGeneration;

    #[test]
    fn a_set_holds_what_was_put_in_and_nothing_else_even_when_an_index_is_reused() {
        let at = |index: u32, generation: u32| {
            let e = Entity::from_raw_u32(index).unwrap();
            Entity::from_index_and_generation(
                e.index(),
                EntityGeneration::FIRST.after_versions(generation),
            )
        };
        // a despawned target and the new entity that took its index
        let (a, a2, b, c) = (at(3, 0), at(3, 1), at(7, 0), at(5, 0));
        let set: EntitySet = [a, b, a2].into_iter().collect();
        assert!(set.contains(a) && set.contains(b) && set.contains(a2));
        assert!(!set.contains(c));
        let only_old: EntitySet = [a, b].into_iter().collect();
        assert!(!only_old.contains(a2), "same index, other generation");
        let only_new: EntitySet = [a2].into_iter().collect();
        assert!(!only_new.contains(a), "same index, other generation");
        assert!(!EntitySet::default().contains(a));
    }
}
