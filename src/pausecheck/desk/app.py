"""``create_app(config)``: the desk's FastAPI application.

One :class:`~pausecheck.Resources` and one :class:`~pausecheck.Checker` per app, built here at
start-up (not per request), and one :class:`~pausecheck.store.Store`, migrated on opening.
Pages are rendered on the server by Jinja2 with autoescape on; the little JavaScript there is
(``static/desk.js``: length counter, countdown, copy) only improves pages that work without it.
"""

from __future__ import annotations

import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from starlette.responses import HTMLResponse, RedirectResponse, Response

from pausecheck._version import __version__
from pausecheck.desk.config import DeskConfig
from pausecheck.desk.security import SessionMiddleware
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
        checker = Checker(config.pack, preview=config.preview, model=config.model, resources=Resources())
    store = Store(config.database)
    with store.sessions.begin() as s:
        purge_expired(s, config.retention_days)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        store.close()

    app = FastAPI(title="pausecheck desk", version=__version__, docs_url=None, redoc_url=None, openapi_url=None,
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

    from pausecheck.desk.routes import catalogue, compose, council, history, practice

    for module in (compose, history, catalogue, practice, council):
        app.include_router(module.router)

    @app.exception_handler(HTTPException)
    async def _http_error(request: Request, exc: HTTPException) -> Response:
        if exc.status_code in (301, 302, 303, 307):
            return RedirectResponse(exc.headers["Location"] if exc.headers else "/", status_code=exc.status_code)
        return render(request, "error.html", {"status": exc.status_code, "message": str(exc.detail)},
                      status=exc.status_code)

    @app.exception_handler(RequestValidationError)
    async def _bad_form(request: Request, exc: RequestValidationError) -> Response:
        fields = sorted({str(e["loc"][-1]) for e in exc.errors() if e.get("loc")})
        return render(request, "error.html", {"status": 422, "message": "The form was not complete or not valid"
                                              + (f" ({', '.join(fields)})." if fields else ".")}, status=422)

    @app.get("/healthz", include_in_schema=False)
    def _health() -> dict[str, str]:
        return {"status": "ok"}

    return app


def render(request: Request, template: str, context: dict[str, Any], status: int = 200) -> HTMLResponse:
    env: Environment = request.app.state.templates
    config: DeskConfig = request.app.state.config
    page = env.get_template(template).render(
        request=request, viewer=getattr(request.state, "viewer", None), council=config.council,
        pack=request.app.state.checker.pack, version=__version__, **context)
    return HTMLResponse(page, status_code=status)
