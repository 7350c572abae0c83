"""The member as a target: the inbox (messages received, highest priority first, the 999 banner
when any is a threat to life or safety), the moderation queue (Remove / Keep with a reason /
Escalate), and the harassment log of one sender.

Everything here reads and appends to the member's own hash-chained evidence log (owner = the
desk username); nothing is edited or deleted. Member-only: the Monitoring Officer's account
never sees message text (:func:`~pausecheck.desk.routes.compose.member`).
"""

from __future__ import annotations

import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Depends, File, Form, HTTPException, Request, UploadFile
from fastapi.responses import RedirectResponse
from starlette.responses import Response

from pausecheck._exceptions import InputError
from pausecheck.desk.app import render
from pausecheck.desk.routes.compose import member
from pausecheck.desk.security import Viewer, check_csrf
from pausecheck.engine import Checker
from pausecheck.inbox import moderation
from pausecheck.inbox.export import export_pack
from pausecheck.inbox.messages import MAX_TEXT, Incoming
from pausecheck.inbox.pdf import MAX_IMAGE_BYTES, Screenshot
from pausecheck.inbox.service import contacts_from, import_messages, triage_of
from pausecheck.inbox.triage import BANNER, POLICE_ROUTES, RULE_CATEGORIES, advice_lines
from pausecheck.store import evidence

router = APIRouter(include_in_schema=False)
_RANK = {"high": 0, "medium": 1, "low": 2, "none": 3}
DECISION_OF = {"remove": "removed", "keep": "kept", "escalate": "escalated"}


def _received_checker(request: Request) -> Checker:
    """The desk's Checker narrowed to the categories triage reads (the CLI's import uses the
    same), built on first use with the desk's own models; call it holding ``check_lock``."""
    state = request.app.state
    checker: Checker = state.checker
    narrowed = getattr(state, "received_checker", None)
    if narrowed is None or narrowed.pack is not checker.pack:
        narrowed = Checker(checker.pack, preview=checker.config.preview, model=checker.config.model,
                           resources=checker.resources, categories=RULE_CATEGORIES)
        state.received_checker = narrowed
    return narrowed


def _zone(request: Request) -> str:
    return str(request.app.state.checker.pack.manifest.settings.timezone)


def _advice(request: Request, messages: list[evidence.EvidenceEntry]) -> list[str]:
    triaged = [triage_of(e) for e in messages]
    worst = next((t for t in triaged if t.banner), None) or next((t for t in triaged if t.priority == "high"), None)
    if worst is None:
        return []
    # The banner itself is the template's first line; the rest are the routes and contacts.
    return [line for line in advice_lines(worst, contacts_from(request.app.state.checker)) if BANNER not in line]


@router.get("/inbox")
def inbox(request: Request, who: Annotated[Viewer, Depends(member)], added: int | None = None,
          skipped: int | None = None) -> Response:
    with request.app.state.store.sessions() as s:
        messages = [e for e in evidence.entries(s, owner=who.username) if e.kind == "message"]
        messages.sort(key=lambda e: (_RANK.get(e.data.get("priority", "none"), 3), -e.id))
        rows = [(e, triage_of(e)) for e in messages]
        banner = any(t.banner for _, t in rows)
        advice = _advice(request, messages)
        return render(request, "inbox.html", {"rows": rows, "banner": banner, "banner_text": BANNER,
                                              "advice": advice if banner or advice else [], "added": added,
                                              "skipped": skipped, "police_routes": POLICE_ROUTES,
                                              "max_text": MAX_TEXT})


@router.post("/inbox", dependencies=[Depends(check_csrf)])
def paste(request: Request, who: Annotated[Viewer, Depends(member)], sender: Annotated[str, Form()],
          platform: Annotated[str, Form()], text: Annotated[str, Form()], url: Annotated[str, Form()] = "",
          received: Annotated[str, Form()] = "") -> Response:
    """A message pasted by hand: scored, triaged and logged like an import of one."""
    sender, platform, text = sender.strip(), platform.strip().lower(), text.strip()
    if not sender or not platform or not text:
        raise HTTPException(status_code=422, detail="Give the sender, the platform and the message.")
    if len(text) > MAX_TEXT or len(sender) > 200 or len(platform) > 32 or len(url) > 2000:
        raise HTTPException(status_code=422, detail=f"The message is longer than {MAX_TEXT:,} characters.")
    zone = ZoneInfo(_zone(request))
    try:
        at = datetime.fromisoformat(received).replace(tzinfo=zone) if received.strip() else datetime.now(UTC)
    except ValueError:
        raise HTTPException(status_code=422, detail="The time received is not a date and time.") from None
    message = Incoming(text=text, sender=sender, platform=platform, received_at=at, url=url.strip() or None,
                       channel="message", source="pasted on the desk")
    try:
        with request.app.state.check_lock:
            result = import_messages(request.app.state.store, _received_checker(request), [message],
                                     owner=who.username)
    except InputError as e:
        raise HTTPException(status_code=422, detail=str(e)) from None
    return RedirectResponse(f"/inbox?added={len(result.added)}&skipped={result.skipped}", status_code=303)


@router.get("/inbox/queue")
def queue(request: Request, who: Annotated[Viewer, Depends(member)], done: int = 0) -> Response:
    with request.app.state.store.sessions() as s:
        items = moderation.queue(s, owner=who.username, include_done=bool(done))
        return render(request, "moderation.html", {"items": items, "done": bool(done)})


@router.post("/inbox/queue/{entry_id}/{decision}", dependencies=[Depends(check_csrf)])
def decide(request: Request, entry_id: int, decision: str, who: Annotated[Viewer, Depends(member)],
           reason: Annotated[str, Form()] = "") -> Response:
    if decision not in DECISION_OF:
        raise HTTPException(status_code=404, detail="There is no such decision.")
    if len(reason) > 2000:
        raise HTTPException(status_code=422, detail="The reason is longer than 2,000 characters.")
    with request.app.state.store.sessions.begin() as s:
        try:
            moderation.decide(s, entry_id, DECISION_OF[decision], reason.strip(), owner=who.username,
                              timezone=_zone(request))
        except LookupError:
            raise HTTPException(status_code=404, detail="There is no such message in your log.") from None
        except ValueError as e:
            raise HTTPException(status_code=422, detail=f"{str(e)[0].upper()}{str(e)[1:]}.") from None
    return RedirectResponse("/inbox/queue", status_code=303)


@router.get("/inbox/senders")
def senders(request: Request, who: Annotated[Viewer, Depends(member)]) -> Response:
    with request.app.state.store.sessions() as s:
        return render(request, "senders.html", {"senders": evidence.senders(s, owner=who.username)})


@router.get("/inbox/log/{platform}/{handle}")
def sender_log(request: Request, platform: str, handle: str, who: Annotated[Viewer, Depends(member)]) -> Response:
    with request.app.state.store.sessions() as s:
        rows = evidence.entries(s, owner=who.username)
        aliases = evidence.Chain([e for e in rows if e.kind == "merge"])
        root = aliases.root(evidence.handle_key(platform, handle))
        messages = [e for e in rows if e.kind == "message"
                    and aliases.root(evidence.handle_key(e.platform, e.sender)) == root]
        if not messages:
            raise HTTPException(status_code=404, detail="There is no message from that sender in your log.")
        ids = {e.id for e in messages}
        follow = {i: [e for e in rows if e.refers_to == i] for i in ids}
        return render(request, "sender_log.html", {
            "platform": root[0], "handle": root[1], "messages": [(e, triage_of(e), follow[e.id]) for e in messages],
            "course": len(messages) >= 2})


#: At most this many screenshots in one export (each at most pdf.MAX_IMAGE_BYTES).
MAX_SCREENSHOTS = 20


def _export_form(request: Request, who: Viewer, status: int = 200, error: str | None = None,
                 **values: str) -> Response:
    with request.app.state.store.sessions() as s:
        summaries = evidence.senders(s, owner=who.username)
    return render(request, "inbox_export.html", {"senders": summaries, "error": error, "values": {"sender": "", "impact": "", **values},
                                                 "max_mib": MAX_IMAGE_BYTES // (1024 * 1024),
                                                 "max_shots": MAX_SCREENSHOTS}, status=status)


@router.get("/inbox/export")
def export_page(request: Request, who: Annotated[Viewer, Depends(member)]) -> Response:
    return _export_form(request, who)


@router.post("/inbox/export", dependencies=[Depends(check_csrf)])
def export_download(request: Request, who: Annotated[Viewer, Depends(member)],
                    sender: Annotated[str, Form()] = "", impact: Annotated[str, Form()] = "",
                    screenshots: Annotated[list[UploadFile] | None, File()] = None) -> Response:
    """The evidence pack (zip) of the member's own log, or of one sender in it, as a download."""
    values = {"sender": sender, "impact": impact}
    if len(impact) > 20_000:
        return _export_form(request, who, 422, "The impact statement is longer than 20,000 characters.", **values)
    files = [f for f in screenshots or () if f.filename]
    if len(files) > MAX_SCREENSHOTS:
        return _export_form(request, who, 422, f"Give at most {MAX_SCREENSHOTS} screenshots.", **values)
    shots = []
    for f in files:
        data = f.file.read(MAX_IMAGE_BYTES + 1)
        if len(data) > MAX_IMAGE_BYTES:
            return _export_form(request, who, 413, f"The screenshot {f.filename} is larger than "
                                f"{MAX_IMAGE_BYTES // (1024 * 1024)} MiB.", **values)
        shots.append(Screenshot(Path(f.filename or "screenshot").name, data))
    with tempfile.TemporaryDirectory(prefix="pausecheck-export-") as tmp:
        out = Path(tmp) / "pack.zip"
        try:
            export_pack(request.app.state.store, out, sender=sender or None, owner=who.username,
                        impact=impact.strip() or None, screenshots=shots)
        except LookupError:
            return _export_form(request, who, 404, "There is no message from that sender in your log.", **values)
        body = out.read_bytes()
    name = f"evidence-pack-{datetime.now(UTC).strftime('%Y%m%d-%H%M%S')}.zip"
    return Response(body, media_type="application/zip", headers={
        "Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "no-store"})
