//! Server-only pieces shared by every server function (compiled with the `ssr` feature only).
mod state;

pub use state::AppState;
