"""The councillor's desk: a web app on the member's own machine or the council's server.

``create_app(DeskConfig(...))`` builds the FastAPI app; ``pausecheck desk`` runs it with uvicorn
(:mod:`pausecheck.desk.cli`, which the command line imports without loading FastAPI).
docs/desk.md says how to run it for one member and for a council.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from pausecheck.desk.app import create_app
    from pausecheck.desk.config import DeskConfig

__all__ = ["DeskConfig", "create_app"]


def __getattr__(name: str) -> Any:
    if name == "create_app":
        from pausecheck.desk.app import create_app

        return create_app
    if name == "DeskConfig":
        from pausecheck.desk.config import DeskConfig

        return DeskConfig
    raise AttributeError(f"module 'pausecheck.desk' has no attribute {name!r}")
