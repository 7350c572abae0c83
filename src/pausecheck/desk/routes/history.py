"""History: list and search a member's checks, delete one, forget everything."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import RedirectResponse
from starlette.responses import Response

from pausecheck.desk.app import render
from pausecheck.desk.routes.compose import member
from pausecheck.desk.security import Viewer, check_csrf
from pausecheck.store import history

router = APIRouter(include_in_schema=False)
PAGE = 50


@router.get("/history")
def list_history(request: Request, who: Annotated[Viewer, Depends(member)], q: str = "", page: int = 1,
                 forgotten: int | None = None) -> Response:
    page = max(1, page)
    with request.app.state.store.sessions() as s:
        checks = history.list_checks(s, who.user_id, q, limit=PAGE + 1, offset=(page - 1) * PAGE)
        total = history.count_checks(s, who.user_id)
    return render(request, "history.html", {"checks": checks[:PAGE], "more": len(checks) > PAGE, "page": page,
                                            "q": q[:history.MAX_QUERY], "total": total, "forgotten": forgotten,
                                            "retention_days": request.app.state.config.retention_days})


@router.post("/checks/{check_id}/delete", dependencies=[Depends(check_csrf)])
def delete(request: Request, check_id: int, who: Annotated[Viewer, Depends(member)]) -> Response:
    store = request.app.state.store
    with store.sessions.begin() as s:
        if not history.delete_check(s, who.user_id, check_id):
            raise HTTPException(status_code=404, detail="There is no such check in your history.")
    store.compact()
    return RedirectResponse("/history", status_code=303)


@router.post("/history/forget", dependencies=[Depends(check_csrf)])
def forget(request: Request, who: Annotated[Viewer, Depends(member)],
           confirm: Annotated[str | None, Form()] = None) -> Response:
    if confirm != "yes":
        raise HTTPException(status_code=422, detail="Tick the box to confirm that every check should be deleted.")
    store = request.app.state.store
    with store.sessions.begin() as s:
        n = history.forget_everything(s, who.user_id)
    store.compact()
    return RedirectResponse(f"/history?forgotten={n}", status_code=303)
