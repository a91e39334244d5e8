// question: How far does each government's target go beyond the target of the nearest government above it on the same indicator and year (层层加码)?
// params: county (a government of any level, e.g. 台安县), metric (indicator id, e.g. gdp), year (e.g. 2019)
// columns: county, year, metric, value, value_max, unit, parent, parent_value, amplification
MATCH (t:Target)-[:AMPLIFIES]->(p:Target)-[:IN_COUNTY]->(pc:Government), (t)-[:IN_COUNTY]->(c:Government)
WHERE ($county IS NULL OR c.name = $county) AND ($metric IS NULL OR t.metric = $metric)
  AND ($year IS NULL OR toString(t.year) = $year)
RETURN DISTINCT c.name AS county, t.year AS year, t.metric AS metric, coalesce(t.value, '') AS value,
       coalesce(t.value_max, '') AS value_max, coalesce(t.unit, '') AS unit, pc.name AS parent,
       coalesce(t.parent_value, '') AS parent_value, coalesce(t.amplification, '') AS amplification
ORDER BY county, year, metric
