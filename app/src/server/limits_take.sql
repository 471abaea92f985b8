-- One attempt at a limiter's key ($1, $2) and, when it was taken, one at a second's ($5, $6;
-- none when $5 is null): app/src/server/limits.rs, `take`. Each key's row holds the time at
-- which it is back to its full quota; an attempt pushes it one interval ($3, $7) further, when
-- it is no further than the tolerance ($4, $8) ahead of now. A refused attempt changes nothing.
-- The snapshot read at the end is the rows as they were before the upserts.
WITH first AS (
    INSERT INTO rate_limits AS r (limiter, key, full_at)
    VALUES ($1, $2, now() + make_interval(secs => $3::float8))
    ON CONFLICT (limiter, key) DO UPDATE
    SET full_at = greatest(r.full_at, now()) + make_interval(secs => $3::float8)
    WHERE r.full_at <= now() + make_interval(secs => $4::float8)
    RETURNING 1
), second AS (
    INSERT INTO rate_limits AS r (limiter, key, full_at)
    SELECT $5::text, $6::text, now() + make_interval(secs => $7::float8)
    WHERE $5::text IS NOT NULL AND EXISTS (SELECT FROM first)
    ON CONFLICT (limiter, key) DO UPDATE
    SET full_at = greatest(r.full_at, now()) + make_interval(secs => $7::float8)
    WHERE r.full_at <= now() + make_interval(secs => $8::float8)
    RETURNING 1
)
SELECT EXISTS (SELECT FROM first) AS "first_taken!",
       EXISTS (SELECT FROM second) AS "second_taken!",
       (SELECT extract(epoch FROM full_at - now())::float8 FROM rate_limits
        WHERE limiter = $1 AND key = $2) AS first_until_full,
       (SELECT extract(epoch FROM full_at - now())::float8 FROM rate_limits
        WHERE limiter = $5 AND key = $6) AS second_until_full
