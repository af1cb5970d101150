//! Data that the scenario format and the simulation share and that depends on nothing else:
//! the price lists, IPv4 CIDR arithmetic, scenario timestamps and RDS maintenance windows.

pub mod base64;
pub mod catalog;
pub mod cidr;
pub mod input;
pub mod maintenance_window;
pub mod time;
