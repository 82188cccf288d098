//! Money: whole minor units (cents) of an ISO 4217 currency, never floats. What a runner
//! types (`85`, `85.50`, `€70`, `70 EUR`) is read exactly, digit by digit, and takes the
//! currency of the runner's profile unless it names one.

use serde::{Deserialize, Serialize};
use std::fmt;

/// An ISO 4217 alphabetic code: three capital letters (`EUR`, `USD`, `JPY`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Currency([u8; 3]);

/// Currencies whose minor unit is not a hundredth (ISO 4217's exponent); every other code
/// has two decimals.
const NO_DECIMALS: &[&str] = &[
    "BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "PYG", "RWF", "UGX", "UYI", "VND",
    "VUV", "XAF", "XOF", "XPF",
];
const THREE_DECIMALS: &[&str] = &["BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"];

/// Signs people type before or after an amount, and the currency each stands for.
const SIGNS: &[(&str, &str)] = &[("€", "EUR"), ("$", "USD"), ("£", "GBP"), ("¥", "JPY")];

impl Currency {
    /// The currency amounts are in when the runner has set none: the US dollar, the one
    /// HSA claims (the product's first use of money) are made in.
    pub const DEFAULT: Currency = Currency(*b"USD");

    pub fn code(&self) -> &str {
        // Three ASCII capitals, checked when made.
        std::str::from_utf8(&self.0).unwrap_or("???")
    }

    /// Digits after the decimal point: 2 for most, 0 for JPY, 3 for KWD.
    pub fn decimals(&self) -> u32 {
        if NO_DECIMALS.contains(&self.code()) {
            0
        } else if THREE_DECIMALS.contains(&self.code()) {
            3
        } else {
            2
        }
    }

    fn minor_per_major(&self) -> i64 {
        10_i64.pow(self.decimals())
    }
}

impl std::str::FromStr for Currency {
    type Err = String;
    fn from_str(text: &str) -> Result<Self, String> {
        let code = text.trim().to_ascii_uppercase();
        match code.as_bytes() {
            [a, b, c] if code.bytes().all(|x| x.is_ascii_uppercase()) => Ok(Currency([*a, *b, *c])),
            _ => Err(format!(
                "'{text}' is not a currency: use its three-letter ISO 4217 code, like EUR, USD or GBP"
            )),
        }
    }
}

impl TryFrom<String> for Currency {
    type Error = String;
    fn try_from(text: String) -> Result<Self, String> {
        text.parse()
    }
}

impl From<Currency> for String {
    fn from(currency: Currency) -> String {
        currency.code().to_string()
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// An amount: whole minor units of its currency (8550 EUR cents is 85.50 EUR).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Money {
    pub minor: i64,
    pub currency: Currency,
}

impl Money {
    pub const fn new(minor: i64, currency: Currency) -> Money {
        Money { minor, currency }
    }

    /// The amount without its code, with the currency's decimals: `85.50`, `7000` (JPY).
    pub fn decimal(&self) -> String {
        let digits = self.currency.decimals() as usize;
        let per = self.currency.minor_per_major();
        let sign = if self.minor < 0 { "-" } else { "" };
        let (major, minor) = (self.minor.abs() / per, self.minor.abs() % per);
        if digits == 0 {
            format!("{sign}{major}")
        } else {
            format!("{sign}{major}.{minor:0digits$}")
        }
    }

    /// In major units, for checks against limits only (never for sums).
    pub fn major(&self) -> f64 {
        self.minor as f64 / self.currency.minor_per_major() as f64
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.decimal(), self.currency)
    }
}

/// An amount as typed, before it meets the runner's currency: its decimal digits, and the
/// currency it named, if any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypedAmount {
    whole: String,
    fraction: String,
    named: Option<Currency>,
    text: String,
}

/// Reads `85`, `85.50`, `85,50`, `€70`, `$85.50`, `70 EUR`, `EUR 70`. Negative amounts,
/// exponents and anything but digits with one decimal separator are refused.
pub fn parse_amount(text: &str) -> Result<TypedAmount, String> {
    let refused = || {
        format!(
            "'{text}' is not an amount: use a number like 85 or 85.50 (€85 and 85 EUR work too)"
        )
    };
    let mut rest = text.trim().to_string();
    let mut named = None;
    for (sign, code) in SIGNS {
        if let Some(stripped) = rest.strip_prefix(sign).or_else(|| rest.strip_suffix(sign)) {
            rest = stripped.trim().to_string();
            named = Some(code.parse::<Currency>()?);
            break;
        }
    }
    let letters: String = rest.chars().filter(|c| c.is_ascii_alphabetic()).collect();
    if !letters.is_empty() {
        let chars: Vec<char> = rest.chars().collect();
        let head: String = chars.iter().take(3).collect();
        let tail: String = chars.iter().skip(chars.len().saturating_sub(3)).collect();
        let code = if head.chars().all(|c| c.is_ascii_alphabetic()) {
            head
        } else if tail.chars().all(|c| c.is_ascii_alphabetic()) {
            tail
        } else {
            return Err(refused());
        };
        if letters.len() != 3 {
            return Err(refused());
        }
        let code: Currency = code.parse().map_err(|_| refused())?;
        if named.is_some_and(|n| n != code) {
            return Err(refused());
        }
        named = Some(code);
        rest = rest.replace(&letters, "").trim().to_string();
    }
    let (whole, fraction) = match rest.split_once(['.', ',']) {
        Some((whole, fraction)) => (whole.to_string(), fraction.to_string()),
        None => (rest.clone(), String::new()),
    };
    let digits = |s: &str| s.chars().all(|c| c.is_ascii_digit());
    if whole.is_empty() || !digits(&whole) || !digits(&fraction) || whole.len() > 12 {
        return Err(refused());
    }
    Ok(TypedAmount {
        whole,
        fraction,
        named,
        text: text.to_string(),
    })
}

impl TypedAmount {
    /// The amount in the currency it named, else in `runner` (the profile's). Naming another
    /// currency than the runner's, or more decimals than the currency has, is refused.
    pub fn in_currency(&self, runner: Currency) -> Result<Money, String> {
        let currency = self.named.unwrap_or(runner);
        if currency != runner {
            return Err(format!(
                "'{}' is in {currency}, but your amounts are in {runner}: set your currency once with `tuneup profile set --currency {currency}`",
                self.text
            ));
        }
        let decimals = currency.decimals() as usize;
        let fraction = self.fraction.trim_end_matches('0');
        if fraction.len() > decimals {
            return Err(format!(
                "'{}' has more decimals than {currency} has ({decimals})",
                self.text
            ));
        }
        let whole: i64 = self.whole.parse().map_err(|_| self.text.clone())?;
        let fraction: i64 = format!("{fraction:0<decimals$}").parse().unwrap_or(0);
        Ok(Money {
            minor: whole * currency.minor_per_major() + fraction,
            currency,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn eur() -> Currency {
        "EUR".parse().unwrap()
    }

    fn typed(text: &str, runner: Currency) -> Result<Money, String> {
        parse_amount(text)?.in_currency(runner)
    }

    #[test]
    fn typed_amounts_are_read_exactly_in_minor_units() {
        for (text, minor) in [
            ("85", 8500),
            ("85.50", 8550),
            ("85.5", 8550),
            ("85,50", 8550),
            ("€70", 7000),
            ("70€", 7000),
            ("70 EUR", 7000),
            ("EUR 70.05", 7005),
            ("0.10", 10),
        ] {
            assert_eq!(
                typed(text, eur()),
                Ok(Money {
                    minor,
                    currency: eur()
                }),
                "{text}"
            );
        }
        let yen: Currency = "jpy".parse().unwrap();
        assert_eq!(typed("7000", yen).unwrap().minor, 7000);
        assert!(typed("70.5", yen).unwrap_err().contains("more decimals"));
        let dinar: Currency = "KWD".parse().unwrap();
        assert_eq!(typed("1.250", dinar).unwrap().minor, 1250);
    }

    #[test]
    fn a_currency_other_than_the_runners_or_a_bad_amount_is_refused() {
        let error = typed("€70", Currency::DEFAULT).unwrap_err();
        assert!(error.contains("profile set --currency EUR"), "{error}");
        assert!(
            typed("85.505", eur())
                .unwrap_err()
                .contains("more decimals")
        );
        for bad in [
            "seventy",
            "-5",
            "NaN",
            "1e3",
            "",
            "70 EURO",
            "€70 USD",
            "1.2.3",
            "7€0",
            "€",
        ] {
            assert!(parse_amount(bad).is_err(), "{bad}");
        }
        assert!("EU".parse::<Currency>().is_err());
        assert!("€UR".parse::<Currency>().is_err());
    }

    #[test]
    fn amounts_print_with_their_currencys_decimals() {
        let m = |minor, code: &str| Money {
            minor,
            currency: code.parse().unwrap(),
        };
        assert_eq!(m(8550, "EUR").to_string(), "85.50 EUR");
        assert_eq!(m(5, "USD").decimal(), "0.05");
        assert_eq!(m(7000, "JPY").to_string(), "7000 JPY");
        assert_eq!(m(1250, "KWD").decimal(), "1.250");
        assert_eq!(
            serde_json::to_value(m(8550, "EUR")).unwrap(),
            serde_json::json!({"minor": 8550, "currency": "EUR"})
        );
    }
}
