-- tuneup schema, version 12: money in whole minor units of a currency, never floats.
-- A massage's cost and a therapist's price become an integer count of minor units (cents)
-- beside the ISO 4217 code of their currency. Amounts stored before had no currency: they
-- take the runner's profile currency if one is set, else USD (tuneup's default), and convert
-- as they were typed, rounded half away from zero to the cent: a typed 85.505 is stored as
-- the float 85.50499999..., so x * 100 is nudged by a millionth of a cent away from zero
-- before round() (which itself rounds half away from zero). Amounts were at most 100,000 and
-- non-negative, where a float is within 1e-8 cents of its decimal, so every amount typed with
-- up to six decimals converts exactly. The float columns are emptied, not dropped, and
-- nothing reads them.
ALTER TABLE massage_sessions ADD COLUMN cost_minor INTEGER CHECK (cost_minor >= 0);
ALTER TABLE massage_sessions ADD COLUMN cost_currency TEXT
    CHECK (cost_currency IS NULL OR length(cost_currency) = 3);
ALTER TABLE therapists ADD COLUMN price_minor INTEGER CHECK (price_minor >= 0);
ALTER TABLE therapists ADD COLUMN price_currency TEXT
    CHECK (price_currency IS NULL OR length(price_currency) = 3);

UPDATE massage_sessions
SET cost_minor = CAST(round(cost * 100 + 1e-6) AS INTEGER),
    cost_currency = COALESCE(
        (SELECT json_extract(p.data, '$.currency') FROM athlete_profiles p
         WHERE p.athlete_id = massage_sessions.athlete_id),
        'USD'),
    cost = NULL
WHERE cost IS NOT NULL;

UPDATE therapists
SET price_minor = CAST(round(price * 100 + 1e-6) AS INTEGER),
    price_currency = COALESCE(
        (SELECT json_extract(p.data, '$.currency') FROM athlete_profiles p
         WHERE p.athlete_id = therapists.athlete_id),
        'USD'),
    price = NULL
WHERE price IS NOT NULL;
