//! GameDay: a cloud-operations game. The library holds the simulation, the scenario format,
//! the `aws` CLI parser and the headless runner; `main.rs` turns a command line into an App.

pub mod awscli;
pub mod headless;
pub mod scenario;
pub mod sim;
