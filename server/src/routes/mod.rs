pub mod assets;
pub mod demo;
pub mod desk;
pub mod health;
pub mod profile;
pub mod submissions;
pub mod track;
pub mod widget;
