-- Runs per weekday and hour (UTC) over the last 500 runs: when CI is busiest
SELECT substr('SunMonTueWedThuFriSat', 1 + 3 * strftime('%w', created_at), 3) AS weekday,
       strftime('%H', created_at) AS hour, count(*) AS runs
FROM (SELECT created_at FROM runs ORDER BY created_at DESC LIMIT 500)
GROUP BY strftime('%w', created_at), hour
ORDER BY strftime('%w', created_at), hour;
