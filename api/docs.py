"""`/docs`: Swagger UI over the served `/openapi.json`, from the vendored files in
`api/static/swagger-ui/` (served by the `/static` mount of `api.page`; no CDN: the page renders
offline)."""

from starlette.requests import Request
from starlette.responses import HTMLResponse

ASSETS = "/static/swagger-ui"

PAGE = f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>OpenNEM API</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="{ASSETS}/swagger-ui.css">
</head>
<body>
<div id="swagger-ui"></div>
<script src="{ASSETS}/swagger-ui-bundle.js"></script>
<script>
window.ui = SwaggerUIBundle({{url: "/openapi.json", dom_id: "#swagger-ui", deepLinking: true}});
</script>
</body>
</html>
"""


def docs(request: Request) -> HTMLResponse:
    return HTMLResponse(PAGE)
