//! The structural three-way merge of JSON values, for the project settings
//! (`stancemark.json`), the entity registry (`entities.json`) and the unknown fields of
//! annotation files.
//!
//! [`merge_value`] applies the three-way rule at each place: the same on both sides → that;
//! changed on one side only → that side. Where both sides changed a place differently it looks
//! inside: objects merge key by key (ours' key order, then theirs' new keys); lists of objects
//! that each have a unique string `"id"` merge item by item (stances of a schema, entities of a
//! registry; ours' order, then theirs' new items); lists of distinct strings (aliases) merge as
//! sets (an item stays if both sides kept it or one side added it). Anything else is a
//! conflict, and these files have no place to keep both versions: the merge is refused
//! (`Err` names the place) and the caller leaves the file to git's conflict handling.

use std::collections::{HashMap, HashSet};

use serde_json::{Map, Value};

/// The three-way rule on a value that cannot be merged inside: `None` when both sides changed it
/// differently. `base` is `None` when there was no common version.
pub(super) fn three_way<T: PartialEq + Clone>(base: Option<&T>, ours: &T, theirs: &T) -> Option<T> {
    if ours == theirs || base == Some(theirs) {
        Some(ours.clone())
    } else if base == Some(ours) {
        Some(theirs.clone())
    } else {
        None
    }
}

/// Merges two objects key by key. `Err` names the first place changed differently on both sides
/// as a path from the object at `at` (`""` for the top): `schema.stances[id=warning].hotkey`.
pub(super) fn merge_object(
    base: Option<&Map<String, Value>>,
    ours: &Map<String, Value>,
    theirs: &Map<String, Value>,
    at: &str,
) -> Result<Map<String, Value>, String> {
    let mut out = Map::new();
    let keys = ours
        .keys()
        .chain(theirs.keys().filter(|k| !ours.contains_key(*k)));
    for k in keys {
        let place = if at.is_empty() {
            k.clone()
        } else {
            format!("{at}.{k}")
        };
        let b = base.and_then(|b| b.get(k));
        if let Some(v) = merge_value(b, ours.get(k), theirs.get(k), &place)? {
            out.insert(k.clone(), v);
        }
    }
    Ok(out)
}

/// Merges one place; `None` in and out means absent.
pub(super) fn merge_value(
    base: Option<&Value>,
    ours: Option<&Value>,
    theirs: Option<&Value>,
    at: &str,
) -> Result<Option<Value>, String> {
    if ours == theirs || base == theirs {
        return Ok(ours.cloned());
    }
    if base == ours {
        return Ok(theirs.cloned());
    }
    let conflict = || Err(if at.is_empty() { "the whole file" } else { at }.to_owned());
    let (Some(o), Some(t)) = (ours, theirs) else {
        return conflict();
    };
    match (base, o, t) {
        (None | Some(Value::Object(_)), Value::Object(o), Value::Object(t)) => {
            let b = base.and_then(Value::as_object);
            merge_object(b, o, t, at).map(|m| Some(Value::Object(m)))
        }
        (None | Some(Value::Array(_)), Value::Array(o), Value::Array(t)) => {
            let b = base.and_then(Value::as_array).map(Vec::as_slice);
            if let (Some(bi), Some(oi), Some(ti)) = (
                b.map_or(Some(HashMap::new()), id_index),
                id_index(o),
                id_index(t),
            ) {
                return merge_items(b.unwrap_or_default(), &bi, o, &oi, t, &ti, at)
                    .map(|v| Some(Value::Array(v)));
            }
            if let (Some(bs), Some(os), Some(ts)) = (
                b.map_or(Some(Vec::new()), distinct_strings),
                distinct_strings(o),
                distinct_strings(t),
            ) {
                return Ok(Some(Value::Array(merge_string_sets(&bs, &os, &ts))));
            }
            conflict()
        }
        _ => conflict(),
    }
}

/// Positions by `"id"` when every item is an object with a string id and no id repeats.
fn id_index(items: &[Value]) -> Option<HashMap<&str, usize>> {
    let mut index = HashMap::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let id = item.as_object()?.get("id")?.as_str()?;
        if index.insert(id, i).is_some() {
            return None;
        }
    }
    Some(index)
}

fn merge_items(
    base: &[Value],
    bi: &HashMap<&str, usize>,
    ours: &[Value],
    oi: &HashMap<&str, usize>,
    theirs: &[Value],
    ti: &HashMap<&str, usize>,
    at: &str,
) -> Result<Vec<Value>, String> {
    let id_of = |v: &Value| v["id"].as_str().unwrap_or_default().to_owned();
    let ids = ours.iter().map(id_of).chain(
        theirs
            .iter()
            .map(id_of)
            .filter(|id| !oi.contains_key(id.as_str())),
    );
    let mut out = Vec::new();
    for id in ids {
        let place = format!("{at}[id={id}]");
        let (b, o, t) = (
            bi.get(id.as_str()).map(|&i| &base[i]),
            oi.get(id.as_str()).map(|&i| &ours[i]),
            ti.get(id.as_str()).map(|&i| &theirs[i]),
        );
        if let Some(v) = merge_value(b, o, t, &place)? {
            out.push(v);
        }
    }
    Ok(out)
}

fn distinct_strings(items: &[Value]) -> Option<Vec<&str>> {
    let mut seen = HashSet::new();
    items
        .iter()
        .map(|v| v.as_str().filter(|s| seen.insert(*s)))
        .collect()
}

/// An item stays when both sides kept it or one side added it (ours' order, then theirs').
fn merge_string_sets(base: &[&str], ours: &[&str], theirs: &[&str]) -> Vec<Value> {
    let (b, o, t): (HashSet<&str>, HashSet<&str>, HashSet<&str>) = (
        base.iter().copied().collect(),
        ours.iter().copied().collect(),
        theirs.iter().copied().collect(),
    );
    let keep = |s: &str| (o.contains(s) && t.contains(s)) || !b.contains(s);
    ours.iter()
        .copied()
        .filter(|s| keep(s))
        .chain(theirs.iter().copied().filter(|s| !o.contains(s) && keep(s)))
        .map(|s| Value::String(s.to_owned()))
        .collect()
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn merge(b: Value, o: Value, t: Value) -> Result<Value, String> {
        merge_value(Some(&b), Some(&o), Some(&t), "").map(|v| v.unwrap_or(Value::Null))
    }

    #[test]
    fn objects_merge_key_by_key() {
        let b = json!({"name": "p", "a": 1, "gone": true});
        let o = json!({"name": "p", "a": 2, "gone": true});
        let t = json!({"name": "p", "a": 1, "new": [1]});
        assert_eq!(
            merge(b, o, t).unwrap(),
            json!({"name": "p", "a": 2, "new": [1]})
        );
    }

    #[test]
    fn lists_with_ids_merge_item_by_item() {
        let b = json!({"stances": [{"id": "w", "name": "warning"}, {"id": "d", "name": "denial"}]});
        let o = json!({"stances": [{"id": "w", "name": "Warning"}, {"id": "d", "name": "denial"},
                                   {"id": "x", "name": "threat"}]});
        let t = json!({"stances": [{"id": "d", "name": "denial", "hotkey": "3"},
                                   {"id": "w", "name": "warning"}, {"id": "y", "name": "vow"}]});
        assert_eq!(
            merge(b, o, t).unwrap(),
            json!({"stances": [{"id": "w", "name": "Warning"},
                               {"id": "d", "name": "denial", "hotkey": "3"},
                               {"id": "x", "name": "threat"}, {"id": "y", "name": "vow"}]})
        );
    }

    #[test]
    fn aliases_merge_as_sets() {
        let b = json!(["Tehran", "IR", "Persia"]);
        let o = json!(["Tehran", "IR", "Islamic Republic"]);
        let t = json!(["Tehran", "Persia", "Iran (country)"]);
        assert_eq!(
            merge(b, o, t).unwrap(),
            json!(["Tehran", "Islamic Republic", "Iran (country)"])
        );
    }

    #[test]
    fn a_place_changed_differently_is_named() {
        let e = merge(
            json!({"a": {"b": 1}}),
            json!({"a": {"b": 2}}),
            json!({"a": {"b": 3}}),
        )
        .unwrap_err();
        assert_eq!(e, "a.b");
        let e = merge(
            json!([{"id": "e1", "name": "A"}]),
            json!([]),
            json!([{"id": "e1", "name": "B"}]),
        )
        .unwrap_err();
        assert_eq!(e, "[id=e1]");
    }

    #[test]
    fn three_way_on_plain_values() {
        assert_eq!(three_way(Some(&1), &1, &2), Some(2));
        assert_eq!(three_way(Some(&1), &3, &1), Some(3));
        assert_eq!(three_way(Some(&1), &4, &4), Some(4));
        assert_eq!(three_way(Some(&1), &3, &2), None);
        assert_eq!(three_way(None, &3, &2), None);
    }
}
