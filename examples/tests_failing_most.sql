-- Tests failing most over the last 30 runs on main, with the message of their latest failure
WITH recent AS MATERIALIZED (
  SELECT owner, repo, id FROM runs
  WHERE owner = 'octo-org' AND repo = 'storefront' AND head_branch = 'main' AND name = 'Tests' AND status = 'completed'
    AND id NOT IN (SELECT run_id FROM artifacts WHERE owner = 'octo-org' AND repo = 'storefront' AND expired)
  ORDER BY created_at DESC LIMIT 30
),
failures AS MATERIALIZED (
  SELECT t.source, t.suite, t.name, t.run_id, t.message
  FROM recent r JOIN test_results t ON t.owner = r.owner AND t.repo = r.repo AND t.run_id = r.id
  WHERE t.status IN ('failed', 'error')
)
SELECT source, suite, name, count(*) AS failures, count(DISTINCT run_id) AS runs,
       (SELECT l.message FROM failures l WHERE l.source = f.source AND l.suite IS f.suite AND l.name = f.name
        ORDER BY l.run_id DESC LIMIT 1) AS last_message
FROM failures f
GROUP BY source, suite, name
ORDER BY failures DESC, runs DESC, source, suite, name
LIMIT 20;
