use crate::helpers::spawn_app;

#[tokio::test]
async fn the_loader_is_revalidated_and_may_be_loaded_from_any_site() {
    let app = spawn_app().await;
    let response = app.get("/widget/glas.js").await;
    assert_eq!(response.status().as_u16(), 200);
    let headers = response.headers();
    assert!(
        headers["content-type"]
            .to_str()
            .unwrap()
            .contains("javascript")
    );
    assert_eq!(headers["access-control-allow-origin"], "*");
    assert_eq!(headers["cache-control"], "no-cache");
}

#[tokio::test]
async fn hashed_files_are_cached_for_good_and_sent_precompressed() {
    let app = spawn_app().await;
    let response = app
        .client
        .get(app.url("/widget/glas_widget-0123456789.wasm"))
        .header("accept-encoding", "br")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 200);
    let headers = response.headers().clone();
    assert_eq!(headers["content-type"], "application/wasm");
    assert_eq!(headers["content-encoding"], "br");
    assert!(
        headers["cache-control"]
            .to_str()
            .unwrap()
            .contains("immutable")
    );
    let on_disk = std::fs::read(app.widget_dir.join("glas_widget-0123456789.wasm.br")).unwrap();
    assert_eq!(response.bytes().await.unwrap().as_ref(), on_disk.as_slice());
}

#[tokio::test]
async fn the_demo_page_embeds_the_widget_with_one_script_tag() {
    let app = spawn_app().await;
    let html = app.get("/").await.text().await.unwrap();
    assert!(html.contains(r#"<script src="/widget/glas.js" defer></script>"#));
    assert!(html.contains("lang=\"bg\""));
}

#[tokio::test]
async fn the_pages_link_their_stylesheets_and_carry_no_inline_style() {
    let app = spawn_app().await;
    let demo = app.get("/").await.text().await.unwrap();
    let tracking = app.get("/track/none").await.text().await.unwrap();
    for (page, css) in [(&demo, "/assets/demo.css"), (&tracking, "/assets/page.css")] {
        assert!(page.contains(&format!(r#"<link rel="stylesheet" href="{css}">"#)));
        assert!(
            !page.contains("<style") && !page.contains("style="),
            "{page}"
        );

        let response = app.get(css).await;
        assert_eq!(response.status().as_u16(), 200);
        assert_eq!(
            response.headers()[reqwest::header::CONTENT_TYPE],
            "text/css; charset=utf-8"
        );
        assert!(response.text().await.unwrap().contains("body {"));
    }
}

#[tokio::test]
async fn the_loader_carries_the_profiles_contacts_for_when_the_widget_cannot_load() {
    let app = spawn_app().await;
    let response = app.get("/widget/glas.js").await;
    assert_eq!(
        response.headers()["content-type"],
        "text/javascript; charset=utf-8"
    );
    let loader = response.text().await.unwrap();
    let contacts = loader
        .split_once("const contacts = ")
        .and_then(|(_, rest)| rest.split_once(';'))
        .map(|(contacts, _)| contacts)
        .unwrap_or_else(|| panic!("{loader}"));
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(contacts).unwrap(),
        serde_json::json!({
            "phone": ["038/603-320", "tel:+35938603320"],
            "email": ["kmet@haskovo.bg", "mailto:kmet@haskovo.bg"],
        })
    );
}

#[tokio::test]
async fn the_loader_is_sent_compressed_and_not_again_while_it_is_unchanged() {
    let app = spawn_app().await;
    let send = |headers: &[(&str, &str)]| {
        let mut request = app.client.get(app.url("/widget/glas.js"));
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        request.send()
    };
    let plain = send(&[]).await.unwrap();
    let etag = plain.headers()["etag"].to_str().unwrap().to_owned();
    assert_eq!(plain.headers()["vary"], "accept-encoding");
    let plain = plain.bytes().await.unwrap();

    let br = send(&[("accept-encoding", "gzip, br")]).await.unwrap();
    assert_eq!(br.headers()["content-encoding"], "br");
    let mut decoded = Vec::new();
    brotli::BrotliDecompress(&mut br.bytes().await.unwrap().as_ref(), &mut decoded).unwrap();
    assert_eq!(decoded, plain.as_ref());

    let gzip = send(&[("accept-encoding", "gzip")]).await.unwrap();
    assert_eq!(gzip.headers()["content-encoding"], "gzip");
    let mut decoded = Vec::new();
    std::io::Read::read_to_end(
        &mut flate2::read::GzDecoder::new(gzip.bytes().await.unwrap().as_ref()),
        &mut decoded,
    )
    .unwrap();
    assert_eq!(decoded, plain.as_ref());

    let again = send(&[("if-none-match", &etag)]).await.unwrap();
    assert_eq!(again.status().as_u16(), 304);
    assert_eq!(again.headers()["cache-control"], "no-cache");

    // A new build of the widget is a new loader, at once.
    std::fs::write(
        app.widget_dir.join("glas.js"),
        "/* a new build */ const contacts = __GLAS_CONTACTS__;",
    )
    .unwrap();
    let changed = send(&[("if-none-match", &etag)]).await.unwrap();
    assert_eq!(changed.status().as_u16(), 200);
    assert!(
        changed
            .text()
            .await
            .unwrap()
            .starts_with("/* a new build */")
    );
}
