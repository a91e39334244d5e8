// question: What are each county's headline targets for the year?
// params: county (e.g. 台安县), metric (indicator id, e.g. gdp)
// columns: county, metric, value, unit, modifier
MATCH (t:Target {headline: true})-[:IN_COUNTY]->(c:County)
WHERE ($county IS NULL OR c.name = $county) AND ($metric IS NULL OR t.metric = $metric)
RETURN DISTINCT c.name AS county, t.metric AS metric, coalesce(t.value, '') AS value,
       coalesce(t.unit, '') AS unit, t.modifier AS modifier
ORDER BY county, metric, value
