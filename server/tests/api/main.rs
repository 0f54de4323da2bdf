mod batch;
mod cors;
mod health;
mod helpers;
mod restart;
mod submissions;
mod tracking;
mod widget_assets;
