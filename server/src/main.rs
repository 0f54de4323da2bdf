use glas_server::config::Settings;
use glas_server::startup::Application;
use glas_server::{export, kiosk, stats, telemetry, users};

const USAGE: &str = "\
glas: the Glas citizen-feedback server

Usage:
  glas          serve (settings: glas.toml, GLAS_* and DATABASE_URL)
  glas export   print every stored submission as JSON Lines
  glas --help   this text
";

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let command = std::env::args().nth(1);
    if matches!(command.as_deref(), Some("-h" | "--help" | "help")) {
        print!(
            "{USAGE}{}{}{}",
            users::USAGE,
            kiosk::command::USAGE,
            stats::command::USAGE
        );
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
        Some("export") => export::run(&settings, &mut std::io::stdout().lock()).await,
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
        Some(other) => anyhow::bail!(
            "unknown command {other:?}\n\n{USAGE}{}{}{}",
            users::USAGE,
            kiosk::command::USAGE,
            stats::command::USAGE
        ),
    }
}
