//! Parsers for command-line values, so clap names the flag when a value is wrong.

use chrono::NaiveDate;
use std::str::FromStr;
use tuneup_core::parse;
use tuneup_core::units::{Meters, MetersPerSecond, Seconds};

pub fn date(text: &str) -> Result<NaiveDate, String> {
    parse::date(text).map_err(|e| e.to_string())
}

pub fn duration(text: &str) -> Result<Seconds, String> {
    parse::duration(text).map_err(|e| e.to_string())
}

pub fn distance(text: &str) -> Result<Meters, String> {
    parse::distance(text).map_err(|e| e.to_string())
}

pub fn pace(text: &str) -> Result<MetersPerSecond, String> {
    parse::pace(text).map_err(|e| e.to_string())
}

/// Any closed vocabulary (areas, tools, techniques, ...), by its id.
pub fn vocab<T>(text: &str) -> Result<T, String>
where
    T: FromStr,
    T::Err: std::fmt::Display,
{
    text.parse().map_err(|e: T::Err| e.to_string())
}

/// A `KEY=VALUE` setting of a settings struct (`--rule taper_no_deep_days=7`).
#[derive(Debug, Clone)]
pub struct Setting {
    pub key: String,
    pub value: String,
}

pub fn setting(text: &str) -> Result<Setting, String> {
    let (key, value) = text
        .split_once('=')
        .ok_or_else(|| format!("'{text}': use KEY=VALUE, like taper_no_deep_days=7"))?;
    Ok(Setting {
        key: key.trim().to_string(),
        value: value.trim().to_string(),
    })
}

/// Applies `settings` to a copy of `current` through its serde form, so every field of a
/// settings struct can be changed without a flag per field; an unknown key lists the known.
pub fn apply_settings<T>(current: &T, settings: &[Setting], what: &str) -> Result<T, String>
where
    T: serde::Serialize + serde::de::DeserializeOwned,
{
    let mut value = serde_json::to_value(current).map_err(|e| e.to_string())?;
    let fields = value
        .as_object_mut()
        .ok_or_else(|| format!("{what} is not a set of named values"))?;
    for setting in settings {
        let Some(slot) = fields.get_mut(&setting.key) else {
            let known: Vec<_> = fields.keys().cloned().collect();
            return Err(format!(
                "unknown {what} '{}' (known: {})",
                setting.key,
                known.join(", ")
            ));
        };
        // Numbers, lists and quoted strings read as JSON; a bare word is a string (an id).
        *slot = serde_json::from_str(&setting.value)
            .unwrap_or_else(|_| serde_json::Value::String(setting.value.clone()));
    }
    serde_json::from_value(value).map_err(|e| format!("{what}: {e}"))
}

/// The fields of `current` that differ from `defaults`, as `key = value` lines.
pub fn changed_settings<T: serde::Serialize>(current: &T, defaults: &T) -> Vec<String> {
    let (Ok(serde_json::Value::Object(now)), Ok(serde_json::Value::Object(base))) = (
        serde_json::to_value(current),
        serde_json::to_value(defaults),
    ) else {
        return Vec::new();
    };
    now.iter()
        .filter(|(key, value)| base.get(*key) != Some(value))
        .map(|(key, value)| format!("{key} = {value}"))
        .collect()
}
