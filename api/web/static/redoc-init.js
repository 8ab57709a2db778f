// ReDoc from local files on this server's OpenAPI document.
Redoc.init("/openapi.json", {disableSearch: false, hideDownloadButton: false},
  document.getElementById("redoc"));
