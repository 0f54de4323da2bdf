use glas_server::config::Settings;
use glas_server::startup::Application;
use glas_server::{backup, export, kiosk, personal, stats, telemetry, users};

const USAGE: &str = "\
glas: the Glas citizen-feedback server

Usage:
  glas                    serve (settings: glas.toml, GLAS_* and DATABASE_URL)
  glas export [ratings]   print every stored submission (or kiosk rating) as JSON Lines
  glas --help             this text
";

/// Every command's usage: this file's and the subcommands'.
fn usage() -> String {
    format!(
        "{USAGE}{}{}{}{}{}{}",
        users::USAGE,
        kiosk::command::USAGE,
        stats::command::USAGE,
        backup::USAGE,
        personal::command::USAGE,
        personal::requests::USAGE
    )
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let command = std::env::args().nth(1);
    if matches!(command.as_deref(), Some("-h" | "--help" | "help")) {
        print!("{}", usage());
        return Ok(());
    }
    let settings = Settings::load()?;
    telemetry::init(settings.log_format);
    match command.as_deref() {
        None | Some("serve") => {
            Application::build(settings)
                .await?
                .run_until_stopped()
                .await
        }
        Some("export") => {
            let args: Vec<String> = std::env::args().skip(2).collect();
            let out = &mut std::io::stdout().lock();
            match args.as_slice() {
                [] => export::run(&settings, out).await,
                [what] if what == "ratings" => export::ratings(&settings, out).await,
                _ => anyhow::bail!(
                    "glas export takes no argument or \"ratings\", not {args:?}\n\n{}",
                    usage()
                ),
            }
        }
        Some("user") => {
            let args: Vec<String> = std::env::args().skip(2).collect();
            users::run(&settings, &args, &mut std::io::stdout().lock()).await
        }
        Some("kiosk") => {
            let args: Vec<String> = std::env::args().skip(2).collect();
            kiosk::command::run(&settings, &args, &mut std::io::stdout().lock()).await
        }
        Some("stats") => {
            let args: Vec<String> = std::env::args().skip(2).collect();
            stats::command::run(&settings, &args, &mut std::io::stdout().lock()).await
        }
        Some("key") => {
            let args: Vec<String> = std::env::args().skip(2).collect();
            personal::command::run(&settings, &args, &mut std::io::stdout().lock()).await
        }
        Some("person") => {
            let args: Vec<String> = std::env::args().skip(2).collect();
            personal::requests::run(&settings, &args, &mut std::io::stdout().lock()).await
        }
        Some(command @ ("backup" | "restore")) => {
            let args: Vec<String> = std::env::args().skip(2).collect();
            backup::run(&settings, command, &args, &mut std::io::stdout().lock()).await
        }
        Some(other) => anyhow::bail!("unknown command {other:?}\n\n{}", usage()),
    }
}
