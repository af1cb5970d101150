//! The EC2 instance attributes `modify-instance-attribute` sets besides the type, the user
//! data and the security groups (those live on `Instance`): markers on the instance's entity,
//! read by `terminate-instances` and shown by `describe-instances`.

use bevy::prelude::*;

/// `disableApiTermination` is on: `terminate-instances` answers `OperationNotPermitted`
/// (Auto Scaling still terminates the instance, as on AWS).
#[derive(Component, Clone, Copy, Debug, Default)]
pub struct TerminationProtected;

/// `sourceDestCheck` is off (AWS's default is on); only a NAT or router instance needs it
/// off, and GameDay routes no traffic through instances, so it is only shown.
#[derive(Component, Clone, Copy, Debug, Default)]
pub struct SourceDestCheckOff;

/// `sriovNetSupport` is `simple` (enhanced networking, set while stopped).
#[derive(Component, Clone, Copy, Debug, Default)]
pub struct EnhancedNetworking;
