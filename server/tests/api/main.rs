mod batch;
mod charter;
mod cors;
mod crash;
mod desk;
mod desk_auth;
mod health;
mod helpers;
#[cfg(feature = "postgres-tests")]
mod instances;
mod mail;
mod profiles;
mod restart;
mod retention;
mod stats;
mod submissions;
mod tracking;
mod widget_assets;
