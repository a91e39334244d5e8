// question: For each function of government (COFOG), which counties have units serving it, how many, and how many tasks they lead or assist?
// params: function (COFOG code, e.g. 04.2), county (e.g. 西乡县)
// columns: function, label, county, units, tasks
MATCH (u:Unit)-[:HAS_FUNCTION]->(f:Function), (u)-[:IN_COUNTY]->(c:County)
WHERE ($function IS NULL OR f.notation = $function) AND ($county IS NULL OR c.name = $county)
OPTIONAL MATCH (u)-[:LEADS|ASSISTS]->(t:Task)
RETURN f.notation AS function, f.name AS label, c.name AS county,
       count(DISTINCT u) AS units, count(DISTINCT t) AS tasks
ORDER BY function, county
