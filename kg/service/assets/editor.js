// The editor page: YASGUI (bundled, @zazuko/yasgui) on this service's endpoint, opening with the
// example query. No autocompleter that asks a server elsewhere (LOV), no endpoint catalogue, no
// state kept from an earlier visit: the page makes requests to this service only.
(function () {
  "use strict";
  var config = JSON.parse(document.getElementById("gk-editor-config").textContent);
  var endpoint = new URL(config.endpoint, window.location.href).href;
  Yasgui.Yasqe.defaults.value = config.query;
  var yasgui = new Yasgui(document.getElementById("yasgui"), {
    requestConfig: { endpoint: endpoint, method: "POST" },
    copyEndpointOnNewTab: true,
    persistenceId: null,
    populateFromUrl: false,
    endpointCatalogueOptions: { getData: function () { return [{ endpoint: endpoint }]; } },
    yasqe: { value: config.query, autocompleters: ["prefixes", "variables"], resizeable: true },
    yasr: { prefixes: config.prefixes }
  });
  window.govkg = { yasgui: yasgui, endpoint: endpoint };
  document.body.setAttribute("data-ready", "1");
})();
