from pausecheck.cli import run

raise SystemExit(run())
