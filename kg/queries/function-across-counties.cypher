// question: For each function of government (COFOG), which counties have units serving it, how many, and how many tasks they lead or assist?
// params: function (COFOG code, e.g. 04.2), county (e.g. 西乡县)
// columns: function, label, county, units, tasks
// The counts stand ready on each county's SERVES relationship (kg/graph.py, _add_services);
// two counties of one name are summed into one row.
MATCH (c:Government)-[s:SERVES]->(f:Function)
WHERE ($function IS NULL OR f.notation = $function) AND ($county IS NULL OR c.name = $county)
RETURN f.notation AS function, f.name AS label, c.name AS county, sum(s.units) AS units, sum(s.tasks) AS tasks
ORDER BY function, county
