//! The files in `deploy/` agree with the server's defaults: systemd waits out the
//! shutdown grace before it kills, and nginx passes on every batch Glas accepts.

use glas_server::config::Settings;

use crate::helpers::workspace_path;

fn deploy_file(path: &str) -> String {
    std::fs::read_to_string(workspace_path(&format!("deploy/{path}"))).unwrap()
}

/// The value of the first line `KEY=value` (systemd) or `key value;` (nginx).
fn setting<'a>(file: &'a str, key: &str) -> &'a str {
    file.lines()
        .map(str::trim)
        .find_map(|line| {
            let rest = line.strip_prefix(key)?;
            let value = rest.strip_prefix('=').or_else(|| rest.strip_prefix(' '))?;
            Some(value.trim().trim_end_matches(';'))
        })
        .unwrap_or_else(|| panic!("no {key}"))
}

#[test]
fn systemd_waits_for_the_shutdown_grace_before_it_kills_the_server() {
    let unit = deploy_file("glas.service");
    assert_eq!(setting(&unit, "KillSignal"), "SIGTERM");
    let timeout: u64 = setting(&unit, "TimeoutStopSec").parse().unwrap();
    let grace = Settings::default().shutdown_grace_secs;
    assert!(
        timeout >= grace + 10,
        "TimeoutStopSec={timeout} leaves the server's {grace} s of grace no time to close"
    );
}

#[test]
fn nginx_passes_on_every_batch_the_server_accepts() {
    let site = deploy_file("nginx/glas.conf");
    let size = setting(&site, "client_max_body_size");
    let bytes: usize = match size.strip_suffix(['m', 'M']) {
        Some(mebibytes) => mebibytes.parse::<usize>().unwrap() * 1024 * 1024,
        None => size.parse().unwrap(),
    };
    assert!(bytes >= Settings::default().max_batch_body_bytes, "{size}");
}

#[test]
fn nginx_logs_requests_without_their_query_string_referer_or_tracking_token() {
    let site = deploy_file("nginx/glas.conf");
    // The format, from `log_format glas` to its `;`.
    let start = site
        .find("\nlog_format glas ")
        .expect("a log format of its own");
    let format = &site[start..start + site[start..].find(';').unwrap()];
    // The path, with a tracking token replaced (the map was run in nginx 1.22:
    // `/track/AbC…/revoke` is logged `/track/{token}/revoke`).
    assert!(format.contains("$glas_logged_path"), "{format}");
    assert!(!format.contains("$uri"), "the path as it came: {format}");
    let map = &site[site
        .find("map $uri $glas_logged_path {")
        .expect("the path's map")..];
    let map = &map[..map.find("\n}").unwrap()];
    assert!(
        map.contains(
            r#"~^/track/[^/]+(?<glas_after_token>.*)$  "/track/{token}$glas_after_token";"#
        ),
        "{map}"
    );
    for leak in [
        "$request ",
        "$request\"",
        "$request_uri",
        "$args",
        "$query_string",
        "$http_referer",
    ] {
        assert!(!format.contains(leak), "{leak} in {format}");
    }
    // Every server logs with it.
    let servers = site.matches("\nserver {").count();
    let logs = site
        .lines()
        .filter(|l| l.trim() == "access_log /var/log/nginx/access.log glas;")
        .count();
    assert_eq!(
        (servers, logs),
        (2, 2),
        "every server block logs with `glas`"
    );
    assert!(!site.contains("$arg_"), "no query parameter elsewhere");
}
