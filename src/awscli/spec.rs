//! The shape of an operation table: how an option takes its value, one `--option`, one
//! operation, and the constructors each service file writes its table with.

/// How an option takes its value, following aws-cli's argument types.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ValueKind {
    /// One word.
    Text,
    /// One word holding an integer.
    Int,
    /// One or more words (or one JSON list).
    List,
    /// No value; `--x` sets true and its `--no-x` form sets false.
    Bool,
    /// One word holding JSON or shorthand.
    Struct,
    /// One JSON list, or one or more JSON/shorthand structures.
    StructList,
}

/// One `--option` of an operation.
#[derive(Clone, Copy, Debug)]
pub(crate) struct OptionSpec {
    /// With the `--` prefix.
    pub name: &'static str,
    /// For [`ValueKind::Bool`]: the `--no-…` form.
    pub negated: Option<&'static str>,
    pub required: bool,
    pub kind: ValueKind,
    /// Accepted so documentation examples parse, but not modelled by GameDay.
    pub ignored: bool,
}

/// One `aws <service> <operation>` (the service is the table's owner).
#[derive(Debug)]
pub(crate) struct OperationSpec {
    pub name: &'static str,
    pub options: &'static [OptionSpec],
}

impl OperationSpec {
    /// Like [`OperationSpec::find`], but an unambiguous prefix names its option too, as
    /// aws-cli's argparse reads `--cluster` for `describe-clusters --clusters`.
    pub(crate) fn find_abbreviated(&self, name: &str) -> Option<(&'static OptionSpec, bool)> {
        if let Some(found) = self.find(name) {
            return Some(found);
        }
        if name.len() < 3 {
            return None;
        }
        let mut matches = self.options.iter().flat_map(|o| {
            let plain = o.name.starts_with(name).then_some((o, false));
            let negated = o.negated.filter(|n| n.starts_with(name)).map(|_| (o, true));
            plain.into_iter().chain(negated)
        });
        let first = matches.next()?;
        matches.next().is_none().then_some(first)
    }

    /// The option called `name` (either form of a boolean), and whether it was the `--no-` form.
    pub(crate) fn find(&self, name: &str) -> Option<(&'static OptionSpec, bool)> {
        self.options.iter().find_map(|o| {
            if o.name == name {
                Some((o, false))
            } else if o.negated == Some(name) {
                Some((o, true))
            } else {
                None
            }
        })
    }
}

/// An option the operation cannot run without.
pub(crate) const fn req(name: &'static str, kind: ValueKind) -> OptionSpec {
    OptionSpec {
        name,
        negated: None,
        required: true,
        kind,
        ignored: false,
    }
}

/// An optional option.
pub(crate) const fn opt(name: &'static str, kind: ValueKind) -> OptionSpec {
    OptionSpec {
        name,
        negated: None,
        required: false,
        kind,
        ignored: false,
    }
}

/// A boolean option and its `--no-…` form.
pub(crate) const fn flag(name: &'static str, negated: &'static str) -> OptionSpec {
    OptionSpec {
        name,
        negated: Some(negated),
        required: false,
        kind: ValueKind::Bool,
        ignored: false,
    }
}

/// An option accepted (documentation examples use it) but without effect in GameDay.
pub(crate) const fn ignored(name: &'static str, kind: ValueKind) -> OptionSpec {
    OptionSpec {
        name,
        negated: None,
        required: false,
        kind,
        ignored: true,
    }
}

/// A boolean option and its `--no-…` form, accepted but without effect in GameDay.
pub(crate) const fn ignored_flag(name: &'static str, negated: &'static str) -> OptionSpec {
    OptionSpec {
        ignored: true,
        ..flag(name, negated)
    }
}

/// An operation and its options, in the order help shows them.
pub(crate) const fn op(name: &'static str, options: &'static [OptionSpec]) -> OperationSpec {
    OperationSpec { name, options }
}
