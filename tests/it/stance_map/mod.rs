//! The entity registry and the stance map: library tests on a small hand-made project, the
//! exports read back, and the `entities` and `map` commands.

mod cli;
mod exports;
mod fixture;
mod map;
mod registry;
mod sample;
