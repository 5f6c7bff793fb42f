//! A validator for the part of JSON Schema (draft 07) that LDtk's official
//! schema uses: `$ref`, `type`, `enum`, `oneOf`, `properties`, `required`,
//! `additionalProperties` and `items`. Small enough to read, strict enough
//! that a file it accepts is one the LDtk editor opens.

use serde_json::Value;

use super::shorten;

/// LDtk 1.5.3's `JSON_SCHEMA.json`, shipped in `levels/schema/`.
const LDTK_SCHEMA: &str = include_str!("../../../levels/schema/ldtk-1.5.3.schema.json");

/// Stop after this many schema errors in one file: the first few say what is wrong.
const MAX_ERRORS: usize = 12;

/// One place where a document breaks the schema.
#[derive(Debug, Clone, PartialEq)]
pub struct SchemaError {
    /// JSON pointer to the offending value, e.g. `/levels/0/layerInstances/2/__cWid`.
    pub pointer: String,
    pub message: String,
}

pub struct Schema {
    root: Value,
}

impl Schema {
    pub fn ldtk() -> Self {
        Self {
            root: serde_json::from_str(LDTK_SCHEMA).expect("the bundled LDtk schema is valid JSON"),
        }
    }

    pub fn validate(&self, doc: &Value) -> Vec<SchemaError> {
        let mut out = Vec::new();
        let mut pointer = String::new();
        self.check(&self.root, doc, &mut pointer, &mut out);
        out
    }

    fn resolve<'a>(&'a self, reference: &str) -> Option<&'a Value> {
        let path = reference.strip_prefix("#/")?;
        path.split('/')
            .try_fold(&self.root, |node, key| node.get(key))
    }

    /// Whether `v` matches `schema`, without recording errors (for `oneOf`).
    fn matches(&self, schema: &Value, v: &Value) -> bool {
        let mut scratch = Vec::new();
        let mut pointer = String::new();
        self.check(schema, v, &mut pointer, &mut scratch);
        scratch.is_empty()
    }

    fn check(&self, schema: &Value, v: &Value, pointer: &mut String, out: &mut Vec<SchemaError>) {
        if out.len() >= MAX_ERRORS {
            return;
        }
        let mut fail = |pointer: &str, message: String| {
            out.push(SchemaError {
                pointer: if pointer.is_empty() {
                    "/".into()
                } else {
                    pointer.to_string()
                },
                message,
            })
        };
        if let Some(reference) = schema.get("$ref").and_then(Value::as_str) {
            match self.resolve(reference) {
                Some(target) => self.check(target, v, pointer, out),
                None => fail(
                    pointer,
                    format!("schema reference {reference} does not resolve"),
                ),
            }
            return;
        }
        if let Some(types) = schema.get("type") {
            let allowed: Vec<&str> = match types {
                Value::String(t) => vec![t.as_str()],
                Value::Array(ts) => ts.iter().filter_map(Value::as_str).collect(),
                _ => vec![],
            };
            if !allowed.is_empty() && !allowed.iter().any(|t| type_matches(t, v)) {
                fail(
                    pointer,
                    format!("expected {}, found {}", allowed.join(" or "), describe(v)),
                );
                return;
            }
        }
        if let Some(Value::Array(options)) = schema.get("enum")
            && !options.contains(v)
        {
            let names: Vec<String> = options.iter().map(Value::to_string).collect();
            fail(
                pointer,
                format!("{} is not one of {}", describe(v), names.join(", ")),
            );
            return;
        }
        if let Some(Value::Array(options)) = schema.get("oneOf") {
            let matching = options.iter().filter(|o| self.matches(o, v)).count();
            if matching != 1 {
                fail(
                    pointer,
                    format!(
                        "{} matches {matching} of the allowed forms, not exactly one",
                        describe(v)
                    ),
                );
                return;
            }
        }
        match v {
            Value::Object(map) => {
                if let Some(Value::Array(required)) = schema.get("required") {
                    for key in required.iter().filter_map(Value::as_str) {
                        if !map.contains_key(key) {
                            fail(pointer, format!("missing required key \"{key}\""));
                        }
                    }
                }
                let props = schema.get("properties").and_then(Value::as_object);
                let closed = schema.get("additionalProperties") == Some(&Value::Bool(false));
                for (key, value) in map {
                    let len = pointer.len();
                    pointer.push('/');
                    pointer.push_str(&shorten(key));
                    match props.and_then(|p| p.get(key)) {
                        Some(sub) => self.check(sub, value, pointer, out),
                        None if closed => out.push(SchemaError {
                            pointer: pointer.clone(),
                            message: format!("unknown key \"{}\"", shorten(key)),
                        }),
                        None => {}
                    }
                    pointer.truncate(len);
                }
            }
            Value::Array(items) => {
                if let Some(item_schema) = schema.get("items") {
                    for (i, item) in items.iter().enumerate() {
                        let len = pointer.len();
                        pointer.push_str(&format!("/{i}"));
                        self.check(item_schema, item, pointer, out);
                        pointer.truncate(len);
                    }
                }
            }
            _ => {}
        }
    }
}

fn type_matches(t: &str, v: &Value) -> bool {
    match t {
        "null" => v.is_null(),
        "boolean" => v.is_boolean(),
        "string" => v.is_string(),
        "array" => v.is_array(),
        "object" => v.is_object(),
        "number" => v.is_number(),
        "integer" => v.is_i64() || v.is_u64() || v.as_f64().is_some_and(|f| f.fract() == 0.0),
        _ => false,
    }
}

fn describe(v: &Value) -> String {
    match v {
        Value::Null => "null".into(),
        Value::Bool(b) => format!("boolean {b}"),
        Value::Number(n) => format!("number {n}"),
        Value::String(s) if s.len() > 40 => {
            format!("string \"{}...\"", &s[..s.floor_char_boundary(40)])
        }
        Value::String(s) => format!("string \"{s}\""),
        Value::Array(_) => "an array".into(),
        Value::Object(_) => "an object".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn type_enum_and_required_are_enforced() {
        let schema = Schema {
            root: json!({
                "$ref": "#/defs/Thing",
                "defs": { "Thing": {
                    "type": ["object"],
                    "required": ["a"],
                    "additionalProperties": false,
                    "properties": {
                        "a": { "type": ["integer"] },
                        "b": { "enum": ["x", "y"] },
                        "c": { "type": ["array"], "items": { "type": ["string", "null"] } },
                        "d": { "oneOf": [ { "type": ["null"] }, { "type": ["integer"] } ] }
                    }
                } }
            }),
        };
        assert!(
            schema
                .validate(&json!({"a": 1, "b": "x", "c": ["s", null], "d": 3}))
                .is_empty()
        );
        let errors = schema.validate(&json!({"b": "z", "c": [1], "e": true, "d": "no"}));
        let text: Vec<String> = errors
            .iter()
            .map(|e| format!("{} {}", e.pointer, e.message))
            .collect();
        assert!(
            text.contains(&"/ missing required key \"a\"".to_string()),
            "{text:?}"
        );
        assert!(text.iter().any(|t| t.starts_with("/b ")), "{text:?}");
        assert!(
            text.contains(&"/c/0 expected string or null, found number 1".to_string()),
            "{text:?}"
        );
        assert!(
            text.contains(&"/e unknown key \"e\"".to_string()),
            "{text:?}"
        );
        assert!(text.iter().any(|t| t.starts_with("/d ")), "{text:?}");
    }
}
