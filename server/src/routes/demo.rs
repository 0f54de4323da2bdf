use axum::response::Html;

/// `GET /`: a page like a municipality's own, embedding the widget with its one script tag.
pub async fn page() -> Html<&'static str> {
    Html(include_str!("../../assets/demo.html"))
}
