// Swagger UI from local files on this server's OpenAPI document (no CDN, no validator call).
window.ui = SwaggerUIBundle({url: "/openapi.json", dom_id: "#swagger-ui", validatorUrl: null,
  deepLinking: true});
