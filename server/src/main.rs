use server::{config::Settings, staff, startup, telemetry};
use std::process::ExitCode;

/// mimalloc returns freed memory to the system within milliseconds; glibc's malloc kept every
/// login's 19 MiB argon2 block in its per-thread arenas (make bench: resident memory after the
/// load).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    // Leptos renders nested views recursively; unoptimised (`make dev`) builds need deep stacks.
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .thread_stack_size(8 * 1024 * 1024)
        .build();
    match runtime {
        Ok(runtime) => {
            let args: Vec<String> = std::env::args().skip(1).collect();
            match args.split_first() {
                Some((command, rest)) if command == "staff" => runtime.block_on(staff::run(rest)),
                Some(_) => {
                    eprintln!("usage: server              serve the portal\n       server staff create …  create a staff user (--help for details)");
                    ExitCode::from(2)
                }
                None => runtime.block_on(serve()),
            }
        }
        Err(error) => {
            eprintln!("cannot start the async runtime: {error}");
            ExitCode::FAILURE
        }
    }
}

async fn serve() -> ExitCode {
    let settings = match Settings::from_env() {
        Ok(settings) => settings,
        Err(error) => {
            eprintln!("configuration error: {error}");
            return ExitCode::FAILURE;
        }
    };
    telemetry::init(&settings.log_filter, settings.log_format);
    let application = match startup::Application::build(settings).await {
        Ok(application) => application,
        Err(error) => {
            tracing::error!(%error, "cannot start");
            return ExitCode::FAILURE;
        }
    };
    match application
        .run_until_stopped(startup::shutdown_signal())
        .await
    {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            tracing::error!(%error, "server error");
            ExitCode::FAILURE
        }
    }
}
