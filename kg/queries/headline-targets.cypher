// question: What are each government's headline targets for the year?
// params: county (a government of any level, e.g. 台安县, 国务院), metric (indicator id, e.g. gdp)
// columns: county, metric, value, unit, modifier, year
MATCH (t:Target {headline: true})-[:IN_COUNTY]->(c:Government)
WHERE ($county IS NULL OR c.name = $county) AND ($metric IS NULL OR t.metric = $metric)
RETURN DISTINCT c.name AS county, t.metric AS metric, coalesce(t.value, '') AS value,
       coalesce(t.unit, '') AS unit, t.modifier AS modifier, coalesce(t.year, '') AS year
ORDER BY county, year, metric, value
