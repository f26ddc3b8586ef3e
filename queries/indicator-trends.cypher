//+ summary: For each indicator with observations, how did it move from its first to its latest value, and is it moving toward its target?
//+ kind: cq
//+ coverage: hand-made test data only (tests/data/ontology-0.2; the case-study sources give no such facts)
//+ params: initiative (optional)
// Same rules as indicator-trends.rq: an observation's year is year, else endYear, else
// startYear; first / latest are the mean value in the earliest / latest year.
MATCH (o:Observation)-[:OF_INDICATOR]->(ind:Indicator)-[:PART_OF_INITIATIVE]->(i:Initiative)
WHERE i.uri = coalesce($initiative, i.uri) AND o.value IS NOT NULL
WITH i, ind, o, coalesce(o.year, o.endYear, o.startYear) AS y
WHERE y IS NOT NULL
WITH i, ind, y, avg(o.value) AS mean, min(o.unit) AS u
WITH i, ind, collect({y: y, mean: mean}) AS per_year, min(y) AS first_year, max(y) AS latest_year, min(u) AS unit
UNWIND per_year AS f
UNWIND per_year AS l
WITH i, ind, first_year, latest_year, unit, f, l
WHERE f.y = first_year AND l.y = latest_year
MATCH (o2:Observation)-[:OF_INDICATOR]->(ind)
WHERE o2.value IS NOT NULL AND coalesce(o2.year, o2.endYear, o2.startYear) IS NOT NULL
WITH i, ind, first_year, latest_year, unit, f, l, count(o2) AS observations
OPTIONAL MATCH (t:Target)-[:OF_INDICATOR]->(ind)
RETURN i.uri AS initiative, ind.uri AS indicator, ind.name AS indicator_name, observations,
       first_year, f.mean AS first_value, latest_year, l.mean AS latest_value, l.mean - f.mean AS change,
       unit, t.uri AS target, t.targetValue AS target_value,
       CASE WHEN t.targetValue IS NULL OR latest_year <= first_year THEN NULL
            ELSE abs(t.targetValue - l.mean) < abs(t.targetValue - f.mean) END AS toward_target
ORDER BY initiative, indicator, target
