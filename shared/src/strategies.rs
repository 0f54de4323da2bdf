//! Generators the property tests share (tests only).

use proptest::prelude::*;
use serde_json::Value;

/// Any JSON value a few levels deep, its objects' keys often ones the wire
/// types know, so that wrong values reach the fields that read them.
pub fn any_json(keys: &'static [&'static str]) -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        any::<String>().prop_map(Value::String),
    ];
    leaf.prop_recursive(3, 24, 6, move |inner| {
        let key = prop_oneof![
            proptest::sample::select(keys).prop_map(str::to_owned),
            any::<String>()
        ];
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            proptest::collection::btree_map(key, inner, 0..8)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}
