"""Compose and check: the form, the check itself, the result, and the cooling-off pause."""

from __future__ import annotations

import re
import tempfile
from collections.abc import Sequence
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from typing import Annotated, Any, Literal, get_args
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Depends, File, Form, HTTPException, Request, UploadFile
from fastapi.responses import RedirectResponse
from starlette.responses import Response

from pausecheck._exceptions import InputError, InputTooLargeError
from pausecheck.desk.app import render
from pausecheck.desk.config import DeskConfig
from pausecheck.desk.presenter import PLATFORM_LIMITS, present
from pausecheck.desk.security import Viewer, check_csrf, viewer
from pausecheck.engine import Checker
from pausecheck.post import ACCOUNTS, Post
from pausecheck.report.json_report import report_to_dict
from pausecheck.store import history
from pausecheck.store.models import Check, utcnow

router = APIRouter(include_in_schema=False)

Platform = Literal["x", "facebook", "instagram", "linkedin", "bluesky", "mastodon", "threads", "nextdoor", "other"]
PLATFORMS: tuple[str, ...] = get_args(Platform)
ACCOUNT_LABELS = {"councillor": "My councillor account", "personal": "My personal account",
                  "party": "A party or group account", "council": "A council account or council equipment"}
#: Images the desk takes (JPEG, PNG, WebP: what the engine reads), told by their first bytes, at most 5 MiB.
IMAGE_TYPES = {b"\xff\xd8\xff": ".jpg", b"\x89PNG\r\n\x1a\n": ".png"}
MAX_IMAGE_BYTES = 5 * 1024 * 1024


def member(who: Annotated[Viewer, Depends(viewer)]) -> Viewer:
    """A member: the Monitoring Officer's account never opens a draft."""
    if who.officer:
        raise HTTPException(status_code=403, detail="The Monitoring Officer's account does not see drafts; "
                                                    "use the oversight page.")
    return who


def _now_local(request: Request) -> datetime:
    checker: Checker = request.app.state.checker
    return checker.local_now().replace(second=0)


def _late(request: Request, at: datetime) -> bool:
    window = request.app.state.checker.pack.manifest.settings.late_night
    start, end = (time.fromisoformat(window.start), time.fromisoformat(window.end))
    t = at.time()
    return (start <= t or t < end) if start > end else (start <= t < end)


def _form(request: Request, status: int = 200, error: str | None = None, due: Sequence[Check] = (),
          **values: Any) -> Response:
    defaults = {"text": "", "account": "councillor", "platform": "", "at": _now_local(request).strftime("%Y-%m-%dT%H:%M"),
                "in_meeting": False}
    defaults.update(values)
    return render(request, "compose.html", {"form": defaults, "error": error, "accounts": ACCOUNTS, "due": due,
                                            "account_labels": ACCOUNT_LABELS, "platforms": PLATFORMS,
                                            "limits": PLATFORM_LIMITS}, status=status)


@router.get("/")
def compose(request: Request, who: Annotated[Viewer, Depends(member)], again: int | None = None,
            apply: int | None = None) -> Response:
    if again is not None:
        with request.app.state.store.sessions() as s:
            check = history.get_check(s, who.user_id, again)
        if check is None:
            raise HTTPException(status_code=404, detail="There is no such check in your history.")
        ctx = check.context
        text = check.text
        if apply is not None:  # Apply: the finding's rewrite goes into the box, to be checked again
            entry = next((e for e in present(check.report, check.text).entries if e.number == apply), None)
            if entry is None or entry.rewrite is None:
                raise HTTPException(status_code=404, detail="That finding has no rewrite to apply.")
            text = entry.rewrite
        return _form(request, text=text, account=ctx.get("account", "councillor"),
                     platform=ctx.get("platform") or "", in_meeting=bool(ctx.get("in_meeting")))
    with request.app.state.store.sessions() as s:
        due = history.due_reminders(s, who.user_id)
    return _form(request, due=due)


@router.post("/check", dependencies=[Depends(check_csrf)])
def run_check(request: Request, who: Annotated[Viewer, Depends(member)],
              text: Annotated[str, Form()] = "", account: Annotated[str, Form()] = "councillor",
              platform: Annotated[str, Form()] = "", at: Annotated[str, Form()] = "",
              in_meeting: Annotated[str | None, Form()] = None,
              image: Annotated[UploadFile | None, File()] = None) -> Response:
    config: DeskConfig = request.app.state.config
    values: dict[str, Any] = {"text": text, "account": account, "platform": platform, "at": at,
                              "in_meeting": in_meeting is not None}
    if account not in ACCOUNTS:
        return _form(request, 422, f"Choose the account the post goes out from ({', '.join(ACCOUNTS)}).", **values)
    if platform and platform not in PLATFORMS:
        return _form(request, 422, "Choose a platform from the list.", **values)
    try:
        when = datetime.strptime(at, "%Y-%m-%dT%H:%M") if at else None
    except ValueError:
        return _form(request, 422, "The time to post should be a date and time, like 2026-03-14T21:30.", **values)
    with tempfile.TemporaryDirectory(prefix="pausecheck-desk-") as tmp:
        attachments: list[str] = []
        if image is not None and image.filename:
            saved = _save_image(image, Path(tmp))
            if isinstance(saved, str):
                return _form(request, 422, saved, **values)
            attachments.append(str(saved))
        try:
            post = Post(text, account=account, at=when, platform=platform or None, attachments=tuple(attachments),
                        in_meeting=in_meeting is not None)
            with request.app.state.check_lock:
                report = request.app.state.checker.check(post)
        except InputTooLargeError as e:
            return _form(request, 413, f"This draft is too long to check: {e}.", **values)
        except InputError as e:
            return _form(request, 422, f"This draft cannot be checked: {e}.", **values)
    data = report_to_dict(report)
    names = [Path(a).name for a in attachments]
    data["post"]["attachments"] = names  # the file's name, never the temporary path
    now = utcnow()
    local_now = _now_local(request)
    pause = 0 if not report.findings else (
        config.cooling_off_late_seconds if _late(request, local_now) else config.cooling_off_seconds)
    # A draft checked late at night, or meant to go out then, may be re-read in the morning.
    late = _late(request, local_now) or (when is not None and _late(request, when))
    context = {"account": account, "platform": platform or None, "at": at or None,
               "in_meeting": in_meeting is not None, "attachments": names, "pause_seconds": pause, "late": late}
    with request.app.state.store.sessions.begin() as s:
        check = history.add_check(s, who.user_id, report.text, context, data, at=now)
        history.purge_expired(s, config.retention_days)
        check_id = check.id
    return RedirectResponse(f"/checks/{check_id}", status_code=303)


_SAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")


def _save_image(image: UploadFile, folder: Path) -> Path | str:
    """The upload saved under a safe name, or why it was refused."""
    data = image.file.read(MAX_IMAGE_BYTES + 1)
    if len(data) > MAX_IMAGE_BYTES:
        return f"The image is larger than {MAX_IMAGE_BYTES // 1048576} MiB; choose a smaller one."
    suffix = next((s for magic, s in IMAGE_TYPES.items() if data.startswith(magic)), None)
    if suffix is None and data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        suffix = ".webp"
    if suffix is None:
        return "The image should be a JPEG, PNG or WebP file."
    stem = _SAFE_NAME.sub("-", Path(image.filename or "image").stem).strip("-.")[:60] or "image"
    path = folder / f"{stem}{suffix}"
    path.write_bytes(data)
    return path


def _remaining(check: Check) -> int:
    pause = int(check.context.get("pause_seconds", 0))
    left = check.created_at + timedelta(seconds=pause) - utcnow()
    return max(0, int(left.total_seconds() + 0.999))


def _owned(request: Request, who: Viewer, check_id: int) -> Check:
    with request.app.state.store.sessions() as s:
        check = history.get_check(s, who.user_id, check_id)
    if check is None:
        raise HTTPException(status_code=404, detail="There is no such check in your history.")
    return check


def next_morning(now_local: datetime, morning: str) -> datetime:
    """The next time the clock reads ``morning`` (HH:MM) after ``now_local``, in its time zone."""
    at = time.fromisoformat(morning)
    day = now_local.date() if now_local.time() < at else now_local.date() + timedelta(days=1)
    return datetime.combine(day, at, tzinfo=now_local.tzinfo)


def _reminder(request: Request, check: Check) -> str | None:
    """When the reminder falls due, said in the member's local time (None: no reminder)."""
    if check.remind_at is None:
        return None
    zone = ZoneInfo(request.app.state.checker.pack.manifest.settings.timezone)
    return check.remind_at.astimezone(zone).strftime("%H:%M on %A %d %B")


def _result(request: Request, check: Check, status: int = 200, message: str | None = None) -> Response:
    return render(request, "result.html", {
        "check": check, "view": present(check.report, check.text), "remaining": _remaining(check),
        "message": message, "apply_from": check.id, "late": bool(check.context.get("late")),
        "reminder": _reminder(request, check)}, status=status)


@router.get("/checks/{check_id}")
def result(request: Request, check_id: int, who: Annotated[Viewer, Depends(member)]) -> Response:
    return _result(request, _owned(request, who, check_id))


@router.post("/checks/{check_id}/remind", dependencies=[Depends(check_csrf)])
def remind(request: Request, check_id: int, who: Annotated[Viewer, Depends(member)],
           cancel: Annotated[str | None, Form()] = None) -> Response:
    """Remind me to re-read this draft in the morning (or cancel the reminder, or mark it read)."""
    config: DeskConfig = request.app.state.config
    when = None if cancel is not None else next_morning(_now_local(request), config.morning).astimezone(UTC)
    with request.app.state.store.sessions.begin() as s:
        if not history.set_reminder(s, who.user_id, check_id, when):
            raise HTTPException(status_code=404, detail="There is no such check in your history.")
    return RedirectResponse(f"/checks/{check_id}", status_code=303)


@router.post("/checks/{check_id}/ready", dependencies=[Depends(check_csrf)])
def ready(request: Request, check_id: int, who: Annotated[Viewer, Depends(member)]) -> Response:
    check = _owned(request, who, check_id)
    remaining = _remaining(check)
    if remaining:
        return _result(request, check, 409,
                       f"Take a moment: re-read the findings. You can copy the post in {remaining} seconds.")
    return render(request, "ready.html", {"check": check, "view": present(check.report, check.text)})
