from pausecheck.cli import main

raise SystemExit(main())
