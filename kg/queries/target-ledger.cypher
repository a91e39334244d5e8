// question: For each government, indicator and year: the headline target, the value a later review says was achieved, and whether the target was met (the target ledger)?
// params: county (a government of any level, e.g. 国务院, 台安县), metric (indicator id, e.g. gdp), year (e.g. 2018)
// columns: county, year, metric, value, value_max, unit, lower, upper, modifier, hardness, line, actual, actual_unit, actual_modifier, actual_line, met, margin
MATCH (t:Target)-[:IN_COUNTY]->(c:Government)
WHERE t.met IS NOT NULL AND ($county IS NULL OR c.name = $county) AND ($metric IS NULL OR t.metric = $metric)
  AND ($year IS NULL OR toString(t.year) = $year)
OPTIONAL MATCH (t)-[:ACHIEVED]->(a:Actual)
RETURN DISTINCT c.name AS county, t.year AS year, t.metric AS metric, coalesce(t.value, '') AS value,
       coalesce(t.value_max, '') AS value_max, coalesce(t.unit, '') AS unit, coalesce(t.lower, '') AS lower,
       coalesce(t.upper, '') AS upper, t.modifier AS modifier, t.hardness AS hardness, t.line AS line,
       coalesce(a.value, '') AS actual, coalesce(a.unit, '') AS actual_unit,
       coalesce(a.modifier, '') AS actual_modifier, coalesce(a.line, '') AS actual_line, t.met AS met,
       coalesce(t.margin, '') AS margin
ORDER BY county, year, metric, line, unit, modifier
