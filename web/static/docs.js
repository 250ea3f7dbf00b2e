// /docs: Swagger UI over /openapi.json, from the copy the server ships (no CDN). Kept out of
// the page so that the Content-Security-Policy needs no inline script. The plain list of
// routes under it is the page without JavaScript; it is hidden once Swagger UI is up.
"use strict";

(function () {
  const target = document.getElementById("swagger-ui");
  const bundle = window.SwaggerUIBundle;
  if (!target || typeof bundle !== "function") return;
  bundle({
    url: "/openapi.json",
    dom_id: "#swagger-ui",
    deepLinking: true,
    presets: [bundle.presets.apis],
    layout: "BaseLayout",
    validatorUrl: null,
  });
  const plain = document.getElementById("plain-docs");
  if (plain) plain.hidden = true;
})();
