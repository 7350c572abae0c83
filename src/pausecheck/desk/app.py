"""``create_app(config)``: the desk's FastAPI application.

One :class:`~pausecheck.Resources` and one :class:`~pausecheck.Checker` per app, built here at
start-up (not per request), and one :class:`~pausecheck.store.Store`, migrated on opening.
Pages are rendered on the server by Jinja2 with autoescape on; the little JavaScript there is
(``static/desk.js``: length counter, countdown, copy) only improves pages that work without it.
"""

from __future__ import annotations

import json
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response

from pausecheck._version import __version__
from pausecheck.desk.config import DeskConfig
from pausecheck.desk.security import API_VERSION, SessionMiddleware, api_error
from pausecheck.engine import Checker
from pausecheck.resources import Resources
from pausecheck.store import Store
from pausecheck.store.history import purge_expired

__all__ = ["create_app", "render"]

HERE = Path(__file__).parent


def create_app(config: DeskConfig | None = None, *, checker: Checker | None = None) -> FastAPI:
    """The desk for ``config``. ``checker``: one already built (tests share theirs); otherwise
    one is built here from the config's pack with a new Resources."""
    config = config or DeskConfig()
    if checker is None:
        checker = Checker(config.pack, preview=config.preview, model=config.model, resources=Resources(),
                          fixes=True)
    store = Store(config.database)
    with store.sessions.begin() as s:
        purge_expired(s, config.retention_days)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        store.close()

    app = FastAPI(title="pausecheck desk", version=__version__, docs_url=None, redoc_url=None,
                  openapi_url="/openapi.json",
                  lifespan=lifespan)
    app.state.config = config
    app.state.checker = checker
    # spaCy and the ONNX sessions are not documented as safe to call from several threads at once.
    app.state.check_lock = threading.Lock()
    app.state.store = store
    app.state.templates = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=True,
                                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    app.add_middleware(SessionMiddleware, config=config)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")

    from pausecheck.desk.routes import api, catalogue, compose, council, history, inbox, practice

    for module in (compose, history, catalogue, practice, council, inbox, api):
        app.include_router(module.router)
    app.include_router(api.current)

    @app.exception_handler(HTTPException)
    async def _http_error(request: Request, exc: HTTPException) -> Response:
        if _is_api(request):
            return JSONResponse(api_error(exc.status_code, str(exc.detail)), status_code=exc.status_code)
        if exc.status_code in (301, 302, 303, 307):
            return RedirectResponse(exc.headers["Location"] if exc.headers else "/", status_code=exc.status_code)
        return render(request, "error.html", {"status": exc.status_code, "message": str(exc.detail)},
                      status=exc.status_code)

    @app.exception_handler(StarletteHTTPException)
    async def _not_found(request: Request, exc: StarletteHTTPException) -> Response:
        # Starlette's own: no such path (404) or method (405).
        return await _http_error(request, HTTPException(exc.status_code, exc.detail))

    @app.exception_handler(RequestValidationError)
    async def _bad_form(request: Request, exc: RequestValidationError) -> Response:
        if _is_api(request):
            return JSONResponse(api_error(422, "The request is not valid: " + _problems(exc), _fields(exc)),
                                status_code=422)
        fields = sorted({str(e["loc"][-1]) for e in exc.errors() if e.get("loc")})
        return render(request, "error.html", {"status": 422, "message": "The form was not complete or not valid"
                                              + (f" ({', '.join(fields)})." if fields else ".")}, status=422)

    @app.get("/docs", include_in_schema=False)
    def _api_docs(request: Request) -> Response:
        # FastAPI's Swagger UI loads its script from a CDN; this page is rendered here instead.
        return render(request, "api.html", {"api": api_reference(app.openapi()), "api_version": API_VERSION})

    @app.get("/healthz", include_in_schema=False)
    def _health() -> dict[str, str]:
        return {"status": "ok"}

    return app


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def _fields(exc: RequestValidationError) -> list[dict[str, str]]:
    out = []
    for e in exc.errors():
        loc = [str(p) for p in e.get("loc", ()) if p != "body"]
        if e.get("type") == "json_invalid":  # loc: where in the body the JSON broke
            out.append({"field": "(the body)", "message": f"not valid JSON (at character {'.'.join(loc) or 0})"})
            continue
        out.append({"field": ".".join(loc) or "(the body)", "message": str(e.get("msg", "not valid"))})
    return out


def _problems(exc: RequestValidationError) -> str:
    fields = _fields(exc)
    shown = "; ".join(f"{f['field']}: {f['message']}" for f in fields[:5])
    return shown + (f"; and {len(fields) - 5} more" if len(fields) > 5 else "") + "."


def api_reference(openapi: dict[str, Any]) -> list[dict[str, Any]]:
    """The OpenAPI document's operations, for the plain /docs page: method, path, summary, and
    the request and response schemas as indented JSON."""
    schemas = openapi.get("components", {}).get("schemas", {})
    out = []
    for path, ops in openapi.get("paths", {}).items():
        for method, op in ops.items():
            body = op.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema")
            out.append({"method": method.upper(), "path": path, "summary": op.get("summary", ""),
                        "request": json.dumps(_resolve(body, schemas), indent=2) if body else None,
                        "responses": {code: r.get("description", "") for code, r in op.get("responses", {}).items()}})
    return out


def _resolve(schema: Any, schemas: dict[str, Any], depth: int = 0) -> Any:
    if isinstance(schema, dict):
        ref = schema.get("$ref")
        if isinstance(ref, str) and depth < 5:
            return _resolve(schemas.get(ref.rsplit("/", 1)[-1], {}), schemas, depth + 1)
        return {k: _resolve(v, schemas, depth) for k, v in schema.items()}
    if isinstance(schema, list):
        return [_resolve(v, schemas, depth) for v in schema]
    return schema


def render(request: Request, template: str, context: dict[str, Any], status: int = 200) -> HTMLResponse:
    env: Environment = request.app.state.templates
    config: DeskConfig = request.app.state.config
    page = env.get_template(template).render(
        request=request, viewer=getattr(request.state, "viewer", None), council=config.council,
        pack=request.app.state.checker.pack, version=__version__, **context)
    return HTMLResponse(page, status_code=status)
