//! Integration tests: the real server over HTTP, each test on a fresh database of its own.
mod assets;
mod auth;
mod authorization;
mod collaborator_trust;
mod collaborators;
mod decisions;
mod docs;
mod health;
mod helpers;
mod identity;
mod logs;
mod mail;
mod orders;
mod pages;
mod sessions;
mod two_factor;
mod world;
