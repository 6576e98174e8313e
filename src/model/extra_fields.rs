//! Deserialisation that keeps unknown fields without `serde(flatten)`.
//!
//! `serde(flatten)` buffers the whole object first, which makes serde_json report errors inside
//! it at the object's end instead of at the bad value. [`deserialize_keeping_extra!`] generates a
//! streaming map visitor instead: known keys are read in place (errors keep their exact
//! line:column), unknown keys go into the struct's `extra` map.

/// `deserialize_keeping_extra!(Type, "what", required { a, b }, optional { c, d });` implements
/// `Deserialize` for `Type`, whose fields are exactly the listed ones plus `extra: Map`.
/// Optional fields take `Default::default()` when absent.
macro_rules! deserialize_keeping_extra {
    ($ty:ident, $what:literal, required { $($r:ident),* $(,)? }, optional { $($o:ident),* $(,)? }) => {
        impl<'de> serde::Deserialize<'de> for $ty {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                struct V;
                impl<'de> serde::de::Visitor<'de> for V {
                    type Value = $ty;
                    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        f.write_str($what)
                    }
                    fn visit_map<A: serde::de::MapAccess<'de>>(
                        self,
                        mut map: A,
                    ) -> Result<$ty, A::Error> {
                        use serde::de::Error as _;
                        $(let mut $r = None;)*
                        $(let mut $o = None;)*
                        let mut extra = serde_json::Map::new();
                        // Keys are borrowed from the input when they need no unescaping: no
                        // allocation per key of the tens of thousands of objects in a file.
                        while let Some(key) = map.next_key::<$crate::model::extra_fields::Key<'de>>()? {
                            match &*key.0 {
                                $(stringify!($r) => {
                                    if $r.is_some() {
                                        return Err(A::Error::duplicate_field(stringify!($r)));
                                    }
                                    $r = Some(map.next_value()?);
                                })*
                                $(stringify!($o) => {
                                    if $o.is_some() {
                                        return Err(A::Error::duplicate_field(stringify!($o)));
                                    }
                                    $o = Some(map.next_value()?);
                                })*
                                _ => {
                                    let value: serde_json::Value = map.next_value()?;
                                    extra.insert(key.0.into_owned(), value);
                                }
                            }
                        }
                        Ok($ty {
                            $($r: $r.ok_or_else(|| A::Error::missing_field(stringify!($r)))?,)*
                            $($o: $o.unwrap_or_default(),)*
                            extra,
                        })
                    }
                }
                d.deserialize_map(V)
            }
        }
    };
}

pub(crate) use deserialize_keeping_extra;

/// A map key, borrowed from the input when serde can (serde_json does for keys without
/// escapes), owned otherwise.
pub(crate) struct Key<'de>(pub std::borrow::Cow<'de, str>);

impl<'de> serde::Deserialize<'de> for Key<'de> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a key")
            }
            fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(std::borrow::Cow::Borrowed(v)))
            }
            fn visit_str<E>(self, v: &str) -> Result<Key<'de>, E> {
                Ok(Key(std::borrow::Cow::Owned(v.to_owned())))
            }
            fn visit_string<E>(self, v: String) -> Result<Key<'de>, E> {
                Ok(Key(std::borrow::Cow::Owned(v)))
            }
        }
        d.deserialize_str(V)
    }
}
