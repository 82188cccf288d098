//! Named settings of a settings struct (plan rules, the big-run rule), changed one
//! `KEY=VALUE` at a time through their serde form, so every field can be set without a flag
//! or a form field of its own.

/// A `KEY=VALUE` setting of a settings struct (`--rule taper_no_deep_days=7`).
#[derive(Debug, Clone)]
pub struct Setting {
    pub key: String,
    pub value: String,
}

/// Reads `KEY=VALUE`.
pub fn parse(text: &str) -> Result<Setting, String> {
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
    serde_json::from_value(value).map_err(|e| {
        // Name the setting that does not fit, what it takes, and a value that would.
        let current = serde_json::to_value(current).unwrap_or_default();
        settings
            .iter()
            .find_map(|setting| {
                let now = current.get(&setting.key)?;
                let mut one = current.clone();
                one[&setting.key] = serde_json::from_str(&setting.value)
                    .unwrap_or_else(|_| serde_json::Value::String(setting.value.clone()));
                serde_json::from_value::<T>(one).err().map(|_| {
                    let takes = match now {
                        serde_json::Value::Number(n) if n.is_f64() => "a number",
                        serde_json::Value::Number(_) => "a whole number",
                        serde_json::Value::Bool(_) => "true or false",
                        serde_json::Value::String(_) => "one of its words",
                        _ => "another kind of value",
                    };
                    format!(
                        "{what} '{}' takes {takes}, not '{}': for example {}={now}",
                        setting.key, setting.value, setting.key
                    )
                })
            })
            .unwrap_or_else(|| format!("{what}: {e}"))
    })
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
