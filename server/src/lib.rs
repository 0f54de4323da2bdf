//! The Glas server: the submissions API, the widget's files, tracking pages.

pub mod app;
pub mod auth;
pub mod clock;
pub mod config;
pub mod desk;
pub mod desk_catalogue;
pub mod digest;
pub mod error;
pub mod export;
pub mod extract;
pub mod html;
pub mod intake;
pub mod kiosk;
pub mod mail;
pub mod mail_worker;
pub mod profile;
pub mod retention;
pub mod router;
pub mod routes;
pub mod security;
pub mod serve;
pub mod startup;
pub mod stats;
pub mod store;
pub mod telemetry;
pub mod users;
