//! Wiring: `Application::build` binds its own listener (port 0 in tests), connects
//! the store, and `run_until_stopped` serves until SIGTERM or Ctrl-C.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use tokio::net::TcpListener;

use crate::app::AppState;
use crate::clock::Clock;
use crate::config::Settings;
use crate::mail::Mailer;
use crate::mail_worker::MailWorker;
use crate::metrics::Metrics;
use crate::router::router;
use crate::store::Store;
use crate::{digest, retention, serve};

pub struct Application {
    listener: TcpListener,
    address: SocketAddr,
    state: AppState,
    settings: Settings,
    mailer: Option<Mailer>,
}

impl Application {
    pub async fn build(settings: Settings) -> anyhow::Result<Application> {
        Self::build_with_clock(settings, Clock::System).await
    }

    /// As [`Application::build`], with "now" taken from `clock` (tests fix it).
    pub async fn build_with_clock(
        mut settings: Settings,
        clock: Clock,
    ) -> anyhow::Result<Application> {
        // A bad profile stops the server before it listens, naming the line and field.
        let profile = crate::profile::load(settings.profile.as_deref())?;
        tracing::info!(municipality = %profile.name.en, "profile loaded");
        settings.allowed_origins.extend(
            profile
                .allowed_origins
                .iter()
                .map(|o| o.as_ref().to_owned()),
        );
        let mailer = Mailer::from_settings(&settings, &profile)?;
        let listener = TcpListener::bind(&settings.bind)
            .await
            .with_context(|| format!("cannot listen on {}", settings.bind))?;
        let address = listener.local_addr()?;
        // Without the personal-data key, or with data sealed under a key it lacks,
        // the server stops here, saying which setting to set.
        let store = crate::personal::connect(&settings).await?;
        // A database from before sealing: its personal data is sealed now.
        let sealed = store.reseal_personal_data(true).await?;
        if sealed.any() {
            tracing::info!(
                authors = sealed.authors,
                mail = sealed.mail,
                totp_keys = sealed.totp_keys,
                "sealed the personal data stored in plain text"
            );
        }
        // A database from before the statistics has submissions and no counts yet.
        if store.stats_never_built().await? {
            let rebuilt = store
                .rebuild_stats(&profile.calendar(), clock.now())
                .await?;
            tracing::info!(
                submissions = rebuilt.submissions,
                "built the statistics' counts"
            );
        }
        let public_url = settings
            .public_url
            .clone()
            .unwrap_or_else(|| format!("http://{address}"))
            .trim_end_matches('/')
            .into();
        let state = AppState {
            store,
            profile: Arc::new(profile),
            clock,
            public_url,
            max_body_bytes: settings.max_body_bytes,
            min_fill_time: std::time::Duration::from_secs(settings.min_fill_secs),
            widget_dir: settings.widget_dir.as_path().into(),
            stats: Default::default(),
            metrics: settings.metrics_token.as_ref().and_then(Metrics::new),
            desk_require_totp_for_admins: settings.desk_require_totp_for_admins,
        };
        Ok(Application {
            listener,
            address,
            state,
            settings,
            mailer,
        })
    }

    pub fn address(&self) -> SocketAddr {
        self.address
    }

    pub fn port(&self) -> u16 {
        self.address.port()
    }

    /// The store this server writes to (tests queue mail through it).
    pub fn store(&self) -> &Store {
        &self.state.store
    }

    pub async fn run_until_stopped(self) -> anyhow::Result<()> {
        let store = self.state.store.clone();
        tokio::spawn(retention::run(self.state.clone()));
        tokio::spawn(digest::run(self.state.clone()));
        let (stop_mail, stopped) = tokio::sync::watch::channel(false);
        let mail_worker = match self.mailer {
            Some(mailer) => Some(tokio::spawn(
                MailWorker {
                    store: store.clone(),
                    mailer,
                    clock: self.state.clock.clone(),
                    first_retry: Duration::from_secs(self.settings.mail_retry_secs),
                }
                .run(stopped),
            )),
            None => {
                tracing::warn!(
                    "no SMTP server is set (GLAS_SMTP_HOST): e-mail stays queued, unsent"
                );
                None
            }
        };
        let app = router(self.state, &self.settings);
        tracing::info!(address = %self.address, "Glas is listening");
        let limits = serve::Limits {
            header_read_timeout: Duration::from_secs(self.settings.header_read_timeout_secs),
            max_connections: self.settings.max_connections.max(1),
            shutdown_grace: Duration::from_secs(self.settings.shutdown_grace_secs),
        };
        serve::serve(self.listener, app, limits, shutdown_signal()).await;
        if let Some(mut worker) = mail_worker {
            // Let a batch under way finish, so that it is not sent twice.
            let _ = stop_mail.send(true);
            if tokio::time::timeout(Duration::from_secs(30), &mut worker)
                .await
                .is_err()
            {
                worker.abort();
            }
        }
        store.close().await;
        tracing::info!("Glas stopped");
        Ok(())
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        tokio::signal::ctrl_c().await.expect("a Ctrl-C handler");
    };
    #[cfg(unix)]
    let terminate = async {
        tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
            .expect("a SIGTERM handler")
            .recv()
            .await;
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down: finishing requests in flight");
}
