//! `server staff create`: staff users are made from the command line, never from the web.
use crate::config::Settings;
use app::{backoffice::NewStaff, error::AppError};
use secrecy::ExposeSecret;
use std::{io::BufRead, process::ExitCode};

const USAGE: &str = "usage: server staff create --email <e-mail> --first-name <name> \
--last-name <name> --phone <phone>
The password is read from the first line of standard input, e.g.
  printf '%s\\n' \"$PASSWORD\" | server staff create --email anne@emsproto.fr ...";

/// Runs `server staff <args>`; answers the process's exit code.
pub async fn run(args: &[String]) -> ExitCode {
    let Some(staff) = parse_args(args) else {
        eprintln!("{USAGE}");
        return ExitCode::from(2);
    };
    let staff = match read_password(staff) {
        Ok(staff) => staff,
        Err(error) => {
            eprintln!("cannot read the password from standard input: {error}");
            return ExitCode::FAILURE;
        }
    };
    let settings = match Settings::from_env() {
        Ok(settings) => settings,
        Err(error) => {
            eprintln!("configuration error: {error}");
            return ExitCode::FAILURE;
        }
    };
    let pool = match sqlx::PgPool::connect(settings.database.url.expose_secret()).await {
        Ok(pool) => pool,
        Err(error) => {
            eprintln!("cannot connect to the database: {error}");
            return ExitCode::FAILURE;
        }
    };
    if let Err(error) = crate::startup::MIGRATOR.run(&pool).await {
        eprintln!("cannot apply the database migrations: {error}");
        return ExitCode::FAILURE;
    }
    match app::backoffice::create_staff(&pool, &staff).await {
        Ok(id) => {
            println!("staff user {} created ({id})", staff.email.trim());
            ExitCode::SUCCESS
        }
        Err(AppError::Validation(issues)) => {
            for issue in issues {
                eprintln!("{}: {}", issue.field.replace('_', "-"), issue.code);
            }
            ExitCode::from(2)
        }
        Err(AppError::Conflict { field, code }) => {
            // The code as the API names it (`email_taken`).
            let code = serde_json::to_value(code).unwrap_or_default();
            eprintln!("{field}: {}", code.as_str().unwrap_or_default());
            ExitCode::from(2)
        }
        Err(error) => {
            eprintln!("cannot create the staff user: {error} (see the log above)");
            ExitCode::FAILURE
        }
    }
}

fn parse_args(args: &[String]) -> Option<NewStaff> {
    let (command, options) = args.split_first()?;
    if command != "create" || options.len() % 2 != 0 {
        return None;
    }
    let mut staff = NewStaff {
        email: String::new(),
        first_name: String::new(),
        last_name: String::new(),
        phone: String::new(),
        password: String::new(),
    };
    for pair in options.chunks(2) {
        let value = pair[1].clone();
        match pair[0].as_str() {
            "--email" => staff.email = value,
            "--first-name" => staff.first_name = value,
            "--last-name" => staff.last_name = value,
            "--phone" => staff.phone = value,
            _ => return None,
        }
    }
    Some(staff)
}

/// The password comes from standard input, not the arguments: those show in `ps` and shell
/// histories.
fn read_password(mut staff: NewStaff) -> std::io::Result<NewStaff> {
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line)?;
    staff.password = line.trim_end_matches(['\r', '\n']).to_string();
    Ok(staff)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<String> {
        list.iter().map(|arg| arg.to_string()).collect()
    }

    #[test]
    fn reads_the_options_in_any_order() {
        let staff = parse_args(&args(&[
            "create",
            "--phone",
            "0612345678",
            "--email",
            "anne@emsproto.fr",
            "--last-name",
            "Martin",
            "--first-name",
            "Anne",
        ]))
        .unwrap();
        assert_eq!(staff.email, "anne@emsproto.fr");
        assert_eq!(staff.first_name, "Anne");
        assert_eq!(staff.last_name, "Martin");
        assert_eq!(staff.phone, "0612345678");
    }

    #[test]
    fn refuses_anything_else() {
        for wrong in [
            &["delete", "--email", "a@b.fr"][..],
            &["create", "--email"],
            &["create", "--password", "x"],
            &[],
        ] {
            assert!(parse_args(&args(wrong)).is_none(), "{wrong:?}");
        }
    }
}
