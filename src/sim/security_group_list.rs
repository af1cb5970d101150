//! An instance's security groups, kept inside the instance itself when there are few (almost
//! always one to three): traffic, health checks and findings compare every instance's groups
//! with the previous instance's every tick, and a list on the heap costs a cache miss per
//! instance once the estate outgrows the processor's cache (10,000 instances).

use bevy::prelude::*;
use std::fmt;
use std::ops::Deref;

/// How many groups fit inside the instance; more live on the heap.
const INLINE: usize = 3;

/// The security groups of an instance, in the order they were given. Reads as a slice.
#[derive(Clone)]
pub struct SecurityGroupList(Repr);

#[derive(Clone)]
enum Repr {
    /// The first `len` entries are the groups; the rest are placeholders.
    Inline(u8, [Entity; INLINE]),
    Spilled(Vec<Entity>),
}

impl SecurityGroupList {
    /// The groups as a slice.
    pub fn as_slice(&self) -> &[Entity] {
        match &self.0 {
            Repr::Inline(len, ids) => &ids[..usize::from(*len)],
            Repr::Spilled(v) => v,
        }
    }

    /// True when the groups are kept inside the instance (no heap list to read).
    pub fn is_inline(&self) -> bool {
        matches!(self.0, Repr::Inline(..))
    }
}

impl From<&[Entity]> for SecurityGroupList {
    fn from(groups: &[Entity]) -> Self {
        if groups.len() <= INLINE {
            let mut ids = [Entity::PLACEHOLDER; INLINE];
            ids[..groups.len()].copy_from_slice(groups);
            Self(Repr::Inline(groups.len() as u8, ids))
        } else {
            Self(Repr::Spilled(groups.to_vec()))
        }
    }
}

impl From<Vec<Entity>> for SecurityGroupList {
    fn from(groups: Vec<Entity>) -> Self {
        if groups.len() <= INLINE {
            Self::from(groups.as_slice())
        } else {
            Self(Repr::Spilled(groups))
        }
    }
}

impl From<&Vec<Entity>> for SecurityGroupList {
    fn from(groups: &Vec<Entity>) -> Self {
        Self::from(groups.as_slice())
    }
}

impl Default for SecurityGroupList {
    fn default() -> Self {
        Self::from(&[][..])
    }
}

impl Deref for SecurityGroupList {
    type Target = [Entity];

    fn deref(&self) -> &[Entity] {
        self.as_slice()
    }
}

impl PartialEq for SecurityGroupList {
    fn eq(&self, other: &Self) -> bool {
        self.as_slice() == other.as_slice()
    }
}

impl Eq for SecurityGroupList {}

impl fmt::Debug for SecurityGroupList {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.as_slice()).finish()
    }
}

impl<'a> IntoIterator for &'a SecurityGroupList {
    type Item = &'a Entity;
    type IntoIter = std::slice::Iter<'a, Entity>;

    fn into_iter(self) -> Self::IntoIter {
        self.as_slice().iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn groups(n: u32) -> Vec<Entity> {
        (1..=n)
            .map(Entity::from_raw_u32)
            .map(Option::unwrap)
            .collect()
    }

    #[test]
    fn an_instance_keeps_its_groups_in_order_however_many_it_has() {
        for n in 0..=6 {
            let given = groups(n);
            let list = SecurityGroupList::from(given.clone());
            assert_eq!(list.as_slice(), given.as_slice(), "{n} groups");
            assert_eq!(list.len(), given.len());
            assert_eq!(list.clone(), list);
            assert_eq!(list.is_inline(), n <= 3, "{n} groups");
            assert_eq!(format!("{list:?}"), format!("{given:?}"));
        }
    }

    #[test]
    fn two_instances_with_the_same_groups_compare_equal_and_others_do_not() {
        let a = SecurityGroupList::from(groups(2));
        let b = SecurityGroupList::from(&groups(2));
        assert_eq!(a, b);
        assert_ne!(a, SecurityGroupList::from(groups(1)));
        let reversed: Vec<Entity> = groups(2).into_iter().rev().collect();
        assert_ne!(a, SecurityGroupList::from(reversed));
        assert_eq!(SecurityGroupList::default().len(), 0);
    }
}
