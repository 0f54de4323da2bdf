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
