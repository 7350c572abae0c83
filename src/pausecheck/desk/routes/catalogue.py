"""The rule catalogue: every rule of the pack (clause, why, advice, examples) and the clause coverage."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Request
from starlette.responses import Response

from pausecheck.desk.app import render
from pausecheck.desk.security import Viewer, viewer
from pausecheck.policy.coverage import coverage_table
from pausecheck.policy.schema import Example

router = APIRouter(include_in_schema=False)


def example_text(example: Example) -> str:
    return example if isinstance(example, str) else example.text


@router.get("/rules")
def rules(request: Request, _who: Annotated[Viewer, Depends(viewer)]) -> Response:
    pack = request.app.state.checker.pack
    return render(request, "rules.html", {"rules": pack.rules, "coverage": coverage_table(pack)})


@router.get("/rules/{key}")
def rule(request: Request, key: str, _who: Annotated[Viewer, Depends(viewer)]) -> Response:
    pack = request.app.state.checker.pack
    try:
        found = pack.rule(key)
    except KeyError:
        raise HTTPException(status_code=404, detail="There is no rule with that code or name in this pack.") from None
    return render(request, "rule.html", {"rule": found, "clause": pack.clauses.get(found.clause.ref),
                                         "fail": [example_text(e) for e in found.examples.fail],
                                         "passing": [example_text(e) for e in found.examples.pass_]})
