/* 石首市惠企政策门户: the catalog filters' logic, over the facets the build emits (rules.facets,
 * from macros/model/facets.py FACETS) and the rows of api/catalog.json. Within one facet any chosen
 * value matches; across facets all must. Pure: no DOM.
 */

/* The values a catalog row has for a facet; statusOfRow(row) gives its validity status. */
export function facetValues(facet, row, statusOfRow) {
  if (facet.kind === "status") return [statusOfRow(row)];
  if (facet.kind === "year") return [row.year ? String(row.year) : facet.missing];
  const value = row[facet.field];
  return Array.isArray(value) ? value : [value];
}

/* facets: rules.facets. Returns what the filters need, by each facet's URL parameter. */
export function makeFilters(facets, statusOfRow) {
  const byParam = new Map(facets.map((facet) => [facet.param, facet]));

  function values(param, row) { return facetValues(byParam.get(param), row, statusOfRow); }

  /* chosen: {param: [value, ...]}; a facet named `except` is not applied. */
  function passes(row, chosen, except) {
    return Object.keys(chosen).every((param) => {
      if (param === except || !chosen[param].length) return true;
      const have = values(param, row);
      return chosen[param].some((value) => have.includes(value));
    });
  }

  /* How many rows choosing `value` for `param` would give, with the other facets as chosen. */
  function countWith(rows, chosen, param, value) {
    return rows.filter((row) => passes(row, chosen, param) && values(param, row).includes(value)).length;
  }

  return { params: Array.from(byParam.keys()), values, passes, countWith };
}
